"""Journey plans through the GraphQL API: lifecycle, cost, limits, ownership, pagination."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from graphql_api.domains.journeys import repository as plan_repository
from graphql_api.domains.journeys.models import JourneyPlan as JourneyPlanModel
from graphql_api.domains.journeys.models import PlanStatus, StatusChange
from graphql_api.kernel.clock import now, today
from tests.cart_ops import INACTIVE, day
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests
from tests.plan_ops import (
    CREATE,
    EUR,
    JPY,
    LIFECYCLE,
    PLAN,
    PLANS,
    TRANSITION,
    create_plan,
    delete_plan,
    get_plan,
    list_plans,
    new_plan,
    planned,
    stored_plan_docs,
    transition,
    update_plan,
)

ALICE = make_token("alice")
BOB = make_token("bob")

# A path from DRAFT to every status, through allowed moves only.
PATHS = {
    "DRAFT": [],
    "PLANNED": ["PLANNED"],
    "BOOKED": ["PLANNED", "BOOKED"],
    "COMPLETED": ["PLANNED", "BOOKED", "COMPLETED"],
    "CANCELLED": ["CANCELLED"],
}


def plan_in(api: Harness, status: str, **fields: Any) -> dict[str, Any]:
    plan = new_plan(api, ALICE, **fields)
    for step in PATHS[status]:
        result = transition(api, ALICE, plan["id"], step)
        assert result["__typename"] == "JourneyPlanTransitionSuccess", result
        plan = result["journeyPlan"]
    return plan


def minor(amount: str, digits: int = 2) -> int:
    return int(amount.replace(".", "")) if digits else int(amount)


# Create and read


def test_create_starts_a_draft_with_a_server_computed_cost(api: Harness) -> None:
    plan = new_plan(
        api,
        ALICE,
        title="  Rome in spring ",
        region="Lazio",
        services=[planned(0, 2, day(5)), planned(1, 1)],
        travelersCount=2,
        startDate=day(1),
        endDate=day(9),
        notes="window seat",
    )
    assert plan["status"] == "DRAFT"
    assert plan["version"] == 1
    assert plan["title"] == "Rome in spring"
    assert plan["allowedTransitions"] == ["PLANNED", "CANCELLED"]
    assert [(c["from"], c["to"]) for c in plan["statusHistory"]] == [(None, "DRAFT")]
    expected = EUR[0].price.amount_minor * 2 + EUR[1].price.amount_minor
    assert plan["totalCost"]["currencyCode"] == "EUR"
    assert minor(plan["totalCost"]["amount"]) == expected
    first = plan["services"][0]
    assert first["service"]["name"] == EUR[0].name
    assert minor(first["subtotal"]["amount"]) == EUR[0].price.amount_minor * 2
    assert get_plan(api, ALICE, plan["id"]) == plan
    assert list_plans(api, ALICE)["edges"][0]["node"] == plan


def test_an_empty_plan_costs_zero_in_the_default_currency() -> None:
    with Harness(settings_for_tests(default_currency="JPY")) as api:
        plan = new_plan(api, ALICE, services=[])
        assert plan["totalCost"] == {"amount": "0", "currencyCode": "JPY"}
    with Harness() as api:
        plan = new_plan(api, ALICE, services=[])
        assert plan["totalCost"] == {"amount": "0.00", "currencyCode": "EUR"}


def test_a_plan_costs_in_its_services_currency(api: Harness) -> None:
    plan = new_plan(api, ALICE, country="Japan", services=[{"serviceId": str(JPY[0].id)}])
    assert plan["totalCost"]["currencyCode"] == "JPY"
    assert int(plan["totalCost"]["amount"]) == JPY[0].price.amount_minor


def test_client_cannot_supply_the_cost(api: Harness) -> None:
    body = api.execute(
        CREATE,
        {"input": {"country": "Italy", "totalCost": {"amount": "1", "currencyCode": "EUR"}}},
        token=ALICE,
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert stored_plan_docs(api) == []


def test_mixed_currencies_are_invalid_and_nothing_is_stored(api: Harness) -> None:
    result = create_plan(api, ALICE, services=[planned(0), {"serviceId": str(JPY[0].id)}])
    assert result["__typename"] == "ValidationError"
    assert result["issues"][0]["field"] == ["input", "services"]
    assert "EUR, JPY" in result["issues"][0]["message"]
    assert stored_plan_docs(api) == []


def test_every_invalid_field_is_reported_together(api: Harness) -> None:
    result = create_plan(
        api,
        ALICE,
        country="   ",
        title="t" * 201,
        region="r" * 101,
        district="d" * 101,
        area="a" * 101,
        notes="n" * 2001,
        travelersCount=0,
        startDate=day(10),
        endDate=day(5),
        services=[planned(0, 0), planned(1, 100)],
        idempotencyKey="ok-key",
    )
    assert result["__typename"] == "ValidationError"
    fields = {tuple(i["field"]) for i in result["issues"]}
    assert fields == {
        ("input", "country"),
        ("input", "title"),
        ("input", "region"),
        ("input", "district"),
        ("input", "area"),
        ("input", "notes"),
        ("input", "travelersCount"),
        ("input", "endDate"),
        ("input", "services", "0", "quantity"),
        ("input", "services", "1", "quantity"),
    }
    assert stored_plan_docs(api) == []


def test_limits_accept_their_bounds(api: Harness) -> None:
    plan = new_plan(
        api,
        ALICE,
        country="c" * 100,
        title="t" * 200,
        notes="n" * 2000,
        travelersCount=100,
        services=[planned(0, 99)] + [planned(1)] * 49,
    )
    assert len(plan["services"]) == 50
    assert plan["travelersCount"] == 100


def test_more_than_fifty_services_is_invalid(api: Harness) -> None:
    result = create_plan(api, ALICE, services=[planned(0)] * 51)
    assert result["__typename"] == "ValidationError"
    assert [i["field"] for i in result["issues"]] == [["input", "services"]]


def test_booking_dates_must_fall_within_the_plan_dates(api: Harness) -> None:
    result = create_plan(
        api, ALICE, startDate=day(3), endDate=day(6), services=[planned(0, 1, day(7))]
    )
    assert result["__typename"] == "ValidationError"
    assert result["issues"][0]["field"] == ["input", "services", "0", "bookingDate"]
    edge = new_plan(
        api,
        ALICE,
        startDate=day(3),
        endDate=day(6),
        services=[planned(0, 1, day(3)), planned(1, 1, day(6))],
    )
    assert len(edge["services"]) == 2
    open_ended = new_plan(api, ALICE, startDate=day(3), services=[planned(0, 1, day(90))])
    assert open_ended["services"][0]["bookingDate"] == day(90)


@pytest.mark.parametrize(
    "service_id", [str(INACTIVE[0].id), "6500000064656d6f00ffffff", "not-an-id"]
)
def test_unknown_or_inactive_services_are_not_bookable(api: Harness, service_id: str) -> None:
    result = create_plan(api, ALICE, services=[planned(0), {"serviceId": service_id}])
    assert result["__typename"] == "ServiceNotBookableError"
    assert result["serviceId"] == service_id
    assert stored_plan_docs(api) == []


def test_blank_optional_text_is_stored_as_null(api: Harness) -> None:
    plan = new_plan(api, ALICE, country=" Italy ", title="  ", notes="", region=" ")
    assert (plan["country"], plan["title"], plan["notes"], plan["region"]) == (
        "Italy",
        None,
        None,
        None,
    )


# Update


def test_update_is_partial_and_null_clears_optional_fields(api: Harness) -> None:
    plan = new_plan(api, ALICE, title="Rome", notes="n", startDate=day(1), endDate=day(5))
    result = update_plan(api, ALICE, id=plan["id"], title=None, startDate=None, region="Lazio")
    assert result["__typename"] == "JourneyPlanUpdateSuccess", result
    updated = result["journeyPlan"]
    assert updated["title"] is None
    assert updated["startDate"] is None
    assert updated["region"] == "Lazio"
    assert updated["notes"] == "n"
    assert updated["endDate"] == day(5)
    assert updated["services"] == plan["services"]
    assert updated["version"] == 2
    assert updated["createdAt"] == plan["createdAt"]
    assert get_plan(api, ALICE, plan["id"]) == updated


def test_required_fields_cannot_be_nulled(api: Harness) -> None:
    plan = new_plan(api, ALICE)
    before = stored_plan_docs(api)
    result = update_plan(
        api, ALICE, id=plan["id"], country=None, services=None, travelersCount=None, title="x" * 201
    )
    assert result["__typename"] == "ValidationError"
    assert {tuple(i["field"]) for i in result["issues"]} == {
        ("input", "country"),
        ("input", "services"),
        ("input", "travelersCount"),
        ("input", "title"),
    }
    assert stored_plan_docs(api) == before


def test_an_empty_update_changes_nothing(api: Harness) -> None:
    plan = new_plan(api, ALICE)
    result = update_plan(api, ALICE, id=plan["id"])
    assert result["journeyPlan"] == plan


def test_update_reprices_from_the_catalog_and_keeps_captured_prices_until_then(
    api: Harness,
) -> None:
    plan = new_plan(api, ALICE, services=[planned(0, 2)])
    services = api.mongo.db["services"]
    api.run(services.update_one({"_id": EUR[0].id}, {"$inc": {"price.amount_minor": 100}}))
    assert get_plan(api, ALICE, plan["id"]) == plan  # captured at the last write
    updated = update_plan(api, ALICE, id=plan["id"], notes="reprice")["journeyPlan"]
    assert minor(updated["services"][0]["unitPrice"]["amount"]) == EUR[0].price.amount_minor + 100
    assert minor(updated["totalCost"]["amount"]) == (EUR[0].price.amount_minor + 100) * 2
    emptied = update_plan(api, ALICE, id=plan["id"], services=[])["journeyPlan"]
    assert emptied["totalCost"] == {"amount": "0.00", "currencyCode": "EUR"}


def test_changing_dates_revalidates_existing_services(api: Harness) -> None:
    plan = new_plan(api, ALICE, services=[planned(0, 1, day(10))])
    result = update_plan(api, ALICE, id=plan["id"], startDate=day(1), endDate=day(5))
    assert result["__typename"] == "ValidationError"
    assert result["issues"][0]["field"] == ["input", "services", "0", "bookingDate"]


def test_stale_expected_version_is_a_conflict_with_the_current_plan(api: Harness) -> None:
    plan = new_plan(api, ALICE)
    update_plan(api, ALICE, id=plan["id"], title="first")
    before = stored_plan_docs(api)
    result = update_plan(api, ALICE, id=plan["id"], title="second", expectedVersion=1)
    assert result["__typename"] == "JourneyPlanVersionConflictError"
    assert result["code"] == "VERSION_CONFLICT"
    assert result["current"]["title"] == "first"
    assert result["current"]["version"] == 2
    assert stored_plan_docs(api) == before
    ok = update_plan(api, ALICE, id=plan["id"], title="second", expectedVersion=2)
    assert ok["journeyPlan"]["version"] == 3


@pytest.mark.parametrize("status", ["BOOKED", "COMPLETED", "CANCELLED"])
def test_content_is_locked_outside_draft_and_planned(api: Harness, status: str) -> None:
    plan = plan_in(api, status)
    before = stored_plan_docs(api)
    result = update_plan(api, ALICE, id=plan["id"], title="too late")
    assert result["__typename"] == "PlanLockedError"
    assert result["code"] == "PLAN_LOCKED"
    assert result["status"] == status
    assert stored_plan_docs(api) == before


def test_a_planned_plan_can_be_edited_but_not_emptied(api: Harness) -> None:
    plan = plan_in(api, "PLANNED")
    edited = update_plan(api, ALICE, id=plan["id"], title="still planning")
    assert edited["journeyPlan"]["status"] == "PLANNED"
    emptied = update_plan(api, ALICE, id=plan["id"], services=[])
    assert emptied["__typename"] == "ValidationError"
    assert emptied["issues"][0]["field"] == ["input", "services"]


@pytest.mark.parametrize("plan_id", ["6500000064656d6f00ffffff", "nope"])
def test_updating_an_unknown_plan_is_not_found(api: Harness, plan_id: str) -> None:
    assert update_plan(api, ALICE, id=plan_id, title="x")["__typename"] == "NotFoundError"


# The status machine


ALL_STATUSES = list(LIFECYCLE)


@pytest.mark.parametrize("start", ALL_STATUSES)
def test_every_move_follows_the_table(api: Harness, start: str) -> None:
    for target in ALL_STATUSES:
        plan = plan_in(api, start)
        assert plan["allowedTransitions"] == LIFECYCLE[start]
        result = transition(api, ALICE, plan["id"], target)
        if target in LIFECYCLE[start]:
            assert result["__typename"] == "JourneyPlanTransitionSuccess", result
            moved = result["journeyPlan"]
            assert moved["status"] == target
            assert moved["version"] == plan["version"] + 1
            assert moved["statusHistory"][:-1] == plan["statusHistory"]
            assert (moved["statusHistory"][-1]["from"], moved["statusHistory"][-1]["to"]) == (
                start,
                target,
            )
            assert get_plan(api, ALICE, plan["id"]) == moved
        else:
            assert result["__typename"] == "InvalidTransitionError", result
            assert (result["from"], result["to"]) == (start, target)
            assert result["allowed"] == plan["allowedTransitions"]
            assert get_plan(api, ALICE, plan["id"]) == plan


def test_entering_planned_needs_a_service(api: Harness) -> None:
    plan = new_plan(api, ALICE, services=[])
    result = transition(api, ALICE, plan["id"], "PLANNED")
    assert result["__typename"] == "InvalidTransitionError"
    assert "at least one service" in result["message"]
    assert get_plan(api, ALICE, plan["id"]) == plan


def test_a_stale_version_blocks_a_transition(api: Harness) -> None:
    plan = new_plan(api, ALICE)
    update_plan(api, ALICE, id=plan["id"], title="edited")
    result = transition(api, ALICE, plan["id"], "PLANNED", expected_version=1)
    assert result["__typename"] == "JourneyPlanVersionConflictError"
    assert result["current"]["status"] == "DRAFT"
    assert transition(api, ALICE, plan["id"], "PLANNED", 2)["journeyPlan"]["status"] == "PLANNED"


def test_transitioning_an_unknown_plan_is_not_found(api: Harness) -> None:
    result = transition(api, ALICE, "6500000064656d6f00ffffff", "PLANNED")
    assert result["__typename"] == "NotFoundError"


def concurrent_transitions(
    api: Harness, plan_id: str, moves: list[tuple[str, int | None]]
) -> list[dict[str, Any]]:
    async def race() -> list[dict[str, Any]]:
        requests = []
        for to, version in moves:
            values: dict[str, Any] = {"id": plan_id, "to": to}
            if version is not None:
                values["expectedVersion"] = version
            requests.append(
                api.http.post(
                    "/graphql",
                    json={"query": TRANSITION, "variables": {"input": values}},
                    headers={"Authorization": f"Bearer {ALICE}"},
                )
            )
        responses = await asyncio.gather(*requests)
        return [r.json()["data"]["journeyPlanTransition"] for r in responses]

    return api.run(race())


@pytest.mark.wire
@pytest.mark.parametrize(
    "moves",
    [
        [("PLANNED", None), ("PLANNED", None)],
        [("CANCELLED", None), ("CANCELLED", None)],
        [("PLANNED", 1), ("CANCELLED", 1)],
        [("CANCELLED", 1), ("PLANNED", 1)],
    ],
)
def test_of_two_concurrent_transitions_exactly_one_wins(
    api: Harness, moves: list[tuple[str, int | None]]
) -> None:
    plan = new_plan(api, ALICE)
    results = concurrent_transitions(api, plan["id"], moves)
    winners = [r for r in results if r["__typename"] == "JourneyPlanTransitionSuccess"]
    losers = [r for r in results if r["__typename"] != "JourneyPlanTransitionSuccess"]
    assert len(winners) == 1
    assert losers[0]["__typename"] in {"InvalidTransitionError", "JourneyPlanVersionConflictError"}
    stored = get_plan(api, ALICE, plan["id"])
    assert stored is not None
    assert stored["status"] == winners[0]["journeyPlan"]["status"]
    assert len(stored["statusHistory"]) == 2
    assert stored["version"] == 2


def interfere_once(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[JourneyPlanModel], JourneyPlanModel]
) -> None:
    """Make another request write `change` of the plan (as this one read it) just before this
    request's own compare-and-set."""
    original = plan_repository.JourneyPlanRepository.compare_and_set
    done = False

    async def interfering(self: Any, before: JourneyPlanModel, *args: Any, **kwargs: Any) -> Any:
        nonlocal done
        if not done:
            done = True
            other = replace(change(before), version=before.version + 1, updated_at=now())
            await original(self, before, other)
        return await original(self, before, *args, **kwargs)

    monkeypatch.setattr(plan_repository.JourneyPlanRepository, "compare_and_set", interfering)


def test_a_transition_is_a_compare_and_set_on_the_stored_status(
    api: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request moves the plan between this one's read and its write: this one loses."""
    plan = new_plan(api, ALICE)
    interfere_once(
        monkeypatch,
        lambda p: replace(
            p,
            status=PlanStatus.PLANNED,
            status_history=(
                *p.status_history,
                StatusChange(PlanStatus.DRAFT, PlanStatus.PLANNED, now()),
            ),
        ),
    )
    result = transition(api, ALICE, plan["id"], "CANCELLED")
    assert result["__typename"] == "JourneyPlanVersionConflictError"
    assert result["current"]["status"] == "PLANNED"
    stored = get_plan(api, ALICE, plan["id"])
    assert stored is not None
    assert stored["status"] == "PLANNED"
    assert [c["to"] for c in stored["statusHistory"]] == ["DRAFT", "PLANNED"]


def test_an_edit_racing_a_transition_is_retried_on_the_new_version(
    api: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = new_plan(api, ALICE)
    interfere_once(
        monkeypatch,
        lambda p: replace(
            p, content=replace(p.content, details=replace(p.content.details, notes="other device"))
        ),
    )
    result = transition(api, ALICE, plan["id"], "PLANNED")
    assert result["__typename"] == "JourneyPlanTransitionSuccess"
    assert result["journeyPlan"]["notes"] == "other device"
    assert result["journeyPlan"]["version"] == 3


# Delete


@pytest.mark.parametrize("status", ["DRAFT", "PLANNED", "COMPLETED", "CANCELLED"])
def test_delete_removes_a_plan_in_any_status_but_booked(api: Harness, status: str) -> None:
    plan = plan_in(api, status)
    result = delete_plan(api, ALICE, plan["id"])
    assert result == {
        "__typename": "JourneyPlanDeleteSuccess",
        "deleted": True,
        "deletedId": plan["id"],
    }
    assert get_plan(api, ALICE, plan["id"]) is None
    assert delete_plan(api, ALICE, plan["id"])["deleted"] is False


def test_a_booked_plan_cannot_be_deleted(api: Harness) -> None:
    plan = plan_in(api, "BOOKED")
    result = delete_plan(api, ALICE, plan["id"])
    assert result["__typename"] == "PlanLockedError"
    assert result["status"] == "BOOKED"
    assert get_plan(api, ALICE, plan["id"]) == plan
    transition(api, ALICE, plan["id"], "CANCELLED")
    assert delete_plan(api, ALICE, plan["id"])["deleted"] is True


@pytest.mark.parametrize("plan_id", ["6500000064656d6f00ffffff", "malformed"])
def test_deleting_an_absent_plan_succeeds_with_false(api: Harness, plan_id: str) -> None:
    new_plan(api, ALICE)
    before = stored_plan_docs(api)
    assert delete_plan(api, ALICE, plan_id) == {
        "__typename": "JourneyPlanDeleteSuccess",
        "deleted": False,
        "deletedId": None,
    }
    assert stored_plan_docs(api) == before


# Ownership and authentication


def test_another_travelers_plan_reads_as_null_and_cannot_be_changed(api: Harness) -> None:
    plan = new_plan(api, ALICE)
    before = stored_plan_docs(api)
    assert get_plan(api, BOB, plan["id"]) is None
    assert list_plans(api, BOB)["edges"] == []
    assert update_plan(api, BOB, id=plan["id"], title="mine")["__typename"] == "NotFoundError"
    assert transition(api, BOB, plan["id"], "CANCELLED")["__typename"] == "NotFoundError"
    assert delete_plan(api, BOB, plan["id"])["deleted"] is False
    assert stored_plan_docs(api) == before


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        (PLAN, {"id": "6500000064656d6f00ffffff"}),
        (PLANS, {}),
        (CREATE, {"input": {"country": "Italy"}}),
    ],
)
@pytest.mark.parametrize("auth", [None, "garbage", "expired"])
def test_plan_fields_need_a_valid_token(
    api: Harness, document: str, variables: dict[str, Any], auth: str | None
) -> None:
    token = {None: None, "garbage": "a.b.c", "expired": make_token("alice", ttl=-3600)}[auth]
    response = api.post({"query": document, "variables": variables}, token=token)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert stored_plan_docs(api) == []


# Listing


PLAN_IDS = """
query ($first: Int! = 20, $after: String, $status: [JourneyPlanStatus!]) {
  journeyPlans(first: $first, after: $after, status: $status) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def plan_ids(api: Harness, token: str, first: int, **variables: Any) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        values = {"first": first, "after": after, **variables}
        page = api.data(PLAN_IDS, values, token=token)["journeyPlans"]
        ids += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


def test_plans_list_newest_first_across_pages(api: Harness) -> None:
    created = [new_plan(api, ALICE, title=str(n))["id"] for n in range(7)]
    assert plan_ids(api, ALICE, first=3) == list(reversed(created))
    assert plan_ids(api, ALICE, first=100) == list(reversed(created))


def test_plans_created_in_the_same_millisecond_keep_a_stable_order(api: Harness) -> None:
    created = [new_plan(api, ALICE)["id"] for _ in range(5)]
    moment = now()
    api.run(api.mongo.db["journey_plans"].update_many({}, {"$set": {"created_at": moment}}))
    assert plan_ids(api, ALICE, first=2) == sorted(created, reverse=True)


def test_pagination_has_no_gaps_or_repeats_while_plans_are_created(api: Harness) -> None:
    original = [new_plan(api, ALICE, title=f"old {n}")["id"] for n in range(6)]
    seen: list[str] = []
    page = list_plans(api, ALICE, first=2)
    while True:
        seen += [edge["node"]["id"] for edge in page["edges"]]
        new_plan(api, ALICE, title="inserted meanwhile")
        if not page["pageInfo"]["hasNextPage"]:
            break
        page = list_plans(api, ALICE, first=2, after=page["pageInfo"]["endCursor"])
    assert seen == list(reversed(original))


def test_plans_filter_by_status(api: Harness) -> None:
    draft = plan_in(api, "DRAFT")["id"]
    planned_id = plan_in(api, "PLANNED")["id"]
    cancelled = plan_in(api, "CANCELLED")["id"]
    assert plan_ids(api, ALICE, 10, status=["DRAFT"]) == [draft]
    assert plan_ids(api, ALICE, 10, status=["CANCELLED", "PLANNED"]) == [cancelled, planned_id]
    assert plan_ids(api, ALICE, 10, status=[]) == []
    assert plan_ids(api, ALICE, 10) == [cancelled, planned_id, draft]


@pytest.mark.parametrize(
    "variables",
    [
        {"first": 0},
        {"first": 101},
        {"after": "garbage"},
        {"after": "WyJzZXJ2aWNlIiwiNjUwMDAwMDA2NDY1NmQ2ZjAwMDAwMDAwIl0"},
    ],
)
def test_bad_page_arguments_are_bad_user_input(api: Harness, variables: dict[str, Any]) -> None:
    body = api.execute(PLAN_IDS, variables, token=ALICE)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("plans", [1, 20])
def test_listing_plans_costs_a_constant_number_of_commands(api: Harness, plans: int) -> None:
    services = [planned(n % len(EUR)) for n in range(5)]
    for _ in range(plans):
        new_plan(api, ALICE, services=services)
    document = """
    query {
      journeyPlans(first: 20) {
        edges { node { id services { service { name price { amount } } } totalCost { amount } } }
      }
    }
    """
    with api.counter.measure() as counts:
        data = api.data(document, token=ALICE)
    assert len(data["journeyPlans"]["edges"]) == plans
    assert sum(counts.values()) <= 2, counts


# Idempotent create


def test_a_retried_create_with_its_key_creates_one_plan(api: Harness) -> None:
    first = create_plan(api, ALICE, title="trip", idempotencyKey="plan-1")["journeyPlan"]
    again = create_plan(api, ALICE, title="trip", idempotencyKey="plan-1")["journeyPlan"]
    assert again == first
    assert len(stored_plan_docs(api)) == 1
    reused = create_plan(api, ALICE, title="another trip", idempotencyKey="plan-1")
    assert reused["__typename"] == "IdempotencyKeyReusedError"
    assert len(stored_plan_docs(api)) == 1
    assert (
        create_plan(api, BOB, title="trip", idempotencyKey="plan-1")["journeyPlan"]["id"]
        != (first["id"])
    )


def test_a_create_whose_request_died_is_finished_once(api: Harness) -> None:
    first = create_plan(api, ALICE, idempotencyKey="crash")["journeyPlan"]
    # The request inserted the plan, then died before recording its result.
    api.run(
        api.mongo.db["idempotency_keys"].update_one(
            {"key": "crash"},
            {
                "$set": {"state": "pending", "lease_until": now() - timedelta(seconds=1)},
                "$unset": {"result": ""},
            },
        )
    )
    retried = create_plan(api, ALICE, idempotencyKey="crash")["journeyPlan"]
    assert retried["id"] == first["id"]
    assert len(stored_plan_docs(api)) == 1


def test_a_failed_create_frees_its_key(api: Harness) -> None:
    bad = create_plan(api, ALICE, services=[planned(0, 0)], idempotencyKey="k")
    assert bad["__typename"] == "ValidationError"
    good = create_plan(api, ALICE, services=[planned(0, 0)], idempotencyKey="k")
    assert good["__typename"] == "ValidationError"
    assert create_plan(api, ALICE, idempotencyKey="k")["__typename"] == "JourneyPlanCreateSuccess"


def test_a_malformed_key_is_invalid(api: Harness) -> None:
    result = create_plan(api, ALICE, idempotencyKey="no spaces")
    assert result["__typename"] == "ValidationError"
    assert result["issues"][0]["field"] == ["input", "idempotencyKey"]


def test_failed_plan_mutations_log_one_line_with_the_code(
    api: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    plan = plan_in(api, "BOOKED", notes="private words")
    with caplog.at_level(logging.INFO, logger="graphql_api.mutations"):
        delete_plan(api, ALICE, plan["id"])
    lines = [r.getMessage() for r in caplog.records if "failed" in r.getMessage()]
    assert lines == ["mutation journeyPlanDelete failed: PLAN_LOCKED"]
    assert not any("private words" in r.getMessage() for r in caplog.records)


def test_dates_far_from_today_are_accepted(api: Harness) -> None:
    past = (today() - timedelta(days=400)).isoformat()
    plan = new_plan(api, ALICE, startDate=past, services=[planned(0, 1, past)])
    assert plan["startDate"] == past
    assert plan["services"][0]["bookingDate"] == past
