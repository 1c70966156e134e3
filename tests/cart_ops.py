"""GraphQL documents and helpers for cart tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from graphql_api.domains.catalog.seed import demo_services
from graphql_api.kernel.clock import today
from tests.harness import Harness

ITEM_FIELDS = """
  id serviceId quantity bookingDate participants specialRequests version createdAt updatedAt
  available unitPrice { amount currencyCode } subtotal { amount currencyCode }
"""
CART_FIELDS = f"""
  items {{ {ITEM_FIELDS} }}
  itemCount totalQuantity updatedAt subtotals {{ amount currencyCode }}
"""
ERROR_FIELDS = """
  ... on Error { code message }
  ... on ValidationError { issues { field message } }
  ... on ServiceNotBookableError { serviceId }
"""

CART = f"query {{ cart {{ {CART_FIELDS} }} }}"
ADD = f"""
mutation ($input: CartItemAddInput!) {{
  cartItemAdd(input: $input) {{
    __typename
    ... on CartItemAddSuccess {{ cartItem {{ {ITEM_FIELDS} }} cart {{ {CART_FIELDS} }} }}
    ... on LimitExceededError {{ limit }}
    {ERROR_FIELDS}
  }}
}}
"""
UPDATE = f"""
mutation ($input: CartItemUpdateInput!) {{
  cartItemUpdate(input: $input) {{
    __typename
    ... on CartItemUpdateSuccess {{ cartItem {{ {ITEM_FIELDS} }} cart {{ {CART_FIELDS} }} }}
    ... on VersionConflictError {{ current {{ {ITEM_FIELDS} }} }}
    {ERROR_FIELDS}
  }}
}}
"""
REMOVE = f"""
mutation ($id: ID!) {{
  cartItemRemove(input: {{id: $id}}) {{
    __typename ... on CartItemRemoveSuccess {{ removed cart {{ {CART_FIELDS} }} }}
  }}
}}
"""
CLEAR = f"""
mutation {{
  cartClear {{ __typename ... on CartClearSuccess {{ removedCount cart {{ {CART_FIELDS} }} }} }}
}}
"""

SERVICES = demo_services()
ACTIVE = [s for s in SERVICES if s.active]
INACTIVE = [s for s in SERVICES if not s.active]
ROOMY = [s for s in ACTIVE if s.max_participants >= 4]


def day(offset: int = 10) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def day_of(value: str) -> date:
    return date.fromisoformat(value)


def add(api: Harness, token: str, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"serviceId": str(ACTIVE[0].id), "bookingDate": day()}
    values.update(fields)
    result: dict[str, Any] = api.data(ADD, {"input": values}, token=token)["cartItemAdd"]
    return result


def update(api: Harness, token: str, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.data(UPDATE, {"input": fields}, token=token)["cartItemUpdate"]
    return result


def cart(api: Harness, token: str) -> dict[str, Any]:
    result: dict[str, Any] = api.data(CART, token=token)["cart"]
    return result


def stored_cart_docs(api: Harness) -> list[dict[str, Any]]:
    """Every cart document of every traveler, for 'nothing changed' checks."""
    docs: list[dict[str, Any]] = api.run(
        api.mongo.db["carts"].find({}).sort("_id", 1).to_list(None)
    )
    return docs
