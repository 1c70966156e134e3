"""Journey-plan queries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from bson import ObjectId

from graphql_api.domains.journeys.types import (
    JourneyPlan,
    JourneyPlanChanges,
    JourneyPlanConnection,
    JourneyPlanEdge,
    JourneyPlanStatus,
)
from graphql_api.domains.journeys.wiring import change_feed, plan_service
from graphql_api.graphql.auth import IsAuthenticated
from graphql_api.graphql.common_types import PageInfo
from graphql_api.graphql.context import Info
from graphql_api.graphql.pagination import check_first, decode_cursor, encode_cursor
from graphql_api.kernel.errors import BadUserInput
from graphql_api.kernel.ids import parse_object_id

CURSOR_KIND = "journeyPlan"
CHANGES_KIND = "journeyPlanChanges"


Position = tuple[datetime, ObjectId]


def position_cursor(kind: str, position: Position) -> str:
    return encode_cursor(kind, [position[0].isoformat(), str(position[1])])


def parse_position_cursor(kind: str, cursor: str) -> Position:
    """A (moment, plan id) position from a cursor of `kind`; BAD_USER_INPUT for anything else."""
    moment_text, plan_id = decode_cursor(kind, cursor, 2)
    try:
        moment = datetime.fromisoformat(moment_text) if isinstance(moment_text, str) else None
    except ValueError:
        moment = None
    oid = parse_object_id(plan_id) if isinstance(plan_id, str) else None
    if moment is None or moment.tzinfo is None or oid is None:
        raise BadUserInput("`after` is not a valid cursor for this list", argument="after")
    return moment, oid


def plan_cursor(plan: JourneyPlan) -> str:
    return position_cursor(CURSOR_KIND, (plan.created_at, ObjectId(plan.id)))


@strawberry.type
class JourneyPlanQuery:
    @strawberry.field(
        description=(
            "The traveler's plan changes after a cursor this query returned, oldest first; "
            "without one, every plan. Deletions since the cursor come with them. A device keeps "
            "the last cursor and asks again from it: nothing changed elsewhere is missed."
        ),
        permission_classes=[IsAuthenticated],
    )
    async def journey_plan_changes(
        self, info: Info, first: int = 40, after: str | None = None
    ) -> JourneyPlanChanges:
        limit = check_first(first)
        position = parse_position_cursor(CHANGES_KIND, after) if after is not None else None
        page = await info.context.service(change_feed).changes(position, limit)
        return JourneyPlanChanges(
            plans=[JourneyPlan.from_model(plan) for plan in page.plans],
            deleted_ids=[strawberry.ID(i) for i in page.deleted_ids],
            cursor=position_cursor(CHANGES_KIND, page.position),
            has_more=page.has_more,
        )

    @strawberry.field(
        description="The traveler's plans, newest first, optionally only some statuses.",
        permission_classes=[IsAuthenticated],
    )
    async def journey_plans(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        status: list[JourneyPlanStatus] | None = None,  # type: ignore[valid-type]
        updated_since: Annotated[
            datetime | None,
            strawberry.argument(description="Only plans changed at or after this time."),
        ] = None,
    ) -> JourneyPlanConnection:
        limit = check_first(first)
        position = parse_position_cursor(CURSOR_KIND, after) if after is not None else None
        if updated_since is not None and updated_since.tzinfo is None:
            raise BadUserInput("`updatedSince` needs a time zone", argument="updatedSince")
        plans = await info.context.service(plan_service).page(
            status, position, limit + 1, updated_since
        )
        nodes = [JourneyPlan.from_model(plan) for plan in plans[:limit]]
        edges = [JourneyPlanEdge(cursor=plan_cursor(node), node=node) for node in nodes]
        return JourneyPlanConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(plans) > limit,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @strawberry.field(
        description="One plan; null when unknown, malformed or another traveler's.",
        permission_classes=[IsAuthenticated],
    )
    async def journey_plan(self, info: Info, id: strawberry.ID) -> JourneyPlan | None:
        plan = await info.context.service(plan_service).get(str(id))
        return JourneyPlan.from_model(plan) if plan is not None else None

    @strawberry.field(
        description=(
            "Ids of the traveler's plans deleted at or after `since` (at most 30 days back), "
            "so a device can drop them from its copy."
        ),
        permission_classes=[IsAuthenticated],
    )
    async def deleted_journey_plan_ids(self, info: Info, since: datetime) -> list[strawberry.ID]:
        if since.tzinfo is None:
            raise BadUserInput("`since` needs a time zone", argument="since")
        ids = await info.context.service(change_feed).deleted_since(since)
        return [strawberry.ID(plan_id) for plan_id in ids]
