from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest

from graphql_api.infra import idempotency
from graphql_api.kernel.clock import now, today
from tests.cart_ops import (
    ACTIVE,
    ADD,
    CART,
    CLEAR,
    INACTIVE,
    REMOVE,
    ROOMY,
    UPDATE,
    add,
    cart,
    day,
    stored_cart_docs,
    update,
)
from tests.conftest import make_token
from tests.harness import Harness

ALICE = make_token("alice")
BOB = make_token("bob")
EUR = next(s for s in ACTIVE if s.price.currency == "EUR")
JPY = next(s for s in ACTIVE if s.price.currency == "JPY")


def test_new_cart_is_empty_with_null_updated_at(api: Harness) -> None:
    assert cart(api, ALICE) == {
        "items": [],
        "itemCount": 0,
        "totalQuantity": 0,
        "updatedAt": None,
        "subtotals": [],
    }


def test_add_returns_the_line_and_the_whole_cart(api: Harness) -> None:
    result = add(
        api,
        ALICE,
        serviceId=str(EUR.id),
        quantity=3,
        participants=2,
        specialRequests="  window seat  ",
    )
    assert result["__typename"] == "CartItemAddSuccess"
    item = result["cartItem"]
    assert item["serviceId"] == str(EUR.id)
    assert (item["quantity"], item["participants"], item["version"]) == (3, 2, 1)
    assert item["specialRequests"] == "window seat"
    assert item["available"] is True
    assert item["unitPrice"] == {"amount": str(EUR.price.amount), "currencyCode": "EUR"}
    assert item["subtotal"] == {"amount": str(EUR.price.times(3).amount), "currencyCode": "EUR"}
    assert result["cart"] == cart(api, ALICE)
    assert result["cart"]["items"] == [item]
    assert result["cart"]["updatedAt"] is not None


def test_subtotals_are_exact_per_currency_and_sorted(api: Harness) -> None:
    add(api, ALICE, serviceId=str(JPY.id), quantity=2)
    add(api, ALICE, serviceId=str(EUR.id), quantity=3)
    other_eur = next(s for s in ACTIVE if s.price.currency == "EUR" and s.id != EUR.id)
    add(api, ALICE, serviceId=str(other_eur.id), quantity=1)
    got = cart(api, ALICE)
    eur_total = EUR.price.times(3).amount_minor + other_eur.price.amount_minor
    assert got["subtotals"] == [
        {"amount": f"{eur_total / 100:.2f}", "currencyCode": "EUR"},
        {"amount": str(JPY.price.times(2).amount_minor), "currencyCode": "JPY"},
    ]
    assert (got["itemCount"], got["totalQuantity"]) == (3, 6)
    assert [i["serviceId"] for i in got["items"]] == [str(JPY.id), str(EUR.id), str(other_eur.id)]


def test_add_merges_same_service_and_date(api: Harness) -> None:
    svc = ROOMY[0]
    first = add(api, ALICE, serviceId=str(svc.id), quantity=2, specialRequests="vegan")
    merged = add(api, ALICE, serviceId=str(svc.id), quantity=3, participants=3)
    item = merged["cartItem"]
    assert item["id"] == first["cartItem"]["id"]
    assert (item["quantity"], item["participants"], item["version"]) == (5, 3, 2)
    assert item["specialRequests"] == "vegan"  # not sent, so kept
    replaced = add(api, ALICE, serviceId=str(svc.id), specialRequests=None)
    assert replaced["cartItem"]["specialRequests"] is None  # sent as null, so replaced
    assert cart(api, ALICE)["itemCount"] == 1
    other_day = add(api, ALICE, serviceId=str(svc.id), bookingDate=day(11))
    assert other_day["cartItem"]["id"] != item["id"]
    assert cart(api, ALICE)["itemCount"] == 2


