"""Exact money: integer minor units plus an ISO 4217 currency code."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

# Currencies whose minor unit is not the usual two digits.
_MINOR_DIGITS = {"JPY": 0, "KRW": 0, "VND": 0, "ISK": 0, "CLP": 0, "BHD": 3, "KWD": 3, "JOD": 3}


def minor_digits(currency: str) -> int:
    return _MINOR_DIGITS.get(currency, 2)


@lru_cache(maxsize=4096)
def _decimal(amount_minor: int, currency: str) -> Decimal:
    # Prices repeat across lines, plans and requests; Decimal arithmetic is not free.
    return Decimal(amount_minor).scaleb(-minor_digits(currency))


@dataclass(frozen=True, slots=True)
class MoneyValue:
    amount_minor: int
    currency: str

    @property
    def amount(self) -> Decimal:
        return _decimal(self.amount_minor, self.currency)

    def times(self, factor: int) -> MoneyValue:
        return MoneyValue(self.amount_minor * factor, self.currency)

    def to_doc(self) -> dict[str, Any]:
        return {"amount_minor": self.amount_minor, "currency": self.currency}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> MoneyValue:
        return cls(int(doc["amount_minor"]), str(doc["currency"]))
