from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from bson import ObjectId

from graphql_api.domains.catalog.models import Category
from graphql_api.domains.catalog.seed import demo_services, seed_demo
from graphql_api.infra.migrations import (
    MIGRATIONS,
    applied_numbers,
    m0004_cart_documents,
    m0006_accepted_prices,
    migrate,
)
from graphql_api.infra.mongo import Mongo
from tests.cart_ops import REMOVE, SERVICES, day
from tests.conftest import make_token
from tests.harness import Harness


def test_migrations_are_recorded_and_idempotent(api: Harness) -> None:
    # The harness already migrated once.
    assert api.run(applied_numbers(api.mongo)) == {m.number for m in MIGRATIONS}
    assert api.run(migrate(api.mongo)) == []
    names = set(api.run(api.mongo.db.list_collection_names()))
    assert {"services", "carts", "journey_plans", "idempotency_keys", "migrations"} <= names
    assert "cart_items" not in names  # moved into `carts` by migration 4


def test_indexes_are_present(api: Harness) -> None:
    def indexes(collection: str) -> dict[str, dict[str, object]]:
        info = api.run(api.mongo.db[collection].index_information())
        # The embedded store reports keys as dict items, a server as a list of pairs.
        return {name: {**spec, "key": list(spec["key"])} for name, spec in info.items()}

    carts = indexes("carts")
    assert carts["traveler_unique"]["key"] == [("traveler_id", 1)]
    assert carts["traveler_unique"]["unique"] is True
    plans = indexes("journey_plans")
    assert plans["traveler_created_desc"]["key"] == [("traveler_id", 1), ("created_at", -1)]
    assert plans["traveler_status"]["key"] == [("traveler_id", 1), ("status", 1)]
    keys = indexes("idempotency_keys")
    assert keys["traveler_key_unique"]["unique"] is True
    assert keys["created_ttl"]["expireAfterSeconds"] == 86400
    services = indexes("services")
    assert services["location"]["key"] == [
        ("location.country", 1),
        ("location.region", 1),
        ("location.district", 1),
        ("location.area", 1),
    ]
    assert services["category"]["key"] == [("category", 1)]
    assert plans["traveler_updated"]["key"] == [("traveler_id", 1), ("updated_at", 1)]
    tombstones = indexes("journey_plan_tombstones")
    assert tombstones["traveler_plan_unique"]["unique"] is True
    ttl = tombstones["deleted_ttl"]["expireAfterSeconds"]
    assert isinstance(ttl, int)
    assert ttl >= 30 * 86400


def test_seed_is_idempotent(api: Harness) -> None:
    count = api.run(api.mongo.db["services"].count_documents({}))
    assert api.run(seed_demo(api.mongo.db)) == count
    assert api.run(api.mongo.db["services"].count_documents({})) == count == len(demo_services())


def test_demo_catalog_covers_the_browsing_cases() -> None:
    services = demo_services()
    assert len(services) >= 30
    assert len({s.location.country for s in services}) >= 3
    assert len({s.location.region for s in services}) >= 6
    assert {s.category for s in services} == set(Category)
    assert len({s.price.currency for s in services}) >= 2
    assert any(not s.active for s in services)
    assert len({s.id for s in services}) == len(services)
    assert demo_services() == services  # deterministic


# Migration 4: cart lines move from `cart_items` into one `carts` document per traveler.

OLD_DAY = (date.today() + timedelta(days=20)).isoformat()


def old_layout(api: Harness) -> dict[str, list[ObjectId]]:
    """Carts as the old layout stored them: a document per line, and a head per traveler."""
    services = [s for s in demo_services() if s.active]
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    docs: list[dict[str, Any]] = []
    kept: dict[str, list[ObjectId]] = {"alice": [], "bob": []}
    for n, (traveler, quantity) in enumerate(
        [("alice", 2), ("alice", 1), ("alice", 0), ("bob", 5), ("bob", -3), ("bob", 1)]
    ):
        oid = ObjectId()
        docs.append(
            {
                "_id": oid,
                "traveler_id": traveler,
                "kind": "line",
                "service_id": str(services[n].id),
                "booking_date": OLD_DAY,
                "quantity": quantity,
                "participants": 1,
                "special_requests": "quiet room" if n == 0 else None,
                "version": 3,
                "created_at": moment + timedelta(minutes=n),
                "updated_at": moment + timedelta(minutes=n, seconds=30),
            }
        )
        if quantity > 0:
            kept[traveler].append(oid)
    docs.append(
        {
            "traveler_id": "alice",
            "kind": "head",
            "service_id": None,
            "booking_date": None,
            "revision": 7,
            "created_at": moment,
            "updated_at": moment + timedelta(hours=1),
        }
    )
    api.run(api.mongo.db["cart_items"].insert_many(docs))
    return kept


def carts_by_traveler(api: Harness) -> dict[str, dict[str, Any]]:
    docs = api.run(api.mongo.db["carts"].find({}, {"_id": 0}).to_list(None))
    return {doc["traveler_id"]: doc for doc in docs}


CART_LINES = "query { cart { revision items { id quantity specialRequests version } } }"


