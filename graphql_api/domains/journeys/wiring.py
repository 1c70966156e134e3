"""How the journeys domain's per-request services are built from the request's context."""

from __future__ import annotations

from graphql_api.domains.catalog.wiring import services_by_id
from graphql_api.domains.journeys.changes import PlanChangeFeed
from graphql_api.domains.journeys.repository import JourneyPlanRepository
from graphql_api.domains.journeys.service import JourneyPlanService
from graphql_api.graphql.context import Context


def plan_service(context: Context) -> JourneyPlanService:
    repository = JourneyPlanRepository(context.db, context.require_traveler().id)
    return JourneyPlanService(
        repository, context.keys, context.service(services_by_id), context.settings.default_currency
    )


def change_feed(context: Context) -> PlanChangeFeed:
    return PlanChangeFeed(JourneyPlanRepository(context.db, context.require_traveler().id))
