"""Faults at every database step of the keyed mutations, on a real wire server.

For each operation, a clean run first records the commands it sends. Then, for each of those
commands in turn, a fresh store fails exactly that command once (an error reply, or a dropped
connection), and the client retries with the same key, as a client would. Whatever the first
reply was, the retry answers at once with a success, and the effect happened exactly once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from bson import ObjectId

from graphql_api.kernel.clock import now
from tests.cart_ops import ADD, add, cart, day
from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import CREATE, DELETE_PLAN, EUR, TRANSITION, UPDATE_PLAN, new_plan
from tests.sync_ops import CHECKOUT, MERGE, stored

pytestmark = pytest.mark.wire

ALICE = make_token("alice")
DATA_COMMANDS = {"find", "insert", "update", "delete", "findAndModify", "aggregate"}


ISSUES = "... on Error { code message } ... on ValidationError { issues { field message } }"
KEYED_REMOVE = f"""
mutation ($input: CartItemRemoveInput!) {{
  cartItemRemove(input: $input) {{
    __typename ... on CartItemRemoveSuccess {{ removed }} {ISSUES}
  }}
}}
"""
KEYED_UPDATE = f"""
mutation ($input: CartItemUpdateInput!) {{
  cartItemUpdate(input: $input) {{
    __typename ... on CartItemUpdateSuccess {{ cartItem {{ id quantity version }} }} {ISSUES}
  }}
}}
"""
KEYED_CLEAR = f"""
mutation ($input: CartClearInput) {{
  cartClear(input: $input) {{ __typename ... on CartClearSuccess {{ removedCount }} {ISSUES} }}
}}
"""
KEYED_PLAN_DELETE = f"""
mutation ($input: JourneyPlanDeleteInput!) {{
  journeyPlanDelete(input: $input) {{
    __typename ... on JourneyPlanDeleteSuccess {{ deleted deletedId }} {ISSUES}
  }}
}}
"""
OTHER_WRITES = 60


def quantities(api: Harness) -> dict[tuple[str, str], int]:
    return {(i["serviceId"], i["bookingDate"]): i["quantity"] for i in cart(api, ALICE)["items"]}


def plans(api: Harness) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = stored(api, "journey_plans")["journey_plans"]
    return found


def batch(api: Harness, field: str, input_type: str, inputs: list[dict[str, Any]]) -> None:
    """Send keyed writes as another device would, 20 aliased operations a request."""
    for start in range(0, len(inputs), 20):
        chunk = inputs[start : start + 20]
        names = ", ".join(f"$i{n}: {input_type}!" for n in range(len(chunk)))
        fields = " ".join(
            f"m{n}: {field}(input: $i{n}) {{ __typename }}" for n in range(len(chunk))
        )
        variables = {f"i{n}": value for n, value in enumerate(chunk)}
        data = api.data(f"mutation ({names}) {{ {fields} }}", variables, token=ALICE)
        assert {v["__typename"] for v in data.values()} == {
            f"{field[0].upper()}{field[1:]}Success"
        }, data


def other_cart_writes(api: Harness, count: int) -> None:
    """Keyed writes on the same cart that change no line (removals of lines it never had):
    each is recorded on the cart like any keyed write."""
    absent = [{"id": str(ObjectId()), "idempotencyKey": f"cart-{n}"} for n in range(count)]
    batch(api, "cartItemRemove", "CartItemRemoveInput", absent)


def other_plan_writes(api: Harness, plan_id: str, count: int) -> None:
    notes = [{"id": plan_id, "notes": f"n{n}", "idempotencyKey": f"plan-{n}"} for n in range(count)]
    batch(api, "journeyPlanUpdate", "JourneyPlanUpdateInput", notes)


@dataclass(frozen=True)
class Case:
    """One keyed mutation under a fault. `setup` returns the ids the case needs; `landed` tells,
    right after the failed attempt, whether its effect is already stored; `between` is what
    other devices write before the retry; `check` sees the retry's result."""

    setup: Callable[[Harness], dict[str, str]]
    query: str
    field: str
    variables: Callable[[dict[str, str]], dict[str, Any]]
    check: Callable[[Harness, dict[str, str], dict[str, Any], bool, int], None]
    landed: Callable[[Harness, dict[str, str]], bool] = lambda _api, _ids: False
    between: Callable[[Harness, dict[str, str], int], None] = lambda api, _ids, count: (
        other_cart_writes(api, count)
    )


