"""GraphQL documents and helpers for journey-plan tests."""

from __future__ import annotations

from typing import Any

from tests.cart_ops import ACTIVE, ERROR_FIELDS
from tests.harness import Harness

# The lifecycle as the issue states it, written out independently of the code's table.
LIFECYCLE: dict[str, list[str]] = {
    "DRAFT": ["PLANNED", "CANCELLED"],
    "PLANNED": ["DRAFT", "BOOKED", "CANCELLED"],
    "BOOKED": ["COMPLETED", "CANCELLED"],
    "COMPLETED": [],
    "CANCELLED": [],
}

EUR = [s for s in ACTIVE if s.price.currency == "EUR"]
JPY = [s for s in ACTIVE if s.price.currency == "JPY"]

PLAN_FIELDS = """
  id title country region district area travelersCount startDate endDate notes
  services { serviceId bookingDate quantity unitPrice { amount currencyCode }
             subtotal { amount currencyCode } service { name } }
  totalCost { amount currencyCode }
  status allowedTransitions statusHistory { from to at }
  version createdAt updatedAt
"""
CONFLICT = f"... on JourneyPlanVersionConflictError {{ current {{ {PLAN_FIELDS} }} }}"
INVALID_MOVE = "... on InvalidTransitionError { from to allowed }"
LOCKED = "... on PlanLockedError { status }"


PLAN = f"query ($id: ID!) {{ journeyPlan(id: $id) {{ {PLAN_FIELDS} }} }}"
PLANS = f"""
query ($first: Int! = 20, $after: String, $status: [JourneyPlanStatus!]) {{
  journeyPlans(first: $first, after: $after, status: $status) {{
    edges {{ cursor node {{ {PLAN_FIELDS} }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""
CREATE = f"""
mutation ($input: JourneyPlanCreateInput!) {{
  journeyPlanCreate(input: $input) {{
    __typename
    ... on JourneyPlanCreateSuccess {{ journeyPlan {{ {PLAN_FIELDS} }} }}
    {ERROR_FIELDS}
  }}
}}
"""
UPDATE_PLAN = f"""
mutation ($input: JourneyPlanUpdateInput!) {{
  journeyPlanUpdate(input: $input) {{
    __typename
    ... on JourneyPlanUpdateSuccess {{ journeyPlan {{ {PLAN_FIELDS} }} }}
    {ERROR_FIELDS} {CONFLICT} {LOCKED}
  }}
}}
"""
TRANSITION = f"""
mutation ($input: JourneyPlanTransitionInput!) {{
  journeyPlanTransition(input: $input) {{
    __typename
    ... on JourneyPlanTransitionSuccess {{ journeyPlan {{ {PLAN_FIELDS} }} }}
    ... on Error {{ code message }} {CONFLICT} {INVALID_MOVE}
    ... on ValidationError {{ issues {{ field message }} }}
  }}
}}
"""
DELETE_PLAN = f"""
mutation ($id: ID!) {{
  journeyPlanDelete(input: {{id: $id}}) {{
    __typename
    ... on JourneyPlanDeleteSuccess {{ deleted deletedId }}
    ... on Error {{ code message }} {LOCKED}
  }}
}}
"""


def planned(service_index: int = 0, quantity: int = 1, booking_date: str | None = None) -> Any:
    return {
        "serviceId": str(EUR[service_index].id),
        "quantity": quantity,
        "bookingDate": booking_date,
    }


def create_plan(api: Harness, token: str, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"country": "Italy", "services": [planned()]}
    values.update(fields)
    result: dict[str, Any] = api.data(CREATE, {"input": values}, token=token)["journeyPlanCreate"]
    return result


def new_plan(api: Harness, token: str, **fields: Any) -> dict[str, Any]:
    result = create_plan(api, token, **fields)
    assert result["__typename"] == "JourneyPlanCreateSuccess", result
    plan: dict[str, Any] = result["journeyPlan"]
    return plan


def update_plan(api: Harness, token: str, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.data(UPDATE_PLAN, {"input": fields}, token=token)[
        "journeyPlanUpdate"
    ]
    return result


def transition(
    api: Harness, token: str, plan_id: str, to: str, expected_version: int | None = None
) -> dict[str, Any]:
    values: dict[str, Any] = {"id": plan_id, "to": to}
    if expected_version is not None:
        values["expectedVersion"] = expected_version
    result: dict[str, Any] = api.data(TRANSITION, {"input": values}, token=token)[
        "journeyPlanTransition"
    ]
    return result


def delete_plan(api: Harness, token: str, plan_id: str) -> dict[str, Any]:
    result: dict[str, Any] = api.data(DELETE_PLAN, {"id": plan_id}, token=token)[
        "journeyPlanDelete"
    ]
    return result


def get_plan(api: Harness, token: str, plan_id: str) -> dict[str, Any] | None:
    plan: dict[str, Any] | None = api.data(PLAN, {"id": plan_id}, token=token)["journeyPlan"]
    return plan


def list_plans(api: Harness, token: str, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.data(PLANS, variables, token=token)["journeyPlans"]
    return result


def stored_plan_docs(api: Harness) -> list[dict[str, Any]]:
    """Every plan of every traveler, for 'nothing changed' checks."""
    docs: list[dict[str, Any]] = api.run(
        api.mongo.db["journey_plans"].find({}).sort("_id", 1).to_list(None)
    )
    return docs
