"""Whole GraphQL documents generated from the schema, valid and invalid, with a valid token:
never INTERNAL_SERVER_ERROR, never a 5xx, and stored data unchanged when a request is refused.

Bounded for scripts/test; FUZZ_EXAMPLES=2000 explores more.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import Mode, from_schema, nodes

from graphql_api.app.schema import schema
from tests.cart_ops import ACTIVE, add, day
from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import new_plan
from tests.sync_ops import stored

ALICE = make_token("alice")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
COLLECTIONS = ("carts", "journey_plans", "journey_plan_tombstones", "idempotency_keys")

SCALARS = {
    "Date": st.integers(-5, 800).map(lambda n: nodes.String(day(n))),
    "DateTime": st.integers(-40, 2).map(
        lambda n: nodes.String((datetime.now(UTC) + timedelta(days=n)).isoformat())
    ),
    "Decimal": st.decimals(allow_nan=False, allow_infinity=False, places=2).map(
        lambda d: nodes.String(str(d))
    ),
}
SDL = schema.as_str()


def check(api: Harness, document: str) -> None:
    before = stored(api, *COLLECTIONS)
    response = api.post({"query": document}, token=ALICE)
    assert response.status_code < 500, (document, response.text)
    body: dict[str, Any] = response.json()
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors") or []]
    assert "INTERNAL_SERVER_ERROR" not in codes, (document, body)
    if body.get("data") is None:
        assert stored(api, *COLLECTIONS) == before, document


def fuzz(mode: Mode) -> None:
    with Harness() as api:
        add(api, ALICE, serviceId=str(ACTIVE[0].id), bookingDate=day(3), quantity=2)
        new_plan(api, ALICE)

        @settings(
            max_examples=EXAMPLES,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        @given(document=from_schema(SDL, custom_scalars=SCALARS, mode=mode))
        def run(document: str) -> None:
            check(api, document)

        run()


def test_valid_generated_documents_never_break_the_server() -> None:
    fuzz(Mode.POSITIVE)


def test_invalid_generated_documents_are_refused_cleanly() -> None:
    fuzz(Mode.NEGATIVE)