def nothing(_api: Harness) -> dict[str, str]:
    return {}


def one_line(api: Harness) -> dict[str, str]:
    line = add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(1), quantity=3)
    return {"line": line["cartItem"]["id"]}


def three_lines(api: Harness) -> dict[str, str]:
    for n, quantity in enumerate([3, 4, 2]):
        add(api, ALICE, serviceId=str(EUR[n].id), bookingDate=day(n), quantity=quantity)
    return {}


def a_plan(api: Harness) -> dict[str, str]:
    return {"plan": new_plan(api, ALICE)["id"]}


Check = Callable[[Harness, dict[str, str], dict[str, Any], bool, int], None]


def added_once(expected: int) -> Check:
    def check(api: Harness, _i: dict[str, str], result: dict[str, Any], _l: bool, _n: int) -> None:
        assert result["cartItem"]["quantity"] == expected
        assert quantities(api) == {(str(EUR[0].id), day(1)): expected}

    return check


def merged_once(
    api: Harness, _i: dict[str, str], result: dict[str, Any], _l: bool, _n: int
) -> None:
    assert result["merged"] == 2
    assert quantities(api) == {(str(EUR[0].id), day(1)): 4, (str(EUR[1].id), day(2)): 1}


def checked_out_once(
    api: Harness, _i: dict[str, str], result: dict[str, Any], _l: bool, _n: int
) -> None:
    stored_plans = plans(api)
    assert [str(p["_id"]) for p in stored_plans] == [result["journeyPlan"]["id"]]
    assert sum(s["quantity"] for s in stored_plans[0]["services"]) == 9
    assert cart(api, ALICE)["items"] == []


def created_once(
    api: Harness, _i: dict[str, str], result: dict[str, Any], _l: bool, _n: int
) -> None:
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


# cartItemUpdate: another device sets the line to 5 before the retry. Applied once, the line
# went 3 -> 7 -> 5 or 3 -> 5 -> 7, each a version; applied twice, the other change is lost.
def line_quantity(api: Harness) -> int:
    [line] = cart(api, ALICE)["items"]
    quantity: int = line["quantity"]
    return quantity


def set_to_five_then_others(api: Harness, ids: dict[str, str], count: int) -> None:
    other = {"id": ids["line"], "quantity": 5, "idempotencyKey": "other-device"}
    batch(api, "cartItemUpdate", "CartItemUpdateInput", [other])
    other_cart_writes(api, count - 1)


def updated_once(
    api: Harness, _i: dict[str, str], result: dict[str, Any], landed: bool, _n: int
) -> None:
    assert result["cartItem"]["quantity"] == 7
    [line] = cart(api, ALICE)["items"]
    assert (line["quantity"], line["version"]) == (5 if landed else 7, 3)


def removed_once(
    api: Harness, _i: dict[str, str], result: dict[str, Any], _l: bool, _n: int
) -> None:
    assert result["removed"] is True  # the first answer, however much came between
    assert cart(api, ALICE)["items"] == []


# cartClear: another device adds a line before the retry; applied twice, it would be cleared.
def add_then_others(api: Harness, _ids: dict[str, str], count: int) -> None:
    line = {"serviceId": str(EUR[3].id), "bookingDate": day(9), "idempotencyKey": "other-device"}
    batch(api, "cartItemAdd", "CartItemAddInput", [line])
    other_cart_writes(api, count - 1)


