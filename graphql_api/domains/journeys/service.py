"""Journey-plan business rules: validation, pricing, the status machine. Raises domain errors."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from bson import ObjectId

from graphql_api.domains.catalog.models import ServiceLookup
from graphql_api.domains.catalog.warnings import WarningCode, line_warnings
from graphql_api.domains.journeys.models import (
    EDITABLE,
    NEEDS_SERVICES,
    UNDELETABLE,
    InvalidTransition,
    JourneyPlan,
    PlanContent,
    PlanDraft,
    PlanLocked,
    PlanPatch,
    PlanStatus,
    PlanVersionConflict,
    StatusChange,
    booking_terms,
    can_transition,
)
from graphql_api.domains.journeys.pricing import draft_of
from graphql_api.domains.journeys.pricing import price as price_draft
from graphql_api.domains.journeys.repository import (
    JourneyPlanRepository,
    plan_from_doc,
    plan_to_doc,
)
from graphql_api.infra.idempotency import IdempotencyStore
from graphql_api.kernel import clock
from graphql_api.kernel.applied import Applied, result_of
from graphql_api.kernel.concurrency import LOST, Lost, optimistically
from graphql_api.kernel.errors import (
    IdempotencyKeyReused,
    InvalidInput,
    IssueCollector,
    NotFound,
    ServiceNotBookable,
    Unavailable,
    raises,
)
from graphql_api.kernel.idempotency import Fingerprint, check_key
from graphql_api.kernel.ids import parse_object_id
from graphql_api.kernel.money import MoneyValue

# Details an update may not set to null (the others are cleared by null).
REQUIRED_DETAILS = ("country", "travelers_count")


class JourneyPlanService:
    """One traveler's journey plans."""

    def __init__(
        self,
        repository: JourneyPlanRepository,
        keys: IdempotencyStore,
        services: ServiceLookup,
        default_currency: str,
    ) -> None:
        self._repo = repository
        self._keys = keys
        self._services = services
        self._default_currency = default_currency

    async def get(self, plan_id: str) -> JourneyPlan | None:
        oid = parse_object_id(plan_id)
        return await self._repo.get(oid) if oid is not None else None

    async def page(
        self,
        statuses: list[PlanStatus] | None,
        after: tuple[datetime, ObjectId] | None,
        limit: int,
        updated_since: datetime | None = None,
    ) -> list[JourneyPlan]:
        """Plans newest first, strictly after the `after` position (created_at, id)."""
        values = [status.value for status in statuses] if statuses is not None else None
        return await self._repo.page(values, after, limit, updated_since)

    @raises(InvalidInput, ServiceNotBookable, IdempotencyKeyReused)
    async def create(self, draft: PlanDraft, idempotency_key: str | None) -> JourneyPlan:
        """Create a DRAFT plan; a retry with the same key returns the plan it first created."""
        issues = IssueCollector()
        check_key(idempotency_key, issues)
        issues.raise_if_any()

        async def action(claim_id: str | None) -> dict[str, Any]:
            # Under a key the plan's id is the claim's, so a re-run after a crash finds the
            # plan an earlier attempt inserted instead of creating a second one.
            plan_id = ObjectId(claim_id) if claim_id is not None else ObjectId()
            return plan_to_doc(await self._create(plan_id, draft))

        result, _ = await self._keys.run(idempotency_key, draft.fingerprint(), action)
        return plan_from_doc(result)

    async def _create(self, plan_id: ObjectId, draft: PlanDraft) -> JourneyPlan:
        content, total = await self.price(draft)
        return await self.create_priced(plan_id, content, total)

    async def create_priced(
        self, plan_id: ObjectId, content: PlanContent, total: MoneyValue
    ) -> JourneyPlan:
        """Insert a DRAFT plan with content `price` gave; the plan already there under that id
        (an earlier attempt's) when there is one."""
        plan = JourneyPlan.new_draft(plan_id, content, total, clock.now())
        if await self._repo.insert(plan):
            return plan
        existing = await self._repo.get(plan_id)
        if existing is None:  # pragma: no cover - ids come from unique claims
            raise Unavailable("Could not create the plan; retry")
        return existing

    async def price(
        self, draft: PlanDraft, issues: IssueCollector | None = None
    ) -> tuple[PlanContent, MoneyValue]:
        """Validate a requested content and price it from the catalog (pricing.py)."""
        return await price_draft(self._services, self._default_currency, draft, issues)

    async def _load(self, plan_id: str) -> tuple[ObjectId, JourneyPlan, Applied]:
        oid = parse_object_id(plan_id)
        found = await self._repo.get_applied(oid) if oid is not None else None
        if oid is None or found is None:
            raise NotFound(f"No journey plan {plan_id!r}")
        return oid, found[0], found[1]

    async def _keyed(
        self,
        key: str | None,
        fingerprint: Fingerprint,
        action: Callable[[str | None], Awaitable[dict[str, Any]]],
    ) -> dict[str, Any]:
        issues = IssueCollector()
        check_key(key, issues)
        issues.raise_if_any()
        result, _ = await self._keys.run(key, fingerprint, action)
        return result

    async def _write(
        self, plan: JourneyPlan, applied: Applied, claim: str | None, after: JourneyPlan
    ) -> JourneyPlan | None:
        """One conditional write from `plan` to `after`; with a claim, the plan it makes is
        recorded with it. None when another write came first."""
        record = None
        if claim is not None:
            record = await self._keys.record(applied, claim, plan_to_doc(after))
        return await self._repo.compare_and_set(plan, after, record)

    @raises(
        InvalidInput,
        NotFound,
        ServiceNotBookable,
        PlanVersionConflict,
        PlanLocked,
        IdempotencyKeyReused,
    )
    async def update(
        self,
        plan_id: str,
        patch: PlanPatch,
        expected_version: int | None,
        key: str | None = None,
    ) -> JourneyPlan:
        """Change a plan's content partially; only in DRAFT and PLANNED."""

        async def action(claim: str | None) -> dict[str, Any]:
            return plan_to_doc(await self._update(plan_id, patch, expected_version, claim))

        payload = {"id": plan_id, "patch": patch.fingerprint(), "expected": expected_version}
        return plan_from_doc(await self._keyed(key, Fingerprint("plan.update", 1, payload), action))

    async def _update(
        self, plan_id: str, patch: PlanPatch, expected_version: int | None, claim: str | None
    ) -> JourneyPlan:
        async def attempt() -> JourneyPlan | Lost:
            _, plan, applied = await self._load(plan_id)
            done = result_of(applied, claim) if claim is not None else None
            if done is not None:
                return plan_from_doc(done)
            _check_version(plan, expected_version)
            if plan.status not in EDITABLE:
                raise PlanLocked(
                    f"A {plan.status.value} plan cannot be edited (only DRAFT and PLANNED)",
                    plan.status,
                )
            issues = IssueCollector()
            details = dict(patch.details)
            for name in REQUIRED_DETAILS:
                if name in details and details[name] is None:
                    del details[name]
                    issues.add((name,), "cannot be null; omit it to keep the current value")
            current = draft_of(plan)
            services = current.services
            if patch.services_sent:
                if patch.services is None:
                    issues.add(("services",), "cannot be null; omit it to keep the current value")
                else:
                    services = patch.services
            draft = PlanDraft(dataclasses.replace(current.details, **details), services)
            if plan.status in NEEDS_SERVICES and not draft.services:
                issues.add(
                    ("services",),
                    f"a {plan.status.value} plan needs at least one service; "
                    "move it back to DRAFT to empty it",
                )
            if not patch:
                return plan
            content, total = await self.price(draft, issues)
            after = dataclasses.replace(
                plan,
                content=content,
                total_cost=total,
                version=plan.version + 1,
                updated_at=clock.now(),
            )
            updated = await self._write(plan, applied, claim, after)
            return LOST if updated is None else updated

        return await optimistically(attempt, "journey plan")

    @raises(NotFound, PlanVersionConflict, InvalidTransition, InvalidInput, IdempotencyKeyReused)
    async def transition(
        self,
        plan_id: str,
        target: PlanStatus,
        expected_version: int | None,
        key: str | None = None,
    ) -> JourneyPlan:
        """Move a plan to `target` if the table allows it: a compare-and-set on its status."""

        async def action(claim: str | None) -> dict[str, Any]:
            return plan_to_doc(await self._transition(plan_id, target, expected_version, claim))

        payload = {"id": plan_id, "to": target.value, "expected_version": expected_version}
        return plan_from_doc(
            await self._keyed(key, Fingerprint("plan.transition", 1, payload), action)
        )

    async def _transition(
        self, plan_id: str, target: PlanStatus, expected_version: int | None, claim: str | None
    ) -> JourneyPlan:
        observed: PlanStatus | None = None

        async def attempt() -> JourneyPlan | Lost:
            nonlocal observed
            _, plan, applied = await self._load(plan_id)
            done = result_of(applied, claim) if claim is not None else None
            if done is not None:
                return plan_from_doc(done)
            observed = plan.status if observed is None else observed
            _check_version(plan, expected_version)
            if plan.status is not observed:
                # Another request moved the plan first; this one was meant for the old status.
                raise PlanVersionConflict(
                    f"The plan moved from {observed.value} to {plan.status.value} meanwhile",
                    plan,
                )
            if not can_transition(plan.status, target):
                raise InvalidTransition(
                    f"A {plan.status.value} plan cannot move to {target.value}", plan.status, target
                )
            if target in NEEDS_SERVICES and not plan.content.services:
                raise InvalidTransition(
                    f"A plan needs at least one service to become {target.value}",
                    plan.status,
                    target,
                )
            if target is PlanStatus.BOOKED:
                await self._check_bookable(plan, target)
            now = clock.now()
            after = dataclasses.replace(
                plan,
                status=target,
                status_history=(*plan.status_history, StatusChange(plan.status, target, now)),
                version=plan.version + 1,
                updated_at=now,
            )
            updated = await self._write(plan, applied, claim, after)
            return LOST if updated is None else updated

        return await optimistically(attempt, "journey plan")

    async def _check_bookable(self, plan: JourneyPlan, target: PlanStatus) -> None:
        """A plan with a warning on any service (catalog/warnings.py) cannot be booked."""
        items = plan.content.services
        services = await self._services.load_many([item.service_id for item in items])
        travelers, today = plan.content.details.travelers_count, clock.today()
        codes = {
            warning.code
            for item, service in zip(items, services, strict=True)
            for warning in line_warnings(*booking_terms(item, travelers), service, today)
        }
        if codes:
            named = ", ".join(code.value for code in WarningCode if code in codes)
            raise InvalidTransition(
                f"A plan with warnings ({named}) cannot become {target.value}: see its "
                "services' warnings, and change the plan first (writing its services prices "
                "them anew)",
                plan.status,
                target,
            )

    @raises(PlanLocked, InvalidInput, IdempotencyKeyReused)
    async def delete(self, plan_id: str, key: str | None = None) -> bool:
        """Delete a plan; False (and no change) when it is absent, malformed or foreign."""

        async def action(claim: str | None) -> dict[str, Any]:
            return {"deleted": await self._delete(plan_id, claim)}

        result = await self._keyed(key, Fingerprint("plan.delete", 1, {"id": plan_id}), action)
        return bool(result["deleted"])

    async def _delete(self, plan_id: str, claim: str | None) -> bool:
        oid = parse_object_id(plan_id)
        if oid is None:
            return False
        locked = [status.value for status in UNDELETABLE]

        async def attempt() -> bool | Lost:
            plan = await self._repo.get(oid)
            if plan is None:
                # Under a key, a re-run after an interrupted attempt finds that attempt's work.
                return claim is not None and await self._repo.deleted_by(oid, claim)
            status = plan.status
            if status in UNDELETABLE:
                raise PlanLocked(
                    f"A {status.value} plan cannot be deleted; cancel it first", status
                )
            return True if await self._repo.delete(oid, locked, clock.now(), claim) else LOST

        return await optimistically(attempt, "journey plan")


def _check_version(plan: JourneyPlan, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != plan.version:
        raise PlanVersionConflict(
            f"Journey plan is at version {plan.version}, not {expected_version}", plan
        )
