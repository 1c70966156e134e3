"""Plans not yet booked carry their services' warnings (as cart lines do: the price captured when
the plan was written is the one accepted), and a plan with any cannot become BOOKED."""

from __future__ import annotations

from typing import Any

from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import EUR, get_plan, new_plan, planned, transition, update_plan
from tests.sync_ops import stored

ALICE = make_token("alice")
WARNINGS = "query ($id: ID!) { journeyPlan(id: $id) { status services { warnings { code } } } }"


def warnings(api: Harness, plan_id: str) -> tuple[str, list[list[str]]]:
    plan: dict[str, Any] = api.data(WARNINGS, {"id": plan_id}, token=ALICE)["journeyPlan"]
    codes = [[w["code"] for w in s["warnings"]] for s in plan["services"]]
    return plan["status"], codes


def raise_price(api: Harness) -> None:
    api.run(
        api.mongo.db["services"].update_one(
            {"_id": EUR[0].id}, {"$inc": {"price.amount_minor": 300}}
        )
    )


def test_a_warned_plan_cannot_become_booked_until_it_is_written_again(api: Harness) -> None:
    plan = new_plan(api, ALICE)
    assert warnings(api, plan["id"]) == ("DRAFT", [[]])
    raise_price(api)
    assert warnings(api, plan["id"]) == ("DRAFT", [["PRICE_CHANGED"]])
    moved = transition(api, ALICE, plan["id"], "PLANNED")  # planning is fine
    assert moved["__typename"] == "JourneyPlanTransitionSuccess", moved
    assert warnings(api, plan["id"]) == ("PLANNED", [["PRICE_CHANGED"]])
    before = stored(api, "journey_plans")
    refused = transition(api, ALICE, plan["id"], "BOOKED")
    assert refused["__typename"] == "InvalidTransitionError", refused
    assert "PRICE_CHANGED" in refused["message"]
    assert (refused["from"], refused["to"]) == ("PLANNED", "BOOKED")
    assert stored(api, "journey_plans") == before
    # Writing the services again prices them anew: nothing to warn of, and it can be booked.
    back = transition(api, ALICE, plan["id"], "DRAFT")
    assert back["__typename"] == "JourneyPlanTransitionSuccess", back
    updated = update_plan(api, ALICE, id=plan["id"], services=[planned()])
    assert updated["__typename"] == "JourneyPlanUpdateSuccess", updated
    assert transition(api, ALICE, plan["id"], "PLANNED")["__typename"].endswith("Success")
    booked = transition(api, ALICE, plan["id"], "BOOKED")
    assert booked["__typename"] == "JourneyPlanTransitionSuccess", booked
    # A booked plan is past warnings: the catalog may move on.
    raise_price(api)
    assert warnings(api, plan["id"]) == ("BOOKED", [[]])
    found = get_plan(api, ALICE, plan["id"])
    assert found is not None
    assert found["status"] == "BOOKED"


def test_a_deactivated_service_blocks_booking(api: Harness) -> None:
    plan = new_plan(api, ALICE)
    assert transition(api, ALICE, plan["id"], "PLANNED")["__typename"].endswith("Success")
    api.run(api.mongo.db["services"].update_one({"_id": EUR[0].id}, {"$set": {"active": False}}))
    assert warnings(api, plan["id"]) == ("PLANNED", [["SERVICE_INACTIVE"]])
    refused = transition(api, ALICE, plan["id"], "BOOKED")
    assert refused["__typename"] == "InvalidTransitionError", refused
    assert "SERVICE_INACTIVE" in refused["message"]
