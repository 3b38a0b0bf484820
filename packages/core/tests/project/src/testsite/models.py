from __future__ import annotations

from django.db import models


class Task(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title

    def serialize(self) -> dict[str, object]:
        return {"id": self.pk, "title": self.title, "body": self.body}
