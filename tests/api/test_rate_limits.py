"""Rate limits on mutations: per traveler and per address, one token per top-level field."""

from __future__ import annotations

import math
from typing import Any

import httpx

from graphql_api.graphql.ratelimit import MAX_BUCKETS, RateLimiter
from tests.cart_ops import cart, stored_cart_docs
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests

ALICE = make_token("alice")
BOB = make_token("bob")
CLEAR = "mutation { cartClear { __typename } }"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_refills_at_its_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=2, burst=3, clock=clock)
    assert [limiter.wait_for(["k"], 1) for _ in range(3)] == [0, 0, 0]
    assert limiter.wait_for(["k"], 1) == 0.5
    clock.now = 0.5
    assert limiter.wait_for(["k"], 1) == 0
    assert limiter.wait_for(["k"], 4) == math.inf  # more than a full bucket: never
    assert limiter.wait_for(["other"], 3) == 0


def test_a_refusal_takes_from_no_bucket() -> None:
    limiter = RateLimiter(rate=1, burst=2, clock=Clock())
    assert limiter.wait_for(["a"], 2) == 0
    assert limiter.wait_for(["a", "b"], 1) == 1.0
    assert limiter.wait_for(["b"], 2) == 0  # "b" was not charged by the refusal


def test_the_number_of_buckets_is_bounded() -> None:
    limiter = RateLimiter(rate=1, burst=1, clock=Clock())
    for n in range(MAX_BUCKETS + 10):
        limiter.wait_for([str(n)], 1)
    assert len(limiter._buckets) == MAX_BUCKETS


def post(api: Harness, query: str, token: str, address: str = "10.0.0.1") -> httpx.Response:
    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=api.in_flight, client=(address, 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.post(
                "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
            )

    return api.run(send())


def limited(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 429, response.text
    assert int(response.headers["retry-after"]) >= 1
    error: dict[str, Any] = response.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    return error


def test_mutations_beyond_the_burst_are_429_and_queries_are_not_limited() -> None:
    with Harness(settings_for_tests(rate_limit_per_second=0.01, rate_limit_burst=3)) as api:
        assert [post(api, CLEAR, ALICE).status_code for _ in range(3)] == [200] * 3
        before = stored_cart_docs(api)
        limited(post(api, CLEAR, ALICE))
        assert stored_cart_docs(api) == before
        assert cart(api, ALICE)["items"] == []  # queries pass
        # The same traveler from another address: the traveler's bucket is empty too.
        limited(post(api, CLEAR, ALICE, address="10.0.0.2"))
        # Another traveler from the first address: that address's bucket is empty.
        limited(post(api, CLEAR, BOB))
        assert post(api, CLEAR, BOB, address="10.0.0.3").status_code == 200


def test_each_top_level_field_costs_a_token() -> None:
    two = "mutation { a: cartClear { __typename } b: cartClear { __typename } }"
    four = "mutation { " + " ".join(f"m{n}: cartClear {{ __typename }}" for n in range(4)) + " }"
    with Harness(settings_for_tests(rate_limit_per_second=0.01, rate_limit_burst=3)) as api:
        assert post(api, two, ALICE).status_code == 200
        limited(post(api, two, ALICE))
        refused = post(api, four, BOB, address="10.0.0.9")
        # More changes than a full bucket holds can never pass: not a 429 to wait out.
        assert refused.status_code == 400
        assert "retry-after" not in refused.headers
        assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_a_rate_limited_answer_is_429_under_either_json_media_type() -> None:
    """The status follows from the code alone, whatever the client accepts (it was once a 400
    under application/graphql-response+json, where pre-execution refusals are 400)."""
    with Harness(settings_for_tests(rate_limit_per_second=0.01, rate_limit_burst=1)) as api:
        assert api.post({"query": CLEAR}, token=ALICE).status_code == 200
        for accept in ("application/graphql-response+json", "application/json"):
            refused = api.post({"query": CLEAR}, token=ALICE, headers={"Accept": accept})
            assert limited(refused)["message"].startswith("Too many changes")
            assert int(refused.headers["retry-after"]) > 1
