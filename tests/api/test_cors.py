"""CORS: real preflights from a page on another origin."""

from __future__ import annotations

import pytest

from graphql_api.app.settings import ConfigError, load_settings
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests

ALICE = make_token("alice")
VITE = "http://localhost:5173"


def preflight(api: Harness, origin: str, headers: str) -> dict[str, str]:
    response = api.run(
        api.http.options(
            "/graphql",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": headers,
            },
        )
    )
    assert response.status_code in (200, 400)
    return dict(response.headers)


def test_a_dev_server_origin_may_call_the_api_in_development(api: Harness) -> None:
    allowed = preflight(api, VITE, "authorization, content-type, x-request-id")
    assert allowed["access-control-allow-origin"] == VITE
    assert "POST" in allowed["access-control-allow-methods"]
    sent = {h.strip().lower() for h in allowed["access-control-allow-headers"].split(",")}
    assert {"authorization", "content-type", "x-request-id"} <= sent
    assert int(allowed["access-control-max-age"]) > 0
    response = api.post({"query": "{ me { id } }"}, token=ALICE, headers={"Origin": VITE})
    assert response.headers["access-control-allow-origin"] == VITE
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


def test_other_origins_get_no_cors_grant(api: Harness) -> None:
    refused = preflight(api, "https://evil.example", "authorization")
    assert "access-control-allow-origin" not in refused


def test_production_allows_only_configured_origins() -> None:
    locked = settings_for_tests(
        app_env="production", jwt_secret="f3a91c0b7e5d2a84f6c1b9e0d7a3f5c2x"
    )
    assert locked.allowed_origins == ()
    settings = settings_for_tests(cors_origins="https://app.example, https://admin.example/")
    assert settings.allowed_origins == ("https://app.example", "https://admin.example")
    with Harness(settings) as api:
        grant = preflight(api, "https://app.example", "authorization")
        assert grant["access-control-allow-origin"] == "https://app.example"
        assert "access-control-allow-origin" not in preflight(api, VITE, "authorization")


def test_a_refusal_by_the_edge_still_reaches_the_page(api: Harness) -> None:
    response = api.run(
        api.http.post(
            "/graphql",
            content=b"42",
            headers={"Origin": VITE, "Content-Type": "application/json"},
        )
    )
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == VITE


@pytest.mark.parametrize("value", ["*", "app.example", "https://app.example/path"])
def test_wildcards_and_non_origins_are_refused(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", value)
    with pytest.raises(ConfigError, match="CORS_ORIGINS"):
        load_settings()
