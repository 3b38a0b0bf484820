"""The `[djangokit]` table: `DjangoKitSettings` and its nested models."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

__all__ = [
    "AuthSettings",
    "BuildSettings",
    "CacheSettings",
    "DjangoKitSettings",
    "SSRSettings",
]

_CONFIG = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
_SSR_BACKENDS = ("pool", "url", "subprocess")
_SEGMENT = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@%-]+")


def _url_path(value: Any, *, what: str) -> Any:
    """Normalise a URL path prefix: no leading slash, one trailing slash."""
    if not isinstance(value, str):
        return value
    path = value.strip().strip("/")
    if not path:
        return ""
    segments = path.split("/")
    if not all(_SEGMENT.fullmatch(s) and s not in (".", "..") for s in segments):
        raise ValueError(f"{what} made of URL path segments, like 'app/' (got {value!r})")
    return path + "/"


class SSRSettings(BaseModel):
    """`[djangokit.ssr]`: server-side rendering of pages with Node."""

    model_config = _CONFIG

    enabled: bool | None = None
    """Render pages on the server. Unset (or `"auto"`): on when Node and a server bundle are
    available. `false`: the client renders every page."""

    backend: Literal["pool", "url", "subprocess"] | str = "pool"
    """`"pool"`: persistent Node workers over a Unix socket; `"url"`: a separately run
    renderer at `url`; `"subprocess"`: one Node process per render (slow; a fallback); or
    the dotted path of a renderer factory of your own (`"mysite.ssr.Renderer"`)."""

    workers: int | None = Field(default=None, ge=1)
    """Node worker processes in the pool. Unset: the number of CPUs."""

    timeout: float = Field(default=5.0, gt=0)
    """Seconds a render may take before the page falls back to client rendering."""

    url: str | None = Field(default=None, validate_default=True)
    """Address of the renderer when `backend` is `"url"` (`http://`, `https://` or
    `unix:/path/to.sock`)."""

    max_memory_mb: int | None = Field(default=None, ge=16)
    """Replace a worker whose memory use exceeds this many MiB. Unset: no limit."""

    max_renders: int | None = Field(default=None, ge=1)
    """Replace a worker after this many renders (guards against leaks). Unset: never."""

    node: str = "node"
    """The Node.js executable: a name looked up on `PATH` or a path."""

    @field_validator("enabled", mode="before")
    @classmethod
    def _auto(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() == "auto":
            return None
        return value

    @field_validator("backend", mode="after")
    @classmethod
    def _backend(cls, value: str) -> str:
        parts = value.split(".")
        if value in _SSR_BACKENDS or (len(parts) > 1 and all(p.isidentifier() for p in parts)):
            return value
        raise ValueError('"pool", "url", "subprocess" or a dotted path like "mysite.ssr.Renderer"')

    @field_validator("url", mode="after")
    @classmethod
    def _url_for_backend(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not value.startswith(("http://", "https://", "unix:")):
            raise ValueError("a URL starting with http://, https:// or unix:")
        if value is None and info.data.get("backend") == "url":
            raise ValueError('the renderer\'s address (required when backend = "url")')
        return value


class BuildSettings(BaseModel):
    """`[djangokit.build]`: the esbuild bundles made by `dk build` and `dk dev`."""

    model_config = _CONFIG

    out_dir: Path = Path(".djangokit/build")
    """Where bundles and the build manifest are written, relative to the project directory."""

    minify: bool | None = None
    """Minify bundles. Unset: minify production builds (`dk build --production`) only."""

    sourcemap: bool | Literal["linked", "external", "inline", "both", "hidden"] | None = None
    """Source maps of the browser bundle. Unset: linked `.map` files in development and none
    in production builds, whose static files are public. `"hidden"`: `.map` files in
    `<out_dir>/sourcemaps/`, outside the static files (for an error tracker), and no
    `sourceMappingURL` comment. Otherwise esbuild's `sourcemap` option (`true` is
    `"linked"`), public in production too."""

    target: list[str] = Field(default=["es2020"])  # pydantic copies mutable defaults
    """esbuild targets, e.g. `["es2020"]` or `["chrome100", "safari15"]`. A string is split
    on commas."""

    @field_validator("target", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("target", mode="after")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError('at least one esbuild target, like ["es2020"]')
        return value


class CacheSettings(BaseModel):
    """`[djangokit.cache]`: defaults for cached routes and renders."""

    model_config = _CONFIG

    seconds: int = Field(default=0, ge=0)
    """How long `200` answers to `GET` of routes without their own `cache(seconds)` may be
    cached (`Cache-Control: max-age`): documents, route data and JSON. `0`: not cached."""

    private: bool = True
    """Mark cached responses `Cache-Control: private` (browser only, never a shared cache).
    `false` allows shared caches, except for a signed-in user's answers: those are always
    `private`."""

    alias: str = "default"
    """The Django cache (a key of `CACHES`) used for cached routes and renders."""


class AuthSettings(BaseModel):
    """`[djangokit.auth]`: sign-in throttling (docs/auth.md, decision 0009)."""

    model_config = _CONFIG

    login_failures: int = Field(default=5, ge=0)
    """Failed sign-ins allowed per username in `login_window` seconds; the next attempt for
    that username is refused, right password or not, until enough of those failures are
    older than the window. `0`: no limit."""

    login_failures_per_ip: int = Field(default=20, ge=0)
    """Failed sign-ins allowed per client IP address in `login_window` seconds (any
    usernames). `0`: no limit."""

    login_window: int = Field(default=900, ge=1)
    """The throttling window in seconds. Failures count in a sliding window of this length
    (this window's count plus the previous one's, weighed by the part of it still inside,
    rounded up), so a burst across a window's edge counts whole; a refused visitor waits at
    most two windows, with the default limit about one."""

    client_ip_header: str = ""
    """Behind a proxy, the request header that carries the client's address, like
    `"X-Forwarded-For"` (its last address, the one your proxy appended, counts). Unset: the
    connection's address (`REMOTE_ADDR`), which behind a proxy is the proxy's."""

    cache_alias: str = "default"
    """The Django cache (a key of `CACHES`) that counts failures. Several processes need a
    shared one (Redis, the database); `LocMemCache` counts per process."""


class DjangoKitSettings(BaseModel):
    """The `[djangokit]` table of `settings.toml`, validated.

    Available to Django code as `settings.DJANGOKIT`::

        from django.conf import settings
        settings.DJANGOKIT.ssr.workers
    """

    model_config = _CONFIG

    env: str = "development"
    """The environment name, from `DJANGOKIT_ENV` (or `load(env=...)`); it picks
    `settings.<env>.toml`. Read-only: it cannot be set in a settings file."""

    package: str = ""
    """The project's Python package, which is also its Django app. Default: the single package
    under `src/` in the project directory."""

    prefix: str = ""
    """URL prefix under which DjangoKit mounts the routes, e.g. `"app/"`. Leading and
    trailing slashes are normalised. Default: the site root."""

    title: str = ""
    """Site title, the default `<title>` of pages that set none."""

    description: str = ""
    """Site description, the default `<meta name="description">`."""

    favicon: str = "favicon.svg"
    """The static file the document links as its icon (`<link rel="icon">`), linked only
    when the static files finders find it (`dk new` writes `static/favicon.svg`). `""`: no
    icon link."""

    admin: str | None = "admin/"
    """Where the Django admin is mounted, e.g. `"admin/"`. `""`, `false` or unset
    (`null`): not mounted."""

    https: bool | None = None
    """The site is served over HTTPS: session and CSRF cookies are `Secure`, HSTS is sent
    (`SECURE_HSTS_SECONDS` one year, subdomains included) and plain-HTTP requests are
    redirected to HTTPS. Unset: true in every environment but `development` and `test`.
    `false` (`DJANGOKIT_HTTPS=false`) turns the three off, for a site served over plain
    HTTP (and tests of a served project). Any of the Django settings you write wins."""

    strict_serialization: bool = False
    """Refuse to serialise model instances that have no `serialize()` method, instead of
    falling back to their concrete fields (less the ones whose names look secret). `dk new`
    projects set it to `true` in `settings.toml`."""

    user_serializer: str | None = None
    """Dotted path to a function `(user) -> dict` that serialises the current user for
    `useUser()` (only the visitor: other users in data are public profiles). Unset:
    DjangoKit's default (username, flags, no secrets)."""

    ssr: SSRSettings = Field(default_factory=SSRSettings)
    """Server-side rendering: see `[djangokit.ssr]`."""

    build: BuildSettings = Field(default_factory=BuildSettings)
    """Front-end build: see `[djangokit.build]`."""

    cache: CacheSettings = Field(default_factory=CacheSettings)
    """Caching: see `[djangokit.cache]`."""

    auth: AuthSettings = Field(default_factory=AuthSettings)
    """Sign-in throttling: see `[djangokit.auth]`."""

    @field_validator("package", mode="after")
    @classmethod
    def _package(cls, value: str) -> str:
        if value and not all(part.isidentifier() for part in value.split(".")):
            raise ValueError("an importable Python package name, like 'mysite'")
        return value

    @field_validator("prefix", mode="before")
    @classmethod
    def _prefix(cls, value: Any) -> Any:
        return _url_path(value, what="a URL prefix")

    @field_validator("admin", mode="before")
    @classmethod
    def _admin(cls, value: Any) -> Any:
        if value is False:
            return None
        if value is True:
            return "admin/"
        path = _url_path(value, what="a URL path")
        return path or None if isinstance(path, str) else path

    @field_validator("user_serializer", mode="after")
    @classmethod
    def _dotted(cls, value: str | None) -> str | None:
        parts = (value or "x.x").split(".")
        if len(parts) < 2 or not all(part.isidentifier() for part in parts):
            raise ValueError("a dotted path to a function, like 'mysite.users.serialize'")
        return value
