"""Cart business rules: validation, merging, limits, versions. Raises domain errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bson import ObjectId

from graphql_api import clock
from graphql_api.cart.models import (
    BOOKING_HORIZON_DAYS,
    MAX_LINES,
    MAX_MERGE_LINES,
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
    DomainError,
    InvalidInput,
    Issue,
    IssueCollector,
    LimitExceeded,
    NotFound,
    Unavailable,
    VersionConflict,
    error_from_doc,
    error_to_doc,
)
from graphql_api.idempotency import IdempotencyStore, check_key
from graphql_api.ids import parse_object_id
from graphql_api.validation import clean_text

log = logging.getLogger(__name__)

# Optimistic loops retry a lost race a few times before asking the client to retry.
MAX_ATTEMPTS = 8
# A write in flight longer than this is taken to have died (readers stop waiting for it).
CHANGE_LEASE = timedelta(seconds=30)
SNAPSHOT_ATTEMPTS = 50
SNAPSHOT_PAUSE = 0.01


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
class MergeLine:
    service_id: str
    booking_date: date
    quantity: int
    participants: int = 1
    special_requests: str | None = None

    def fingerprint(self) -> list[Any]:
        return [
            self.service_id,
            self.booking_date.isoformat(),
            self.quantity,
            self.participants,
            self.special_requests,
        ]


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    merged: int
    skipped: list[tuple[int, DomainError]]


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

    @property
    def keys(self) -> IdempotencyStore:
        return self._keys

    async def state(self, *, consistent: bool = True) -> CartState:
        """The cart. `consistent` reads it between two looks at the head that show the same
        revision and no change in flight, so that revision names exactly these lines."""
        if not consistent:
            head, lines = await self._repo.load()
            return _state(head, lines, revision=0)
        for _ in range(SNAPSHOT_ATTEMPTS):
            before = await self._repo.get_head()
            pending = before.get("pending", []) if before is not None else []
            if pending:
                moment = clock.now()
                if any(mark["until"] <= moment for mark in pending):
                    await self._repo.drop_expired_changes(moment)
                else:
                    await asyncio.sleep(SNAPSHOT_PAUSE)
                continue
            head, lines = await self._repo.load()
            after = await self._repo.get_head()
            if _revision(before) == _revision(after):
                return _state(after, lines, revision=_revision(after))
            await asyncio.sleep(SNAPSHOT_PAUSE)
        # Writes keep landing: return the lines with revision 0, which no settled cart that has
        # changed ever has, so a client comparing revisions will simply fetch again.
        head, lines = await self._repo.load()
        return _state(head, lines, revision=0)

    @asynccontextmanager
    async def _change(self) -> AsyncIterator[ChangeMark]:
        """Bracket a write so readers never pair a revision with a half-applied change."""
        token = await self._repo.begin_change(clock.now(), CHANGE_LEASE)
        mark = ChangeMark()
        try:
            yield mark
        finally:
            await self._repo.end_change(token, clock.now(), mark.changed)

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
        await self._check_room(service_id, day, request.quantity, claim)
        async with self._change() as mark:
            for _ in range(MAX_ATTEMPTS):
                now = clock.now()
                merged = await self._repo.increment_line(
                    service_id, day, request.quantity, MAX_QUANTITY, replace, claim, now
                )
                if merged is not None:
                    mark.changed = True
                    return CartLine.from_doc(merged)
                existing = await self._repo.find_line(service_id, day)
                if existing is not None:
                    if claim is not None and claim in existing.get("applied_claims", []):
                        return CartLine.from_doc(existing)  # an interrupted attempt added it
                    raise _too_much()
                if await self._repo.count_lines() >= MAX_LINES:
                    raise _too_many_lines()
                line = CartLine.new(
                    service_id,
                    request.booking_date,
                    request.quantity,
                    request.participants,
                    requests,
                    now,
                )
                if await self._repo.insert_line(line.to_doc(), claim):
                    mark.changed = True
                    return line
                # Another request created the line first: merge into it on the next pass.
        raise Unavailable("The cart is changing too fast; retry")

    async def merge(self, items: list[MergeLine], idempotency_key: str | None) -> MergeOutcome:
        """Bring a guest cart in: each line takes the larger quantity; invalid lines are skipped
        and reported; nothing already on the server is removed or lowered."""
        issues = IssueCollector()
        check_key(idempotency_key, ("input", "idempotencyKey"), issues)
        issues.raise_if_any()
        if len(items) > MAX_MERGE_LINES:
            raise LimitExceeded(f"A merge takes at most {MAX_MERGE_LINES} lines", MAX_MERGE_LINES)

        async def action(claim_id: str | None) -> dict[str, Any]:
            outcome = await self._merge(items)
            return {
                "merged": outcome.merged,
                "skipped": [
                    {"index": index, "error": error_to_doc(error)}
                    for index, error in outcome.skipped
                ],
            }

        payload = [item.fingerprint() for item in items]
        result, _ = await self._keys.run(idempotency_key, "cartMerge", payload, action)
        return MergeOutcome(
            merged=result["merged"],
            skipped=[(s["index"], error_from_doc(s["error"])) for s in result["skipped"]],
        )

    async def _merge(self, items: list[MergeLine]) -> MergeOutcome:
        skipped: list[tuple[int, DomainError]] = []
        valid: list[tuple[int, MergeLine, str]] = []
        found = await self._services.load_many([item.service_id for item in items])
        for index, (item, service) in enumerate(zip(items, found, strict=True)):
            path = ("input", "items", str(index))
            issues = IssueCollector()
            check_quantity(item.quantity, (*path, "quantity"), issues)
            check_participants(item.participants, service, (*path, "participants"), issues)
            check_booking_date(item.booking_date, (*path, "bookingDate"), issues)
            check_special_requests(
                clean_text(item.special_requests), (*path, "specialRequests"), issues
            )
            try:
                issues.raise_if_any()
                if service is None or not service.bookable:
                    raise not_bookable(item.service_id, service)
            except DomainError as error:
                skipped.append((index, error))
                continue
            valid.append((index, item, str(service.id)))
        _, lines = await self._repo.load()
        held = {(doc["service_id"], doc["booking_date"]): doc["quantity"] for doc in lines}
        if all(held.get((sid, i.booking_date.isoformat()), 0) >= i.quantity for _, i, sid in valid):
            return MergeOutcome(len(valid), skipped)  # a repeat: nothing to change
        merged = 0
        async with self._change() as mark:
            for index, item, service_id in valid:
                try:
                    mark.changed |= await self._merge_line(item, service_id)
                except DomainError as error:
                    skipped.append((index, error))
                    continue
                merged += 1
        skipped.sort(key=lambda pair: pair[0])
        return MergeOutcome(merged, skipped)

    async def _merge_line(self, item: MergeLine, service_id: str) -> bool:
        """Raise or add one line; True when something changed."""
        day = item.booking_date.isoformat()
        for _ in range(MAX_ATTEMPTS):
            now = clock.now()
            if await self._repo.raise_quantity(service_id, day, item.quantity, now) is not None:
                return True
            if await self._repo.find_line(service_id, day) is not None:
                return False  # it already holds at least as many
            if await self._repo.count_lines() >= MAX_LINES:
                raise _too_many_lines()
            line = CartLine.new(
                service_id,
                item.booking_date,
                item.quantity,
                item.participants,
                clean_text(item.special_requests),
                now,
            )
            if await self._repo.insert_line(line.to_doc(), None):
                return True
        raise Unavailable("The cart is changing too fast; retry")

    async def take_lines(self, taken: list[tuple[ObjectId, int]], claim: str) -> None:
        """Take the checked-out quantities off their lines, once per claim, and drop the lines
        left empty; whatever another device added meanwhile stays."""
        async with self._change() as mark:
            for line_id, quantity in taken:
                if await self._repo.take_quantity(line_id, quantity, claim, clock.now()):
                    mark.changed = True
            if await self._repo.delete_empty_lines():
                mark.changed = True

    async def _check_room(
        self, service_id: str, day: str, quantity: int, claim: str | None
    ) -> None:
        """Refuse an add that cannot fit before announcing a change (the atomic writes still
        enforce the limits under races)."""
        existing = await self._repo.find_line(service_id, day)
        if existing is not None:
            claimed = claim is not None and claim in existing.get("applied_claims", [])
            if not claimed and existing["quantity"] + quantity > MAX_QUANTITY:
                raise _too_much()
        elif await self._repo.count_lines() >= MAX_LINES:
            raise _too_many_lines()

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
            if changes.booking_date is not None and changes.booking_date != line.booking_date:
                clash = await self._repo.find_line(
                    line.service_id, changes.booking_date.isoformat()
                )
                if clash is not None:
                    raise _date_taken()
            now = clock.now()
            try:
                async with self._change() as mark:
                    updated = await self._repo.update_line(oid, line.version, fields, now)
                    mark.changed = updated is not None
            except LineExists:
                raise _date_taken() from None
            if updated is not None:
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
        # Line ids are never reused, so a line absent now stays absent: no change to announce.
        if oid is None or await self._repo.get_line(oid) is None:
            return False
        async with self._change() as mark:
            mark.changed = await self._repo.delete_line(oid)
        return mark.changed

    async def clear(self) -> int:
        """Remove every line; returns how many there were."""
        if not await self._repo.count_lines():
            return 0
        async with self._change() as mark:
            removed = await self._repo.delete_lines()
            mark.changed = removed > 0
        return removed


def _too_much() -> LimitExceeded:
    return LimitExceeded(
        f"Quantity for this service and date would exceed {MAX_QUANTITY}", MAX_QUANTITY
    )


def _too_many_lines() -> LimitExceeded:
    return LimitExceeded(f"A cart holds at most {MAX_LINES} lines", MAX_LINES)


def _date_taken() -> InvalidInput:
    return InvalidInput(
        [
            Issue(
                ("input", "bookingDate"),
                "the cart already has a line for this service on that date; "
                "change or remove that line instead",
            )
        ]
    )


@dataclass
class ChangeMark:
    changed: bool = False


def _revision(head: dict[str, Any] | None) -> int:
    return int(head["revision"]) if head is not None else 0


def _state(head: dict[str, Any] | None, lines: list[dict[str, Any]], revision: int) -> CartState:
    return CartState(
        lines=[CartLine.from_doc(doc) for doc in lines],
        updated_at=head.get("updated_at") if head is not None else None,
        revision=revision,
    )
