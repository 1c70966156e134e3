"""The cart aggregate and its rules: plain data, no I/O.

A cart is one value: its lines and a `version`. Every operation is a pure function from the cart
as read to the lines it should have next (or None when nothing changes); the service writes that
result only if the cart is still at the version it read, so every rule below holds under any
interleaving of requests.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bson import ObjectId

from graphql_api.domains.catalog.models import Service
from graphql_api.kernel.applied import Applied
from graphql_api.kernel.errors import (
    DomainError,
    InvalidInput,
    Issue,
    LimitExceeded,
    VersionConflict,
)
from graphql_api.kernel.money import MoneyValue

MAX_QUANTITY = 99
MAX_LINES = 50
MAX_MERGE_LINES = 50
MAX_PARTICIPANTS = 100
MAX_SPECIAL_REQUESTS = 500
BOOKING_HORIZON_DAYS = 730


@dataclass(frozen=True, slots=True)
class CartLine:
    id: ObjectId
    service_id: str
    booking_date: date
    quantity: int
    participants: int
    special_requests: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    # The unit price the traveler agreed to (when adding, or cartAcceptPrices); None for a line
    # whose service was gone when prices were first recorded.
    accepted_price: MoneyValue | None = None

    @classmethod
    def new(
        cls,
        service_id: str,
        booking_date: date,
        quantity: int,
        participants: int,
        special_requests: str | None,
        now: datetime,
        accepted_price: MoneyValue | None = None,
    ) -> CartLine:
        """A line as first added: version 1, created now."""
        return cls(
            accepted_price=accepted_price,
            id=ObjectId(),
            service_id=service_id,
            booking_date=booking_date,
            quantity=quantity,
            participants=participants,
            special_requests=special_requests,
            version=1,
            created_at=now,
            updated_at=now,
        )

    def terms(self) -> tuple[date, int, MoneyValue | None]:
        """What warnings judge: the date, the participants, the accepted price."""
        return self.booking_date, self.participants, self.accepted_price

    def changed(self, now: datetime, **fields: Any) -> CartLine:
        """This line with `fields` set, one version later."""
        return dataclasses.replace(self, **fields, version=self.version + 1, updated_at=now)


@dataclass(frozen=True, slots=True)
class Cart:
    """One traveler's cart. `version` 0 is a cart never written."""

    id: str
    lines: tuple[CartLine, ...] = ()
    version: int = 0
    updated_at: datetime | None = None
    # Results of keyed operations applied to this cart whose keys may be unfinished.
    applied: Applied = ()
    # When the cart goes if nothing changes it (None: never).
    expires_at: datetime | None = None

    def line(self, line_id: ObjectId) -> CartLine | None:
        return next((line for line in self.lines if line.id == line_id), None)

    def find(self, service_id: str, booking_date: date) -> CartLine | None:
        return next(
            (
                line
                for line in self.lines
                if line.service_id == service_id and line.booking_date == booking_date
            ),
            None,
        )

    @property
    def total_quantity(self) -> int:
        return sum(line.quantity for line in self.lines)


class CartItemVersionConflict(VersionConflict):
    """The line is not at the version the client expected; `current` is the line now."""

    def __init__(self, current: CartLine, expected: int) -> None:
        super().__init__(f"Cart item is at version {current.version}, not {expected}", current)


class CartRevisionConflict(VersionConflict):
    """The cart is not at the revision the client expected; `current` is the cart now."""

    def __init__(self, current: Cart, expected: int) -> None:
        super().__init__(f"The cart is at revision {current.version}, not {expected}", current)


@dataclass(frozen=True, slots=True)
class LineChanges:
    """Fields an update sets; None in an attribute means "leave unchanged"."""

    quantity: int | None = None
    participants: int | None = None
    booking_date: date | None = None
    special_requests: str | None = None
    clear_special_requests: bool = False

    def fields(self) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if self.quantity is not None:
            changes["quantity"] = self.quantity
        if self.participants is not None:
            changes["participants"] = self.participants
        if self.booking_date is not None:
            changes["booking_date"] = self.booking_date
        if self.special_requests is not None or self.clear_special_requests:
            changes["special_requests"] = self.special_requests
        return changes


@dataclass(frozen=True, slots=True)
class NewLine:
    """A line to put in the cart: as a client sent it, or validated (then with the service id
    in its canonical form and the special requests cleaned)."""

    service_id: str
    booking_date: date
    quantity: int = 1
    participants: int = 1
    special_requests: str | None = None
    # The service's price when validated: what the traveler accepts by adding (not part of
    # the request, so not of its fingerprint).
    price: MoneyValue | None = None

    def fingerprint(self) -> dict[str, Any]:
        """The line as idempotency keys compare it, under stable names."""
        return {
            "service_id": self.service_id,
            "booking_date": self.booking_date.isoformat(),
            "quantity": self.quantity,
            "participants": self.participants,
            "special_requests": self.special_requests,
        }