def test_every_invalid_field_is_reported_and_nothing_written(api: Harness) -> None:
    before = stored_cart_docs(api)
    result = api.data(
        ADD,
        {
            "input": {
                "serviceId": str(ACTIVE[0].id),
                "bookingDate": (today() - timedelta(days=1)).isoformat(),
                "quantity": 0,
                "participants": 0,
                "specialRequests": "x" * 501,
                "idempotencyKey": "bad key!",
            }
        },
        token=ALICE,
    )["cartItemAdd"]
    assert result["__typename"] == "ValidationError"
    assert result["code"] == "INVALID_INPUT"
    # Every field, the key included, is checked before anything is claimed or written.
    assert sorted(i["field"][1] for i in result["issues"]) == [
        "bookingDate",
        "idempotencyKey",
        "participants",
        "quantity",
        "specialRequests",
    ]
    result = api.data(
        ADD,
        {
            "input": {
                "serviceId": str(ACTIVE[0].id),
                "bookingDate": (today() + timedelta(days=731)).isoformat(),
                "quantity": 100,
                "participants": 0,
                "specialRequests": "x" * 501,
            }
        },
        token=ALICE,
    )["cartItemAdd"]
    assert sorted(i["field"][1] for i in result["issues"]) == [
        "bookingDate",
        "participants",
        "quantity",
        "specialRequests",
    ]
    assert stored_cart_docs(api) == before


def test_booking_window_edges(api: Harness) -> None:
    assert add(api, ALICE, bookingDate=day(0))["__typename"] == "CartItemAddSuccess"
    assert add(api, ALICE, bookingDate=day(730))["__typename"] == "CartItemAddSuccess"
    assert add(api, ALICE, bookingDate=day(731))["__typename"] == "ValidationError"


def test_participants_bounded_by_the_service(api: Harness) -> None:
    small = next(s for s in ACTIVE if s.max_participants == 1)
    result = add(api, ALICE, serviceId=str(small.id), participants=2)
    assert result["__typename"] == "ValidationError"
    assert result["issues"][0]["field"] == ["input", "participants"]
    assert "1 and 1" in result["issues"][0]["message"]


@pytest.mark.parametrize(
    "service_id", [str(INACTIVE[0].id), "000000000000000000000000", "not-an-id", ""]
)
def test_unbookable_services_are_refused(api: Harness, service_id: str) -> None:
    result = add(api, ALICE, serviceId=service_id)
    assert result["__typename"] == "ServiceNotBookableError"
    assert result["code"] == "SERVICE_NOT_BOOKABLE"
    assert result["serviceId"] == service_id
    assert cart(api, ALICE)["itemCount"] == 0


def test_merged_quantity_above_99_is_limit_exceeded(api: Harness) -> None:
    add(api, ALICE, quantity=60)
    before = stored_cart_docs(api)
    result = add(api, ALICE, quantity=40)
    assert (result["__typename"], result["code"], result["limit"]) == (
        "LimitExceededError",
        "LIMIT_EXCEEDED",
        99,
    )
    assert stored_cart_docs(api) == before
    assert add(api, ALICE, quantity=39)["cartItem"]["quantity"] == 99


def test_at_most_50_lines(api: Harness) -> None:
    for offset in range(50):
        assert add(api, ALICE, bookingDate=day(offset))["__typename"] == "CartItemAddSuccess"
    before = stored_cart_docs(api)
    result = add(api, ALICE, bookingDate=day(60))
    assert (result["__typename"], result["limit"]) == ("LimitExceededError", 50)
    assert stored_cart_docs(api) == before
    # Merging into an existing line still works on a full cart.
    assert add(api, ALICE, bookingDate=day(0))["cartItem"]["quantity"] == 2


def test_update_is_partial_and_versioned(api: Harness) -> None:
    svc = ROOMY[0]
    item = add(api, ALICE, serviceId=str(svc.id), participants=2, specialRequests="early")[
        "cartItem"
    ]
    result = update(api, ALICE, id=item["id"], quantity=4)
    assert result["__typename"] == "CartItemUpdateSuccess"
    changed = result["cartItem"]
    assert (changed["quantity"], changed["participants"], changed["specialRequests"]) == (
        4,
        2,
        "early",
    )
    assert changed["version"] == 2
    assert result["cart"]["items"] == [changed]
    moved = update(api, ALICE, id=item["id"], bookingDate=day(20), specialRequests=None)
    assert moved["cartItem"]["bookingDate"] == day(20)
    assert moved["cartItem"]["specialRequests"] is None
    assert moved["cartItem"]["version"] == 3
    unchanged = update(api, ALICE, id=item["id"])
    assert unchanged["cartItem"]["version"] == 3


