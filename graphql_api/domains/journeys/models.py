"""Journey-plan models, limits and the status machine: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from bson import ObjectId

from graphql_api.domains.journeys import compat
from graphql_api.kernel.errors import DomainError, ErrorCode, VersionConflict
from graphql_api.kernel.idempotency import Fingerprint
from graphql_api.kernel.money import MoneyValue

MAX_SERVICES = 50
MAX_QUANTITY = 99
MAX_TRAVELERS = 100
MAX_COUNTRY = 100
MAX_PLACE = 100  # region, district, area
MAX_TITLE = 200
MAX_NOTES = 2000


class PlanStatus(Enum):
    DRAFT = "DRAFT"
    PLANNED = "PLANNED"
    BOOKED = "BOOKED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


# The whole lifecycle, in one place: every allowed move, in the order clients see them.
TRANSITIONS: dict[PlanStatus, tuple[PlanStatus, ...]] = {
    PlanStatus.DRAFT: (PlanStatus.PLANNED, PlanStatus.CANCELLED),
    PlanStatus.PLANNED: (PlanStatus.DRAFT, PlanStatus.BOOKED, PlanStatus.CANCELLED),
    PlanStatus.BOOKED: (PlanStatus.COMPLETED, PlanStatus.CANCELLED),
    PlanStatus.COMPLETED: (),
    PlanStatus.CANCELLED: (),
}
# Statuses a plan can only enter with at least one service.
NEEDS_SERVICES = frozenset({PlanStatus.PLANNED, PlanStatus.BOOKED})
# Statuses whose content (everything but the status) can change.
EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.PLANNED})
# Statuses in which a plan cannot be deleted (cancel it first).
UNDELETABLE = frozenset({PlanStatus.BOOKED})


def allowed_transitions(status: PlanStatus) -> tuple[PlanStatus, ...]:
    return TRANSITIONS[status]


def can_transition(current: PlanStatus, target: PlanStatus) -> bool:
    return target in TRANSITIONS[current]


class InvalidTransition(DomainError):
    code = ErrorCode.INVALID_TRANSITION

    def __init__(self, message: str, current: PlanStatus, target: PlanStatus) -> None:
        super().__init__(message)
        self.current = current
        self.target = target
        self.allowed = allowed_transitions(current)


class PlanVersionConflict(VersionConflict):
    """The plan moved on since the version the client expected; `current` is the plan now."""


class PlanLocked(DomainError):
    code = ErrorCode.PLAN_LOCKED

    def __init__(self, message: str, status: PlanStatus) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class PlannedItem:
    service_id: str
    booking_date: date | None
    quantity: int
    unit_price: MoneyValue

    @property
    def subtotal(self) -> MoneyValue:
        return self.unit_price.times(self.quantity)


# Plans whose services are judged for warnings: not yet booked (and the move to BOOKED needs none).
WARNED = frozenset({PlanStatus.DRAFT, PlanStatus.PLANNED})


def booking_terms(item: PlannedItem, travelers: int) -> tuple[date | None, int, MoneyValue]:
    """What warnings judge of a planned service: its date, the plan's travelers as the
    participants, and the price captured as the one accepted."""
    return item.booking_date, travelers, item.unit_price


@dataclass(frozen=True, slots=True)
class StatusChange:
    previous: PlanStatus | None
    status: PlanStatus
    at: datetime


@dataclass(frozen=True, slots=True)
class PlanDetails:
    """What a traveler writes about a plan, all but its services. The one type for these
    fields: requests, stored plans, checkout and the GraphQL edge all convert through it."""

    country: str
    title: str | None = None
    region: str | None = None
    district: str | None = None
    area: str | None = None
    travelers_count: int = 1
    start_date: date | None = None
    end_date: date | None = None
    notes: str | None = None

    def fingerprint(self) -> dict[str, Any]:
        """The details as idempotency keys compare them, under stable names."""
        return {
            "country": self.country,
            "title": self.title,
            "region": self.region,
            "district": self.district,
            "area": self.area,
            "travelers_count": self.travelers_count,
            "start_date": _store(self.start_date),
            "end_date": _store(self.end_date),
            "notes": self.notes,
        }


def _store(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True, slots=True)
class PlanContent:
    """Everything a traveler edits: the details and the priced services."""

    details: PlanDetails
    services: tuple[PlannedItem, ...] = ()


@dataclass(frozen=True, slots=True)
class JourneyPlan:
    id: ObjectId
    content: PlanContent
    total_cost: MoneyValue
    status: PlanStatus
    status_history: tuple[StatusChange, ...]
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def new_draft(
        cls, plan_id: ObjectId, content: PlanContent, total: MoneyValue, now: datetime
    ) -> JourneyPlan:
        """A plan as created: DRAFT, version 1, its history starting with the creation."""
        return cls(
            id=plan_id,
            content=content,
            total_cost=total,
            status=PlanStatus.DRAFT,
            status_history=(StatusChange(None, PlanStatus.DRAFT, now),),
            version=1,
            created_at=now,
            updated_at=now,
        )


@dataclass(frozen=True, slots=True)
class PlannedServiceRequest:
    service_id: str
    booking_date: date | None
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class PlanDraft:
    """A requested plan content, before validation and pricing."""

    details: PlanDetails
    services: tuple[PlannedServiceRequest, ...] = ()

    def fingerprint(self) -> Fingerprint:
        fields = {
            "details": self.details.fingerprint(),
            "services": [
                {
                    "service_id": s.service_id,
                    "booking_date": _store(s.booking_date),
                    "quantity": s.quantity,
                }
                for s in self.services
            ],
        }
        return Fingerprint("plan.create", 1, fields, compat.create(fields))


@dataclass(frozen=True, slots=True)
class PlanPatch:
    """A partial update: only the fields sent (None for an explicit null), by PlanDetails
    name; `services` when they were sent."""

    details: dict[str, Any] = field(default_factory=dict)
    services: tuple[PlannedServiceRequest, ...] | None = None
    services_sent: bool = False

    def __bool__(self) -> bool:
        return bool(self.details) or self.services_sent

    def fingerprint(self) -> dict[str, Any]:
        """The patch as idempotency keys compare it (domain names)."""
        return {
            "details": {name: _store(value) for name, value in sorted(self.details.items())},
            "services": None
            if self.services is None
            else [[s.service_id, _store(s.booking_date), s.quantity] for s in self.services],
            "services_sent": self.services_sent,
        }
