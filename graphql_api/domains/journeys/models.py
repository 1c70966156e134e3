"""Journey-plan models, limits and the status machine: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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

    def to_doc(self) -> dict[str, Any]:
        return {
            "service_id": self.service_id,
            "booking_date": self.booking_date.isoformat() if self.booking_date else None,
            "quantity": self.quantity,
            "unit_price": self.unit_price.to_doc(),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> PlannedItem:
        day = doc.get("booking_date")
        return cls(
            service_id=doc["service_id"],
            booking_date=date.fromisoformat(day) if day else None,
            quantity=int(doc["quantity"]),
            unit_price=MoneyValue.from_doc(doc["unit_price"]),
        )


@dataclass(frozen=True, slots=True)
class StatusChange:
    previous: PlanStatus | None
    status: PlanStatus
    at: datetime

    def to_doc(self) -> dict[str, Any]:
        return {
            "from": self.previous.value if self.previous else None,
            "to": self.status.value,
            "at": self.at,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> StatusChange:
        previous = doc.get("from")
        return cls(PlanStatus(previous) if previous else None, PlanStatus(doc["to"]), doc["at"])


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

    def to_doc(self) -> dict[str, Any]:
        """The stored shape: the same names, dates as ISO strings."""
        return {f.name: _store(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> PlanDetails:
        values: dict[str, Any] = {f.name: doc.get(f.name) for f in fields(cls)}
        for name in ("start_date", "end_date"):
            values[name] = date.fromisoformat(values[name]) if values[name] else None
        values["travelers_count"] = int(values["travelers_count"])
        return cls(**values)

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

    def to_doc(self) -> dict[str, Any]:
        return {**self.details.to_doc(), "services": [item.to_doc() for item in self.services]}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> PlanContent:
        return cls(
            details=PlanDetails.from_doc(doc),
            services=tuple(PlannedItem.from_doc(s) for s in doc.get("services", [])),
        )


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

    def to_doc(self) -> dict[str, Any]:
        return {
            "_id": self.id,
            **self.content.to_doc(),
            "total_cost": self.total_cost.to_doc(),
            "status": self.status.value,
            "status_history": [change.to_doc() for change in self.status_history],
            "version": self.version,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> JourneyPlan:
        return cls(
            id=doc["_id"],
            content=PlanContent.from_doc(doc),
            total_cost=MoneyValue.from_doc(doc["total_cost"]),
            status=PlanStatus(doc["status"]),
            status_history=tuple(StatusChange.from_doc(c) for c in doc["status_history"]),
            version=int(doc["version"]),
            created_at=doc["created_at"],
            updated_at=doc["updated_at"],
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
