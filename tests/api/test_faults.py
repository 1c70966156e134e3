"""Faults at every database step of the keyed mutations, on a real wire server.

For each operation, a clean run first records the commands it sends. Then, for each of those
commands in turn, a fresh store fails exactly that command once (an error reply, or a dropped
connection), and the client retries with the same key, as a client would. Whatever the first
reply was, the retry answers at once with a success, and the effect happened exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from graphql_api.clock import now
from tests.cart_ops import ADD, add, cart, day
from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import CREATE, DELETE_PLAN, EUR, new_plan
from tests.sync_ops import CHECKOUT, MERGE, stored

pytestmark = pytest.mark.wire

ALICE = make_token("alice")
DATA_COMMANDS = {"find", "insert", "update", "delete", "findAndModify", "aggregate"}


def quantities(api: Harness) -> dict[tuple[str, str], int]:
    return {(i["serviceId"], i["bookingDate"]): i["quantity"] for i in cart(api, ALICE)["items"]}


def plans(api: Harness) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = stored(api, "journey_plans")["journey_plans"]
    return found


@dataclass(frozen=True)
class Case:
    setup: Callable[[Harness], None]
    query: str
    field: str
    variables: dict[str, Any]
    check: Callable[[Harness, dict[str, Any]], None]


def nothing(_api: Harness) -> None:
    pass


def one_line(api: Harness) -> None:
    add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(1), quantity=3)


def three_lines(api: Harness) -> None:
    for n, quantity in enumerate([3, 4, 2]):
        add(api, ALICE, serviceId=str(EUR[n].id), bookingDate=day(n), quantity=quantity)


def added_once(expected: int) -> Callable[[Harness, dict[str, Any]], None]:
    def check(api: Harness, result: dict[str, Any]) -> None:
        assert result["cartItem"]["quantity"] == expected
        assert quantities(api) == {(str(EUR[0].id), day(1)): expected}

    return check


def merged_once(api: Harness, result: dict[str, Any]) -> None:
    assert result["merged"] == 2
    assert quantities(api) == {(str(EUR[0].id), day(1)): 4, (str(EUR[1].id), day(2)): 1}


def checked_out_once(api: Harness, result: dict[str, Any]) -> None:
    stored_plans = plans(api)
    assert [str(p["_id"]) for p in stored_plans] == [result["journeyPlan"]["id"]]
    assert sum(s["quantity"] for s in stored_plans[0]["services"]) == 9
    assert cart(api, ALICE)["items"] == []


def created_once(api: Harness, result: dict[str, Any]) -> None:
    assert [str(p["_id"]) for p in plans(api)] == [result["journeyPlan"]["id"]]


def add_input(quantity: int) -> dict[str, Any]:
    return {
        "input": {
            "serviceId": str(EUR[0].id),
            "bookingDate": day(1),
            "quantity": quantity,
            "idempotencyKey": "k",
        }
    }


CASES = {
    "cartItemAdd-new-line": Case(nothing, ADD, "cartItemAdd", add_input(2), added_once(2)),
    "cartItemAdd-existing-line": Case(one_line, ADD, "cartItemAdd", add_input(2), added_once(5)),
    "cartMerge": Case(
        one_line,
        MERGE,
        "cartMerge",
        {
            "input": {
                "items": [
                    {"serviceId": str(EUR[0].id), "bookingDate": day(1), "quantity": 4},
                    {"serviceId": str(EUR[1].id), "bookingDate": day(2), "quantity": 1},
                ],
                "idempotencyKey": "k",
            }
        },
        merged_once,
    ),
    "cartCheckout": Case(
        three_lines,
        CHECKOUT,
        "cartCheckout",
        {"input": {"idempotencyKey": "k", "country": "Italy"}},
        checked_out_once,
    ),
    "journeyPlanCreate": Case(
        nothing,
        CREATE,
        "journeyPlanCreate",
        {
            "input": {
                "country": "Italy",
                "services": [{"serviceId": str(EUR[0].id), "quantity": 2}],
                "idempotencyKey": "k",
            }
        },
        created_once,
    ),
}


def steps_of(case: Case) -> list[tuple[str, int]]:
    """The data commands one clean run sends, as (name, occurrence of that name)."""
    with Harness() as api:
        case.setup(api)
        assert api.faults is not None
        with api.faults.record() as sent:
            body = api.execute(case.query, case.variables, token=ALICE)
        assert body["data"][case.field]["__typename"].endswith("Success"), body
        return occurrences(sent)


def occurrences(sent: list[str]) -> list[tuple[str, int]]:
    """The data commands sent, as (name, occurrence of that name)."""
    seen: dict[str, int] = {}
    steps = []
    for name in sent:
        if name in DATA_COMMANDS:
            seen[name] = seen.get(name, 0) + 1
            steps.append((name, seen[name]))
    return steps


@pytest.mark.parametrize("close_connection", [False, True], ids=["error-reply", "dropped"])
@pytest.mark.parametrize("operation", CASES.keys())
def test_a_fault_at_any_step_then_a_retry_applies_the_operation_once(
    operation: str, close_connection: bool
) -> None:
    case = CASES[operation]
    steps = steps_of(case)
    assert len(steps) >= 4, steps  # claim, reads, the write, the finished key
    for name, occurrence in steps:
        with Harness() as api:
            case.setup(api)
            assert api.faults is not None
            api.faults.arm(name, occurrence, close_connection=close_connection)
            first = api.execute(case.query, case.variables, token=ALICE)
            api.faults.disarm()
            assert api.faults.fired, (name, occurrence)
            if first.get("errors"):
                # Masked, with a request id; never a typed error for a fault.
                assert first["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
            retry = api.execute(case.query, case.variables, token=ALICE)
            # At once: a retry that had to wait for the lease would get UNAVAILABLE.
            assert "errors" not in retry, (name, occurrence, retry)
            result = retry["data"][case.field]
            assert result["__typename"].endswith("Success"), (name, occurrence, result)
            if not first.get("errors"):
                assert result == first["data"][case.field]
            case.check(api, result)
            again = api.execute(case.query, case.variables, token=ALICE)
            assert again["data"][case.field] == result
            case.check(api, result)


DELETED = "query ($since: DateTime!) { deletedJourneyPlanIds(since: $since) }"


@pytest.mark.parametrize("close_connection", [False, True], ids=["error-reply", "dropped"])
def test_a_plan_deletion_interrupted_at_any_step_still_reaches_other_devices(
    close_connection: bool,
) -> None:
    """Whatever step fails, the client's retry leaves the plan gone and its deletion listed."""
    with Harness() as api:
        plan_id = new_plan(api, ALICE)["id"]
        assert api.faults is not None
        with api.faults.record() as sent:
            api.data(DELETE_PLAN, {"id": plan_id}, token=ALICE)
        steps = occurrences(sent)
    assert len(steps) >= 2, steps
    for name, occurrence in steps:
        with Harness() as api:
            plan_id = new_plan(api, ALICE)["id"]
            since = (now() - timedelta(minutes=1)).isoformat()
            assert api.faults is not None
            api.faults.arm(name, occurrence, close_connection=close_connection)
            api.execute(DELETE_PLAN, {"id": plan_id}, token=ALICE)
            api.faults.disarm()
            assert api.faults.fired, (name, occurrence)
            retry = api.data(DELETE_PLAN, {"id": plan_id}, token=ALICE)["journeyPlanDelete"]
            assert retry["__typename"] == "JourneyPlanDeleteSuccess", (name, occurrence, retry)
            assert plans(api) == []
            listed = api.data(DELETED, {"since": since}, token=ALICE)["deletedJourneyPlanIds"]
            assert listed == [plan_id], (name, occurrence)
