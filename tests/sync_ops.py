"""GraphQL documents and helpers for sync tests: merge, checkout, revisions."""

from __future__ import annotations

from typing import Any

from tests.cart_ops import CART_FIELDS, ERROR_FIELDS, add, day
from tests.harness import Harness
from tests.plan_ops import EUR, PLAN_FIELDS, new_plan

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
    ... on CartHasWarningsError {{ lineIds codes }}
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


QUEUE = """
mutation Replay(
  $l1: ID!, $l2: ID!, $p1: ID!, $p2: ID!, $d1: Date!, $d2: Date!, $s1: ID!, $s2: ID!
) {
  q1: cartItemAdd(input: {serviceId: $s1, bookingDate: $d1, idempotencyKey: "q1"}) { __typename }
  q2: cartItemAdd(input: {serviceId: $s2, bookingDate: $d2, quantity: 2, idempotencyKey: "q2"}) {
    __typename
  }
  q3: cartMerge(input: {items: [{serviceId: $s2, bookingDate: $d1, quantity: 3}],
                        idempotencyKey: "q3"}) { __typename }
  q4: cartItemUpdate(input: {id: $l1, quantity: 4, expectedVersion: 1}) { __typename }
  q5: cartItemRemove(input: {id: $l2}) { __typename }
  q6: journeyPlanCreate(input: {country: "Italy", idempotencyKey: "q6"}) { __typename }
  q7: journeyPlanUpdate(input: {id: $p1, title: "queued", expectedVersion: 1}) { __typename }
  q8: journeyPlanTransition(input: {id: $p1, to: PLANNED, expectedVersion: 2}) { __typename }
  q9: journeyPlanDelete(input: {id: $p2}) { __typename }
  q10: cartItemAdd(input: {serviceId: $s1, bookingDate: $d2, idempotencyKey: "q10"}) {
    __typename
  }
}
"""


def queue_variables(api: Harness, token: str) -> dict[str, Any]:
    """Two cart lines and two plans for QUEUE to work on."""
    l1 = add(api, token, serviceId=str(EUR[3].id), bookingDate=day(7))["cartItem"]["id"]
    l2 = add(api, token, serviceId=str(EUR[4].id), bookingDate=day(7))["cartItem"]["id"]
    return {
        "l1": l1,
        "l2": l2,
        "p1": new_plan(api, token)["id"],
        "p2": new_plan(api, token)["id"],
        "d1": day(1),
        "d2": day(2),
        "s1": str(EUR[0].id),
        "s2": str(EUR[1].id),
    }