def test_stale_expected_version_conflicts_and_changes_nothing(api: Harness) -> None:
    item = add(api, ALICE)["cartItem"]
    update(api, ALICE, id=item["id"], quantity=2)  # now version 2
    before = stored_cart_docs(api)
    result = update(api, ALICE, id=item["id"], quantity=7, expectedVersion=1)
    assert (result["__typename"], result["code"]) == ("VersionConflictError", "VERSION_CONFLICT")
    assert result["current"]["version"] == 2
    assert result["current"]["quantity"] == 2
    assert stored_cart_docs(api) == before
    ok = update(api, ALICE, id=item["id"], quantity=7, expectedVersion=2)
    assert ok["cartItem"]["version"] == 3


def test_moving_onto_an_occupied_date_is_refused(api: Harness) -> None:
    first = add(api, ALICE, bookingDate=day(5))["cartItem"]
    add(api, ALICE, bookingDate=day(6))
    before = stored_cart_docs(api)
    result = update(api, ALICE, id=first["id"], bookingDate=day(6))
    assert result["__typename"] == "ValidationError"
    assert result["issues"][0]["field"] == ["input", "bookingDate"]
    assert stored_cart_docs(api) == before


def test_update_validation_reports_every_field(api: Harness) -> None:
    item = add(api, ALICE)["cartItem"]
    result = update(
        api,
        ALICE,
        id=item["id"],
        quantity=None,
        participants=0,
        bookingDate=day(-1),
        specialRequests="y" * 501,
    )
    assert result["__typename"] == "ValidationError"
    assert sorted(i["field"][1] for i in result["issues"]) == [
        "bookingDate",
        "participants",
        "quantity",
        "specialRequests",
    ]


@pytest.mark.parametrize("line_id", ["000000000000000000000000", "garbage", "foreign"])
def test_update_of_unknown_or_foreign_line_is_not_found(api: Harness, line_id: str) -> None:
    if line_id == "foreign":
        line_id = add(api, BOB)["cartItem"]["id"]
    before = stored_cart_docs(api)
    result = update(api, ALICE, id=line_id, quantity=2)
    assert (result["__typename"], result["code"]) == ("NotFoundError", "NOT_FOUND")
    assert stored_cart_docs(api) == before


def test_update_of_a_line_whose_service_left_is_refused(api: Harness) -> None:
    item = add(api, ALICE)["cartItem"]
    api.run(api.mongo.db["services"].update_one({"_id": ACTIVE[0].id}, {"$set": {"active": False}}))
    assert cart(api, ALICE)["items"][0]["available"] is False
    assert cart(api, ALICE)["subtotals"] == []
    result = update(api, ALICE, id=item["id"], quantity=2)
    assert result["__typename"] == "ServiceNotBookableError"
    api.run(api.mongo.db["services"].delete_one({"_id": ACTIVE[0].id}))
    gone = api.data(
        "query { cart { items { service { id } available unitPrice { amount } } } }",
        token=ALICE,
    )
    assert gone["cart"]["items"] == [{"service": None, "available": False, "unitPrice": None}]


