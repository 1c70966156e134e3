"""Every mutation takes an idempotency key: replays, other inputs, bad keys, same-key races.

Faults at each step of each keyed mutation are in test_faults.py; these are the answers a
client sees when nothing fails, or when only the answer was lost.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from graphql_api.kernel.applied import SETTLE_ABOVE
from tests.api.test_faults import (
    CASES,
    KEYED_CLEAR,
    KEYED_PLAN_DELETE,
    KEYED_REMOVE,
    KEYED_UPDATE,
    OTHER_WRITES,
    WHOLE,
    Case,
    other_cart_writes,
    other_plan_writes,
    own,
)
from tests.cart_ops import add, cart, day
from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import EUR, TRANSITION, UPDATE_PLAN, new_plan
from tests.sync_ops import stored

ALICE = make_token("alice")
COLLECTIONS = ("carts", "journey_plans", "journey_plan_tombstones")


def everything(api: Harness) -> dict[str, list[dict[str, Any]]]:
    return stored(api, *COLLECTIONS)


def one_line(api: Harness) -> str:
    line = add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(1), quantity=3)
    line_id: str = line["cartItem"]["id"]
    return line_id


# (document, field, input for the ids made by setup, another input for the same key)
NEW_KEYED: dict[str, tuple[str, str, Any, Any]] = {
    "cartItemUpdate": (
        KEYED_UPDATE,
        "cartItemUpdate",
        lambda ids: {"id": ids["line"], "quantity": 7},
        lambda ids: {"id": ids["line"], "quantity": 8},
    ),
    "cartItemRemove": (
        KEYED_REMOVE,
        "cartItemRemove",
        lambda ids: {"id": ids["line"]},
        lambda _ids: {"id": "6500000064656d6f00000099"},
    ),
    "cartClear": (
        KEYED_CLEAR,
        "cartClear",
        lambda _ids: {},
        lambda _ids: {"expectedRevision": 1},
    ),
    "journeyPlanUpdate": (
        UPDATE_PLAN,
        "journeyPlanUpdate",
        lambda ids: {"id": ids["plan"], "title": "first"},
        lambda ids: {"id": ids["plan"], "title": "second"},
    ),
    "journeyPlanTransition": (
        TRANSITION,
        "journeyPlanTransition",
        lambda ids: {"id": ids["plan"], "to": "PLANNED"},
        lambda ids: {"id": ids["plan"], "to": "CANCELLED"},
    ),
    "journeyPlanDelete": (
        KEYED_PLAN_DELETE,
        "journeyPlanDelete",
        lambda ids: {"id": ids["plan"]},
        lambda _ids: {"id": "6500000064656d6f00000099"},
    ),
}


def ids_for(api: Harness) -> dict[str, str]:
    return {"line": one_line(api), "plan": new_plan(api, ALICE)["id"]}


def send(api: Harness, name: str, values: dict[str, Any], key: str | None) -> dict[str, Any]:
    document, field, _, _ = NEW_KEYED[name]
    body = {**values, **({"idempotencyKey": key} if key is not None else {})}
    result: dict[str, Any] = api.data(document, {"input": body}, token=ALICE)[field]
    return result


@pytest.mark.parametrize("name", NEW_KEYED)
def test_the_same_key_with_another_input_is_refused_and_changes_nothing(
    api: Harness, name: str
) -> None:
    ids = ids_for(api)
    _, _, first, other = NEW_KEYED[name]
    assert send(api, name, first(ids), "k")["__typename"].endswith("Success")
    before = everything(api)
    refused = send(api, name, other(ids), "k")
    assert refused["__typename"] == "IdempotencyKeyReusedError", refused
    assert everything(api) == before


@pytest.mark.parametrize("name", NEW_KEYED)
def test_a_malformed_key_is_a_validation_error_on_its_field(api: Harness, name: str) -> None:
    ids = ids_for(api)
    _, _, first, _ = NEW_KEYED[name]
    before = everything(api)
    for key in ["", "x" * 65, "has space", "ключ"]:
        refused = send(api, name, first(ids), key)
        assert refused["__typename"] == "ValidationError", (key, refused)
        assert refused["issues"] == [
            {
                "field": ["input", "idempotencyKey"],
                "message": "must be 1..64 characters of A-Z, a-z, 0-9, '_' or '-'",
            }
        ]
    assert everything(api) == before


@pytest.mark.parametrize("name", NEW_KEYED)
def test_a_replay_answers_with_the_first_result_and_writes_nothing(api: Harness, name: str) -> None:
    ids = ids_for(api)
    _, _, first, _ = NEW_KEYED[name]
    answer = send(api, name, first(ids), "k")
    assert answer["__typename"].endswith("Success"), answer
    before = everything(api)
    assert own(send(api, name, first(ids), "k")) == own(answer)
    assert everything(api) == before


def test_a_keyed_update_that_changes_nothing_keeps_the_line_version(api: Harness) -> None:
    line = one_line(api)
    same = send(api, "cartItemUpdate", {"id": line, "quantity": 3}, "same")
    assert same["cartItem"]["version"] == 1
    changed = send(api, "cartItemUpdate", {"id": line, "quantity": 4}, "changed")
    assert changed["cartItem"]["version"] == 2  # no conflict from a version that never moved


CLEAR_REVISION = """
mutation ($input: CartClearInput) {
  cartClear(input: $input) {
    __typename
    ... on CartClearSuccess { removedCount cart { revision } }
    ... on CartRevisionConflictError { code current { revision itemCount } }
  }
}
"""


def test_clear_at_an_expected_revision(api: Harness) -> None:
    one_line(api)
    add(api, ALICE, serviceId=str(EUR[1].id), bookingDate=day(2))
    stale = api.data(CLEAR_REVISION, {"input": {"expectedRevision": 1}}, token=ALICE)
    assert stale["cartClear"] == {
        "__typename": "CartRevisionConflictError",
        "code": "VERSION_CONFLICT",
        "current": {"revision": 2, "itemCount": 2},
    }
    assert cart(api, ALICE)["itemCount"] == 2
    current = api.data(CLEAR_REVISION, {"input": {"expectedRevision": 2}}, token=ALICE)
    assert current["cartClear"]["removedCount"] == 2
    bare = api.data(CLEAR_REVISION, token=ALICE)["cartClear"]  # the argument stays optional
    assert bare == {"__typename": "CartClearSuccess", "removedCount": 0, "cart": {"revision": 3}}


def test_a_cart_keeps_only_the_records_of_unfinished_keys(api: Harness) -> None:
    """However many keyed writes a cart takes, its record stays small: finished keys answer by
    themselves, so their entries are dropped once there are more than a few."""
    other_cart_writes(api, 100)
    [doc] = stored(api, "carts")["carts"]
    assert doc["version"] == 100
    assert 0 < len(doc["applied"]) <= SETTLE_ABOVE + 1


def test_a_plan_keeps_only_the_records_of_unfinished_keys(api: Harness) -> None:
    plan = new_plan(api, ALICE)
    other_plan_writes(api, plan["id"], 60)
    [doc] = stored(api, "journey_plans")["journey_plans"]
    assert doc["version"] == 61
    assert 0 < len(doc["applied"]) <= SETTLE_ABOVE + 1


# On the wire server: the answer was lost, other devices wrote 60 times, the client sends again.


def replayed_case(case: Case, api: Harness) -> None:
    ids = case.setup(api)
    variables = case.variables(ids)
    first = api.data(case.query, variables, token=ALICE)[case.field]
    assert first["__typename"].endswith("Success"), first
    if "plan" in ids and case.field != "journeyPlanDelete":
        other_plan_writes(api, ids["plan"], OTHER_WRITES)
    else:
        other_cart_writes(api, OTHER_WRITES)
    before = everything(api)
    replay = api.data(case.query, variables, token=ALICE)[case.field]
    assert own(replay) == own(first)
    assert everything(api) == before  # answered from the key, applied nowhere again


# All 11 in the whole-suite wire run (CI); the default run takes the writes keyed most recently.
REPLAYED = ["cartItemUpdate", "cartClear", "journeyPlanUpdate", "journeyPlanDelete"]


@pytest.mark.wire
@pytest.mark.parametrize("operation", list(CASES) if WHOLE else REPLAYED)
def test_a_lost_answer_replayed_after_sixty_other_writes_is_not_applied_again(
    operation: str,
) -> None:
    with Harness() as api:
        replayed_case(CASES[operation], api)


@pytest.mark.wire
@pytest.mark.parametrize("name", NEW_KEYED)
def test_the_same_keyed_write_sent_eight_times_at_once_applies_once(name: str) -> None:
    with Harness() as api:
        ids = ids_for(api)
        document, field, first, _ = NEW_KEYED[name]
        body = {"query": document, "variables": {"input": {**first(ids), "idempotencyKey": "k"}}}
        api.in_flight.most = 0
        with api.counter.measure() as counts:
            replies = api.post_all([body] * 8, ALICE)
        answers = [reply["data"][field] for reply in replies]
        # Contention: all eight were in flight together and each tried to claim the key.
        assert api.in_flight.most >= 2
        assert counts["insert"] >= 8, counts
        assert all(own(a) == own(answers[0]) for a in answers), answers
        assert answers[0]["__typename"].endswith("Success"), answers[0]
        docs = everything(api)
        [cart_doc] = docs["carts"]
        plans = docs["journey_plans"]
        if field.startswith("cart"):
            # One application: one cart write past the setup's add.
            assert cart_doc["version"] == 2
        elif field == "journeyPlanDelete":
            assert plans == []
        else:
            [plan] = plans
            assert plan["version"] == 2


def test_a_key_stored_by_the_release_before_still_replays(api: Harness) -> None:
    fields = {"serviceId": str(EUR[0].id), "bookingDate": day(1), "quantity": 2}
    first = add(api, ALICE, idempotencyKey="upgrade-1", **fields)
    assert first["__typename"] == "CartItemAddSuccess"
    # The digest the release before stored for this request: GraphQL names, the operation's name.
    before = {**fields, "participants": 1, "specialRequests": None, "replaceSpecialRequests": False}
    canonical = json.dumps(["cartItemAdd", before], sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    keys = api.mongo.db["idempotency_keys"]
    stored = api.run(keys.find_one({"key": "upgrade-1"}))
    assert stored is not None
    assert stored["fingerprint"] != digest
    api.run(keys.update_one({"key": "upgrade-1"}, {"$set": {"fingerprint": digest}}))
    assert add(api, ALICE, idempotencyKey="upgrade-1", **fields) == first
    other = add(api, ALICE, idempotencyKey="upgrade-1", **{**fields, "quantity": 3})
    assert other["__typename"] == "IdempotencyKeyReusedError"
    assert len(cart(api, ALICE)["items"]) == 1
