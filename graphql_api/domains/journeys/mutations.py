"""Journey-plan mutations: expected failures come back as typed members of each result union."""

from __future__ import annotations

import strawberry

from graphql_api.domains.journeys.payloads import (
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
)
from graphql_api.domains.journeys.types import JourneyPlan
from graphql_api.domains.journeys.wiring import plan_service
from graphql_api.graphql.auth import IsAuthenticated
from graphql_api.graphql.context import Info
from graphql_api.graphql.errors import typed_failures


@strawberry.type
class JourneyPlanMutation:
    @strawberry.mutation(
        description="Create a DRAFT plan; its cost is computed from the catalog.",
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def journey_plan_create(
        self, info: Info, input: JourneyPlanCreateInput
    ) -> JourneyPlanCreateResult:
        plan = await info.context.service(plan_service).create(input.draft(), input.idempotency_key)
        return JourneyPlanCreateSuccess(journey_plan=JourneyPlan.from_model(plan))

    @strawberry.mutation(
        description=(
            "Change a DRAFT or PLANNED plan; omitted fields stay, null clears optional ones."
        ),
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def journey_plan_update(
        self, info: Info, input: JourneyPlanUpdateInput
    ) -> JourneyPlanUpdateResult:
        plan = await info.context.service(plan_service).update(
            str(input.id), input.patch(), input.expected_version, input.idempotency_key
        )
        return JourneyPlanUpdateSuccess(journey_plan=JourneyPlan.from_model(plan))

    @strawberry.mutation(
        description="Move a plan to another status, as the lifecycle table allows.",
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def journey_plan_transition(
        self, info: Info, input: JourneyPlanTransitionInput
    ) -> JourneyPlanTransitionResult:
        plan = await info.context.service(plan_service).transition(
            str(input.id), input.to, input.expected_version, input.idempotency_key
        )
        return JourneyPlanTransitionSuccess(journey_plan=JourneyPlan.from_model(plan))

    @strawberry.mutation(
        description="Delete a plan (not while BOOKED); a missing plan gives deleted: false.",
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def journey_plan_delete(
        self, info: Info, input: JourneyPlanDeleteInput
    ) -> JourneyPlanDeleteResult:
        deleted = await info.context.service(plan_service).delete(
            str(input.id), input.idempotency_key
        )
        return JourneyPlanDeleteSuccess(deleted=deleted, deleted_id=input.id if deleted else None)
