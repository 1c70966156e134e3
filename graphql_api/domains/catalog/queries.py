"""Public catalog queries."""

from __future__ import annotations

import strawberry

from graphql_api.domains.catalog import models
from graphql_api.domains.catalog.types import (
    Service,
    ServiceCategory,
    ServiceConnection,
    ServiceEdge,
)
from graphql_api.domains.catalog.wiring import catalog_service, services_by_id
from graphql_api.graphql.common_types import PageInfo
from graphql_api.graphql.context import Info
from graphql_api.graphql.pagination import check_first, decode_cursor, encode_cursor
from graphql_api.kernel.errors import BadUserInput
from graphql_api.kernel.ids import parse_object_id
from graphql_api.kernel.text import UNSTORABLE, storable

CURSOR_KIND = "service"


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="A service by id; null when unknown or malformed.")
    async def service(self, info: Info, id: strawberry.ID) -> Service | None:
        found = await info.context.service(services_by_id).load(str(id))
        return Service.from_model(found) if found is not None else None

    @strawberry.field(
        description="Services in a stable order, filtered by exact location fields and category."
    )
    async def services(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        country: str | None = None,
        region: str | None = None,
        district: str | None = None,
        area: str | None = None,
        category: ServiceCategory | None = None,  # type: ignore[valid-type]
    ) -> ServiceConnection:
        limit = check_first(first)
        after_id = None
        if after is not None:
            (raw,) = decode_cursor(CURSOR_KIND, after, 1)
            after_id = parse_object_id(raw) if isinstance(raw, str) else None
            if after_id is None:
                raise BadUserInput("`after` is not a valid cursor for this list", argument="after")
        for name, value in (
            ("country", country),
            ("region", region),
            ("district", district),
            ("area", area),
        ):
            if value is not None and not storable(value):
                raise BadUserInput(f"`{name}` {UNSTORABLE}", argument=name)
        filters = models.ServiceFilter(country, region, district, area, category)
        rows, more = await info.context.service(catalog_service).page(filters, after_id, limit)
        edges = [
            ServiceEdge(cursor=encode_cursor(CURSOR_KIND, [str(s.id)]), node=Service.from_model(s))
            for s in rows
        ]
        return ServiceConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=more,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )
