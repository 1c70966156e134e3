"""GraphQL types of journey plans."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import TYPE_CHECKING

import strawberry

from graphql_api.domains.catalog.types import Service
from graphql_api.domains.catalog.wiring import services_by_id
from graphql_api.domains.journeys import models
from graphql_api.domains.journeys.service import JourneyPlanService
from graphql_api.graphql.common_types import Money, PageInfo
from graphql_api.graphql.context import Info
from graphql_api.graphql.errors import (
    Error,
    error_type,
    result_union,
)
from graphql_api.graphql.limits import list_size

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

    @classmethod
    def from_model(cls, item: models.PlannedItem) -> PlannedService:
        return cls(
            service_id=strawberry.ID(item.service_id),
            booking_date=item.booking_date,
            quantity=item.quantity,
            unit_price=Money.of(item.unit_price),
            subtotal=Money.of(item.subtotal),
        )

    @strawberry.field(description="The catalog service; null when it left the catalog.")
    async def service(self, info: Info) -> Service | None:
        found = await info.context.service(services_by_id).load(str(self.service_id))
        return Service.from_model(found) if found is not None else None


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
            services=[PlannedService.from_model(item) for item in plan.content.services],
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


@strawberry.input
class PlannedServiceInput:
    service_id: strawberry.ID
    booking_date: date | None = None
    quantity: int = 1


def service_requests(
    items: list[PlannedServiceInput],
) -> tuple[models.PlannedServiceRequest, ...]:
    return tuple(
        models.PlannedServiceRequest(str(item.service_id), item.booking_date, item.quantity)
        for item in items
    )


@strawberry.input(description="What a traveler writes about a plan, all but its services.")
class PlanDetailsInput:
    country: str
    title: str | None = None
    region: str | None = None
    district: str | None = None
    area: str | None = None
    travelers_count: int = 1
    start_date: date | None = None
    end_date: date | None = None
    notes: str | None = None

    def details(self) -> models.PlanDetails:
        return models.PlanDetails(
            **{f.name: getattr(self, f.name) for f in dataclasses.fields(models.PlanDetails)}
        )


@strawberry.input(description="A new plan; it starts as DRAFT.")
class JourneyPlanCreateInput(PlanDetailsInput):
    services: list[PlannedServiceInput] = strawberry.field(default_factory=list)
    idempotency_key: str | None = strawberry.field(
        default=None, description="1..64 of [A-Za-z0-9_-]; a retry with it creates only once."
    )

    def draft(self) -> models.PlanDraft:
        return models.PlanDraft(self.details(), service_requests(self.services))


@strawberry.input(description="Change a plan; omitted fields stay, null clears optional ones.")
class JourneyPlanUpdateInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="When set, the update applies only to this version."
    )
    title: str | None = strawberry.UNSET
    country: str | None = strawberry.UNSET
    region: str | None = strawberry.UNSET
    district: str | None = strawberry.UNSET
    area: str | None = strawberry.UNSET
    services: list[PlannedServiceInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces all services; [] empties the plan."
    )
    travelers_count: int | None = strawberry.UNSET
    start_date: date | None = strawberry.UNSET
    end_date: date | None = strawberry.UNSET
    notes: str | None = strawberry.UNSET
    idempotency_key: str | None = strawberry.field(
        default=None,
        description=(
            "1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once "
            "and answers with the first result."
        ),
    )

    def patch(self) -> models.PlanPatch:
        sent = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(models.PlanDetails)
            if getattr(self, f.name) is not strawberry.UNSET
        }
        services_sent = self.services is not strawberry.UNSET
        given = services_sent and self.services is not None
        services = service_requests(self.services) if given and self.services is not None else None
        return models.PlanPatch(sent, services, services_sent)


@strawberry.input
class JourneyPlanTransitionInput:
    id: strawberry.ID
    to: JourneyPlanStatus  # type: ignore[valid-type]
    expected_version: int | None = strawberry.field(
        default=None, description="When set, the move applies only to this version."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description=(
            "1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once "
            "and answers with the first result."
        ),
    )


@strawberry.input
class JourneyPlanDeleteInput:
    id: strawberry.ID
    idempotency_key: str | None = strawberry.field(
        default=None,
        description=(
            "1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once "
            "and answers with the first result."
        ),
    )


@strawberry.type
class JourneyPlanCreateSuccess:
    journey_plan: JourneyPlan


@strawberry.type
class JourneyPlanUpdateSuccess:
    journey_plan: JourneyPlan


@strawberry.type
class JourneyPlanTransitionSuccess:
    journey_plan: JourneyPlan


@strawberry.type
class JourneyPlanDeleteSuccess:
    deleted: bool = strawberry.field(description="False when there was no such plan.")
    deleted_id: strawberry.ID | None = strawberry.field(description="The id, when deleted.")


# Result unions: the success type, then the errors the serving method declares (@raises).
if TYPE_CHECKING:
    JourneyPlanCreateResult = JourneyPlanCreateSuccess | Error
    JourneyPlanUpdateResult = JourneyPlanUpdateSuccess | Error
    JourneyPlanTransitionResult = JourneyPlanTransitionSuccess | Error
    JourneyPlanDeleteResult = JourneyPlanDeleteSuccess | Error
else:
    JourneyPlanCreateResult = result_union(
        "JourneyPlanCreateResult", JourneyPlanCreateSuccess, JourneyPlanService.create
    )
    JourneyPlanUpdateResult = result_union(
        "JourneyPlanUpdateResult", JourneyPlanUpdateSuccess, JourneyPlanService.update
    )
    JourneyPlanTransitionResult = result_union(
        "JourneyPlanTransitionResult", JourneyPlanTransitionSuccess, JourneyPlanService.transition
    )
    JourneyPlanDeleteResult = result_union(
        "JourneyPlanDeleteResult", JourneyPlanDeleteSuccess, JourneyPlanService.delete
    )
