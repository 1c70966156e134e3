"""Offline-first sync through the GraphQL API: merge, checkout, revisions, plan changes, replay."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graphql_api.kernel.clock import now
from tests.cart_ops import ACTIVE, ADD, INACTIVE, REMOVE, add, cart, day, update
from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import EUR, JPY, delete_plan, new_plan, update_plan
from tests.sync_ops import (
    CART_WITH_REVISION,
    MERGE,
    QUEUE,
    checkout,
    merge,
    queue_variables,
    revision,
    stored,
)

ALICE = make_token("alice")
BOB = make_token("bob")
CART_COLLECTIONS = ("carts",)
ALL = ("carts", "journey_plans", "journey_plan_tombstones", "idempotency_keys")


def guest(service: Any, offset: int, quantity: int, **extra: Any) -> dict[str, Any]:
    return {"serviceId": str(service.id), "bookingDate": day(offset), "quantity": quantity, **extra}


def quantities(cart_data: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {(i["serviceId"], i["bookingDate"]): i["quantity"] for i in cart_data["items"]}


# cartMerge


def test_merge_adds_guest_lines_to_an_empty_cart(api: Harness) -> None:
    result = merge(
        api,
        ALICE,
        [guest(EUR[0], 1, 2, participants=2, specialRequests=" aisle "), guest(EUR[1], 2, 1)],
    )
    assert result["__typename"] == "CartMergeSuccess"
    assert (result["merged"], result["skipped"]) == (2, [])
    assert quantities(result["cart"]) == {
        (str(EUR[0].id), day(1)): 2,
        (str(EUR[1].id), day(2)): 1,
    }
    assert result["cart"]["items"][0]["specialRequests"] == "aisle"
    assert result["cart"]["items"][0]["participants"] == 2
    assert cart(api, ALICE)["items"] == result["cart"]["items"]


def test_merge_takes_the_larger_quantity_and_never_lowers(api: Harness) -> None:
    add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(1), quantity=5, participants=3)
    add(api, ALICE, serviceId=str(EUR[1].id), bookingDate=day(1), quantity=1)
    result = merge(api, ALICE, [guest(EUR[0], 1, 2), guest(EUR[1], 1, 4)])
    assert result["merged"] == 2
    assert quantities(result["cart"]) == {(str(EUR[0].id), day(1)): 5, (str(EUR[1].id), day(1)): 4}
    assert result["cart"]["items"][0]["participants"] == 3  # the server's own value stays


def test_merging_the_same_guest_cart_twice_changes_nothing_the_second_time(api: Harness) -> None:
    add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(1), quantity=1)
    items = [guest(EUR[0], 1, 3), guest(EUR[1], 2, 2), guest(INACTIVE[0], 3, 1)]
    first = merge(api, ALICE, items)
    before = stored(api, *CART_COLLECTIONS)
    second = merge(api, ALICE, items)
    assert stored(api, *CART_COLLECTIONS) == before
    assert second == first


def test_invalid_lines_are_skipped_and_reported_while_valid_ones_merge(api: Harness) -> None:
    past = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    items = [
        guest(EUR[0], 1, 1),
        guest(INACTIVE[0], 1, 1),
        guest(EUR[1], 1, 0),
        {"serviceId": str(EUR[2].id), "bookingDate": past, "quantity": 1},
        {"serviceId": "nope", "bookingDate": day(1), "quantity": 1},
        guest(EUR[3], 1, 2),
    ]
    result = merge(api, ALICE, items)
    assert result["merged"] == 2
    skipped = {s["index"]: s["error"] for s in result["skipped"]}
    assert sorted(skipped) == [1, 2, 3, 4]
    assert skipped[1]["__typename"] == "ServiceNotBookableError"
    assert skipped[1]["serviceId"] == str(INACTIVE[0].id)
    assert skipped[2]["issues"][0]["field"] == ["input", "items", "2", "quantity"]
    assert skipped[3]["issues"][0]["field"] == ["input", "items", "3", "bookingDate"]
    assert skipped[4]["code"] == "SERVICE_NOT_BOOKABLE"
    assert len(result["cart"]["items"]) == 2


def test_new_lines_are_added_only_while_the_cart_has_room(api: Harness) -> None:
    for offset in range(48):
        add(api, ALICE, serviceId=str(ACTIVE[0].id), bookingDate=day(offset))
    items = [guest(EUR[0], 1, 1), guest(EUR[1], 1, 1), guest(EUR[2], 1, 1), guest(ACTIVE[0], 0, 7)]
    result = merge(api, ALICE, items)
    assert result["merged"] == 3
    (skip,) = result["skipped"]
    assert skip["index"] == 2
    assert (skip["error"]["__typename"], skip["error"]["limit"]) == ("LimitExceededError", 50)
    assert len(result["cart"]["items"]) == 50
    assert quantities(result["cart"])[(str(ACTIVE[0].id), day(0))] == 7


def test_more_than_fifty_guest_lines_is_refused_whole(api: Harness) -> None:
    result = merge(api, ALICE, [guest(EUR[0], n, 1) for n in range(51)])
    assert (result["__typename"], result["limit"]) == ("LimitExceededError", 50)
    assert cart(api, ALICE)["items"] == []


def test_a_keyed_merge_replays_its_first_result(api: Harness) -> None:
    items = [guest(EUR[0], 1, 2), guest(INACTIVE[0], 1, 1)]
    first = merge(api, ALICE, items, idempotencyKey="login-1")
    add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(1), quantity=1)
    again = merge(api, ALICE, items, idempotencyKey="login-1")
    assert (again["merged"], again["skipped"]) == (first["merged"], first["skipped"])
    assert quantities(again["cart"])[(str(EUR[0].id), day(1))] == 3
    other = merge(api, ALICE, items[:1], idempotencyKey="login-1")
    assert other["__typename"] == "IdempotencyKeyReusedError"


@pytest.mark.wire
def test_concurrent_merges_and_adds_lose_nothing(api: Harness) -> None:
    add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(1), quantity=2)
    items = [guest(EUR[0], 1, 4), guest(EUR[1], 1, 1)]

    async def race() -> None:
        requests = []
        for n in range(6):
            if n % 2:
                body = {"query": MERGE, "variables": {"input": {"items": items}}}
            else:
                body = {
                    "query": ADD,
                    "variables": {"input": guest(EUR[2], 1, 1) | {"idempotencyKey": f"a{n}"}},
                }
            requests.append(
                api.http.post("/graphql", json=body, headers={"Authorization": f"Bearer {ALICE}"})
            )
        await asyncio.gather(*requests)

    api.run(race())
    got = quantities(cart(api, ALICE))
    assert got[(str(EUR[0].id), day(1))] == 4
    assert got[(str(EUR[1].id), day(1))] == 1
    assert got[(str(EUR[2].id), day(1))] == 3
    keys = [(i["serviceId"], i["bookingDate"]) for i in cart(api, ALICE)["items"]]
    assert len(keys) == len(set(keys))


# cartCheckout


def fill_cart(api: Harness) -> list[dict[str, Any]]:
    add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(2), quantity=2)
    add(api, ALICE, serviceId=str(EUR[1].id), bookingDate=day(3), quantity=1)
    items: list[dict[str, Any]] = cart(api, ALICE)["items"]
    return items


def test_checkout_turns_the_cart_into_a_draft_plan(api: Harness) -> None:
    lines = fill_cart(api)
    result = checkout(api, ALICE, "co-1", title="Rome", travelersCount=2)
    assert result["__typename"] == "CartCheckoutSuccess", result
    plan = result["journeyPlan"]
    assert plan["status"] == "DRAFT"
    assert (plan["title"], plan["travelersCount"]) == ("Rome", 2)
    assert [(s["serviceId"], s["bookingDate"], s["quantity"]) for s in plan["services"]] == [
        (i["serviceId"], i["bookingDate"], i["quantity"]) for i in lines
    ]
    expected = EUR[0].price.amount_minor * 2 + EUR[1].price.amount_minor
    assert int(plan["totalCost"]["amount"].replace(".", "")) == expected
    assert result["cart"]["items"] == []
    assert cart(api, ALICE)["items"] == []
    assert len(stored(api, "journey_plans")["journey_plans"]) == 1


def test_checking_out_an_empty_cart_is_a_typed_error(api: Harness) -> None:
    result = checkout(api, ALICE, "co-empty")
    assert result["__typename"] == "ValidationError"
    assert result["issues"][0]["field"] == ["cart"]
    assert stored(api, "journey_plans")["journey_plans"] == []


def test_a_line_no_longer_bookable_blocks_checkout_and_changes_nothing(api: Harness) -> None:
    fill_cart(api)
    api.run(api.mongo.db["services"].update_one({"_id": EUR[1].id}, {"$set": {"active": False}}))
    before = stored(api, "carts", "journey_plans")
    result = checkout(api, ALICE, "co-gone")
    lines = cart(api, ALICE)["items"]
    inactive = [line["id"] for line in lines if line["serviceId"] == str(EUR[1].id)]
    assert (result["__typename"], result["code"]) == ("CartHasWarningsError", "CART_HAS_WARNINGS")
    assert (result["lineIds"], result["codes"]) == (inactive, ["SERVICE_INACTIVE"])
    assert stored(api, "carts", "journey_plans") == before


def test_a_cart_in_two_currencies_cannot_become_one_plan(api: Harness) -> None:
    fill_cart(api)
    add(api, ALICE, serviceId=str(JPY[0].id), bookingDate=day(4))
    before = stored(api, "carts", "journey_plans")
    result = checkout(api, ALICE, "co-mixed")
    assert result["__typename"] == "ValidationError"
    assert stored(api, "carts", "journey_plans") == before


def test_a_retried_checkout_returns_the_same_plan_and_keeps_new_lines(api: Harness) -> None:
    fill_cart(api)
    first = checkout(api, ALICE, "co-retry")
    add(api, ALICE, serviceId=str(EUR[2].id), bookingDate=day(5))
    again = checkout(api, ALICE, "co-retry")
    assert again["journeyPlan"] == first["journeyPlan"]
    assert len(again["cart"]["items"]) == 1  # the line added after the checkout stays
    assert len(stored(api, "journey_plans")["journey_plans"]) == 1
    assert checkout(api, ALICE, "co-retry", title="other")["__typename"] == (
        "IdempotencyKeyReusedError"
    )


def test_checkout_needs_a_well_formed_key(api: Harness) -> None:
    fill_cart(api)
    result = checkout(api, ALICE, "not a key")
    assert result["issues"][0]["field"] == ["input", "idempotencyKey"]


# Revisions


def test_revision_grows_with_every_change_and_only_then(api: Harness) -> None:
    assert revision(api, ALICE) == 0
    seen = [0]
    line = add(api, ALICE, quantity=1)["cartItem"]
    seen.append(revision(api, ALICE))
    update(api, ALICE, id=line["id"], quantity=3)
    seen.append(revision(api, ALICE))
    merge(api, ALICE, [guest(EUR[0], 1, 1)])
    seen.append(revision(api, ALICE))
    assert seen == sorted(seen)
    assert len(set(seen)) == len(seen)
    unchanged = revision(api, ALICE)
    add(api, ALICE, serviceId=str(INACTIVE[0].id))
    add(api, ALICE, quantity=99)
    update(api, ALICE, id=line["id"], quantity=2, expectedVersion=1)
    api.data(REMOVE, {"id": "6500000064656d6f00ffffff"}, token=ALICE)
    merge(api, ALICE, [guest(EUR[0], 1, 1)])
    assert revision(api, ALICE) == unchanged
    api.data(REMOVE, {"id": line["id"]}, token=ALICE)
    assert revision(api, ALICE) > unchanged
    assert revision(api, BOB) == 0


def test_mutation_payloads_carry_the_revision_of_their_cart(api: Harness) -> None:
    result = merge(api, ALICE, [guest(EUR[0], 1, 1)])
    assert result["cart"]["revision"] == revision(api, ALICE)
    full = api.data(CART_WITH_REVISION, token=ALICE)["cart"]
    assert full["revision"] == result["cart"]["revision"]
    assert full["items"] == result["cart"]["items"]


@pytest.mark.wire
def test_one_revision_never_names_two_carts_under_concurrent_writes(api: Harness) -> None:
    async def burst() -> list[dict[str, Any]]:
        headers = {"Authorization": f"Bearer {ALICE}"}
        requests = []
        for n in range(24):
            if n % 3 == 2:
                body: dict[str, Any] = {"query": CART_WITH_REVISION}
            else:
                body = {
                    "query": ADD_WITH_REVISION,
                    "variables": {"input": guest(ACTIVE[n % 6], n % 4, 1)},
                }
            requests.append(api.http.post("/graphql", json=body, headers=headers))
        return [r.json()["data"] for r in await asyncio.gather(*requests)]

    snapshots: dict[int, list[Any]] = {}
    previous = 0
    for _ in range(3):
        for data in api.run(burst()):
            view = data.get("cart") or data["cartItemAdd"]["cart"]
            items = [(i["id"], i["quantity"], i["version"]) for i in view["items"]]
            assert snapshots.setdefault(view["revision"], items) == items
        current = revision(api, ALICE)
        assert current >= max(snapshots) >= previous
        previous = current


ADD_WITH_REVISION = """
mutation ($input: CartItemAddInput!) {
  cartItemAdd(input: $input) {
    ... on CartItemAddSuccess { cart { revision items { id quantity version } } }
  }
}
"""


def test_the_cart_query_with_its_revision_costs_two_commands(api: Harness) -> None:
    add(api, ALICE)
    with api.counter.measure() as counts:
        got = api.data(CART_WITH_REVISION, token=ALICE)["cart"]
    assert got["revision"] == 1
    assert counts == {"find": 2}, counts  # the cart, and the catalog batch


# Plans: changes since, deletions


def test_plans_changed_since_a_time(api: Harness) -> None:
    first = new_plan(api, ALICE, title="one")
    second = new_plan(api, ALICE, title="two")
    mark = now() + timedelta(milliseconds=5)
    api.run(asyncio.sleep(0.01))
    update_plan(api, ALICE, id=first["id"], title="one, edited")
    changed = api.data(PLANS_SINCE, {"since": mark.isoformat()}, token=ALICE)["journeyPlans"]
    assert [e["node"]["id"] for e in changed["edges"]] == [first["id"]]
    everything = api.data(
        PLANS_SINCE, {"since": (mark - timedelta(days=1)).isoformat()}, token=ALICE
    )
    assert len(everything["journeyPlans"]["edges"]) == 2
    assert second["id"] in {e["node"]["id"] for e in everything["journeyPlans"]["edges"]}
    naive = api.execute(PLANS_SINCE, {"since": "2026-01-01T00:00:00"}, token=ALICE)
    assert naive["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


PLANS_SINCE = (
    "query ($since: DateTime!) { journeyPlans(updatedSince: $since) { edges { node { id } } } }"
)
DELETED = "query ($since: DateTime!) { deletedJourneyPlanIds(since: $since) }"


def test_deleted_plans_are_reported_since_a_time(api: Harness) -> None:
    kept = new_plan(api, ALICE)
    gone = new_plan(api, ALICE)
    before = now() - timedelta(seconds=1)
    assert delete_plan(api, ALICE, gone["id"])["deleted"] is True
    delete_plan(api, ALICE, gone["id"])
    assert api.data(DELETED, {"since": before.isoformat()}, token=ALICE)[
        "deletedJourneyPlanIds"
    ] == [gone["id"]]
    later = (now() + timedelta(seconds=1)).isoformat()
    assert api.data(DELETED, {"since": later}, token=ALICE)["deletedJourneyPlanIds"] == []
    assert (
        api.data(DELETED, {"since": before.isoformat()}, token=BOB)["deletedJourneyPlanIds"] == []
    )
    assert (
        kept["id"]
        not in api.data(DELETED, {"since": before.isoformat()}, token=ALICE)[
            "deletedJourneyPlanIds"
        ]
    )


@pytest.mark.parametrize("since", ["2020-01-01T00:00:00+00:00", "2026-01-01T00:00:00"])
def test_deletions_outside_the_kept_window_are_bad_input(api: Harness, since: str) -> None:
    body = api.execute(DELETED, {"since": since}, token=ALICE)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_deleted_ids_need_a_token(api: Harness) -> None:
    response = api.post({"query": DELETED, "variables": {"since": now().isoformat()}})
    assert response.status_code == 401


# Replaying a queue


def test_a_replayed_queue_runs_in_order_once(api: Harness) -> None:
    variables = queue_variables(api, ALICE)
    first = api.data(QUEUE, variables, token=ALICE)
    assert all(v["__typename"].endswith("Success") for v in first.values()), (
        first
    )  # every queued operation applied, in order (q8 needs q7's version)
    before = stored(api, *ALL)
    second = api.data(QUEUE, variables, token=ALICE)
    assert stored(api, *ALL) == before
    assert second["q4"]["__typename"] == "VersionConflictError"
    assert second["q7"]["__typename"] == "JourneyPlanVersionConflictError"
    assert second["q8"]["__typename"] == "JourneyPlanVersionConflictError"
    got = quantities(cart(api, ALICE))
    assert got == {
        (str(EUR[3].id), day(7)): 4,
        (str(EUR[0].id), day(1)): 1,
        (str(EUR[1].id), day(2)): 2,
        (str(EUR[1].id), day(1)): 3,
        (str(EUR[0].id), day(2)): 1,
    }
