"""What may stand in the way of booking a service as a cart line or a plan holds it, now that the
catalog and the calendar moved on: computed on every read from the booking's terms, the service as
the catalog has it, and today (UTC). Plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from graphql_api.domains.catalog.models import Service
from graphql_api.kernel.money import MoneyValue


class WarningCode(Enum):
    PRICE_CHANGED = "PRICE_CHANGED"
    SERVICE_INACTIVE = "SERVICE_INACTIVE"
    SERVICE_REMOVED = "SERVICE_REMOVED"
    BOOKING_DATE_PASSED = "BOOKING_DATE_PASSED"
    PARTICIPANTS_ABOVE_MAX = "PARTICIPANTS_ABOVE_MAX"
    CURRENCY_CHANGED = "CURRENCY_CHANGED"


@dataclass(frozen=True, slots=True)
class LineWarning:
    code: WarningCode
    message: str


def _money(value: MoneyValue) -> str:
    return f"{value.amount} {value.currency}"


def line_warnings(
    booking_date: date | None,
    participants: int,
    accepted_price: MoneyValue | None,
    service: Service | None,
    today: date,
) -> tuple[LineWarning, ...]:
    """The warnings for a line (a cart's, or a plan's service) in the order of WarningCode."""
    found: list[LineWarning] = []
    if service is not None and accepted_price is not None:
        now = service.price
        if now.currency != accepted_price.currency:
            found.append(
                LineWarning(
                    WarningCode.CURRENCY_CHANGED,
                    f"{service.name} is now priced in {now.currency} ({_money(now)}), not "
                    f"{accepted_price.currency}: accept the new price or remove the line",
                )
            )
        elif now.amount_minor != accepted_price.amount_minor:
            found.append(
                LineWarning(
                    WarningCode.PRICE_CHANGED,
                    f"The price of {service.name} changed from {_money(accepted_price)} to "
                    f"{_money(now)}: accept the new price or remove the line",
                )
            )
    if service is not None and not service.active:
        found.append(
            LineWarning(
                WarningCode.SERVICE_INACTIVE, f"{service.name} cannot be booked at the moment"
            )
        )
    if service is None:
        found.append(
            LineWarning(WarningCode.SERVICE_REMOVED, "This service is no longer in the catalog")
        )
    if booking_date is not None and booking_date < today:
        found.append(
            LineWarning(
                WarningCode.BOOKING_DATE_PASSED,
                f"The booking date {booking_date.isoformat()} has passed: choose another date",
            )
        )
    if service is not None and participants > service.max_participants:
        found.append(
            LineWarning(
                WarningCode.PARTICIPANTS_ABOVE_MAX,
                f"{service.name} now takes at most {service.max_participants} participants, "
                f"not {participants}",
            )
        )
    order = list(WarningCode)
    return tuple(sorted(found, key=lambda w: order.index(w.code)))
