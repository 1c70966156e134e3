"""GraphQL types of the catalog."""

from __future__ import annotations

import strawberry

from graphql_api.domains.catalog import models
from graphql_api.graphql.common_types import Money, PageInfo
from graphql_api.graphql.limits import list_size

ServiceCategory = strawberry.enum(
    models.Category, name="ServiceCategory", description="Kind of bookable service."
)


@strawberry.type(description="Where a service takes place, from country down to area.")
class Location:
    country: str
    region: str | None
    district: str | None
    area: str | None


@strawberry.type(description="A bookable travel service from the catalog.")
class Service:
    id: strawberry.ID
    name: str
    category: ServiceCategory  # type: ignore[valid-type]
    description: str
    price: Money = strawberry.field(description="Current catalog price per unit.")
    location: Location
    max_participants: int = strawberry.field(description="Most participants one booking may have.")
    active: bool = strawberry.field(description="False when the service cannot be booked now.")

    @classmethod
    def from_model(cls, service: models.Service) -> Service:
        loc = service.location
        return cls(
            id=strawberry.ID(str(service.id)),
            name=service.name,
            category=service.category,
            description=service.description,
            price=Money.of(service.price),
            location=Location(
                country=loc.country, region=loc.region, district=loc.district, area=loc.area
            ),
            max_participants=service.max_participants,
            active=service.active,
        )


@strawberry.type
class ServiceEdge:
    cursor: str
    node: Service


@strawberry.type(description="A page of services.")
class ServiceConnection:
    edges: list[ServiceEdge] = strawberry.field(metadata=list_size(1))  # `first` counted them
    page_info: PageInfo
