"""A traveler's journey-plan change feed: what changed after a position, what was deleted since a
time. Reads only; the position is the server's, so a reader never misses a write."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from bson import ObjectId

from graphql_api.domains.journeys.models import JourneyPlan
from graphql_api.domains.journeys.repository import JourneyPlanRepository
from graphql_api.kernel import clock
from graphql_api.kernel.errors import BadUserInput

# Deletions are answered for this long (tombstones live a little longer).
TOMBSTONE_WINDOW = timedelta(days=30)
# A change feed's position never passes this far behind now: a write stamped a moment ago by
# another API process (or committed after a later-stamped one) is read on the next call instead
# of being skipped. Such a change is then returned twice, which a reader takes as it is.
CHANGES_LAG = timedelta(seconds=10)
# The origin of a position: before every id at that moment.
FIRST_ID = ObjectId("0" * 24)


@dataclasses.dataclass(frozen=True, slots=True)
class PlanChanges:
    plans: list[JourneyPlan]
    deleted_ids: list[str]
    position: tuple[datetime, ObjectId]
    has_more: bool


class PlanChangeFeed:
    """One traveler's plan changes, in the order they were written."""

    def __init__(self, repository: JourneyPlanRepository) -> None:
        self._repo = repository

    async def changes(self, after: tuple[datetime, ObjectId] | None, limit: int) -> PlanChanges:
        """Plans changed after the position `after` (all plans from none), oldest change first,
        plans deleted since then, and the position to continue from."""
        if after is not None and after[0] < clock.now() - TOMBSTONE_WINDOW:
            raise BadUserInput(
                f"this change feed position is older than the {TOMBSTONE_WINDOW.days}-day "
                "deletion history; read all plans again (from no position)",
                argument="after",
            )
        docs = await self._repo.changed_after(after, limit + 1)
        plans = docs[:limit]
        deleted = (
            [str(i) for i in await self._repo.deleted_since(after[0])] if after is not None else []
        )
        has_more = len(docs) > limit
        last = (plans[-1].updated_at, plans[-1].id) if plans else after
        safe = (clock.now() - CHANGES_LAG, FIRST_ID)
        position = safe if last is None or last > safe else last
        if has_more and last is not None and after is not None and position <= after:
            position = last  # a full page within the lag: move on rather than read it again
        return PlanChanges(plans, deleted, position, has_more)

    async def deleted_since(self, since: datetime) -> list[str]:
        """Ids of plans deleted at or after `since` (tombstones are kept 35 days)."""
        if since < clock.now() - TOMBSTONE_WINDOW:
            raise BadUserInput(
                f"`since` is older than the {TOMBSTONE_WINDOW.days}-day deletion history; "
                "fetch all plans again instead",
                argument="since",
            )
        return [str(plan_id) for plan_id in await self._repo.deleted_since(since)]
