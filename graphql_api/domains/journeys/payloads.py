"""Inputs and answers of the journey-plan mutations."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

import strawberry

from graphql_api.domains.journeys import models
from graphql_api.domains.journeys.service import JourneyPlanService
from graphql_api.domains.journeys.types import JourneyPlan, JourneyPlanStatus
from graphql_api.graphql.errors import Error, result_union


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