Lines = tuple[CartLine, ...]


def add(
    cart: Cart, new: NewLine, replace_special_requests: bool, now: datetime
) -> tuple[Lines, CartLine]:
    """Add a line, or add its quantity to the line for the same service and date."""
    existing = cart.find(new.service_id, new.booking_date)
    if existing is None:
        if len(cart.lines) >= MAX_LINES:
            raise too_many_lines()
        line = CartLine.new(
            new.service_id,
            new.booking_date,
            new.quantity,
            new.participants,
            new.special_requests,
            now,
            new.price,
        )
        return (*cart.lines, line), line
    if existing.quantity + new.quantity > MAX_QUANTITY:
        raise too_much()
    fields: dict[str, Any] = {
        "quantity": existing.quantity + new.quantity,
        "participants": new.participants,
    }
    if new.price is not None:  # adding more, at the price shown now, accepts that price
        fields["accepted_price"] = new.price
    if replace_special_requests:
        fields["special_requests"] = new.special_requests
    line = existing.changed(now, **fields)
    return _replace(cart.lines, line), line


def update(
    cart: Cart,
    line: CartLine,
    changes: LineChanges,
    expected_version: int | None,
    now: datetime,
) -> tuple[Lines | None, CartLine]:
    """Change a line partially; None for the lines when nothing changes."""
    if expected_version is not None and expected_version != line.version:
        raise CartItemVersionConflict(line, expected_version)
    fields = {k: v for k, v in changes.fields().items() if getattr(line, k) != v}
    if not fields:
        return None, line
    day = fields.get("booking_date")
    if day is not None:
        clash = cart.find(line.service_id, day)
        if clash is not None and clash.id != line.id:
            raise date_taken()
    changed = line.changed(now, **fields)
    return _replace(cart.lines, changed), changed


def accepting_prices(
    lines: Lines, services: Sequence[Service | None], now: datetime
) -> tuple[Lines | None, int]:
    """The lines with their services' current prices accepted (a service gone keeps what was
    accepted); None when none changes, and how many did."""
    changed = 0
    result = []
    for line, service in zip(lines, services, strict=True):
        if service is not None and line.accepted_price != service.price:
            result.append(line.changed(now, accepted_price=service.price))
            changed += 1
        else:
            result.append(line)
    return (tuple(result) if changed else None), changed


def remove(cart: Cart, line_id: ObjectId) -> Lines | None:
    if cart.line(line_id) is None:
        return None
    return tuple(line for line in cart.lines if line.id != line_id)


def merge(
    cart: Cart, items: Sequence[tuple[int, NewLine]], now: datetime
) -> tuple[Lines | None, int, list[tuple[int, DomainError]]]:
    """Each line takes the larger quantity; new lines are added while there is room.
    Returns the new lines (None when nothing changes), how many merged, and the skipped."""
    lines = list(cart.lines)
    merged = 0
    skipped: list[tuple[int, DomainError]] = []
    changed = False
    for index, item in items:
        position = next(
            (
                n
                for n, line in enumerate(lines)
                if line.service_id == item.service_id and line.booking_date == item.booking_date
            ),
            None,
        )
        if position is None:
            if len(lines) >= MAX_LINES:
                skipped.append((index, too_many_lines()))
                continue
            lines.append(
                CartLine.new(
                    item.service_id,
                    item.booking_date,
                    item.quantity,
                    item.participants,
                    item.special_requests,
                    now,
                    item.price,
                )
            )
            changed = True
        elif lines[position].quantity < item.quantity:
            lines[position] = lines[position].changed(now, quantity=item.quantity)
            changed = True
        merged += 1
    return (tuple(lines) if changed else None), merged, skipped


def pruned(lines: Lines, today: date, keep_days: int) -> Lines:
    """The lines without those whose booking date passed more than `keep_days` ago."""
    oldest = today - timedelta(days=keep_days)
    return tuple(line for line in lines if line.booking_date >= oldest)


def _replace(lines: Lines, changed: CartLine) -> Lines:
    return tuple(changed if line.id == changed.id else line for line in lines)


def too_much() -> LimitExceeded:
    return LimitExceeded(
        f"Quantity for this service and date would exceed {MAX_QUANTITY}", MAX_QUANTITY
    )


def too_many_lines() -> LimitExceeded:
    return LimitExceeded(f"A cart holds at most {MAX_LINES} lines", MAX_LINES)


def date_taken() -> InvalidInput:
    return InvalidInput(
        [
            Issue(
                ("booking_date",),
                "the cart already has a line for this service on that date; "
                "change or remove that line instead",
            )
        ]
    )
