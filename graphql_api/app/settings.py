"""One typed settings object, read from the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Where frontends run on a developer's machine (Vite, Next/CRA).
DEV_ORIGINS = (
    "http://localhost:5173",
    "http://127.0.0.1:5173",
    "http://localhost:3000",
    "http://127.0.0.1:3000",
)

# Only usable in development; production refuses it.
DEV_JWT_SECRET = "dev-only-insecure-jwt-secret-change-me-0123456789"
MIN_HMAC_SECRET_BYTES = 32
# A long secret of few distinct bytes ("aaaa...", "abababab...") is as guessable as a short one.
MIN_HMAC_DISTINCT_BYTES = 10

HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


class ConfigError(Exception):
    """The configuration is unsafe or inconsistent; the message is one line."""


class AppEnv(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    app_env: AppEnv = AppEnv.DEVELOPMENT
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    mongodb_uri: str | None = None
    mongodb_db: str = "travel"
    mongodb_server_selection_timeout_ms: int = Field(default=2000, ge=100)
    mongodb_timeout_ms: int = Field(default=5000, ge=100)
    jwt_algorithms: Annotated[tuple[str, ...], NoDecode] = ("HS256",)
    jwt_secret: str | None = None
    jwt_public_key: str | None = None
    jwt_jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_leeway_seconds: int = Field(default=30, ge=0, le=600)
    jwt_max_token_bytes: int = Field(default=8192, ge=256)
    # Exact origins allowed to call the API from a browser; unset: local dev servers in
    # development, none in production.
    cors_origins: Annotated[tuple[str, ...] | None, NoDecode] = None
    graphql_ide: bool | None = None
    graphql_introspection: bool | None = None
    graphql_field_suggestions: bool | None = None
    # The fast paths into Strawberry's and graphql-core's internals (graphql_api/engine/); they
    # also stay off on library versions they were not checked against.
    graphql_fast_paths: bool = True
    # A manifest (hash -> document, as graphql-codegen's client preset writes it): when set, only
    # its documents are executed.
    graphql_trusted_documents: Path | None = None
    # HTTP: request bodies (larger ones get 413 before they are read; slower ones 408).
    http_max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    http_body_timeout_seconds: float = Field(default=10.0, gt=0)
    http_max_connections: int = Field(default=1000, ge=1)
    http_keep_alive_seconds: int = Field(default=5, ge=1)
    # A request not answered within this gets 504 TIMEOUT.
    http_request_timeout_seconds: float = Field(default=10.0, gt=0)
    # Subscriptions (WebSocket and SSE): open at once per traveler (per process), the server's
    # keep-alive ping (under a typical 60 s proxy idle timeout), and how long a WebSocket may
    # wait before its connection_init.
    subscriptions_per_traveler: int = Field(default=10, ge=1)
    subscription_ping_seconds: float = Field(default=25.0, gt=0)
    subscription_init_seconds: float = Field(default=5.0, gt=0)
    # Mutations: token buckets per traveler and per client address; 0 turns them off.
    rate_limit_per_second: float = Field(default=20.0, ge=0)
    rate_limit_burst: int = Field(default=60, ge=1)
    # Document limits (see graphql_api/graphql/limits.py and the README's configuration table).
    graphql_max_query_bytes: int = Field(default=16 * 1024, ge=1024)
    graphql_max_fragments: int = Field(default=50, ge=0)
    graphql_max_spreads: int = Field(default=500, ge=0)
    graphql_max_depth: int = Field(default=12, ge=1)
    graphql_max_aliases: int = Field(default=100, ge=0)
    graphql_max_tokens: int = Field(default=700, ge=100)
    graphql_max_nodes: int = Field(default=10_000, ge=1)
    graphql_max_selections: int = Field(default=500, ge=10)
    graphql_max_field_pairs: int = Field(default=1_000, ge=0)
    log_level: str = "INFO"
    # `json`: one JSON object per line (the production default); `text` for people.
    log_format: Literal["text", "json"] | None = None
    # GET /metrics (Prometheus): on in development; in production only when set, and then on
    # METRICS_PORT alone when that is set.
    metrics_enabled: bool | None = None
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # Worker processes for `serve` (several need MONGODB_URI: the embedded store is per process).
    web_concurrency: int = Field(default=1, ge=1, le=64)
    default_currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    # A cart untouched this long is removed (a TTL index on `expires_at`; read as empty before
    # the index's monitor removes it); 0 keeps carts forever.
    cart_ttl_days: int = Field(default=90, ge=0, le=3650)
    # Lines whose booking date passed are kept this long (warning BOOKING_DATE_PASSED), then
    # dropped by the cart's next write.
    cart_past_lines_days: int = Field(default=7, ge=0, le=365)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip().rstrip("/") for part in value.split(",") if part.strip())
        return value

    @field_validator("cors_origins")
    @classmethod
    def _exact_origins(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for origin in value or ():
            if origin == "*" or not re.fullmatch(r"https?://[^/\s*]+", origin):
                raise ValueError(
                    f"CORS_ORIGINS takes exact origins like https://app.example: {origin}"
                )
        return value

    @field_validator("jwt_algorithms", mode="before")
    @classmethod
    def _split_algorithms(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("jwt_algorithms")
    @classmethod
    def _known_algorithms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("JWT_ALGORITHMS must name at least one algorithm")
        unknown = [a for a in value if a not in HMAC_ALGORITHMS | ASYMMETRIC_ALGORITHMS]
        if unknown:
            raise ValueError(f"unsupported JWT algorithm(s): {', '.join(unknown)}")
        return value

    @field_validator(
        "mongodb_uri", "jwt_secret", "jwt_public_key", "jwt_jwks_url", "jwt_issuer", "jwt_audience"
    )
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None

    @property
    def is_production(self) -> bool:
        return self.app_env is AppEnv.PRODUCTION

    @property
    def ide_enabled(self) -> bool:
        return self.graphql_ide if self.graphql_ide is not None else not self.is_production

    @property
    def introspection_enabled(self) -> bool:
        if self.graphql_introspection is not None:
            return self.graphql_introspection
        return not self.is_production

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        if self.cors_origins is not None:
            return self.cors_origins
        return () if self.is_production else DEV_ORIGINS

    @property
    def log_json(self) -> bool:
        if self.log_format is not None:
            return self.log_format == "json"
        return self.is_production

    @property
    def metrics_on(self) -> bool:
        if self.metrics_enabled is not None:
            return self.metrics_enabled
        return not self.is_production

    @property
    def suggestions_enabled(self) -> bool:
        if self.graphql_field_suggestions is not None:
            return self.graphql_field_suggestions
        return not self.is_production

    @property
    def uses_hmac(self) -> bool:
        return any(a in HMAC_ALGORITHMS for a in self.jwt_algorithms)

    @property
    def uses_asymmetric(self) -> bool:
        return any(a in ASYMMETRIC_ALGORITHMS for a in self.jwt_algorithms)

    @property
    def hmac_secret(self) -> str | None:
        """The HMAC key in force: the configured one, or the dev default outside production."""
        if self.jwt_secret:
            return self.jwt_secret
        return None if self.is_production else DEV_JWT_SECRET

    def ensure_safe(self) -> None:
        """Raise ConfigError with a one-line reason when this configuration must not run."""
        if self.uses_asymmetric and not (self.jwt_public_key or self.jwt_jwks_url):
            raise ConfigError(
                "JWT_ALGORITHMS names an asymmetric algorithm but neither JWT_PUBLIC_KEY "
                "nor JWT_JWKS_URL is set"
            )
        secret = self.jwt_secret
        if secret is not None and len(secret.encode()) < MIN_HMAC_SECRET_BYTES:
            raise ConfigError(f"JWT_SECRET must be at least {MIN_HMAC_SECRET_BYTES} bytes")
        if secret is not None and len(set(secret.encode())) < MIN_HMAC_DISTINCT_BYTES:
            raise ConfigError(
                f"JWT_SECRET is too weak: it needs at least {MIN_HMAC_DISTINCT_BYTES} distinct "
                "bytes (use e.g. `openssl rand -hex 32`)"
            )
        if self.web_concurrency > 1 and self.mongodb_uri is None:
            raise ConfigError(
                "WEB_CONCURRENCY above 1 needs MONGODB_URI: each worker would have its own "
                "in-memory store"
            )
        if self.metrics_port is not None and self.metrics_port == self.port:
            raise ConfigError("METRICS_PORT must differ from PORT")
        if not self.is_production:
            return
        if self.mongodb_uri is None:
            raise ConfigError("production requires MONGODB_URI (the in-memory store loses data)")
        if self.uses_hmac:
            if secret is None:
                raise ConfigError("production requires JWT_SECRET for HS* algorithms")
            if secret == DEV_JWT_SECRET:
                raise ConfigError("production refuses the development JWT_SECRET")


# Secrets that may come from a file instead (Docker and Kubernetes secrets): NAME_FILE=path.
FILE_SECRETS = ("JWT_SECRET", "JWT_PUBLIC_KEY", "MONGODB_URI")


def secrets_from_files(environ: Mapping[str, str]) -> dict[str, str]:
    """Values of NAME_FILE variables, read from their files, by settings field name."""
    values: dict[str, str] = {}
    for name in FILE_SECRETS:
        path = environ.get(f"{name}_FILE")
        if not path:
            continue
        if environ.get(name):
            raise ConfigError(f"set {name} or {name}_FILE, not both")
        try:
            values[name.lower()] = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE: cannot read {path} ({exc.strerror})") from None
    return values


def load_settings() -> Settings:
    """Read settings from the environment, raising ConfigError with a one-line reason."""
    from pydantic import ValidationError

    try:
        settings = Settings(**secrets_from_files(os.environ))  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]).upper() or "settings"
        raise ConfigError(f"{field}: {first['msg']}") from None
    settings.ensure_safe()
    return settings
