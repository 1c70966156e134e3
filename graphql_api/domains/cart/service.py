"""Cart business rules: validation, idempotent keyed writes, conditional writes. Raises domain
errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

from graphql_api.domains.cart import compat, models
from graphql_api.domains.cart.line_rules import (
    check_booking_date,
    check_participants,
    check_quantity,
    special_requests,
    validated_line,
    validated_lines,
)
from graphql_api.domains.cart.models import (
    MAX_MERGE_LINES,
    Cart,
    CartItemVersionConflict,
    CartLine,
    CartRevisionConflict,
    LineChanges,
    Lines,
    NewLine,
)
from graphql_api.domains.cart.repository import CartRepository, line_from_doc, line_to_doc
from graphql_api.domains.catalog.models import ServiceLookup, not_bookable
from graphql_api.domains.catalog.warnings import LineWarning, line_warnings
from graphql_api.infra.idempotency import IdempotencyStore
from graphql_api.kernel import clock
from graphql_api.kernel.applied import result_of
from graphql_api.kernel.concurrency import LOST, Lost, optimistically
from graphql_api.kernel.errors import (
    DomainError,
    IdempotencyKeyReused,
    InvalidInput,
    IssueCollector,
    LimitExceeded,
    NotFound,
    ServiceNotBookable,
    error_from_doc,
    error_to_doc,
    raises,
)
from graphql_api.kernel.idempotency import Fingerprint, check_key
from graphql_api.kernel.ids import parse_object_id

T = TypeVar("T")

Decide = Callable[[Cart], Awaitable[tuple[Lines | None, T]]]
KeyedAction = Callable[[str | None], Awaitable[tuple[dict[str, Any], Cart | None]]]


@dataclass(frozen=True, slots=True)
class AddRequest:
    line: NewLine
    replace_special_requests: bool = False
    idempotency_key: str | None = None

    def fingerprint(self) -> Fingerprint:
        fields = {
            **self.line.fingerprint(),
            "replace_special_requests": self.replace_special_requests,
        }
        return Fingerprint("cart.line.add", 1, fields, compat.add(fields))


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    """A partial update as sent: None for a field left out; `null_fields` were sent as null."""

    id: str
    quantity: int | None = None
    participants: int | None = None
    booking_date: date | None = None
    special_requests: str | None = None
    special_requests_sent: bool = False
    null_fields: tuple[str, ...] = ()
    expected_version: int | None = None
    idempotency_key: str | None = None

    def fingerprint(self) -> Fingerprint:
        # Null fields always fail, so no stored key ever held the API names they had before.
        return Fingerprint(
            "cart.line.update",
            1,
            {
                "id": self.id,
                "quantity": self.quantity,
                "participants": self.participants,
                "booking_date": self.booking_date.isoformat() if self.booking_date else None,
                "special_requests": self.special_requests,
                "special_requests_sent": self.special_requests_sent,
                "null_fields": sorted(self.null_fields),
                "expected_version": self.expected_version,
            },
        )


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    merged: int
    skipped: list[tuple[int, DomainError]]
    cart: Cart


@dataclass(frozen=True, slots=True)
class LineOutcome:
    line: CartLine
    cart: Cart


class CartService:
    """One traveler's cart."""

    def __init__(
        self,
        repository: CartRepository,
        keys: IdempotencyStore,
        services: ServiceLookup,
        past_lines_days: int = 7,
    ) -> None:
        self._repo = repository
        self._keys = keys
        self._services = services
        self._past_days = past_lines_days

    async def cart(self) -> Cart:
        """The cart as stored now, in one read."""
        return await self._repo.load()

    async def change(self, decide: Decide[T], claim: str | None = None) -> tuple[T, Cart]:
        """Apply `decide` to the cart as one conditional write, re-reading it after a lost
        race. With a `claim` (an idempotency claim id), `decide` returns a storable result
        that is recorded with the write, even when it changes no line; a re-run of that claim
        gets it back, writing nothing."""

        async def attempt() -> tuple[T, Cart] | Lost:
            cart = await self._repo.load(applied=claim is not None)
            if claim is not None:
                done = result_of(cart.applied, claim)
                if done is not None:
                    return cast(T, done), cart
            lines, value = await decide(cart)
            record = None
            if claim is not None:
                # Recorded even for a no-op: a re-run must not decide again on a later cart.
                lines = cart.lines if lines is None else lines
                record = await self._keys.record(cart.applied, claim, cast(dict[str, Any], value))
            elif lines is None:
                return value, cart
            # Lines whose date passed long ago go with any write (they only warn until then).
            lines = models.pruned(lines, clock.today(), self._past_days)
            saved = await self._repo.save(cart, lines, clock.now(), record)
            return LOST if saved is None else (value, saved)

        return await optimistically(attempt, "cart")

    async def keyed(
        self, key: str | None, fingerprint: Fingerprint, action: KeyedAction
    ) -> tuple[dict[str, Any], Cart]:
        """Run `action` at most once per idempotency key: a retry returns the first result.
        The action gets the claim id and returns its result and the cart it wrote (or None)."""
        issues = IssueCollector()
        check_key(key, issues)
        issues.raise_if_any()
        written: Cart | None = None

        async def run(claim: str | None) -> dict[str, Any]:
            nonlocal written
            result, written = await action(claim)
            return result

        result, _ = await self._keys.run(key, fingerprint, run)
        return result, written if written is not None else await self._repo.load()

    async def keyed_change(
        self, key: str | None, fingerprint: Fingerprint, decide: Decide[dict[str, Any]]
    ) -> tuple[dict[str, Any], Cart]:
        """`keyed` for the common case: the action is one `change` with `decide`."""

        async def action(claim: str | None) -> tuple[dict[str, Any], Cart | None]:
            return await self.change(decide, claim)

        return await self.keyed(key, fingerprint, action)

    @raises(InvalidInput, ServiceNotBookable, LimitExceeded, IdempotencyKeyReused)
    async def add(self, request: AddRequest) -> LineOutcome:
        """Add a line, or add to the line with the same service and date."""
        service = await self._services.load(request.line.service_id)
        issues = IssueCollector()
        check_key(request.idempotency_key, issues)
        new = validated_line(request.line, service, (), issues)

        async def decide(cart: Cart) -> tuple[Lines | None, dict[str, Any]]:
            lines, line = models.add(cart, new, request.replace_special_requests, clock.now())
            return lines, line_to_doc(line)

        result, cart = await self.keyed_change(
            request.idempotency_key, request.fingerprint(), decide
        )
        return LineOutcome(line_from_doc(result), cart)

    @raises(
        InvalidInput, NotFound, ServiceNotBookable, CartItemVersionConflict, IdempotencyKeyReused
    )
    async def update(self, request: UpdateRequest) -> LineOutcome:
        """Change a line partially; with `expected_version`, only if it is still current."""
        oid = parse_object_id(request.id)
        if oid is None:
            raise NotFound(f"No cart item {request.id!r}")
        issues = IssueCollector()
        for name in request.null_fields:
            issues.add((name,), "cannot be null; omit it to keep the current value")
        requests = special_requests(request.special_requests, ("special_requests",), issues)
        if request.quantity is not None:
            check_quantity(request.quantity, ("quantity",), issues)
        if request.booking_date is not None:
            check_booking_date(request.booking_date, ("booking_date",), issues)
        changes = LineChanges(
            quantity=request.quantity,
            participants=request.participants,
            booking_date=request.booking_date,
            special_requests=requests,
            clear_special_requests=request.special_requests_sent and requests is None,
        )

        async def decide(cart: Cart) -> tuple[Lines | None, dict[str, Any]]:
            line = cart.line(oid)
            if line is None:
                raise NotFound(f"No cart item {request.id!r}")
            service = await self._services.load(line.service_id)
            found = IssueCollector(list(issues.issues))
            if request.participants is not None:
                check_participants(request.participants, service, ("participants",), found)
            found.raise_if_any()
            if service is None or not service.bookable:
                raise not_bookable(line.service_id, service)
            lines, changed = models.update(
                cart, line, changes, request.expected_version, clock.now()
            )
            return lines, line_to_doc(changed)

        result, cart = await self.keyed_change(
            request.idempotency_key, request.fingerprint(), decide
        )
        return LineOutcome(line_from_doc(result), cart)

    @raises(InvalidInput, IdempotencyKeyReused)
    async def remove(self, line_id: str, key: str | None = None) -> tuple[bool, Cart]:
        """Remove a line; False (and no change) when it is absent, malformed or foreign."""
        oid = parse_object_id(line_id)

        async def decide(cart: Cart) -> tuple[Lines | None, dict[str, Any]]:
            lines = models.remove(cart, oid) if oid is not None else None
            return lines, {"removed": lines is not None}

        async def action(claim: str | None) -> tuple[dict[str, Any], Cart | None]:
            if oid is None:  # can never name a line: nothing to record
                return {"removed": False}, None
            return await self.change(decide, claim)

        result, cart = await self.keyed(
            key, Fingerprint("cart.line.remove", 1, {"id": line_id}), action
        )
        return bool(result["removed"]), cart

    @raises(InvalidInput, IdempotencyKeyReused, CartRevisionConflict)
    async def clear(
        self, key: str | None = None, expected_revision: int | None = None
    ) -> tuple[int, Cart]:
        """Remove every line; returns how many there were. With `expected_revision`, only if
        the cart is still at that revision."""

        async def decide(cart: Cart) -> tuple[Lines | None, dict[str, Any]]:
            if expected_revision is not None and cart.version != expected_revision:
                raise CartRevisionConflict(cart, expected_revision)
            return (() if cart.lines else None), {"removed": len(cart.lines)}

        payload = {"expected_revision": expected_revision}
        result, cart = await self.keyed_change(key, Fingerprint("cart.clear", 1, payload), decide)
        return int(result["removed"]), cart

    async def warnings(self, cart: Cart) -> list[tuple[CartLine, tuple[LineWarning, ...]]]:
        """Each line with warnings, and them (from the request's catalog batch)."""
        services = await self._services.load_many([line.service_id for line in cart.lines])
        today = clock.today()
        found = [
            (line, line_warnings(*line.terms(), service, today))
            for line, service in zip(cart.lines, services, strict=True)
        ]
        return [(line, warnings) for line, warnings in found if warnings]

    @raises(InvalidInput, IdempotencyKeyReused, CartRevisionConflict)
    async def accept_prices(
        self, key: str | None = None, expected_revision: int | None = None
    ) -> tuple[int, Cart]:
        """Every line's accepted price becomes its service's price now, in one conditional
        write; returns how many lines changed (0: nothing written)."""

        async def decide(cart: Cart) -> tuple[Lines | None, dict[str, Any]]:
            if expected_revision is not None and cart.version != expected_revision:
                raise CartRevisionConflict(cart, expected_revision)
            services = await self._services.load_many([line.service_id for line in cart.lines])
            lines, accepted = models.accepting_prices(cart.lines, services, clock.now())
            return lines, {"accepted": accepted}

        payload = {"expected_revision": expected_revision}
        fingerprint = Fingerprint("cart.prices.accept", 1, payload)
        result, cart = await self.keyed_change(key, fingerprint, decide)
        return int(result["accepted"]), cart

    @raises(InvalidInput, LimitExceeded, IdempotencyKeyReused)
    async def merge(self, items: list[NewLine], key: str | None) -> MergeOutcome:
        """Bring a guest cart in: each line takes the larger quantity; invalid lines are skipped
        and reported; nothing already on the server is removed or lowered."""
        if len(items) > MAX_MERGE_LINES:
            raise LimitExceeded(f"A merge takes at most {MAX_MERGE_LINES} lines", MAX_MERGE_LINES)
        found = await self._services.load_many([item.service_id for item in items])
        valid, invalid = validated_lines(items, found)

        async def decide(cart: Cart) -> tuple[Lines | None, dict[str, Any]]:
            lines, merged, skipped = models.merge(cart, valid, clock.now())
            every = sorted([*invalid, *skipped], key=lambda pair: pair[0])
            return lines, {
                "merged": merged,
                "skipped": [{"index": i, "error": error_to_doc(e)} for i, e in every],
            }

        lines = [item.fingerprint() for item in items]
        fingerprint = Fingerprint("cart.merge", 1, lines, compat.merge(lines))
        result, cart = await self.keyed_change(key, fingerprint, decide)
        return MergeOutcome(
            merged=result["merged"],
            skipped=[(s["index"], error_from_doc(s["error"])) for s in result["skipped"]],
            cart=cart,
        )
