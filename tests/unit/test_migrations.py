from __future__ import annotations

from graphql_api.catalog.models import Category
from graphql_api.catalog.seed import demo_services, seed_demo
from graphql_api.migrations import MIGRATIONS, applied_numbers, migrate
from tests.harness import Harness


def test_migrations_are_recorded_and_idempotent(api: Harness) -> None:
    # The harness already migrated once.
    assert api.run(applied_numbers(api.mongo)) == {m.number for m in MIGRATIONS}
    assert api.run(migrate(api.mongo)) == []
    names = set(api.run(api.mongo.db.list_collection_names()))
    assert {"services", "cart_items", "journey_plans", "idempotency_keys", "migrations"} <= names


def test_indexes_are_present(api: Harness) -> None:
    def indexes(collection: str) -> dict[str, dict[str, object]]:
        info = api.run(api.mongo.db[collection].index_information())
        # The embedded store reports keys as dict items, a server as a list of pairs.
        return {name: {**spec, "key": list(spec["key"])} for name, spec in info.items()}

    cart = indexes("cart_items")
    assert cart["traveler_service_date_unique"]["key"] == [
        ("traveler_id", 1),
        ("service_id", 1),
        ("booking_date", 1),
    ]
    assert cart["traveler_service_date_unique"]["unique"] is True
    assert cart["traveler_created"]["key"] == [("traveler_id", 1), ("created_at", 1)]
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
