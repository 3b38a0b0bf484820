"""WhiteNoise's middleware as `dk serve` runs it: hashed files are cached for a year."""

from __future__ import annotations

# WhiteNoise ships no type information.
from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]

__all__ = ["IMMUTABLE_MAX_AGE", "StaticFilesMiddleware"]

IMMUTABLE_MAX_AGE = 365 * 24 * 60 * 60
"""A year, in seconds: what Next.js and most CDNs send with ``immutable``, and the longest
lifetime HTTP/1.1 caches were asked to honour (WhiteNoise's own default is ten years)."""


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]
    """``WhiteNoiseMiddleware`` with ``Cache-Control: max-age=31536000, public, immutable``
    for the files ``WHITENOISE_IMMUTABLE_FILE_TEST`` accepts (the hashed bundles)."""

    FOREVER = IMMUTABLE_MAX_AGE
