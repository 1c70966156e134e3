"""Checkout: turn the cart into a DRAFT journey plan, safely under races, retries and crashes.

A cart with warnings (cart/warnings.py) is refused whole, changing nothing. No multi-document
transaction is needed. The plan is priced first (a typed error writes nothing);
then one conditional write empties the cart and records, under the idempotency claim, the plan
it is to become. The plan's id is the claim's id: a retry under the same key finds that record
(or the plan) and finishes the insert. Two checkouts with different keys cannot both take a line:
the later one reads the cart the earlier one left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bson import ObjectId

from graphql_api.domains.cart import compat
from graphql_api.domains.cart.models import Cart, CartLine, Lines
from graphql_api.domains.cart.service import CartService
from graphql_api.domains.cart.warnings import CartHasWarnings
from graphql_api.domains.catalog.warnings import WarningCode
from graphql_api.domains.journeys.models import (
    JourneyPlan,
    PlanDetails,
    PlanDraft,
    PlannedServiceRequest,
)
from graphql_api.domains.journeys.repository import (
    content_from_doc,
    content_to_doc,
    plan_from_doc,
    plan_to_doc,
)
from graphql_api.domains.journeys.service import JourneyPlanService
from graphql_api.kernel.errors import (
    IdempotencyKeyReused,
    InvalidInput,
    Issue,
    ServiceNotBookable,
    raises,
)
from graphql_api.kernel.idempotency import Fingerprint
from graphql_api.kernel.money import MoneyValue


@dataclass(frozen=True, slots=True)
class CheckoutRequest:
    idempotency_key: str
    details: PlanDetails

    def fingerprint(self) -> Fingerprint:
        fields = self.details.fingerprint()
        return Fingerprint("cart.checkout", 1, fields, compat.checkout(fields))

    def draft(self, lines: tuple[CartLine, ...]) -> PlanDraft:
        return PlanDraft(
            self.details,
            tuple(
                PlannedServiceRequest(line.service_id, line.booking_date, line.quantity)
                for line in lines
            ),
        )


class CheckoutService:
    """Moves one traveler's cart into a new journey plan."""

    def __init__(self, cart: CartService, plans: JourneyPlanService) -> None:
        self._cart = cart
        self._plans = plans

    @raises(InvalidInput, ServiceNotBookable, CartHasWarnings, IdempotencyKeyReused)
    async def checkout(self, request: CheckoutRequest) -> tuple[JourneyPlan, Cart]:
        async def take(cart: Cart) -> tuple[Lines | None, dict[str, Any]]:
            if not cart.lines:
                raise InvalidInput(
                    [Issue(("cart",), "the cart is empty; add services first", "state")]
                )
            flagged = await self._cart.warnings(cart)
            if flagged:
                codes = {w.code for _, warnings in flagged for w in warnings}
                raise CartHasWarnings(
                    [str(line.id) for line, _ in flagged], [c for c in WarningCode if c in codes]
                )
            content, total = await self._plans.price(request.draft(cart.lines))
            return (), {"content": content_to_doc(content), "total": total.to_doc()}

        async def action(claim_id: str | None) -> tuple[dict[str, Any], Cart | None]:
            assert claim_id is not None, "checkout always has a key"
            plan_id = ObjectId(claim_id)
            done = await self._plans.get(claim_id)
            if done is not None:  # an earlier attempt got as far as the plan
                return plan_to_doc(done), None
            taken, cart = await self._cart.change(take, claim_id)
            content = content_from_doc(taken["content"])
            total = MoneyValue.from_doc(taken["total"])
            plan = await self._plans.create_priced(plan_id, content, total)
            return plan_to_doc(plan), cart

        result, cart = await self._cart.keyed(
            request.idempotency_key, request.fingerprint(), action
        )
        return plan_from_doc(result), cart
