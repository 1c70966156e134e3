"""Bearer-token verification, dev-token minting, and the IsAuthenticated permission."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jwt
from strawberry.permission import BasePermission

from graphql_api.app.settings import HMAC_ALGORITHMS, ConfigError, Settings

if TYPE_CHECKING:
    from strawberry import Info

log = logging.getLogger(__name__)

MAX_SUBJECT_LENGTH = 256


@dataclass(frozen=True, slots=True)
class Traveler:
    """The authenticated traveler; `id` is the token's `sub`, `expires_at` its `exp` (epoch
    seconds, leeway included): a subscription's connection closes then."""

    id: str
    expires_at: float = math.inf


class AuthenticationFailed(Exception):
    """A bearer token was sent but cannot be accepted. The message is safe to show."""


class AuthUnavailable(Exception):
    """The signing keys could not be fetched; the request may be retried."""


class TokenVerifier:
    """Verifies bearer tokens against the configured algorithms and keys."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._jwks = (
            jwt.PyJWKClient(settings.jwt_jwks_url, cache_keys=True, lifespan=300)
            if settings.jwt_jwks_url
            else None
        )

    async def verify(self, token: str) -> Traveler:
        """Return the traveler a valid token names, or raise AuthenticationFailed."""
        s = self._settings
        if len(token) > s.jwt_max_token_bytes:
            raise AuthenticationFailed("token is too long")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthenticationFailed("token is malformed") from None
        # The allowed list comes from settings; the header only picks among them.
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in s.jwt_algorithms:
            raise AuthenticationFailed("token algorithm is not accepted")
        key = await self._key_for(algorithm, token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                issuer=s.jwt_issuer,
                audience=s.jwt_audience,
                leeway=s.jwt_leeway_seconds,
                options={"require": ["exp", "sub"], "verify_aud": s.jwt_audience is not None},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationFailed("token has expired") from None
        except jwt.PyJWTError:
            raise AuthenticationFailed("token is invalid") from None
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_SUBJECT_LENGTH:
            raise AuthenticationFailed("token subject is invalid")
        return Traveler(id=subject, expires_at=float(claims["exp"]) + s.jwt_leeway_seconds)

    async def _key_for(self, algorithm: str, token: str) -> Any:
        s = self._settings
        if algorithm in HMAC_ALGORITHMS:
            if s.hmac_secret is None:
                raise AuthenticationFailed("token algorithm is not accepted")
            return s.hmac_secret
        if self._jwks is not None:
            try:
                # PyJWKClient fetches with blocking I/O; keep it off the event loop.
                signing_key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
            except jwt.PyJWKClientConnectionError:
                log.warning("JWKS endpoint unreachable")
                raise AuthUnavailable("signing keys are temporarily unavailable") from None
            except jwt.PyJWTError:
                raise AuthenticationFailed("token signing key is unknown") from None
            return signing_key.key
        if s.jwt_public_key is None:
            raise AuthenticationFailed("token algorithm is not accepted")
        return s.jwt_public_key


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer` header; None when there is no header."""
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("Authorization header must be 'Bearer <token>'")
    return token.strip()


def mint_dev_token(settings: Settings, subject: str, ttl_minutes: int = 60) -> str:
    """A development token signed with the configured HMAC secret."""
    if settings.is_production:
        raise ConfigError("dev tokens are refused in production")
    algorithm = next((a for a in settings.jwt_algorithms if a in HMAC_ALGORITHMS), None)
    secret = settings.hmac_secret
    if algorithm is None or secret is None:
        raise ConfigError("dev tokens need an HS* algorithm in JWT_ALGORITHMS")
    if not subject.strip() or len(subject) > MAX_SUBJECT_LENGTH:
        raise ConfigError(f"subject must be 1..{MAX_SUBJECT_LENGTH} characters")
    if ttl_minutes < 1:
        raise ConfigError("--ttl-minutes must be at least 1")
    now = int(time.time())
    claims: dict[str, Any] = {"sub": subject, "iat": now, "exp": now + ttl_minutes * 60}
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    return jwt.encode(claims, secret, algorithm=algorithm)


class IsAuthenticated(BasePermission):
    """Allows a field only when the request carries a valid token."""

    message = "Authentication required: send 'Authorization: Bearer <token>'"
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        # Refused, the answer is a 401 with WWW-Authenticate: graphql/statuses.py.
        return info.context.traveler is not None
