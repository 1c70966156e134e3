"""Time as stored: UTC, truncated to the millisecond precision of BSON dates."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def today() -> date:
    return now().date()
