"""The payload both the DjangoKit route and the plain Django view answer with."""

from __future__ import annotations

import datetime

CREATED = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)

ROWS = [
    {
        "id": i,
        "title": f"Row number {i}",
        "done": i % 3 == 0,
        "score": i * 1.5,
        "tags": ["alpha", "beta"] if i % 2 else ["gamma"],
        "created": CREATED + datetime.timedelta(days=i),
    }
    for i in range(20)
]
