"""Checkout: turn the cart into a DRAFT journey plan, safely under retries and crashes.

No multi-document transaction is needed. The plan's id is the idempotency claim's id, and the plan
records which lines (and how much of each) it took. A retry under the same key finds that plan and
finishes the remaining step: taking those quantities off the cart, once per line (each line
remembers the claims applied to it). Lines added meanwhile by another device are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bson import ObjectId

from graphql_api import clock
from graphql_api.cart.models import CartLine
from graphql_api.cart.service import CartService
from graphql_api.errors import InvalidInput, Issue, IssueCollector
from graphql_api.idempotency import check_key
from graphql_api.journeys.models import (
    JourneyPlan,
    PlanDraft,
    PlannedServiceRequest,
)
from graphql_api.journeys.service import JourneyPlanService


@dataclass(frozen=True, slots=True)
class CheckoutRequest:
    idempotency_key: str
    country: str
    title: str | None = None
    region: str | None = None
    district: str | None = None
    area: str | None = None
    travelers_count: int = 1
    start_date: date | None = None
    end_date: date | None = None
    notes: str | None = None

    def draft(self, lines: list[CartLine]) -> PlanDraft:
        return PlanDraft(
            country=self.country,
            title=self.title,
            region=self.region,
            district=self.district,
            area=self.area,
            services=tuple(
                PlannedServiceRequest(line.service_id, line.booking_date, line.quantity)
                for line in lines
            ),
            travelers_count=self.travelers_count,
            start_date=self.start_date,
            end_date=self.end_date,
            notes=self.notes,
        )

    def fingerprint(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "title": self.title,
            "region": self.region,
            "district": self.district,
            "area": self.area,
            "travelersCount": self.travelers_count,
            "startDate": self.start_date.isoformat() if self.start_date else None,
            "endDate": self.end_date.isoformat() if self.end_date else None,
            "notes": self.notes,
        }


class CheckoutService:
    """Moves one traveler's cart into a new journey plan."""

    def __init__(self, cart: CartService, plans: JourneyPlanService) -> None:
        self._cart = cart
        self._plans = plans

    async def checkout(self, request: CheckoutRequest) -> JourneyPlan:
        issues = IssueCollector()
        check_key(request.idempotency_key, ("input", "idempotencyKey"), issues)
        issues.raise_if_any()

        async def action(claim_id: str | None) -> dict[str, Any]:
            assert claim_id is not None  # the key is required
            return await self._run(ObjectId(claim_id), claim_id, request)

        result, _ = await self._cart.keys.run(
            request.idempotency_key, "cartCheckout", request.fingerprint(), action
        )
        return JourneyPlan.from_doc(result)

    async def _run(self, plan_id: ObjectId, claim: str, request: CheckoutRequest) -> dict[str, Any]:
        plan_doc = await self._plans.repository.get(plan_id)
        if plan_doc is None:
            plan_doc = await self._create_plan(plan_id, claim, request)
        taken = [
            (ObjectId(t["line_id"]), int(t["quantity"])) for t in plan_doc["checkout"]["lines"]
        ]
        await self._cart.take_lines(taken, claim)
        return plan_doc

    async def _create_plan(
        self, plan_id: ObjectId, claim: str, request: CheckoutRequest
    ) -> dict[str, Any]:
        lines = (await self._cart.state(consistent=False)).lines
        if not lines:
            raise InvalidInput([Issue(("cart",), "the cart is empty; add services first")])
        content, total = await self._plans.price(request.draft(lines))
        now = clock.now()
        plan = JourneyPlan.new_draft(plan_id, content, total, now)
        doc = {
            **plan.to_doc(),
            "checkout": {
                "claim": claim,
                "lines": [{"line_id": str(ln.id), "quantity": ln.quantity} for ln in lines],
            },
        }
        if not await self._plans.repository.insert(doc):
            existing = await self._plans.repository.get(plan_id)
            if existing is not None:
                return existing
        return doc
