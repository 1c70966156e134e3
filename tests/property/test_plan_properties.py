"""Property tests of journey plans through the GraphQL API (issue 4: properties 3 and 5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule

from graphql_api.domains.journeys.models import PlanStatus
from graphql_api.kernel.money import minor_digits
from tests.cart_ops import ACTIVE, day
from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import (
    CREATE,
    DELETE_PLAN,
    EUR,
    LIFECYCLE,
    PLAN,
    PLANS,
    TRANSITION,
    UPDATE_PLAN,
)

TOKEN = make_token("plan-traveler")
CATALOG = {str(s.id): s for s in ACTIVE}
CURRENCIES = sorted({s.price.currency for s in ACTIVE})

TEXT = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != "")


def cleaned(text: str | None) -> str | None:
    return (text.strip() or None) if text is not None else None


@st.composite
def plan_inputs(draw: st.DrawFn) -> dict[str, Any]:
    """Any valid create input: one currency, dates in order, bookings within the dates."""
    currency = draw(st.sampled_from(CURRENCIES))
    pool = [s for s in ACTIVE if s.price.currency == currency]
    start = draw(st.none() | st.integers(0, 30))
    end = None if start is None else draw(st.none() | st.integers(start, start + 30))
    low, high = (start or 0), (end if end is not None else 60)
    services = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "serviceId": st.sampled_from([str(s.id) for s in pool]),
                    "quantity": st.integers(1, 99),
                    "bookingDate": st.none() | st.integers(low, high).map(day),
                }
            ),
            max_size=6,
        )
    )
    return {
        "country": draw(TEXT),
        "title": draw(st.none() | TEXT),
        "region": draw(st.none() | TEXT),
        "district": draw(st.none() | TEXT),
        "area": draw(st.none() | TEXT),
        "services": services,
        "travelersCount": draw(st.integers(1, 100)),
        "startDate": day(start) if start is not None else None,
        "endDate": day(end) if end is not None else None,
        "notes": draw(st.none() | st.text(max_size=200)),
    }


def expected_total(services: list[dict[str, Any]], default: str = "EUR") -> tuple[int, str]:
    """The cost, computed independently from the catalog."""
    if not services:
        return 0, default
    total = sum(CATALOG[s["serviceId"]].price.amount_minor * s["quantity"] for s in services)
    return total, CATALOG[services[0]["serviceId"]].price.currency


def as_minor(money: dict[str, str]) -> int:
    digits = minor_digits(money["currencyCode"])
    whole, _, fraction = money["amount"].partition(".")
    assert len(fraction) == digits
    return int(whole + fraction)


@given(values=plan_inputs())
def test_create_round_trips(values: dict[str, Any]) -> None:
    """Property 3: a valid create reads back identically, by id and in the list, with the cost
    computed from the catalog."""
    with Harness() as api:
        result = api.data(CREATE, {"input": values}, token=TOKEN)["journeyPlanCreate"]
        assert result["__typename"] == "JourneyPlanCreateSuccess", result
        plan = result["journeyPlan"]
        for name in ("country", "title", "region", "district", "area", "notes"):
            assert plan[name] == cleaned(values[name]), name
        assert plan["travelersCount"] == values["travelersCount"]
        assert (plan["startDate"], plan["endDate"]) == (values["startDate"], values["endDate"])
        assert [(s["serviceId"], s["quantity"], s["bookingDate"]) for s in plan["services"]] == [
            (s["serviceId"], s["quantity"], s["bookingDate"]) for s in values["services"]
        ]
        total, currency = expected_total(values["services"])
        assert plan["totalCost"]["currencyCode"] == currency
        assert as_minor(plan["totalCost"]) == total
        assert sum(as_minor(s["subtotal"]) for s in plan["services"]) == total
        assert api.data(PLAN, {"id": plan["id"]}, token=TOKEN)["journeyPlan"] == plan
        (edge,) = api.data(PLANS, {}, token=TOKEN)["journeyPlans"]["edges"]
        assert edge["node"] == plan


STATUSES = list(PlanStatus)


@dataclass
class PlanModel:
    status: PlanStatus = PlanStatus.DRAFT
    has_services: bool = True
    version: int = 1
    history: list[tuple[str | None, str]] = field(default_factory=lambda: [(None, "DRAFT")])
    title: str | None = None


class PlanMachine(RuleBasedStateMachine):
    """Property 5: random transitions, edits and deletes against the status table."""

    plans = Bundle("plans")

    def __init__(self) -> None:
        super().__init__()
        self.api = Harness()
        self.model: dict[str, PlanModel] = {}

    def teardown(self) -> None:
        self.api.close()

    def call(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return self.api.data(query, variables, token=TOKEN)

    @precondition(lambda self: len(self.model) < 3)  # few plans, so each goes far
    @rule(target=plans, chance=st.integers(0, 4))
    def create(self, chance: int) -> str:
        # Plans with services can go the whole lifecycle; empty ones test the service rule.
        with_services = chance != 0
        services = [{"serviceId": str(EUR[0].id)}] if with_services else []
        result = self.call(CREATE, {"input": {"country": "Italy", "services": services}})
        plan_id: str = result["journeyPlanCreate"]["journeyPlan"]["id"]
        self.model[plan_id] = PlanModel(has_services=with_services)
        return plan_id

    @rule(plan_id=plans, target_status=st.sampled_from(STATUSES), chance=st.integers(0, 5))
    def move(self, plan_id: str, target_status: PlanStatus, chance: int) -> None:
        model = self.model.get(plan_id)
        stale = chance == 0  # now and then a client sends an outdated expectedVersion
        variables: dict[str, Any] = {"id": plan_id, "to": target_status.value}
        if model is not None and stale:
            variables["expectedVersion"] = model.version - 1
        result = self.call(TRANSITION, {"input": variables})["journeyPlanTransition"]
        if model is None:
            assert result["__typename"] == "NotFoundError"
            return
        if stale:
            assert result["__typename"] == "JourneyPlanVersionConflictError"
            return
        allowed = target_status.value in LIFECYCLE[model.status.value]
        needs = target_status in (PlanStatus.PLANNED, PlanStatus.BOOKED)
        if not allowed or (needs and not model.has_services):
            assert result["__typename"] == "InvalidTransitionError", result
            assert result["allowed"] == LIFECYCLE[model.status.value]
            return
        assert result["__typename"] == "JourneyPlanTransitionSuccess", result
        model.history.append((model.status.value, target_status.value))
        model.status = target_status
        model.version += 1

    @rule(plan_id=plans, title=st.none() | st.sampled_from(["a", "b"]), chance=st.integers(0, 4))
    def edit(self, plan_id: str, title: str | None, chance: int) -> None:
        model = self.model.get(plan_id)
        empty = chance == 0
        variables: dict[str, Any] = {"id": plan_id, "title": title}
        if empty:
            variables["services"] = []
        result = self.call(UPDATE_PLAN, {"input": variables})["journeyPlanUpdate"]
        if model is None:
            assert result["__typename"] == "NotFoundError"
        elif model.status not in (PlanStatus.DRAFT, PlanStatus.PLANNED):
            assert result["__typename"] == "PlanLockedError"
            assert result["status"] == model.status.value
        elif empty and model.status is PlanStatus.PLANNED:
            assert result["__typename"] == "ValidationError"
        else:
            assert result["__typename"] == "JourneyPlanUpdateSuccess", result
            model.title = title
            model.has_services = model.has_services and not empty
            model.version += 1

    @rule(plan_id=plans, data=st.data())
    def advance(self, plan_id: str, data: st.DataObject) -> None:
        """A move the table allows, so runs reach every status."""
        model = self.model.get(plan_id)
        if model is None or not LIFECYCLE[model.status.value]:
            return
        target = data.draw(st.sampled_from(LIFECYCLE[model.status.value]))
        self.move(plan_id, PlanStatus(target), chance=1)

    @rule(plan_id=plans)
    def delete(self, plan_id: str) -> None:
        model = self.model.get(plan_id)
        result = self.call(DELETE_PLAN, {"id": plan_id})["journeyPlanDelete"]
        if model is not None and model.status is PlanStatus.BOOKED:
            assert result["__typename"] == "PlanLockedError"
            return
        assert result["deleted"] is (model is not None)
        self.model.pop(plan_id, None)

    @invariant()
    def plans_match_the_model(self) -> None:
        # Within the node budget with every field selected; the machine makes fewer plans.
        listed = self.call(PLANS, {"first": 30})["journeyPlans"]["edges"]
        assert {edge["node"]["id"] for edge in listed} == set(self.model)
        for edge in listed:
            plan = edge["node"]
            model = self.model[plan["id"]]
            assert plan["status"] == model.status.value
            assert plan["allowedTransitions"] == LIFECYCLE[model.status.value]
            assert [(c["from"], c["to"]) for c in plan["statusHistory"]] == model.history
            assert plan["version"] == model.version
            assert plan["title"] == model.title
            assert bool(plan["services"]) is model.has_services


TestPlanMachine = PlanMachine.TestCase
TestPlanMachine.settings = settings(max_examples=15, stateful_step_count=25, deadline=None)
