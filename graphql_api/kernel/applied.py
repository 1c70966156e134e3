"""The record of keyed operations an aggregate (a cart, a plan) carries: plain data, no I/O.

A keyed write stores its result on the document it changes, in the same conditional write, so a
re-run of an interrupted claim finds its own effect instead of applying it twice. An entry is
needed only while its idempotency key is still pending (a finished key answers by itself), so
writers drop the entries of finished keys and of keys past their lifetime: the window is the key's
whole lifetime, and the document holds only the few claims that are unfinished at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# Above this many entries a writer asks which of them are finished and drops those.
SETTLE_ABOVE = 16
# Never more than this many (the oldest go first): unfinished keyed writes of one document within
# a key's lifetime, each the trace of a failed request, so far above what faults leave behind.
MOST_KEPT = 200


@dataclass(frozen=True, slots=True)
class AppliedEntry:
    """The stored result of one keyed operation applied to a document, under its claim id."""

    claim: str
    result: dict[str, Any]
    at: datetime | None  # None: recorded before entries were dated

    def to_doc(self) -> dict[str, Any]:
        return {"claim": self.claim, "result": self.result, "at": self.at}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> AppliedEntry:
        return cls(claim=doc["claim"], result=doc["result"], at=doc.get("at"))


Applied = tuple[AppliedEntry, ...]


def result_of(applied: Sequence[AppliedEntry], claim: str) -> dict[str, Any] | None:
    return next((entry.result for entry in applied if entry.claim == claim), None)


def recent(applied: Iterable[AppliedEntry], now: datetime, lifetime: timedelta) -> Applied:
    """The entries whose keys may still be alive (undated ones included)."""
    return tuple(e for e in applied if e.at is None or e.at + lifetime > now)


def kept(applied: Sequence[AppliedEntry], finished: set[str], new: AppliedEntry) -> Applied:
    """What to store after a keyed write: the unfinished entries and the new one, bounded."""
    entries = [e for e in applied if e.claim not in finished and e.claim != new.claim]
    entries.append(new)
    return tuple(entries[-MOST_KEPT:])
