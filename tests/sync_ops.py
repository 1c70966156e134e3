"""GraphQL documents and helpers for sync tests: merge, checkout, revisions."""

from __future__ import annotations

from typing import Any

from tests.cart_ops import CART_FIELDS, ERROR_FIELDS
from tests.harness import Harness
from tests.plan_ops import PLAN_FIELDS

CART_WITH_REVISION = f"query {{ cart {{ revision {CART_FIELDS} }} }}"
REVISION = "query { cart { revision } }"
MERGE = f"""
mutation ($input: CartMergeInput!) {{
  cartMerge(input: $input) {{
    __typename
    ... on CartMergeSuccess {{
      merged
      skipped {{ index error {{ __typename code message
        ... on ValidationError {{ issues {{ field message }} }}
        ... on ServiceNotBookableError {{ serviceId }}
        ... on LimitExceededError {{ limit }} }} }}
      cart {{ revision {CART_FIELDS} }}
    }}
    ... on LimitExceededError {{ limit }}
    ... on Error {{ code message }}
    ... on ValidationError {{ issues {{ field message }} }}
  }}
}}
"""
CHECKOUT = f"""
mutation ($input: CartCheckoutInput!) {{
  cartCheckout(input: $input) {{
    __typename
    ... on CartCheckoutSuccess {{
      journeyPlan {{ {PLAN_FIELDS} }} cart {{ revision {CART_FIELDS} }}
    }}
    {ERROR_FIELDS}
  }}
}}
"""


def merge(api: Harness, token: str, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.data(MERGE, {"input": {"items": items, **extra}}, token=token)[
        "cartMerge"
    ]
    return result


def checkout(api: Harness, token: str, key: str, **fields: Any) -> dict[str, Any]:
    values = {"idempotencyKey": key, "country": "Italy", **fields}
    result: dict[str, Any] = api.data(CHECKOUT, {"input": values}, token=token)["cartCheckout"]
    return result


def revision(api: Harness, token: str) -> int:
    value: int = api.data(REVISION, token=token)["cart"]["revision"]
    return value


def stored(api: Harness, *collections: str) -> dict[str, list[dict[str, Any]]]:
    """Every document of the given collections, for 'nothing changed' checks."""
    db = api.mongo.db
    return {
        name: api.run(db[name].find({}, {"lease_until": 0}).sort("_id", 1).to_list(None))
        for name in collections
    }
