"""Cart business rules: validation, merging, limits, versions. Raises domain errors."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bson import ObjectId

from graphql_api import clock
from graphql_api.cart.models import (
    BOOKING_HORIZON_DAYS,
    MAX_LINES,
    MAX_PARTICIPANTS,
    MAX_QUANTITY,
    MAX_SPECIAL_REQUESTS,
    CartLine,
    CartState,
    LineChanges,
)
from graphql_api.cart.repository import CartRepository, LineExists
from graphql_api.catalog.loaders import ServiceLoader
from graphql_api.catalog.models import Service, not_bookable
from graphql_api.db import Database
from graphql_api.errors import (
    InvalidInput,
    Issue,
    IssueCollector,
    LimitExceeded,
    NotFound,
    Unavailable,
    VersionConflict,
)
from graphql_api.idempotency import IdempotencyStore, check_key
from graphql_api.ids import parse_object_id
from graphql_api.validation import clean_text

log = logging.getLogger(__name__)

# Optimistic loops retry a lost race a few times before asking the client to retry.
MAX_ATTEMPTS = 8


@dataclass(frozen=True, slots=True)
class AddRequest:
    service_id: str
    booking_date: date
    quantity: int = 1
    participants: int = 1
    special_requests: str | None = None
    replace_special_requests: bool = False
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class AddOutcome:
    line: CartLine
    replayed: bool


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


def check_special_requests(
    value: str | None, path: tuple[str, ...], issues: IssueCollector
) -> None:
    if value is not None and len(value) > MAX_SPECIAL_REQUESTS:
        issues.add(path, f"must be at most {MAX_SPECIAL_REQUESTS} characters")


class CartService:
    """One traveler's cart."""

    def __init__(self, db: Database, traveler_id: str, services: ServiceLoader) -> None:
        self._repo = CartRepository(db, traveler_id)
        self._keys = IdempotencyStore(db, traveler_id)
        self._services = services

    async def state(self) -> CartState:
        head, lines = await self._repo.load()
        return CartState(
            lines=[CartLine.from_doc(doc) for doc in lines],
            updated_at=head["updated_at"] if head else None,
            revision=head["revision"] if head else 0,
        )

    async def add(self, request: AddRequest) -> AddOutcome:
        """Add a line, or merge into the line with the same service and date."""
        issues = IssueCollector()
        check_key(request.idempotency_key, ("input", "idempotencyKey"), issues)
        issues.raise_if_any()
        payload = {
            "serviceId": request.service_id,
            "bookingDate": request.booking_date.isoformat(),
            "quantity": request.quantity,
            "participants": request.participants,
            "specialRequests": request.special_requests,
            "replaceSpecialRequests": request.replace_special_requests,
        }

        async def action(claim_id: str | None) -> dict[str, Any]:
            return (await self._add(request, claim_id)).to_doc()

        result, replayed = await self._keys.run(
            request.idempotency_key, "cartItemAdd", payload, action
        )
        return AddOutcome(CartLine.from_doc(result), replayed)

    async def _add(self, request: AddRequest, claim_id: str | None) -> CartLine:
        service = await self._services.load(request.service_id)
        requests = clean_text(request.special_requests)
        issues = IssueCollector()
        check_quantity(request.quantity, ("input", "quantity"), issues)
        check_participants(request.participants, service, ("input", "participants"), issues)
        check_booking_date(request.booking_date, ("input", "bookingDate"), issues)
        check_special_requests(requests, ("input", "specialRequests"), issues)
        issues.raise_if_any()
        if service is None or not service.bookable:
            raise not_bookable(request.service_id, service)

        service_id = str(service.id)
        day = request.booking_date.isoformat()
        # Marks the line so a re-run of an interrupted keyed attempt does not add twice.
        claim = claim_id
        replace: dict[str, Any] = {"participants": request.participants}
        if request.replace_special_requests:
            replace["special_requests"] = requests
        for _ in range(MAX_ATTEMPTS):
            now = clock.now()
            merged = await self._repo.increment_line(
                service_id, day, request.quantity, MAX_QUANTITY, replace, claim, now
            )
            if merged is not None:
                await self._repo.touch(now)
                return CartLine.from_doc(merged)
            existing = await self._repo.find_line(service_id, day)
            if existing is not None:
                if claim is not None and claim in existing.get("applied_claims", []):
                    return CartLine.from_doc(existing)  # an interrupted attempt already added it
                raise LimitExceeded(
                    f"Quantity for this service and date would exceed {MAX_QUANTITY}",
                    MAX_QUANTITY,
                )
            if await self._repo.count_lines() >= MAX_LINES:
                raise LimitExceeded(f"A cart holds at most {MAX_LINES} lines", MAX_LINES)
            line = CartLine(
                id=ObjectId(),
                service_id=service_id,
                booking_date=request.booking_date,
                quantity=request.quantity,
                participants=request.participants,
                special_requests=requests,
                version=1,
                created_at=now,
                updated_at=now,
            )
            if await self._repo.insert_line(line.to_doc(), claim):
                await self._repo.touch(now)
                return line
            # Another request created the line first: merge into it on the next pass.
        raise Unavailable("The cart is changing too fast; retry")

    async def update(
        self, line_id: str, changes: LineChanges, expected_version: int | None
    ) -> CartLine:
        """Change a line partially; with `expected_version`, only if it is still current."""
        oid = parse_object_id(line_id)
        if oid is None:
            raise NotFound(f"No cart item {line_id!r}")
        for _ in range(MAX_ATTEMPTS):
            doc = await self._repo.get_line(oid)
            if doc is None:
                raise NotFound(f"No cart item {line_id!r}")
            line = CartLine.from_doc(doc)
            if expected_version is not None and expected_version != line.version:
                raise VersionConflict(
                    f"Cart item is at version {line.version}, not {expected_version}", line
                )
            service = await self._services.load(line.service_id)
            self._check_changes(changes, service)
            if service is None or not service.bookable:
                raise not_bookable(line.service_id, service)
            fields = changes.to_set()
            if not fields:
                return line
            now = clock.now()
            try:
                updated = await self._repo.update_line(oid, line.version, fields, now)
            except LineExists:
                raise InvalidInput(
                    [
                        Issue(
                            ("input", "bookingDate"),
                            "the cart already has a line for this service on that date; "
                            "change or remove that line instead",
                        )
                    ]
                ) from None
            if updated is not None:
                await self._repo.touch(now)
                return CartLine.from_doc(updated)
            if expected_version is not None:
                current = await self._repo.get_line(oid)
                if current is None:
                    raise NotFound(f"No cart item {line_id!r}")
                current_line = CartLine.from_doc(current)
                raise VersionConflict(
                    f"Cart item is at version {current_line.version}, not {expected_version}",
                    current_line,
                )
        raise Unavailable("The cart item is changing too fast; retry")

    @staticmethod
    def _check_changes(changes: LineChanges, service: Service | None) -> None:
        issues = IssueCollector()
        for name in changes.null_fields:
            issues.add(("input", name), "cannot be null; omit it to keep the current value")
        if changes.quantity is not None:
            check_quantity(changes.quantity, ("input", "quantity"), issues)
        if changes.participants is not None:
            check_participants(changes.participants, service, ("input", "participants"), issues)
        if changes.booking_date is not None:
            check_booking_date(changes.booking_date, ("input", "bookingDate"), issues)
        check_special_requests(changes.special_requests, ("input", "specialRequests"), issues)
        issues.raise_if_any()

    async def remove(self, line_id: str) -> bool:
        """Remove a line; False (and no change) when it is absent, malformed or foreign."""
        oid = parse_object_id(line_id)
        if oid is None or not await self._repo.delete_line(oid):
            return False
        await self._repo.touch(clock.now())
        return True

    async def clear(self) -> int:
        """Remove every line; returns how many there were."""
        removed = await self._repo.delete_lines()
        if removed:
            await self._repo.touch(clock.now())
        return removed
