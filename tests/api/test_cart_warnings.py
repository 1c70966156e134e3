"""Cart lines tell the truth about a catalog that moved on: each warning made to happen in the
database as the catalog's owner would (the `services` collection), read back through the API;
accepting prices; checkout refused, then possible once fixed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from graphql_api.kernel.clock import today
from tests.cart_ops import ACTIVE, add, day
from tests.conftest import make_token
from tests.harness import Harness
from tests.sync_ops import checkout, stored

ALICE = make_token("alice")
SERVICE = next(s for s in ACTIVE if s.price.currency == "EUR" and s.max_participants >= 2)

READ = """
query {
  cart {
    revision
    items { id unitPrice { amount currencyCode } acceptedUnitPrice { amount currencyCode }
            warnings { code message } }
    warnings { code message }
  }
}
"""
ACCEPT = """
mutation ($input: CartAcceptPricesInput) {
  cartAcceptPrices(input: $input) {
    __typename
    ... on CartAcceptPricesSuccess { acceptedCount cart { revision items { warnings { code } } } }
    ... on Error { code message }
  }
}
"""


def read(api: Harness) -> dict[str, Any]:
    cart: dict[str, Any] = api.data(READ, token=ALICE)["cart"]
    return cart


def accept(api: Harness, **options: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.data(ACCEPT, {"input": options or None}, token=ALICE)[
        "cartAcceptPrices"
    ]
    return result


def one_line(api: Harness, participants: int = 2) -> None:
    result = add(
        api, ALICE, serviceId=str(SERVICE.id), bookingDate=day(5), participants=participants
    )
    assert result["__typename"] == "CartItemAddSuccess", result


def catalog(api: Harness, change: dict[str, Any]) -> None:
    api.run(api.mongo.db["services"].update_one({"_id": SERVICE.id}, change))


def codes(cart: dict[str, Any]) -> list[str]:
    (line,) = cart["items"]
    found = [w["code"] for w in line["warnings"]]
    assert [w["code"] for w in cart["warnings"]] == found  # the cart lists its lines' warnings
    return found


def test_a_fresh_line_has_no_warning_and_its_price_accepted(api: Harness) -> None:
    one_line(api)
    cart = read(api)
    assert codes(cart) == []
    (line,) = cart["items"]
    assert line["acceptedUnitPrice"] == line["unitPrice"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"$inc": {"price.amount_minor": 500}}, "PRICE_CHANGED"),
        ({"$set": {"price.currency": "GBP"}}, "CURRENCY_CHANGED"),
        ({"$set": {"active": False}}, "SERVICE_INACTIVE"),
        ({"$set": {"max_participants": 1}}, "PARTICIPANTS_ABOVE_MAX"),
    ],
)
def test_a_catalog_change_shows_as_the_lines_warning(
    api: Harness, change: dict[str, Any], code: str
) -> None:
    one_line(api)
    catalog(api, change)
    cart = read(api)
    assert codes(cart) == [code]
    assert cart["items"][0]["warnings"][0]["message"]


def test_a_service_gone_from_the_catalog(api: Harness) -> None:
    one_line(api)
    api.run(api.mongo.db["services"].delete_one({"_id": SERVICE.id}))
    assert codes(read(api)) == ["SERVICE_REMOVED"]


def test_a_booking_date_that_passed(api: Harness) -> None:
    # Time passing for a line added weeks ago: its stored date is now yesterday.
    one_line(api)
    yesterday = (today() - timedelta(days=1)).isoformat()
    api.run(api.mongo.db["carts"].update_one({}, {"$set": {"lines.0.booking_date": yesterday}}))
    assert codes(read(api)) == ["BOOKING_DATE_PASSED"]


def test_a_new_price_shows_both_prices_and_accepting_clears_it_once(api: Harness) -> None:
    one_line(api)
    catalog(api, {"$inc": {"price.amount_minor": 500}})
    cart = read(api)
    (line,) = cart["items"]
    assert line["acceptedUnitPrice"]["amount"] != line["unitPrice"]["amount"]
    assert line["acceptedUnitPrice"]["amount"] in line["warnings"][0]["message"]
    assert line["unitPrice"]["amount"] in line["warnings"][0]["message"]
    accepted = accept(api, expectedRevision=cart["revision"])
    assert accepted["__typename"] == "CartAcceptPricesSuccess", accepted
    assert accepted["acceptedCount"] == 1
    assert accepted["cart"]["items"][0]["warnings"] == []
    assert accepted["cart"]["revision"] == cart["revision"] + 1
    again = accept(api)
    assert (again["acceptedCount"], again["cart"]["revision"]) == (0, cart["revision"] + 1)
    (line,) = read(api)["items"]
    assert line["acceptedUnitPrice"] == line["unitPrice"]


def test_accepting_at_a_stale_revision_changes_nothing(api: Harness) -> None:
    one_line(api)
    catalog(api, {"$inc": {"price.amount_minor": 500}})
    revision = read(api)["revision"]
    before = stored(api, "carts")
    result = accept(api, expectedRevision=revision - 1)
    assert result["__typename"] == "CartRevisionConflictError", result
    assert stored(api, "carts") == before


def test_a_keyed_accept_applies_once(api: Harness) -> None:
    one_line(api)
    catalog(api, {"$inc": {"price.amount_minor": 500}})
    first = accept(api, idempotencyKey="accept-1")
    catalog(api, {"$inc": {"price.amount_minor": 500}})
    retry = accept(api, idempotencyKey="accept-1")
    # The first answer, nothing written again: the second price change is not accepted by it
    # (and the cart, read now, says so).
    assert (retry["acceptedCount"], retry["cart"]["revision"]) == (1, first["cart"]["revision"])
    assert codes(read(api)) == ["PRICE_CHANGED"]


def test_checkout_refuses_a_cart_with_warnings_then_succeeds_once_accepted(
    api: Harness,
) -> None:
    one_line(api)
    catalog(api, {"$inc": {"price.amount_minor": 500}})
    before = stored(api, "carts", "journey_plans")
    refused = checkout(api, ALICE, "co-warned")
    assert refused["__typename"] == "CartHasWarningsError", refused
    assert refused["codes"] == ["PRICE_CHANGED"]
    assert refused["lineIds"] == [read(api)["items"][0]["id"]]
    assert stored(api, "carts", "journey_plans") == before
    accept(api)
    done = checkout(api, ALICE, "co-accepted")
    assert done["__typename"] == "CartCheckoutSuccess", done
    price = SERVICE.price.amount_minor + 500
    assert int(done["journeyPlan"]["totalCost"]["amount"].replace(".", "")) == price
