"""Each mutation's result union lists exactly the errors its service method declares, and the
one mapping turns each of those errors into a member of that union."""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

from graphql import GraphQLNonNull, GraphQLUnionType

from graphql_api.app.schema import schema
from graphql_api.domains.cart.checkout import CheckoutService
from graphql_api.domains.cart.service import CartService
from graphql_api.domains.journeys.service import JourneyPlanService
from graphql_api.graphql.errors import error_type

SERVED_BY: dict[str, Callable[..., Any]] = {
    "cartItemAdd": CartService.add,
    "cartItemUpdate": CartService.update,
    "cartItemRemove": CartService.remove,
    "cartClear": CartService.clear,
    "cartAcceptPrices": CartService.accept_prices,
    "cartMerge": CartService.merge,
    "cartCheckout": CheckoutService.checkout,
    "journeyPlanCreate": JourneyPlanService.create,
    "journeyPlanUpdate": JourneyPlanService.update,
    "journeyPlanTransition": JourneyPlanService.transition,
    "journeyPlanDelete": JourneyPlanService.delete,
}


def union_errors(field: str) -> set[str]:
    mutation = schema._schema.mutation_type
    assert mutation is not None
    kind = mutation.fields[field].type
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    assert isinstance(kind, GraphQLUnionType), field
    return {member.name for member in kind.types if not member.name.endswith("Success")}


def mapped_name(error: type) -> str:
    converter = error_type.dispatch(error)
    returned = typing.get_type_hints(converter)["return"]
    name: str = returned.__strawberry_definition__.name
    return name


def test_every_mutation_is_served_by_a_declared_method() -> None:
    mutation = schema._schema.mutation_type
    assert mutation is not None
    assert set(mutation.fields) == set(SERVED_BY)


def test_each_union_lists_exactly_the_errors_its_service_declares() -> None:
    mismatched = {}
    for field, method in SERVED_BY.items():
        declared = {mapped_name(error) for error in method.raises}  # type: ignore[attr-defined]
        if declared != union_errors(field):
            mismatched[field] = (sorted(declared), sorted(union_errors(field)))
    assert mismatched == {}
