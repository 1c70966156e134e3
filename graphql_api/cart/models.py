"""Cart models and limits: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bson import ObjectId

MAX_QUANTITY = 99
MAX_LINES = 50
MAX_MERGE_LINES = 50
MAX_PARTICIPANTS = 100
MAX_SPECIAL_REQUESTS = 500
BOOKING_HORIZON_DAYS = 730


@dataclass(frozen=True, slots=True)
class CartLine:
    id: ObjectId
    service_id: str
    booking_date: date
    quantity: int
    participants: int
    special_requests: str | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def new(
        cls,
        service_id: str,
        booking_date: date,
        quantity: int,
        participants: int,
        special_requests: str | None,
        now: datetime,
    ) -> CartLine:
        """A line as first added: version 1, created now."""
        return cls(
            id=ObjectId(),
            service_id=service_id,
            booking_date=booking_date,
            quantity=quantity,
            participants=participants,
            special_requests=special_requests,
            version=1,
            created_at=now,
            updated_at=now,
        )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> CartLine:
        return cls(
            id=doc["_id"],
            service_id=doc["service_id"],
            booking_date=date.fromisoformat(doc["booking_date"]),
            quantity=doc["quantity"],
            participants=doc["participants"],
            special_requests=doc.get("special_requests"),
            version=doc["version"],
            created_at=doc["created_at"],
            updated_at=doc["updated_at"],
        )

    def to_doc(self) -> dict[str, Any]:
        """The stored shape (also used to snapshot a result for idempotent replay)."""
        return {
            "_id": self.id,
            "service_id": self.service_id,
            "booking_date": self.booking_date.isoformat(),
            "quantity": self.quantity,
            "participants": self.participants,
            "special_requests": self.special_requests,
            "version": self.version,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True, slots=True)
class CartState:
    lines: list[CartLine]
    updated_at: datetime | None
    revision: int


@dataclass(frozen=True, slots=True)
class LineChanges:
    """Fields an update sets; None in an attribute means "leave unchanged"."""

    quantity: int | None = None
    participants: int | None = None
    booking_date: date | None = None
    special_requests: str | None = None
    clear_special_requests: bool = False
    # Fields sent as an explicit null although they cannot be cleared.
    null_fields: tuple[str, ...] = ()

    def to_set(self) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if self.quantity is not None:
            changes["quantity"] = self.quantity
        if self.participants is not None:
            changes["participants"] = self.participants
        if self.booking_date is not None:
            changes["booking_date"] = self.booking_date.isoformat()
        if self.special_requests is not None or self.clear_special_requests:
            changes["special_requests"] = self.special_requests
        return changes
