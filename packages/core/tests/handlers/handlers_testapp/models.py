"""Models exercising every field kind the JSON encoder has a rule for."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models


class Post(models.Model):
    title = models.CharField(max_length=100)
    published = models.DateTimeField()
    price = models.DecimalField(max_digits=6, decimal_places=2)
    uid = models.UUIDField(default=uuid.uuid4)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    api_token = models.CharField(max_length=40, blank=True)
    webhook_secret = models.CharField(max_length=40, blank=True)
    attachment = models.FileField(blank=True)

    def __str__(self) -> str:
        return self.title


class Note(models.Model):
    text = models.CharField(max_length=200)
    created = models.DateField()

    def __str__(self) -> str:
        return self.text

    def serialize(self) -> dict[str, Any]:
        return {"text": self.text, "created": self.created, "kind": "note"}


class Customer(models.Model):
    """Columns whose names say they are secret, beside ones that only look alike."""

    name = models.CharField(max_length=100)
    ssn = models.CharField(max_length=11, blank=True)
    credit_card_number = models.CharField(max_length=19, blank=True)
    cardCvv = models.CharField(max_length=4, blank=True)  # camelCase on purpose
    private_key_pem = models.TextField(blank=True)
    pin_code = models.CharField(max_length=8, blank=True)
    api_key = models.CharField(max_length=40, blank=True)
    license_key = models.CharField(max_length=40, blank=True)
    iban = models.CharField(max_length=34, blank=True)
    is_pinned = models.BooleanField(default=False)
    keyboard_layout = models.CharField(max_length=10, blank=True)
    monkey_count = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.name
