"""Catalog models: plain data, no I/O."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from bson import ObjectId

from graphql_api.kernel.errors import ServiceNotBookable
from graphql_api.kernel.money import MoneyValue


class Category(Enum):
    ACCOMMODATION = "ACCOMMODATION"
    TOUR = "TOUR"
    ACTIVITY = "ACTIVITY"
    TRANSPORT = "TRANSPORT"
    GUIDE = "GUIDE"
    DINING = "DINING"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class Location:
    country: str
    region: str | None = None
    district: str | None = None
    area: str | None = None


@dataclass(frozen=True, slots=True)
class Service:
    id: ObjectId
    name: str
    category: Category
    description: str
    price: MoneyValue
    location: Location
    max_participants: int
    active: bool

    @property
    def bookable(self) -> bool:
        return self.active


@dataclass(frozen=True, slots=True)
class ServiceFilter:
    country: str | None = None
    region: str | None = None
    district: str | None = None
    area: str | None = None
    category: Category | None = None


class ServiceLookup(Protocol):
    """Services by id (per request, batched and cached): None for an unknown id."""

    def load(self, key: str) -> Awaitable[Service | None]: ...

    def load_many(self, keys: Iterable[str]) -> Awaitable[list[Service | None]]: ...


def not_bookable(service_id: str, service: Service | None) -> ServiceNotBookable:
    """The error for a service that is unknown (None) or not bookable now."""
    if service is None:
        return ServiceNotBookable(service_id, f"Service {service_id!r} does not exist")
    return ServiceNotBookable(service_id, f"Service {service.name!r} cannot be booked now")
