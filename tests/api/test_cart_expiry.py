"""Carts expire CART_TTL_DAYS after their last change (a write renews them); an expired cart reads
as empty, before and after the TTL index's monitor removes it; lines whose date passed long ago
go with the next write."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from pymongo.errors import OperationFailure

from graphql_api.kernel import clock
from tests.cart_ops import ACTIVE, add
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests

ALICE = make_token("alice")
SERVICE = ACTIVE[0]
READ = "query { cart { revision expiresAt updatedAt items { bookingDate warnings { code } } } }"


def read(api: Harness) -> dict[str, Any]:
    cart: dict[str, Any] = api.data(READ, token=ALICE)["cart"]
    return cart


def add_on(api: Harness, moment: datetime, days_ahead: int = 5) -> None:
    day = (moment.date() + timedelta(days=days_ahead)).isoformat()
    result = add(api, ALICE, serviceId=str(SERVICE.id), bookingDate=day)
    assert result["__typename"] == "CartItemAddSuccess", result


@pytest.fixture
def moment(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The API's clock, moved by the test: `moment[0] = ...`."""
    now = [clock.now()]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    return now


def test_a_cart_expires_its_ttl_after_the_last_change_and_a_write_renews_it(
    api: Harness, moment: list[datetime]
) -> None:
    start = moment[0]
    add_on(api, start, days_ahead=120)
    cart = read(api)
    assert datetime.fromisoformat(cart["expiresAt"]) == start + timedelta(days=90)
    moment[0] = start + timedelta(days=60)
    add_on(api, moment[0], days_ahead=30)  # renews: 90 days from now
    moment[0] = start + timedelta(days=100)
    cart = read(api)
    assert len(cart["items"]) == 2
    assert datetime.fromisoformat(cart["expiresAt"]) == start + timedelta(days=150)
    # Past it, the cart (still stored: the embedded store has no TTL monitor) reads empty.
    moment[0] = start + timedelta(days=151)
    assert read(api) == {"revision": 0, "expiresAt": None, "updatedAt": None, "items": []}
    add_on(api, moment[0])  # and the next write starts a new cart in its place
    cart = read(api)
    assert (cart["revision"], len(cart["items"])) == (1, 1)
    assert len(api.run(api.mongo.db["carts"].find({}).to_list(None))) == 1


def test_lines_whose_date_passed_long_ago_go_with_the_next_write(
    api: Harness, moment: list[datetime]
) -> None:
    start = moment[0]
    add_on(api, start, days_ahead=1)  # passes 8 days later
    add_on(api, start, days_ahead=5)  # passes 4 days later
    moment[0] = start + timedelta(days=9)
    kept = read(api)["items"]  # a read drops nothing
    assert [w["code"] for line in kept for w in line["warnings"]] == ["BOOKING_DATE_PASSED"] * 2
    add_on(api, moment[0])
    dates = [line["bookingDate"] for line in read(api)["items"]]
    assert dates == [
        (start.date() + timedelta(days=5)).isoformat(),  # 4 days past: kept, warning
        (moment[0].date() + timedelta(days=5)).isoformat(),
    ]


def test_with_a_ttl_of_zero_carts_never_expire(moment: list[datetime]) -> None:
    with Harness(settings_for_tests(cart_ttl_days=0)) as api:
        add_on(api, moment[0])
        assert read(api)["expiresAt"] is None
        (doc,) = api.run(api.mongo.db["carts"].find({}).to_list(None))
        assert "expires_at" not in doc
        moment[0] += timedelta(days=3650)
        assert len(read(api)["items"]) == 1


def run_ttl_monitor(api: Harness) -> None:
    """One pass of the TTL monitor now: the wire server's own command, else (a real mongod)
    a one-second monitor and a wait for it."""
    admin = api.mongo.db.client["admin"]
    try:
        api.run(admin.command({"secantusAdmin.pruneTtl": 1}))
    except OperationFailure:
        api.run(admin.command({"setParameter": 1, "ttlMonitorSleepSecs": 1}))
        time.sleep(3)


@pytest.mark.wire
def test_an_expired_cart_reads_empty_before_and_after_the_ttl_monitor(
    api: Harness,
) -> None:
    add_on(api, clock.now())
    carts = api.mongo.db["carts"]
    # As if its 90 days were over (the clock cannot move the server's monitor).
    api.run(carts.update_one({}, {"$set": {"expires_at": clock.now() - timedelta(seconds=5)}}))
    assert read(api)["items"] == []
    assert api.run(carts.count_documents({})) == 1  # the monitor has not run yet
    run_ttl_monitor(api)
    assert api.run(carts.count_documents({})) == 0  # the index removed it
    assert read(api)["items"] == []
    add_on(api, clock.now())
    cart = read(api)
    assert (cart["revision"], len(cart["items"])) == (1, 1)
    assert cart["expiresAt"] is not None
