"""Journey-plan mutations: expected failures come back as typed members of each result union."""

from __future__ import annotations

from typing import Any, cast

import strawberry

from graphql_api.auth import IsAuthenticated
from graphql_api.context import Info
from graphql_api.error_types import failure_result
from graphql_api.errors import DomainError
from graphql_api.journeys.models import (
    PlanDraft,
    PlannedServiceRequest,
    PlanPatch,
)
from graphql_api.journeys.types import (
    JourneyPlan,
    JourneyPlanCreateInput,
    JourneyPlanCreateResult,
    JourneyPlanCreateSuccess,
    JourneyPlanDeleteInput,
    JourneyPlanDeleteResult,
    JourneyPlanDeleteSuccess,
    JourneyPlanTransitionInput,
    JourneyPlanTransitionResult,
    JourneyPlanTransitionSuccess,
    JourneyPlanUpdateInput,
    JourneyPlanUpdateResult,
    JourneyPlanUpdateSuccess,
    PlannedServiceInput,
)


def service_requests(items: list[PlannedServiceInput]) -> tuple[PlannedServiceRequest, ...]:
    return tuple(
        PlannedServiceRequest(str(item.service_id), item.booking_date, item.quantity)
        for item in items
    )


def draft_from(data: JourneyPlanCreateInput) -> PlanDraft:
    return PlanDraft(
        country=data.country,
        title=data.title,
        region=data.region,
        district=data.district,
        area=data.area,
        services=service_requests(data.services),
        travelers_count=data.travelers_count,
        start_date=data.start_date,
        end_date=data.end_date,
        notes=data.notes,
    )


PATCHABLE = (
    "title",
    "country",
    "region",
    "district",
    "area",
    "services",
    "travelers_count",
    "start_date",
    "end_date",
    "notes",
)


def patch_from(data: JourneyPlanUpdateInput) -> PlanPatch:
    values: dict[str, Any] = {}
    for name in PATCHABLE:
        value = getattr(data, name)
        if value is strawberry.UNSET:
            continue
        values[name] = service_requests(value) if name == "services" and value else value
    return PlanPatch(values)


@strawberry.type
class JourneyPlanMutation:
    @strawberry.mutation(
        description="Create a DRAFT plan; its cost is computed from the catalog.",
        permission_classes=[IsAuthenticated],
    )
    async def journey_plan_create(
        self, info: Info, input: JourneyPlanCreateInput
    ) -> JourneyPlanCreateResult:
        try:
            plan = await info.context.plans.create(draft_from(input), input.idempotency_key)
        except DomainError as error:
            # Each union lists exactly the errors its service can raise.
            return cast(JourneyPlanCreateResult, failure_result("journeyPlanCreate", error))
        return JourneyPlanCreateSuccess(journey_plan=JourneyPlan.from_model(plan))

    @strawberry.mutation(
        description=(
            "Change a DRAFT or PLANNED plan; omitted fields stay, null clears optional ones."
        ),
        permission_classes=[IsAuthenticated],
    )
    async def journey_plan_update(
        self, info: Info, input: JourneyPlanUpdateInput
    ) -> JourneyPlanUpdateResult:
        try:
            plan = await info.context.plans.update(
                str(input.id), patch_from(input), input.expected_version
            )
        except DomainError as error:
            return cast(JourneyPlanUpdateResult, failure_result("journeyPlanUpdate", error))
        return JourneyPlanUpdateSuccess(journey_plan=JourneyPlan.from_model(plan))

    @strawberry.mutation(
        description="Move a plan to another status, as the lifecycle table allows.",
        permission_classes=[IsAuthenticated],
    )
    async def journey_plan_transition(
        self, info: Info, input: JourneyPlanTransitionInput
    ) -> JourneyPlanTransitionResult:
        try:
            plan = await info.context.plans.transition(
                str(input.id), input.to, input.expected_version
            )
        except DomainError as error:
            return cast(JourneyPlanTransitionResult, failure_result("journeyPlanTransition", error))
        return JourneyPlanTransitionSuccess(journey_plan=JourneyPlan.from_model(plan))

    @strawberry.mutation(
        description="Delete a plan (not while BOOKED); a missing plan gives deleted: false.",
        permission_classes=[IsAuthenticated],
    )
    async def journey_plan_delete(
        self, info: Info, input: JourneyPlanDeleteInput
    ) -> JourneyPlanDeleteResult:
        try:
            deleted = await info.context.plans.delete(str(input.id))
        except DomainError as error:
            return cast(JourneyPlanDeleteResult, failure_result("journeyPlanDelete", error))
        return JourneyPlanDeleteSuccess(deleted=deleted, deleted_id=input.id if deleted else None)