def test_remove_and_clear_are_idempotent(api: Harness) -> None:
    a = add(api, ALICE, bookingDate=day(1))["cartItem"]
    add(api, ALICE, bookingDate=day(2))
    bobs = add(api, BOB)["cartItem"]
    first = api.data(REMOVE, {"id": a["id"]}, token=ALICE)["cartItemRemove"]
    assert first["removed"] is True
    assert first["cart"]["itemCount"] == 1
    for line_id in (a["id"], "nope", "000000000000000000000000", bobs["id"]):
        again = api.data(REMOVE, {"id": line_id}, token=ALICE)["cartItemRemove"]
        assert again == {**first, "removed": False}
    assert cart(api, BOB)["itemCount"] == 1
    cleared = api.data(CLEAR, token=ALICE)["cartClear"]
    assert cleared["removedCount"] == 1
    assert cleared["cart"]["items"] == []
    assert cleared["cart"]["updatedAt"] is not None  # the cart had items once
    assert api.data(CLEAR, token=ALICE)["cartClear"] == {**cleared, "removedCount": 0}
    assert cart(api, BOB)["itemCount"] == 1


def test_carts_are_private_to_their_traveler(api: Harness) -> None:
    mine = add(api, ALICE)["cartItem"]
    assert cart(api, BOB)["items"] == []
    assert update(api, BOB, id=mine["id"], quantity=9)["__typename"] == "NotFoundError"
    assert api.data(REMOVE, {"id": mine["id"]}, token=BOB)["cartItemRemove"]["removed"] is False
    api.data(CLEAR, token=BOB)
    assert cart(api, ALICE)["items"] == [mine]


CART_OPERATIONS = {
    "cart": (CART, {}),
    "add": (ADD, {"input": {"serviceId": str(ACTIVE[0].id), "bookingDate": day()}}),
    "update": (UPDATE, {"input": {"id": "000000000000000000000000", "quantity": 2}}),
    "remove": (REMOVE, {"id": "000000000000000000000000"}),
    "clear": (CLEAR, {}),
}


@pytest.mark.parametrize("operation", CART_OPERATIONS.keys())
@pytest.mark.parametrize("token", [None, "garbage", make_token("alice", ttl=-3600)])
def test_every_cart_operation_needs_a_valid_token(
    api: Harness, operation: str, token: str | None
) -> None:
    document, variables = CART_OPERATIONS[operation]
    before = stored_cart_docs(api)
    response = api.post({"query": document, "variables": variables}, token=token)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert stored_cart_docs(api) == before


# Idempotency


def test_retry_with_the_same_key_adds_once(api: Harness) -> None:
    first = add(api, ALICE, quantity=2, idempotencyKey="retry-1")
    second = add(api, ALICE, quantity=2, idempotencyKey="retry-1")
    assert second["cartItem"] == first["cartItem"]
    assert second["cart"]["totalQuantity"] == 2
    assert second["cart"] == first["cart"]


def test_same_key_with_a_different_input_is_refused(api: Harness) -> None:
    add(api, ALICE, quantity=2, idempotencyKey="k-1")
    before = stored_cart_docs(api)
    result = add(api, ALICE, quantity=3, idempotencyKey="k-1")
    assert (result["__typename"], result["code"]) == (
        "IdempotencyKeyReusedError",
        "IDEMPOTENCY_KEY_REUSED",
    )
    assert stored_cart_docs(api) == before


def test_keys_are_per_traveler(api: Harness) -> None:
    add(api, ALICE, idempotencyKey="shared")
    assert add(api, BOB, quantity=5, idempotencyKey="shared")["cartItem"]["quantity"] == 5


def test_a_failed_attempt_does_not_burn_the_key(api: Harness) -> None:
    result = add(api, ALICE, serviceId=str(INACTIVE[0].id), idempotencyKey="k-2")
    assert result["__typename"] == "ServiceNotBookableError"
    assert add(api, ALICE, idempotencyKey="k-2")["__typename"] == "CartItemAddSuccess"


def test_keys_expire_after_24_hours(api: Harness) -> None:
    add(api, ALICE, idempotencyKey="old")
    api.run(
        api.mongo.db["idempotency_keys"].update_one(
            {"key": "old"}, {"$set": {"created_at": now() - timedelta(hours=24, seconds=1)}}
        )
    )
    again = add(api, ALICE, idempotencyKey="old")
    assert again["cartItem"]["quantity"] == 2