def cleared_once(
    api: Harness, _i: dict[str, str], result: dict[str, Any], landed: bool, _n: int
) -> None:
    if landed:
        assert result["removedCount"] == 3
        assert quantities(api) == {(str(EUR[3].id), day(9)): 1}
    else:
        assert result["removedCount"] == 4
        assert quantities(api) == {}


# Plans: other devices change the same plan 60 times before the retry.
def stored_plan(api: Harness, ids: dict[str, str]) -> dict[str, Any]:
    [plan] = [p for p in plans(api) if str(p["_id"]) == ids["plan"]]
    return plan


def retitle_then_others(api: Harness, ids: dict[str, str], count: int) -> None:
    other = {"id": ids["plan"], "title": "other", "idempotencyKey": "other-device"}
    batch(api, "journeyPlanUpdate", "JourneyPlanUpdateInput", [other])
    other_plan_writes(api, ids["plan"], count - 1)


def plan_updated_once(
    api: Harness, ids: dict[str, str], result: dict[str, Any], landed: bool, others: int
) -> None:
    assert result["journeyPlan"]["title"] == "first"
    plan = stored_plan(api, ids)
    assert (plan["title"], plan["version"]) == ("other" if landed else "first", 2 + others)


def moved_once(
    api: Harness, ids: dict[str, str], result: dict[str, Any], _l: bool, others: int
) -> None:
    assert result["journeyPlan"]["status"] == "PLANNED"
    plan = stored_plan(api, ids)
    assert [c["to"] for c in plan["status_history"]] == ["DRAFT", "PLANNED"]
    assert (plan["status"], plan["version"]) == ("PLANNED", 2 + others)


def plan_deleted_once(
    api: Harness, ids: dict[str, str], result: dict[str, Any], _l: bool, _n: int
) -> None:
    assert (result["deleted"], result["deletedId"]) == (True, ids["plan"])
    assert plans(api) == []


