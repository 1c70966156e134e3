"""Shared fixtures: settings, a fresh `db` per test (embedded or MONGODB_URI), tokens."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest
from hypothesis import HealthCheck, settings

from graphql_api.db import Database
from graphql_api.settings import Settings
from tests.harness import TEST_SECRET, Harness, settings_for_tests

# Deterministic and quick by default; HYPOTHESIS_PROFILE=thorough explores more.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TokenFactory = Callable[..., str]


@pytest.fixture
def app_settings() -> Settings:
    return settings_for_tests()


@pytest.fixture
def api(app_settings: Settings) -> Iterator[Harness]:
    with Harness(app_settings) as harness:
        yield harness


@pytest.fixture
def db(api: Harness) -> Database:
    """The test's own migrated, seeded database."""
    return api.mongo.db


def make_token(
    sub: str | None = "traveler-a",
    *,
    key: Any = TEST_SECRET,
    algorithm: str = "HS256",
    ttl: int = 3600,
    **claims: Any,
) -> str:
    payload: dict[str, Any] = {"exp": int(time.time()) + ttl, **claims}
    if sub is not None:
        payload["sub"] = sub
    return jwt.encode(payload, key, algorithm=algorithm)


@pytest.fixture
def token_factory() -> TokenFactory:
    return make_token


@pytest.fixture
def token() -> str:
    return make_token("traveler-a")
