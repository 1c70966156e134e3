"""The authenticated traveler, exposed as `me`."""

from __future__ import annotations

import strawberry

from graphql_api.graphql.auth import IsAuthenticated
from graphql_api.graphql.context import Info


@strawberry.type(description="A traveler, identified by the token's subject.")
class Traveler:
    id: strawberry.ID


@strawberry.type
class TravelerQuery:
    @strawberry.field(
        description="The traveler the bearer token identifies.",
        permission_classes=[IsAuthenticated],
    )
    def me(self, info: Info) -> Traveler:
        return Traveler(id=strawberry.ID(info.context.require_traveler().id))