CASES = {
    "cartItemAdd-new-line": Case(
        nothing, ADD, "cartItemAdd", lambda _ids: add_input(2), added_once(2)
    ),
    "cartItemAdd-existing-line": Case(
        one_line, ADD, "cartItemAdd", lambda _ids: add_input(2), added_once(5)
    ),
    "cartMerge": Case(
        one_line,
        MERGE,
        "cartMerge",
        lambda _ids: {
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
        lambda _ids: {"input": {"idempotencyKey": "k", "country": "Italy"}},
        checked_out_once,
    ),
    "cartItemUpdate": Case(
        one_line,
        KEYED_UPDATE,
        "cartItemUpdate",
        lambda ids: {"input": {"id": ids["line"], "quantity": 7, "idempotencyKey": "k"}},
        updated_once,
        landed=lambda api, _ids: line_quantity(api) == 7,
        between=set_to_five_then_others,
    ),
    "cartItemRemove": Case(
        one_line,
        KEYED_REMOVE,
        "cartItemRemove",
        lambda ids: {"input": {"id": ids["line"], "idempotencyKey": "k"}},
        removed_once,
    ),
    "cartClear": Case(
        three_lines,
        KEYED_CLEAR,
        "cartClear",
        lambda _ids: {"input": {"idempotencyKey": "k"}},
        cleared_once,
        landed=lambda api, _ids: quantities(api) == {},
        between=add_then_others,
    ),
    "journeyPlanCreate": Case(
        nothing,
        CREATE,
        "journeyPlanCreate",
        lambda _ids: {
            "input": {
                "country": "Italy",
                "services": [{"serviceId": str(EUR[0].id), "quantity": 2}],
                "idempotencyKey": "k",
            }
        },
        created_once,
    ),
    "journeyPlanUpdate": Case(
        a_plan,
        UPDATE_PLAN,
        "journeyPlanUpdate",
        lambda ids: {"input": {"id": ids["plan"], "title": "first", "idempotencyKey": "k"}},
        plan_updated_once,
        landed=lambda api, ids: stored_plan(api, ids)["title"] == "first",
        between=retitle_then_others,
    ),
    "journeyPlanTransition": Case(
        a_plan,
        TRANSITION,
        "journeyPlanTransition",
        lambda ids: {"input": {"id": ids["plan"], "to": "PLANNED", "idempotencyKey": "k"}},
        moved_once,
        between=lambda api, ids, count: other_plan_writes(api, ids["plan"], count),
    ),
    "journeyPlanDelete": Case(
        a_plan,
        KEYED_PLAN_DELETE,
        "journeyPlanDelete",
        lambda ids: {"input": {"id": ids["plan"], "idempotencyKey": "k"}},
        plan_deleted_once,
    ),
}


def steps_of(case: Case) -> list[tuple[str, int]]:
    """The data commands one clean run sends, as (name, occurrence of that name)."""
    with Harness() as api:
        variables = case.variables(case.setup(api))
        assert api.faults is not None
        with api.faults.record() as sent:
            body = api.execute(case.query, variables, token=ALICE)
        assert body["data"][case.field]["__typename"].endswith("Success"), body
        return occurrences(sent)


def own(result: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in result.items() if name != "cart"}


def occurrences(sent: list[str]) -> list[tuple[str, int]]:
    """The data commands sent, as (name, occurrence of that name)."""
    seen: dict[str, int] = {}
    steps = []
    for name in sent:
        if name in DATA_COMMANDS:
            seen[name] = seen.get(name, 0) + 1
            steps.append((name, seen[name]))
    return steps


# The whole-suite wire run (scripts/test --wire, in CI) fails every step of all 11 mutations in
# both modes. The default run, held to its time budget, fails every step with an error reply for
# the mutations whose fault path lost data before keys lived on the document (add, merge,
# checkout) and one plan write.
WHOLE = os.environ.get("TEST_STORE") == "wire"
MODES = [False, True] if WHOLE else [False]
SAMPLED = ["cartItemAdd-new-line", "cartMerge", "cartCheckout", "journeyPlanTransition"]
WRITES = {"insert", "update", "findAndModify", "delete"}


@pytest.mark.parametrize("close_connection", MODES, ids=["error-reply", "dropped"][: len(MODES)])
@pytest.mark.parametrize("operation", list(CASES) if WHOLE else SAMPLED)
def test_a_fault_at_any_step_then_sixty_other_writes_then_a_retry_applies_it_once(
    operation: str, close_connection: bool
) -> None:
    """A failed write may have landed without its key being finished: then 60 keyed writes of
    other devices on the same document come before the retry. A failed read left nothing: the
    retry follows one other write."""
    case = CASES[operation]
    steps = steps_of(case)
    assert len(steps) >= 4, steps  # claim, reads, the write, the finished key
    for name, occurrence in steps:
        others = OTHER_WRITES if name in WRITES else 1
        with Harness() as api:
            ids = case.setup(api)
            variables = case.variables(ids)
            assert api.faults is not None
            api.faults.arm(name, occurrence, close_connection=close_connection)
            first = api.execute(case.query, variables, token=ALICE)
            api.faults.disarm()
            assert api.faults.fired, (name, occurrence)
            if first.get("errors"):
                # Masked, with a request id; never a typed error for a fault.
                assert first["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
            landed = case.landed(api, ids)
            case.between(api, ids, others)
            retry = api.execute(case.query, variables, token=ALICE)
            # At once: a retry that had to wait for the lease would get UNAVAILABLE.
            assert "errors" not in retry, (name, occurrence, retry)
            result = retry["data"][case.field]
            assert result["__typename"].endswith("Success"), (name, occurrence, result)
            if not first.get("errors"):
                # The first result; a cart in it is the cart now, after the other writes.
                assert own(result) == own(first["data"][case.field])
            case.check(api, ids, result, landed, others)
            again = api.execute(case.query, variables, token=ALICE)
            assert again["data"][case.field] == result
            case.check(api, ids, result, landed, others)


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
