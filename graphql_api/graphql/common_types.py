"""GraphQL types shared by the domains: money and pagination state."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from graphql_api.kernel.money import MoneyValue


@strawberry.type(description="An exact amount of money in one currency.")
class Money:
    amount: Decimal = strawberry.field(description="Decimal amount, e.g. 120.50.")
    currency_code: str = strawberry.field(description="ISO 4217 currency code.")

    @classmethod
    def of(cls, value: MoneyValue) -> Money:
        return cls(amount=value.amount, currency_code=value.currency)


@strawberry.type(description="Relay pagination state of a connection.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None
