"""Deadlines: a database operation over MONGODB_TIMEOUT_MS, or a request over
HTTP_REQUEST_TIMEOUT_SECONDS, is 504 TIMEOUT; no partial state, and a keyed retry applies once."""

from __future__ import annotations

import time

import pytest

from tests.cart_ops import ADD, add, cart, day
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests
from tests.plan_ops import EUR

pytestmark = pytest.mark.wire

ALICE = make_token("alice")
BLOCK_MS = 1500


def keyed_add(quantity: int) -> dict[str, object]:
    return {
        "input": {
            "serviceId": str(EUR[0].id),
            "bookingDate": day(1),
            "quantity": quantity,
            "idempotencyKey": "slow-add",
        }
    }


def test_a_slow_database_write_is_a_timeout_and_the_retry_applies_it_once() -> None:
    with Harness(settings_for_tests(mongodb_timeout_ms=400)) as api:
        add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(1), quantity=3)
        assert api.faults is not None
        api.faults.arm("update", 1, block_ms=BLOCK_MS)  # the cart's conditional write
        response = api.post({"query": ADD, "variables": keyed_add(2)}, token=ALICE)
        api.faults.disarm()
        assert api.faults.fired
        assert response.status_code == 504
        assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
        time.sleep(BLOCK_MS / 1000)  # the blocked write may still land: it is all or nothing
        lines = cart(api, ALICE)["items"]
        assert [line["quantity"] for line in lines] in ([3], [5])
        retry = api.data(ADD, keyed_add(2), token=ALICE)["cartItemAdd"]
        assert retry["__typename"] == "CartItemAddSuccess"
        assert [line["quantity"] for line in cart(api, ALICE)["items"]] == [5]


def test_a_request_over_its_deadline_is_a_timeout() -> None:
    settings = settings_for_tests(http_request_timeout_seconds=0.5)
    with Harness(settings) as api:
        assert api.faults is not None
        api.faults.arm("find", 1, block_ms=BLOCK_MS)
        response = api.post({"query": "{ cart { revision } }"}, token=ALICE)
        api.faults.disarm()
        assert api.faults.fired
        assert response.status_code == 504
        [error] = response.json()["errors"]
        assert error["extensions"] == {
            "code": "TIMEOUT",
            "requestId": response.headers["x-request-id"],
        }
