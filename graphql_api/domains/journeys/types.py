"""GraphQL types of journey plans."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import strawberry

from graphql_api.domains.cart.warning_types import CartLineWarning, warnings_for
from graphql_api.domains.catalog.types import Service
from graphql_api.domains.catalog.warnings import WarningCode
from graphql_api.domains.catalog.wiring import services_by_id
from graphql_api.domains.journeys import models
from graphql_api.graphql.common_types import Money, PageInfo
from graphql_api.graphql.context import Info
from graphql_api.graphql.errors import (
    Error,
    error_type,
)
from graphql_api.graphql.limits import list_size
from graphql_api.kernel import clock

# A plan may move between DRAFT and PLANNED again and again, so its history has no hard cap: the
# node budget sizes it at this many changes.
STATUS_HISTORY_BUDGET = 100

JourneyPlanStatus = strawberry.enum(
    models.PlanStatus,
    name="JourneyPlanStatus",
    description="Where a plan is in its lifecycle; see `allowedTransitions`.",
)


@strawberry.type(description="A service chosen for a plan, priced when the plan was written.")
class PlannedService:
    service_id: strawberry.ID
    booking_date: date | None
    quantity: int
    unit_price: Money = strawberry.field(
        description="Catalog price captured when the plan's content was last written."
    )
    subtotal: Money = strawberry.field(description="unitPrice x quantity.")
    item: strawberry.Private[models.PlannedItem]
    # What warnings judge besides the item: the plan's status and its travelers.
    status: strawberry.Private[models.PlanStatus]
    travelers: strawberry.Private[int]

    @classmethod
    def from_model(
        cls, item: models.PlannedItem, status: models.PlanStatus, travelers: int
    ) -> PlannedService:
        return cls(
            service_id=strawberry.ID(item.service_id),
            booking_date=item.booking_date,
            quantity=item.quantity,
            unit_price=Money.of(item.unit_price),
            subtotal=Money.of(item.subtotal),
            item=item,
            status=status,
            travelers=travelers,
        )

    @strawberry.field(description="The catalog service; null when it left the catalog.")
    async def service(self, info: Info) -> Service | None:
        found = await info.context.service(services_by_id).load(str(self.service_id))
        return Service.from_model(found) if found is not None else None

    @strawberry.field(
        description=(
            "For a DRAFT or PLANNED plan, what stands in the way of booking this service (as "
            "on cart lines: unitPrice is the accepted price, travelersCount the participants); "
            "a plan with any cannot become BOOKED. Empty for other statuses."
        ),
        metadata=list_size(len(WarningCode)),
    )
    async def warnings(self, info: Info) -> list[CartLineWarning]:
        if self.status not in models.WARNED:
            return []
        found = await info.context.service(services_by_id).load(str(self.service_id))
        date_, participants, accepted = models.booking_terms(self.item, self.travelers)
        return warnings_for(date_, participants, accepted, found, clock.today())


@strawberry.type(description="One move of a plan's status; the first is its creation.")
class JourneyPlanStatusChange:
    from_: JourneyPlanStatus | None = strawberry.field(  # type: ignore[valid-type]
        name="from", description="Null for the creation."
    )
    to: JourneyPlanStatus  # type: ignore[valid-type]
    at: datetime


# A plan's descriptive fields, named once (a page builds 20 plans per request).
_DETAIL_FIELDS = tuple(field.name for field in dataclasses.fields(models.PlanDetails))


@strawberry.type(description="A traveler's itinerary for a place, with chosen services.")
class JourneyPlan:
    id: strawberry.ID
    title: str | None
    country: str
    region: str | None
    district: str | None
    area: str | None
    services: list[PlannedService] = strawberry.field(metadata=list_size(models.MAX_SERVICES))
    travelers_count: int
    total_cost: Money = strawberry.field(
        description="Sum of the services' subtotals, computed by the server."
    )
    status: JourneyPlanStatus  # type: ignore[valid-type]
    allowed_transitions: list[JourneyPlanStatus] = strawberry.field(  # type: ignore[valid-type]
        description="The statuses this plan can move to now."
    )
    status_history: list[JourneyPlanStatusChange] = strawberry.field(
        description="Every status change, oldest first, starting with the creation.",
        metadata=list_size(STATUS_HISTORY_BUDGET),
    )
    start_date: date | None
    end_date: date | None
    notes: str | None
    version: int = strawberry.field(description="Starts at 1; +1 on every change.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, plan: models.JourneyPlan) -> JourneyPlan:
        details = plan.content.details
        return cls(
            id=strawberry.ID(str(plan.id)),
            **{name: getattr(details, name) for name in _DETAIL_FIELDS},
            services=[
                PlannedService.from_model(item, plan.status, plan.content.details.travelers_count)
                for item in plan.content.services
            ],
            total_cost=Money.of(plan.total_cost),
            status=plan.status,
            allowed_transitions=list(models.allowed_transitions(plan.status)),
            status_history=[
                JourneyPlanStatusChange(from_=c.previous, to=c.status, at=c.at)
                for c in plan.status_history
            ],
            version=plan.version,
            created_at=plan.created_at,
            updated_at=plan.updated_at,
        )


@strawberry.type
class JourneyPlanEdge:
    cursor: str
    node: JourneyPlan


@strawberry.type(description="A page of journey plans, newest first.")
class JourneyPlanConnection:
    edges: list[JourneyPlanEdge] = strawberry.field(metadata=list_size(1))  # `first` counted them
    page_info: PageInfo


@strawberry.type(
    description=(
        "One page of a traveler's plan changes: the plans changed after the position given, "
        "oldest change first, and the ids of plans deleted since."
    )
)
class JourneyPlanChanges:
    plans: list[JourneyPlan] = strawberry.field(
        description="Changed (or, from no position, all) plans, each as it is now.",
        metadata=list_size(1),  # the feed's `first` counted them
    )
    deleted_ids: list[strawberry.ID] = strawberry.field(
        description="Plans deleted since the position given (none from no position)."
    )
    cursor: str = strawberry.field(
        description=(
            "Where to continue: pass it as `after` next time (also when `hasMore` is false). "
            "It stays a few seconds behind the newest change, so a change may come twice."
        )
    )
    has_more: bool = strawberry.field(description="More changes wait: ask again at once.")


@strawberry.type(description="The plan changed since `expectedVersion`; `current` is it now.")
class JourneyPlanVersionConflictError(Error):
    current: JourneyPlan


@strawberry.type(description="The status table does not allow this move now.")
class InvalidTransitionError(Error):
    from_: JourneyPlanStatus = strawberry.field(name="from")  # type: ignore[valid-type]
    to: JourneyPlanStatus  # type: ignore[valid-type]
    allowed: list[JourneyPlanStatus] = strawberry.field(  # type: ignore[valid-type]
        description="The moves allowed from `from`."
    )


@strawberry.type(description="The plan's status forbids this change; `status` is the current one.")
class PlanLockedError(Error):
    status: JourneyPlanStatus  # type: ignore[valid-type]


@error_type.register
def _(error: models.PlanVersionConflict) -> JourneyPlanVersionConflictError:
    return JourneyPlanVersionConflictError(
        code=error.code, message=error.message, current=JourneyPlan.from_model(error.current)
    )


@error_type.register
def _(error: models.InvalidTransition) -> InvalidTransitionError:
    return InvalidTransitionError(
        code=error.code,
        message=error.message,
        from_=error.current,
        to=error.target,
        allowed=list(error.allowed),
    )


@error_type.register
def _(error: models.PlanLocked) -> PlanLockedError:
    return PlanLockedError(code=error.code, message=error.message, status=error.status)
