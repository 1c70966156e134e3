"""The rules for one line's fields, checked before a line goes into a cart: issues at `path`,
gathered so a client sees all at once. Plain functions, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from graphql_api.domains.cart.models import (
    BOOKING_HORIZON_DAYS,
    MAX_PARTICIPANTS,
    MAX_QUANTITY,
    MAX_SPECIAL_REQUESTS,
    NewLine,
)
from graphql_api.domains.catalog.models import Service, not_bookable
from graphql_api.kernel import clock
from graphql_api.kernel.errors import DomainError, IssueCollector
from graphql_api.kernel.text import check_storable, clean_text


def check_quantity(value: int, path: tuple[str, ...], issues: IssueCollector) -> None:
    if not 1 <= value <= MAX_QUANTITY:
        issues.add(path, f"must be between 1 and {MAX_QUANTITY}")


def check_participants(
    value: int, service: Service | None, path: tuple[str, ...], issues: IssueCollector
) -> None:
    limit = MAX_PARTICIPANTS if service is None else min(service.max_participants, MAX_PARTICIPANTS)
    if not 1 <= value <= limit:
        issues.add(path, f"must be between 1 and {limit} for this service")


def check_booking_date(value: date, path: tuple[str, ...], issues: IssueCollector) -> None:
    first = clock.today()
    last = first + timedelta(days=BOOKING_HORIZON_DAYS)
    if not first <= value <= last:
        issues.add(path, f"must be between {first.isoformat()} and {last.isoformat()}")


def special_requests(
    value: str | None, path: tuple[str, ...], issues: IssueCollector
) -> str | None:
    return clean_text(value, path, issues, limit=MAX_SPECIAL_REQUESTS)


def validated_line(
    line: NewLine, service: Service | None, path: tuple[str, ...], issues: IssueCollector
) -> NewLine:
    """The line as stored: every field checked (issues raised together, with `issues` already
    found), the service bookable, its id canonical, the special requests cleaned."""
    check_storable(line.service_id, (*path, "service_id"), issues)
    check_quantity(line.quantity, (*path, "quantity"), issues)
    check_participants(line.participants, service, (*path, "participants"), issues)
    check_booking_date(line.booking_date, (*path, "booking_date"), issues)
    requests = special_requests(line.special_requests, (*path, "special_requests"), issues)
    issues.raise_if_any()
    if service is None or not service.bookable:
        raise not_bookable(line.service_id, service)
    return NewLine(
        str(service.id),
        line.booking_date,
        line.quantity,
        line.participants,
        requests,
        service.price,
    )


def validated_lines(
    items: Sequence[NewLine], services: Sequence[Service | None]
) -> tuple[list[tuple[int, NewLine]], list[tuple[int, DomainError]]]:
    """Each line validated against its service: those that pass, and why the others fail, by
    their index (a merge takes the first and reports the second)."""
    valid: list[tuple[int, NewLine]] = []
    invalid: list[tuple[int, DomainError]] = []
    for index, (item, service) in enumerate(zip(items, services, strict=True)):
        path = ("items", str(index))
        try:
            valid.append((index, validated_line(item, service, path, IssueCollector())))
        except DomainError as error:
            invalid.append((index, error))
    return valid, invalid
