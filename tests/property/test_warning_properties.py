"""A line's warnings are exactly those its terms, its service as the catalog has it, and today
imply: one rule per code, checked for generated pairs."""

from __future__ import annotations

from datetime import date, timedelta

from bson import ObjectId
from hypothesis import given
from hypothesis import strategies as st

from graphql_api.domains.catalog.models import Category, Location, Service
from graphql_api.domains.catalog.warnings import WarningCode, line_warnings
from graphql_api.kernel.money import MoneyValue

TODAY = date(2027, 3, 14)
prices = st.builds(MoneyValue, st.integers(0, 5), st.sampled_from(["EUR", "JPY"]))
services = st.none() | st.builds(
    lambda price, active, most: Service(
        ObjectId(), "A tour", Category.TOUR, "", price, Location("Italy"), most, active
    ),
    prices,
    st.booleans(),
    st.integers(1, 6),
)


@given(
    st.integers(-3, 3),
    st.integers(1, 8),
    st.none() | prices,
    services,
)
def test_warnings_are_exactly_what_the_line_service_and_day_imply(
    offset: int, participants: int, accepted: MoneyValue | None, service: Service | None
) -> None:
    booking = TODAY + timedelta(days=offset)
    found = [w.code for w in line_warnings(booking, participants, accepted, service, TODAY)]
    priced = service is not None and accepted is not None
    expected = {
        WarningCode.PRICE_CHANGED: priced
        and accepted.currency == service.price.currency  # type: ignore[union-attr]
        and accepted.amount_minor != service.price.amount_minor,  # type: ignore[union-attr]
        WarningCode.CURRENCY_CHANGED: priced and accepted.currency != service.price.currency,  # type: ignore[union-attr]
        WarningCode.SERVICE_INACTIVE: service is not None and not service.active,
        WarningCode.SERVICE_REMOVED: service is None,
        WarningCode.BOOKING_DATE_PASSED: booking < TODAY,
        WarningCode.PARTICIPANTS_ABOVE_MAX: service is not None
        and participants > service.max_participants,
    }
    assert found == [code for code in WarningCode if expected[code]]  # each once, in order
    for warning in line_warnings(booking, participants, accepted, service, TODAY):
        assert warning.message
