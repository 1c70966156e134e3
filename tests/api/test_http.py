from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest

from graphql_api.app.factory import create_app
from graphql_api.domains.catalog.repository import ServiceRepository
from graphql_api.domains.catalog.seed import demo_services
from tests.harness import Harness, settings_for_tests

LIST = "query { services(first: 2) { edges { node { id } } } }"


def test_healthz(api: Harness) -> None:
    response = api.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_pings_the_database(api: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    assert api.get("/readyz").status_code == 200

    async def unreachable(*_args: object, **_kwargs: object) -> None:
        raise ConnectionError("no server")

    monkeypatch.setattr(type(api.mongo), "ping", lambda self: _false())
    assert api.get("/readyz").status_code == 503
    monkeypatch.undo()
    monkeypatch.setattr(api.mongo.db, "command", unreachable)
    assert api.get("/readyz").status_code == 503


async def _false() -> bool:
    return False


def test_unexpected_errors_are_masked_and_logged_with_request_id(
    api: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(ServiceRepository, "page", broken)
    with caplog.at_level(logging.ERROR, logger="graphql_api.kernel.errors"):
        response = api.post({"query": LIST})
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["message"] == "Internal server error"
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    request_id = error["extensions"]["requestId"]
    assert request_id == response.headers["x-request-id"]
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    (record,) = [r for r in caplog.records if request_id in r.getMessage()]
    assert record.exc_info is not None
    assert "secret internal detail" in str(record.exc_info[1])


def test_client_request_id_is_echoed_when_safe(api: Harness) -> None:
    response = api.post({"query": LIST}, headers={"X-Request-ID": "client-abc_1"})
    assert response.headers["x-request-id"] == "client-abc_1"
    response = api.post({"query": LIST}, headers={"X-Request-ID": "bad id\twith spaces"})
    assert response.headers["x-request-id"] != "bad id\twith spaces"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("query { services(first: 2) { edges ", "GRAPHQL_PARSE_FAILED"),
        ("query { nope }", "GRAPHQL_VALIDATION_FAILED"),
        ('query { services(first: "x") { edges { cursor } } }', "GRAPHQL_VALIDATION_FAILED"),
        ("query { " + 'a: service(id: "1") { id } ' * 101 + "}", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_request_errors_carry_a_code(api: Harness, query: str, code: str) -> None:
    body = api.execute(query)
    assert body["errors"][0]["extensions"]["code"] == code


def test_variable_of_wrong_type_is_bad_user_input(api: Harness) -> None:
    body = api.execute(
        "query ($f: Int!) { services(first: $f) { pageInfo { hasNextPage } } }", {"f": "ten"}
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.fixture
def locked_down() -> Iterator[Harness]:
    settings = settings_for_tests(
        graphql_ide=False, graphql_introspection=False, graphql_field_suggestions=False
    )
    with Harness(settings) as h:
        yield h


TYPOS = [
    "{ servces { edges { cursor } } }",
    "{ services(frist: 2) { edges { cursor } } }",
    "{ services(category: TOURR) { edges { cursor } } }",
    "mutation { cartItemAd(input: {}) { __typename } }",
    "query ($c: ServiceCategry) { services(category: $c) { edges { cursor } } }",
]


@pytest.mark.parametrize("query", TYPOS)
def test_suggestions_follow_settings(api: Harness, locked_down: Harness, query: str) -> None:
    hinted = api.execute(query)["errors"][0]["message"]
    assert "Did you mean" in hinted
    hidden = locked_down.execute(query)["errors"]
    assert hidden[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert not any("Did you mean" in error["message"] for error in hidden)


def test_ide_and_introspection_follow_settings(api: Harness, locked_down: Harness) -> None:
    html = {"Accept": "text/html"}
    assert "graphiql" in api.get("/graphql", headers=html).text.lower()
    assert locked_down.get("/graphql", headers=html).status_code != 200
    schema_query = "{ __schema { queryType { name } } }"
    assert api.data(schema_query)["__schema"]["queryType"]["name"] == "Query"
    body = locked_down.execute(schema_query)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "services" in locked_down.data(LIST)


def test_lifespan_opens_migrates_seeds_and_closes_the_embedded_store() -> None:
    import httpx

    app = create_app(settings_for_tests(mongodb_uri=None))

    async def scenario() -> tuple[int, int, bool]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                ready = (await client.get("/readyz")).status_code
                listed = await client.post(
                    "/graphql", json={"query": "{ services(first: 100) { edges { cursor } } }"}
                )
                count = len(listed.json()["data"]["services"]["edges"])
        return ready, count, app.state.mongo is None

    ready, count, closed = asyncio.run(scenario())
    assert (ready, count, closed) == (200, len(demo_services()), True)
