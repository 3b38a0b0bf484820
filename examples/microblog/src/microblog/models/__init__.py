"""The microblog's models: plain Django."""

from django.db import models


class Post(models.Model):
    """A short post, newest first."""

    author = models.CharField(max_length=40)
    body = models.TextField(max_length=280)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:30]}"

    def serialize(self) -> dict[str, object]:
        return {"id": self.pk, "author": self.author, "body": self.body, "created": self.created}
