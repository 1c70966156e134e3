"""Every cart query, always scoped to one traveler.

`carts` holds one document per traveler (unique on `traveler_id`): the lines embedded, a
`version`, and the results of keyed operations whose keys may be unfinished (`applied`). A read
is one `find_one`; a write replaces the lines only if the document is still at the version that
was read.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any

from pymongo.errors import DuplicateKeyError

from graphql_api.domains.cart.models import Cart, CartLine, Lines
from graphql_api.infra.mongo import Database
from graphql_api.kernel import clock
from graphql_api.kernel.applied import Applied, AppliedEntry
from graphql_api.kernel.money import MoneyValue

COLLECTION = "carts"


def cart_id(traveler_id: str) -> str:
    """A stable, opaque id of a traveler's cart, the same before and after its first write."""
    return hashlib.sha256(f"cart:{traveler_id}".encode()).hexdigest()[:24]


def line_to_doc(line: CartLine) -> dict[str, Any]:
    """The stored shape of a line (also the snapshot of a keyed add's result)."""
    doc = {
        "id": line.id,
        "service_id": line.service_id,
        "booking_date": line.booking_date.isoformat(),
        "quantity": line.quantity,
        "participants": line.participants,
        "special_requests": line.special_requests,
        "version": line.version,
        "created_at": line.created_at,
        "updated_at": line.updated_at,
    }
    if line.accepted_price is not None:
        doc["accepted_price"] = line.accepted_price.to_doc()
    return doc


def line_from_doc(doc: dict[str, Any]) -> CartLine:
    return CartLine(
        id=doc["id"],
        service_id=doc["service_id"],
        booking_date=date.fromisoformat(doc["booking_date"]),
        quantity=doc["quantity"],
        participants=doc["participants"],
        special_requests=doc.get("special_requests"),
        version=doc["version"],
        created_at=doc["created_at"],
        updated_at=doc["updated_at"],
        accepted_price=MoneyValue.from_doc(doc["accepted_price"])
        if doc.get("accepted_price")
        else None,
    )


class CartRepository:
    """Reads and writes one traveler's cart document. With `ttl_days`, every write sets
    `expires_at` (a TTL index removes the document then), and a document past it reads as the
    cart never written: its next write replaces it."""

    def __init__(self, db: Database, traveler_id: str, ttl_days: int = 0) -> None:
        self._carts = db[COLLECTION]
        self._traveler_id = traveler_id
        self._id = cart_id(traveler_id)
        self._ttl = timedelta(days=ttl_days) if ttl_days > 0 else None

    async def load(self, *, applied: bool = False) -> Cart:
        """The cart in one command; `applied` also reads the results of keyed operations."""
        projection = None if applied else {"applied": 0}
        doc = await self._carts.find_one({"traveler_id": self._traveler_id}, projection)
        expires = doc.get("expires_at") if doc is not None else None
        if doc is None or (expires is not None and expires <= clock.now()):
            return Cart(id=self._id)
        return Cart(
            id=self._id,
            lines=tuple(line_from_doc(line) for line in doc["lines"]),
            version=int(doc["version"]),
            updated_at=doc["updated_at"],
            applied=tuple(AppliedEntry.from_doc(entry) for entry in doc.get("applied", [])),
            expires_at=expires,
        )

    async def save(
        self,
        read: Cart,
        lines: Lines,
        now: datetime,
        applied: Applied | None = None,
    ) -> Cart | None:
        """Write `lines` (and, from a keyed write, its `applied` record) if the cart is still at
        the version `read` has; the cart as written, or None when another write came first.
        Every write moves the version on, so a record set here never overwrites another's."""
        docs = [line_to_doc(line) for line in lines]
        entries = [entry.to_doc() for entry in applied] if applied is not None else []
        version = read.version + 1
        expires = now + self._ttl if self._ttl is not None else None
        if read.version == 0:
            # A first write: no document, or one that expired (replaced whole). Another
            # first write that came first makes this one a duplicate: lost, read again.
            fresh = {
                "traveler_id": self._traveler_id,
                "lines": docs,
                "version": version,
                "created_at": now,
                "updated_at": now,
                "applied": entries,
            }
            if expires is not None:
                fresh["expires_at"] = expires
            try:
                await self._carts.insert_one(dict(fresh))  # (the driver adds an _id to it)
            except DuplicateKeyError:
                # Only an expired document may be in the way (a second command, rarely).
                expired = {"traveler_id": self._traveler_id, "expires_at": {"$lte": now}}
                replaced = await self._carts.replace_one(expired, fresh)
                if replaced.matched_count != 1:
                    return None
        else:
            fields: dict[str, Any] = {"lines": docs, "version": version, "updated_at": now}
            if applied is not None:
                fields["applied"] = entries
            update: dict[str, Any] = {"$set": fields}
            if expires is not None:
                fields["expires_at"] = expires  # every write renews the cart
            else:
                update["$unset"] = {"expires_at": ""}
            result = await self._carts.update_one(
                {"traveler_id": self._traveler_id, "version": read.version}, update
            )
            if result.matched_count != 1:
                return None
        recorded = applied if applied is not None else read.applied
        return Cart(
            id=self._id,
            lines=lines,
            version=version,
            updated_at=now,
            applied=recorded,
            expires_at=expires,
        )
