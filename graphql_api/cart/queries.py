"""Cart queries."""

from __future__ import annotations

import strawberry
from strawberry.types.nodes import SelectedField

from graphql_api.auth import IsAuthenticated
from graphql_api.cart.service import CartService
from graphql_api.cart.types import Cart
from graphql_api.context import Info


def cart_service(info: Info) -> CartService:
    context = info.context
    return CartService(context.db, context.require_traveler().id, context.loaders.service)


@strawberry.type
class CartQuery:
    @strawberry.field(
        description="The traveler's cart (empty when nothing was added).",
        permission_classes=[IsAuthenticated],
    )
    async def cart(self, info: Info) -> Cart:
        # A settled snapshot costs two extra reads; take it only when the revision is wanted.
        consistent = "revision" in selected_names(info)
        return Cart.from_state(await cart_service(info).state(consistent=consistent))


def selected_names(info: Info) -> set[str]:
    """Names of the fields selected on this field's result, through fragments too."""
    names: set[str] = set()
    pending = [selection for field in info.selected_fields for selection in field.selections]
    while pending:
        selection = pending.pop()
        if isinstance(selection, SelectedField):
            names.add(selection.name)
        else:
            pending.extend(selection.selections)
    return names