def test_a_key_held_by_a_live_request_is_unavailable(
    api: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idempotency, "WAIT_FOR_OTHER_SECONDS", 0.1)
    payload = {"serviceId": str(ACTIVE[0].id), "bookingDate": day()}
    add(api, ALICE, idempotencyKey="busy")
    api.run(
        api.mongo.db["idempotency_keys"].update_one(
            {"key": "busy"},
            {"$set": {"state": "pending", "lease_until": now() + timedelta(seconds=30)}},
        )
    )
    body = api.execute(ADD, {"input": {**payload, "idempotencyKey": "busy"}}, token=ALICE)
    assert body["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
    assert cart(api, ALICE)["totalQuantity"] == 1


def test_an_abandoned_attempt_is_taken_over_without_adding_twice(api: Harness) -> None:
    # A request added the line, then died before recording its result.
    add(api, ALICE, quantity=3, idempotencyKey="crash")
    api.run(
        api.mongo.db["idempotency_keys"].update_one(
            {"key": "crash"},
            {"$set": {"state": "pending", "lease_until": now() - timedelta(seconds=1)}},
        )
    )
    retried = add(api, ALICE, quantity=3, idempotencyKey="crash")
    assert retried["cartItem"]["quantity"] == 3
    assert cart(api, ALICE)["totalQuantity"] == 3
    assert add(api, ALICE, quantity=3, idempotencyKey="crash")["cartItem"]["quantity"] == 3


# Concurrency


def concurrently(api: Harness, count: int, variables: dict[str, Any]) -> list[Any]:
    async def many() -> list[Any]:
        requests = [
            api.http.post(
                "/graphql",
                json={"query": ADD, "variables": variables},
                headers={"Authorization": f"Bearer {ALICE}"},
            )
            for _ in range(count)
        ]
        return [r.json() for r in await asyncio.gather(*requests)]

    return api.run(many())


@pytest.mark.wire
def test_concurrent_identical_adds_leave_one_line(api: Harness) -> None:
    variables = {"input": {"serviceId": str(ACTIVE[0].id), "bookingDate": day()}}
    bodies = concurrently(api, 20, variables)
    assert all(b["data"]["cartItemAdd"]["__typename"] == "CartItemAddSuccess" for b in bodies)
    got = cart(api, ALICE)
    assert got["itemCount"] == 1
    assert got["items"][0]["quantity"] == 20
    assert got["items"][0]["version"] == 20


@pytest.mark.wire
def test_concurrent_adds_with_one_key_add_once(api: Harness) -> None:
    variables = {
        "input": {"serviceId": str(ACTIVE[0].id), "bookingDate": day(), "idempotencyKey": "race"}
    }
    bodies = concurrently(api, 10, variables)
    items = {b["data"]["cartItemAdd"]["cartItem"]["id"] for b in bodies}
    assert len(items) == 1
    assert cart(api, ALICE)["totalQuantity"] == 1


# Cost and logs


@pytest.mark.parametrize("lines", [1, 50])
def test_cart_query_costs_two_commands(api: Harness, lines: int) -> None:
    for offset in range(lines):
        add(api, ALICE, serviceId=str(ACTIVE[offset % len(ACTIVE)].id), bookingDate=day(offset))
    full = """
    query {
      cart {
        items {
          service { name price { amount } } available unitPrice { amount } subtotal { amount }
          acceptedUnitPrice { amount } warnings { code message }
        }
        subtotals { amount }
        warnings { code }
        updatedAt
      }
    }
    """
    with api.counter.measure() as counts:
        data = api.data(full, token=ALICE)
    assert len(data["cart"]["items"]) == lines
    assert sum(counts.values()) <= 2, counts


def test_failed_mutations_log_one_line_with_the_code(
    api: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="graphql_api.mutations"):
        add(api, ALICE, serviceId=str(INACTIVE[0].id), specialRequests="my secret note")
    lines = [r.getMessage() for r in caplog.records if "failed" in r.getMessage()]
    assert lines == ["mutation cartItemAdd failed: SERVICE_NOT_BOOKABLE"]
    assert not any("my secret note" in r.getMessage() for r in caplog.records)
