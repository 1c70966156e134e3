"""GraphQL types of line warnings (cart lines and planned services)."""

from __future__ import annotations

from datetime import date

import strawberry

from graphql_api.domains.cart.models import MAX_LINES
from graphql_api.domains.cart.warnings import CartHasWarnings
from graphql_api.domains.catalog.models import Service
from graphql_api.domains.catalog.warnings import LineWarning, WarningCode, line_warnings
from graphql_api.graphql.errors import Error, error_type
from graphql_api.graphql.limits import list_size
from graphql_api.kernel.money import MoneyValue

CartLineWarningCode = strawberry.enum(
    WarningCode,
    name="CartLineWarningCode",
    description=(
        "Why a line may not be booked as it stands. More codes may come: treat an unknown one "
        "as a warning."
    ),
)


@strawberry.type(description="Something to fix or accept before checking out.")
class CartLineWarning:
    code: CartLineWarningCode  # type: ignore[valid-type]
    message: str

    @classmethod
    def from_model(cls, warning: LineWarning) -> CartLineWarning:
        return cls(code=warning.code, message=warning.message)


def warnings_for(
    booking_date: date | None,
    participants: int,
    accepted_price: MoneyValue | None,
    service: Service | None,
    today: date,
) -> list[CartLineWarning]:
    return [
        CartLineWarning.from_model(w)
        for w in line_warnings(booking_date, participants, accepted_price, service, today)
    ]


@strawberry.type(
    description="The cart has lines with warnings (see Cart.warnings): nothing was checked out."
)
class CartHasWarningsError(Error):
    line_ids: list[strawberry.ID] = strawberry.field(
        description="The lines to fix or accept.", metadata=list_size(MAX_LINES)
    )
    codes: list[CartLineWarningCode] = strawberry.field(  # type: ignore[valid-type]
        description="Their warnings' codes, each once.", metadata=list_size(len(WarningCode))
    )


@error_type.register
def _(error: CartHasWarnings) -> CartHasWarningsError:
    return CartHasWarningsError(
        code=error.code,
        message=error.message,
        line_ids=[strawberry.ID(i) for i in error.line_ids],
        codes=list(error.codes),
    )
