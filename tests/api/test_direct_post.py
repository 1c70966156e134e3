"""Ordinary GraphQL POSTs are executed by the API's own layer (graphql_post.py), not Strawberry's
HTTP view: the answers must be the same, status, headers and body, in every case."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.routing import _IncludedRouter

from graphql_api.app.factory import ApiRouter, create_app
from graphql_api.http.direct_post import DirectPost
from graphql_api.http.persisted.trusted import digest
from tests.cart_ops import ACTIVE, ADD, CART, day
from tests.conftest import make_token
from tests.harness import Harness

ALICE = make_token("alice")
GRAPHQL = "application/graphql-response+json"
APQ_QUERY = "query Apq { services(first: 2) { edges { node { id name } } } }"

CASES: dict[str, tuple[dict[str, Any], str | None, str | None]] = {
    # name: (body, token, Accept)
    "anonymous typename": ({"query": "{ __typename }"}, None, None),
    "cart": ({"query": CART}, ALICE, None),
    "catalog with variables": (
        {
            "query": "query S($n: Int) { services(first: $n) { edges { node { id name } } } }",
            "variables": {"n": 3},
            "operationName": "S",
        },
        None,
        GRAPHQL,
    ),
    "validation error, json": ({"query": "{ nope }"}, ALICE, "application/json"),
    "validation error, graphql media type": ({"query": "{ nope }"}, ALICE, GRAPHQL),
    "parse error": ({"query": "{ "}, ALICE, GRAPHQL),
    "unknown operation name": (
        {"query": "query A { __typename }", "operationName": "B"},
        None,
        None,
    ),
    "two operations, no name": (
        {"query": "query A { __typename } query B { __typename }"},
        None,
        GRAPHQL,
    ),
    "variables of the wrong type": (
        {
            "query": "query S($n: Int) { services(first: $n) { edges { cursor } } }",
            "variables": {"n": "x"},
        },
        None,
        GRAPHQL,
    ),
    "protected field without a token": ({"query": CART}, None, None),
    "invalid token": ({"query": CART}, "not-a-token", GRAPHQL),
    "field error": ({"query": "{ journeyPlans(first: 0) { edges { cursor } } }"}, ALICE, GRAPHQL),
    "typed error": (
        {
            "query": ADD,
            "variables": {
                "input": {"serviceId": str(ACTIVE[0].id), "bookingDate": day(), "quantity": 0}
            },
        },
        ALICE,
        None,
    ),
    "keyed add, replayed": (
        {
            "query": ADD,
            "variables": {
                "input": {
                    "serviceId": str(ACTIVE[0].id),
                    "bookingDate": day(),
                    "idempotencyKey": "k-1",
                }
            },
        },
        ALICE,
        None,
    ),
    "persisted query with its text": (
        {
            "query": APQ_QUERY,
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest(APQ_QUERY)}},
        },
        None,
        None,
    ),
    "persisted query by hash": (
        {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest(APQ_QUERY)}}},
        None,
        None,
    ),
}
HEADERS = ("content-type", "www-authenticate", "retry-after", "allow")


@pytest.fixture
def view_only(api: Harness) -> Iterator[httpx.AsyncClient]:
    """The same API on the same store, with every POST left to Strawberry's view."""
    app = create_app(api.settings, mongo=api.mongo)
    app.user_middleware = [m for m in app.user_middleware if m.cls is not DirectPost]  # type: ignore[comparison-overlap]
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    yield client
    api.run(client.aclose())


def _count_view_runs(api: Harness) -> list[str]:
    """The methods of the requests Strawberry's view runs for the API under test."""
    runs: list[str] = []
    (router,) = (
        r.original_router
        for r in api.app.router.routes
        if isinstance(r, _IncludedRouter) and isinstance(r.original_router, ApiRouter)
    )
    view_run = router.run

    async def counted(request: Any, **kwargs: Any) -> Any:
        runs.append(request.scope["method"])
        return await view_run(request, **kwargs)

    router.run = counted  # type: ignore[method-assign,assignment]
    return runs


def _answer(
    client: httpx.AsyncClient,
    api: Harness,
    body: dict[str, Any],
    token: str | None,
    accept: str | None,
) -> tuple[int, dict[str, str], Any]:
    headers = {"Content-Type": "application/json", "X-Request-ID": "same-id"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if accept is not None:
        headers["Accept"] = accept
    response = api.run(client.post("/graphql", content=json.dumps(body).encode(), headers=headers))
    kept = {name: response.headers[name] for name in HEADERS if name in response.headers}
    return response.status_code, kept, response.json()


def test_every_case_is_answered_as_the_view_answers_it(
    api: Harness, view_only: httpx.AsyncClient
) -> None:
    view_runs = _count_view_runs(api)
    statuses = set()
    for name, (body, token, accept) in CASES.items():
        direct = _answer(api.http, api, body, token, accept)
        view = _answer(view_only, api, body, token, accept)
        assert direct == view, name
        statuses.add(direct[0])
    assert statuses == {200, 400, 401}  # the cases reach successes and both kinds of refusal
    assert view_runs == []  # and the API under test answered them all itself


def test_an_unready_database_is_answered_as_the_view_answers_it(
    api: Harness, view_only: httpx.AsyncClient
) -> None:
    api.app.state.ready = False
    view_app = view_only._transport.app  # type: ignore[attr-defined]
    view_app.state.ready = False
    body, token, accept = CASES["cart"]
    direct = _answer(api.http, api, body, token, accept)
    assert direct == _answer(view_only, api, body, token, accept)
    assert direct[0] == 503
    assert direct[1]["retry-after"]


def test_streaming_and_get_requests_still_reach_the_view(api: Harness) -> None:
    view_runs = _count_view_runs(api)
    response = api.post({"query": "{ __typename }"}, headers={"Accept": "multipart/mixed"})
    assert response.status_code == 200
    assert api.get("/graphql?query={__typename}").json() == {"data": {"__typename": "Query"}}
    assert view_runs == ["POST", "GET"]
