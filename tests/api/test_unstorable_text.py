"""Text no store can hold (a lone UTF-16 surrogate) is refused on its field, in every input.

The list of fields is checked against the schema, so a new text input cannot be left out.
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLScalarType

from graphql_api.app.schema import schema
from tests.cart_ops import ADD, UPDATE, add, day
from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import CREATE, EUR, UPDATE_PLAN, new_plan
from tests.sync_ops import CHECKOUT, MERGE, stored

ALICE = make_token("alice")
BAD = "ok \ud800 not ok"
PLAN_TEXT = ["country", "title", "region", "district", "area", "notes"]
# Id inputs that only name an existing object: an unstorable one names none (NotFound/false).
LOOKUP_IDS = {
    ("CartItemRemoveInput", "id"),
    ("CartItemUpdateInput", "id"),
    ("JourneyPlanDeleteInput", "id"),
    ("JourneyPlanTransitionInput", "id"),
    ("JourneyPlanUpdateInput", "id"),
}
# A malformed key is a ValidationError on it like any other malformed key.
KEYS = {
    ("CartItemAddInput", "idempotencyKey"),
    ("CartMergeInput", "idempotencyKey"),
    ("CartCheckoutInput", "idempotencyKey"),
    ("JourneyPlanCreateInput", "idempotencyKey"),
    ("CartItemUpdateInput", "idempotencyKey"),
    ("CartItemRemoveInput", "idempotencyKey"),
    ("CartClearInput", "idempotencyKey"),
    ("CartAcceptPricesInput", "idempotencyKey"),
    ("JourneyPlanUpdateInput", "idempotencyKey"),
    ("JourneyPlanTransitionInput", "idempotencyKey"),
    ("JourneyPlanDeleteInput", "idempotencyKey"),
}


def text_fields() -> set[tuple[str, str]]:
    found = set()
    for name, kind in schema._schema.type_map.items():
        if not isinstance(kind, GraphQLInputObjectType) or name.startswith("__"):
            continue
        for field_name, input_field in kind.fields.items():
            inner = input_field.type
            while isinstance(inner, GraphQLNonNull | GraphQLList):
                inner = inner.of_type
            if isinstance(inner, GraphQLScalarType) and inner.name in {"String", "ID"}:
                found.add((name, field_name))
    return found


def setup_line(api: Harness) -> dict[str, Any]:
    line: dict[str, Any] = add(api, ALICE, serviceId=str(EUR[0].id), bookingDate=day(1))["cartItem"]
    return line


# (input type, field) -> (document, field name in data, variables builder, expected issue path)
def cases() -> dict[tuple[str, str], tuple[str, str, Any, list[str]]]:
    line = {"serviceId": str(EUR[0].id), "bookingDate": day(2)}
    found: dict[tuple[str, str], tuple[str, str, Any, list[str]]] = {
        ("CartItemAddInput", "serviceId"): (
            ADD,
            "cartItemAdd",
            lambda _a: {"input": {**line, "serviceId": BAD}},
            ["input", "serviceId"],
        ),
        ("CartItemAddInput", "specialRequests"): (
            ADD,
            "cartItemAdd",
            lambda _a: {"input": {**line, "specialRequests": BAD}},
            ["input", "specialRequests"],
        ),
        ("CartItemUpdateInput", "specialRequests"): (
            UPDATE,
            "cartItemUpdate",
            lambda a: {"input": {"id": setup_line(a)["id"], "specialRequests": BAD}},
            ["input", "specialRequests"],
        ),
        ("PlannedServiceInput", "serviceId"): (
            CREATE,
            "journeyPlanCreate",
            lambda _a: {"input": {"country": "Italy", "services": [{"serviceId": BAD}]}},
            ["input", "services", "0", "serviceId"],
        ),
    }
    for field in PLAN_TEXT:
        found[("JourneyPlanCreateInput", field)] = (
            CREATE,
            "journeyPlanCreate",
            lambda _a, f=field: {"input": {"country": "Italy", f: BAD}},
            ["input", field],
        )
        found[("JourneyPlanUpdateInput", field)] = (
            UPDATE_PLAN,
            "journeyPlanUpdate",
            lambda a, f=field: {"input": {"id": new_plan(a, ALICE)["id"], f: BAD}},
            ["input", field],
        )
        found[("CartCheckoutInput", field)] = (
            CHECKOUT,
            "cartCheckout",
            lambda a, f=field: (
                setup_line(a),
                {"input": {"idempotencyKey": "k", "country": "Italy", f: BAD}},
            )[1],
            ["input", field],
        )
    return found


CASES = cases()
SKIPPED_IN_MERGE = {("CartMergeLineInput", "serviceId"), ("CartMergeLineInput", "specialRequests")}


def test_every_text_input_of_the_schema_is_covered() -> None:
    assert set(CASES) | SKIPPED_IN_MERGE | LOOKUP_IDS | KEYS == text_fields()


@pytest.mark.parametrize("target", list(CASES), ids=[f"{t}.{f}" for t, f in CASES])
def test_unstorable_text_is_a_validation_error_on_its_field(
    api: Harness, target: tuple[str, str]
) -> None:
    document, field, variables_for, path = CASES[target]
    variables = variables_for(api)
    before = stored(api, "carts", "journey_plans", "idempotency_keys")
    result = api.data(document, variables, token=ALICE)[field]
    assert result["__typename"] == "ValidationError", result
    assert path in [issue["field"] for issue in result["issues"]]
    assert stored(api, "carts", "journey_plans", "idempotency_keys") == before


@pytest.mark.parametrize("field", ["serviceId", "specialRequests"])
def test_an_unstorable_guest_line_is_skipped_and_the_rest_merge(api: Harness, field: str) -> None:
    items = [
        {"serviceId": str(EUR[0].id), "bookingDate": day(1), "quantity": 1, field: BAD},
        {"serviceId": str(EUR[1].id), "bookingDate": day(1), "quantity": 2},
    ]
    result = api.data(MERGE, {"input": {"items": items}}, token=ALICE)["cartMerge"]
    assert result["merged"] == 1
    [skip] = result["skipped"]
    assert skip["index"] == 0
    assert skip["error"]["__typename"] == "ValidationError"
    assert skip["error"]["issues"][0]["field"] == ["input", "items", "0", field]
    assert [i["quantity"] for i in result["cart"]["items"]] == [2]


@pytest.mark.parametrize("argument", ["country", "region", "district", "area"])
def test_an_unstorable_catalog_filter_is_bad_input(api: Harness, argument: str) -> None:
    query = f"query ($v: String) {{ services({argument}: $v) {{ edges {{ cursor }} }} }}"
    body = api.execute(query, {"v": BAD})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
