"""Plan changes, pushed: those since a time (from updatedAt and the deletion history), then each
change as it happens, from whichever process made it."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from graphql_api.domains.journeys.changes import CHANGES_LAG, FIRST_ID, PlanChangeFeed
from graphql_api.domains.journeys.types import JourneyPlan
from graphql_api.domains.journeys.wiring import change_feed, plan_service
from graphql_api.graphql.auth import IsAuthenticated
from graphql_api.graphql.context import Info
from graphql_api.graphql.subscriptions import next_change, subscribed
from graphql_api.kernel import clock
from graphql_api.kernel.errors import BadUserInput

REPLAY_PAGE = 100


@strawberry.type(
    description="One plan's change: the plan as it is now, or the id of a plan deleted."
)
class JourneyPlanChange:
    plan: JourneyPlan | None
    deleted_id: strawberry.ID | None
    at: datetime


async def _since(feed: PlanChangeFeed, since: datetime) -> AsyncGenerator[JourneyPlanChange, None]:
    position = (since, FIRST_ID)
    first = True
    while True:
        page = await feed.changes(position, REPLAY_PAGE)
        for plan in page.plans:
            yield JourneyPlanChange(
                plan=JourneyPlan.from_model(plan), deleted_id=None, at=plan.updated_at
            )
        if first:  # deletions since `since` come with every page: once is enough
            for plan_id in page.deleted_ids:
                yield JourneyPlanChange(
                    plan=None, deleted_id=strawberry.ID(plan_id), at=clock.now()
                )
            first = False
        if not page.has_more:
            return
        position = page.position


@strawberry.type
class JourneyPlanSubscription:
    @strawberry.subscription(
        description=(
            "Every plan change since `since` (from updatedAt and the deletion history), then "
            "live: one event per plan changed (several quick changes to one plan may come as one)."
        ),
        permission_classes=[IsAuthenticated],
    )
    async def journey_plans_changed(
        self, info: Info, since: datetime | None = None
    ) -> AsyncGenerator[JourneyPlanChange, None]:
        if since is not None and since.tzinfo is None:
            raise BadUserInput("`since` needs a time zone", argument="since")
        feed = info.context.service(change_feed)
        plans = info.context.service(plan_service)
        with subscribed(info.context, "plans") as signal:
            heard = clock.now()  # listening from here: what changes next is signalled
            if since is not None:
                async for change in _since(feed, since):
                    yield change
            while True:
                changed = await next_change(info.context, signal)
                if changed is None:
                    # A gap in what this process heard: everything since it last listened.
                    gap_from, heard = heard - CHANGES_LAG, clock.now()
                    async for change in _since(feed, gap_from):
                        yield change
                    continue
                heard = clock.now()
                for plan_id in sorted(changed):
                    plan = await plans.get(plan_id)
                    if plan is None:
                        yield JourneyPlanChange(
                            plan=None, deleted_id=strawberry.ID(plan_id), at=clock.now()
                        )
                    else:
                        yield JourneyPlanChange(
                            plan=JourneyPlan.from_model(plan), deleted_id=None, at=plan.updated_at
                        )
