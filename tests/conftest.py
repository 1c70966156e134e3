"""Shared fixtures: the store each test runs on, settings, a fresh `db` per test, tokens.

Stores: tests run on the embedded store, except those marked `wire`, which always run on a real
wire-protocol server (SecantusDB started once per session). `TEST_STORE=wire` runs every test on
that server; MONGODB_URI runs every test on the server it names.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest
from hypothesis import HealthCheck, settings

from graphql_api.app.settings import Settings
from graphql_api.infra.mongo import Database
from tests.harness import STORE, TEST_SECRET, Harness, settings_for_tests
from tests.wire import WireServer

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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "wire: runs on a real MongoDB wire-protocol server (races, faults)"
    )
    config.addinivalue_line("markers", "browser: drives the web client kit in headless Chromium")
    config.addinivalue_line(
        "markers",
        "ci_tier: slow; runs in `scripts/test --wire` (as CI does), not in the default run",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The default run stays within its 5 minutes: the slow tier is left to the whole-suite
    run (`scripts/test --wire`, or MONGODB_URI), which CI makes. Deselected, never skipped."""
    if os.environ.get("TEST_STORE") == "wire" or os.environ.get("MONGODB_URI"):
        return
    slow = [item for item in items if item.get_closest_marker("ci_tier") is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item.get_closest_marker("ci_tier") is None]


@pytest.fixture(scope="session")
def wire_uri() -> Iterator[str]:
    """The URI of a wire server for this session: MONGODB_URI, or SecantusDB started here."""
    named = os.environ.get("MONGODB_URI")
    if named:
        yield named
        return
    server = WireServer()
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _store(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """Point every harness of this test at its store."""
    wanted = (
        os.environ.get("MONGODB_URI")
        or os.environ.get("TEST_STORE") == "wire"
        or request.node.get_closest_marker("wire") is not None
    )
    STORE.uri = request.getfixturevalue("wire_uri") if wanted else None
    try:
        yield STORE.uri
    finally:
        STORE.uri = None


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