def test_old_cart_lines_move_into_one_document_per_traveler(api: Harness) -> None:
    kept = old_layout(api)
    api.run(m0004_cart_documents.apply(api.mongo))
    assert "cart_items" not in api.run(api.mongo.db.list_collection_names())
    alice = api.data(CART_LINES, token=make_token("alice"))["cart"]
    assert [item["id"] for item in alice["items"]] == [str(oid) for oid in kept["alice"]]
    assert [(i["quantity"], i["version"]) for i in alice["items"]] == [(2, 3), (1, 3)]
    assert alice["items"][0]["specialRequests"] == "quiet room"
    assert alice["revision"] >= 7  # revisions never go back for a client that saw one
    bob = api.data(CART_LINES, token=make_token("bob"))["cart"]
    assert [item["id"] for item in bob["items"]] == [str(oid) for oid in kept["bob"]]
    # The moved carts take new changes like any other.
    result = api.data(REMOVE, {"id": bob["items"][0]["id"]}, token=make_token("bob"))
    assert result["cartItemRemove"]["removed"] is True


def test_a_crash_half_way_and_a_rerun_give_the_result_of_one_clean_run(
    api: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Harness() as clean:
        old_layout(clean)
        clean.run(m0004_cart_documents.apply(clean.mongo))
        expected = carts_by_traveler(clean)

    kept = old_layout(api)
    original = m0004_cart_documents._move
    moved: list[str] = []

    async def crash_after_one(mongo: Mongo, traveler_id: str) -> None:
        if moved:
            raise RuntimeError("process killed")
        await original(mongo, traveler_id)
        moved.append(traveler_id)

    monkeypatch.setattr(m0004_cart_documents, "_move", crash_after_one)
    with pytest.raises(RuntimeError, match="process killed"):
        api.run(m0004_cart_documents.apply(api.mongo))
    assert "cart_items" in api.run(api.mongo.db.list_collection_names())
    monkeypatch.setattr(m0004_cart_documents, "_move", original)
    api.run(m0004_cart_documents.apply(api.mongo))
    api.run(m0004_cart_documents.apply(api.mongo))  # and once more: nothing changes

    def comparable(carts: dict[str, dict[str, Any]]) -> dict[str, Any]:
        return {
            traveler: (doc["version"], [(ln["service_id"], ln["quantity"]) for ln in doc["lines"]])
            for traveler, doc in carts.items()
        }

    got = carts_by_traveler(api)
    assert comparable(got) == comparable(expected)
    assert {t: [ln["id"] for ln in doc["lines"]] for t, doc in got.items()} == kept
    assert "cart_items" not in api.run(api.mongo.db.list_collection_names())


def test_a_line_the_old_layout_gets_later_is_carried_by_the_next_run(api: Harness) -> None:
    old_layout(api)
    api.run(m0004_cart_documents.apply(api.mongo))
    # Say an old-version instance wrote one more line after the move: the next run carries it.
    late = ObjectId()
    service = next(s for s in demo_services() if s.active)
    api.run(
        api.mongo.db["cart_items"].insert_one(
            {
                "_id": late,
                "traveler_id": "alice",
                "kind": "line",
                "service_id": str(service.id),
                "booking_date": (date.today() + timedelta(days=40)).isoformat(),
                "quantity": 4,
                "participants": 1,
                "version": 1,
                "created_at": datetime(2026, 2, 1, tzinfo=UTC),
                "updated_at": datetime(2026, 2, 1, tzinfo=UTC),
            }
        )
    )
    api.run(m0004_cart_documents.apply(api.mongo))
    lines = carts_by_traveler(api)["alice"]["lines"]
    assert [ln["quantity"] for ln in lines if ln["id"] == late] == [4]
    assert "cart_items" not in api.run(api.mongo.db.list_collection_names())


def test_lines_stored_without_an_accepted_price_get_todays_price(api: Harness) -> None:
    alice = make_token("alice")
    service = next(s for s in SERVICES if s.active)
    added = api.data(
        "mutation ($input: CartItemAddInput!) { cartItemAdd(input: $input) { __typename } }",
        {"input": {"serviceId": str(service.id), "bookingDate": day(3)}},
        token=alice,
    )
    assert added["cartItemAdd"]["__typename"] == "CartItemAddSuccess"
    # As stored by the release before: no accepted price on the line.
    carts = api.mongo.db["carts"]
    api.run(carts.update_one({}, {"$unset": {"lines.0.accepted_price": ""}}))
    read = "query { cart { revision items { acceptedUnitPrice { amount } warnings { code } } } }"
    before = api.data(read, token=alice)["cart"]
    assert before["items"][0]["acceptedUnitPrice"] is None
    api.run(m0006_accepted_prices.apply(api.mongo))
    after = api.data(read, token=alice)["cart"]
    assert after["items"][0]["acceptedUnitPrice"] == {"amount": str(service.price.amount)}
    assert after["items"][0]["warnings"] == []
    assert after["revision"] == before["revision"] + 1
    api.run(m0006_accepted_prices.apply(api.mongo))  # again: nothing left to do
    assert api.data(read, token=alice)["cart"] == after
