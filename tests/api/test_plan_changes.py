"""journeyPlanChanges: a change feed with a server-given cursor, paged, that misses nothing.

A device keeps the cursor of its last read and asks again from it. Times are controlled here
(`clock.now`), so the feed's lag behind the newest change is tested, not waited for.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphql_api.domains.journeys.changes import CHANGES_LAG
from graphql_api.kernel import clock
from tests.conftest import make_token
from tests.harness import Harness
from tests.plan_ops import delete_plan, new_plan, update_plan

ALICE = make_token("alice")
BOB = make_token("bob")

CHANGES = """
query ($first: Int!, $after: String) {
  journeyPlanChanges(first: $first, after: $after) {
    plans { id title version }
    deletedIds
    cursor
    hasMore
  }
}
"""


class FakeClock:
    def __init__(self) -> None:
        self.moment = clock.now() - timedelta(hours=1)

    def __call__(self) -> Any:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def time(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


def read(api: Harness, after: str | None, first: int = 40, token: str = ALICE) -> dict[str, Any]:
    page: dict[str, Any] = api.data(CHANGES, {"first": first, "after": after}, token=token)[
        "journeyPlanChanges"
    ]
    return page


def read_all(
    api: Harness, after: str | None, first: int = 40
) -> tuple[list[dict[str, Any]], list[str], str]:
    plans: list[dict[str, Any]] = []
    deleted: list[str] = []
    while True:
        page = read(api, after, first)
        plans += page["plans"]
        deleted += page["deletedIds"]
        after = page["cursor"]
        if not page["hasMore"]:
            return plans, deleted, after


def test_pages_every_plan_then_only_what_changed(api: Harness, time: FakeClock) -> None:
    made = []
    for n in range(7):
        made.append(new_plan(api, ALICE, title=f"p{n}")["id"])
        time.advance(1)
    time.advance(CHANGES_LAG.total_seconds() + 1)
    pages = []
    after = None
    while True:
        page = read(api, after, first=3)
        pages.append(page)
        after = page["cursor"]
        if not page["hasMore"]:
            break
    assert [len(p["plans"]) for p in pages] == [3, 3, 1]
    assert [p["id"] for page in pages for p in page["plans"]] == made  # oldest change first
    update_plan(api, ALICE, id=made[2], title="renamed")
    time.advance(1)
    assert delete_plan(api, ALICE, made[5])["deleted"] is True
    time.advance(CHANGES_LAG.total_seconds() + 1)
    plans, deleted, _ = read_all(api, after)
    assert [(p["id"], p["title"]) for p in plans] == [(made[2], "renamed")]
    assert deleted == [made[5]]


def test_a_change_within_the_lag_comes_again_until_it_is_older(
    api: Harness, time: FakeClock
) -> None:
    old = new_plan(api, ALICE, title="old")["id"]
    time.advance(60)
    _, _, cursor = read_all(api, None)
    time.advance(1)
    fresh = new_plan(api, ALICE, title="fresh")["id"]
    time.advance(2)  # well within the lag
    first, _, cursor = read_all(api, cursor)
    assert [p["id"] for p in first] == [fresh]
    again, _, cursor = read_all(api, cursor)
    assert [p["id"] for p in again] == [fresh]  # the cursor did not pass it yet
    time.advance(CHANGES_LAG.total_seconds())
    _, _, cursor = read_all(api, cursor)  # may bring it a last time; the cursor passes it now
    later, _, _ = read_all(api, cursor)
    assert later == []
    assert old != fresh


def test_a_page_full_of_changes_within_the_lag_still_moves_on(
    api: Harness, time: FakeClock
) -> None:
    made = [new_plan(api, ALICE, title=f"p{n}")["id"] for n in range(5)]  # same instant
    seen: list[str] = []
    after = None
    for _ in range(6):
        page = read(api, after, first=2)
        seen += [p["id"] for p in page["plans"]]
        after = page["cursor"]
        if not page["hasMore"]:
            break
    assert set(seen) == set(made)


def test_only_the_travelers_own_plans(api: Harness, time: FakeClock) -> None:
    mine = new_plan(api, ALICE)["id"]
    new_plan(api, BOB)
    time.advance(60)
    plans, _, _ = read_all(api, None)
    assert [p["id"] for p in plans] == [mine]


@pytest.mark.parametrize(
    "cursor",
    ["nope", "", "W10", "WyJqb3VybmV5UGxhbiIsIjIwMjctMDEtMDFUMDA6MDA6MDArMDA6MDAiLCJ4Il0"],
)
def test_a_bad_cursor_is_bad_user_input(api: Harness, cursor: str) -> None:
    body = api.execute(CHANGES, {"first": 5, "after": cursor}, token=ALICE)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "after"


def test_a_cursor_older_than_the_deletion_history_asks_for_a_full_read(
    api: Harness, time: FakeClock
) -> None:
    new_plan(api, ALICE)
    _, _, cursor = read_all(api, None)
    time.advance(31 * 24 * 3600)
    body = api.execute(CHANGES, {"first": 5, "after": cursor}, token=ALICE)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "read all plans again" in body["errors"][0]["message"]


def test_needs_a_token(api: Harness) -> None:
    body = api.execute(CHANGES, {"first": 5, "after": None})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# A device that applies every page it reads ends with the server's plans, whatever happened.

Step = tuple[str, int]
STEPS = st.lists(
    st.tuples(st.sampled_from(["create", "update", "delete", "read", "wait"]), st.integers(0, 5)),
    max_size=25,
)


@settings(max_examples=20)
@given(steps=STEPS)
def test_a_device_following_the_feed_ends_with_the_servers_plans(steps: list[Step]) -> None:
    fake = FakeClock()
    saved = clock.now
    clock.now = fake
    try:
        with Harness() as api:
            replica: dict[str, int] = {}
            cursor: str | None = None

            def follow() -> None:
                nonlocal cursor
                plans, deleted, cursor = read_all(api, cursor, first=2)
                for plan in plans:
                    replica[plan["id"]] = plan["version"]
                for plan_id in deleted:
                    replica.pop(plan_id, None)

            ids: list[str] = []
            for action, n in steps:
                if action == "create":
                    ids.append(new_plan(api, ALICE, title=f"t{n}")["id"])
                elif action == "update" and ids:
                    update_plan(api, ALICE, id=ids[n % len(ids)], notes=f"n{n}")
                elif action == "delete" and ids:
                    delete_plan(api, ALICE, ids[n % len(ids)])
                elif action == "read":
                    follow()
                fake.advance(n if action == "wait" else 0.5)
            fake.advance(CHANGES_LAG.total_seconds() + 1)
            follow()
            server = read_all(api, None)[0]
            assert replica == {p["id"]: p["version"] for p in server}
    finally:
        clock.now = saved


UPDATE_TITLE = """
mutation ($input: JourneyPlanUpdateInput!) {
  journeyPlanUpdate(input: $input) { __typename }
}
"""


@pytest.mark.wire
def test_a_change_committed_after_a_later_one_is_not_skipped() -> None:
    """On a real server: plan X's update is stamped first but held in the database while plan Y's
    update commits; a read between the two sees Y only, and the next read from its cursor still
    brings X."""
    with Harness() as api:
        x = new_plan(api, ALICE, title="x")["id"]
        y = new_plan(api, ALICE, title="y")["id"]
        _, _, cursor = read_all(api, None)
        assert api.faults is not None
        api.faults.arm("findAndModify", 1, block_ms=1500)
        headers = {"Authorization": f"Bearer {ALICE}"}

        async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
            def body(plan_id: str, title: str) -> dict[str, Any]:
                return {
                    "query": UPDATE_TITLE,
                    "variables": {"input": {"id": plan_id, "title": title}},
                }

            held = asyncio.create_task(
                api.http.post("/graphql", json=body(x, "x2"), headers=headers)
            )
            await asyncio.sleep(0.5)  # X is stamped and waiting in the database
            await api.http.post("/graphql", json=body(y, "y2"), headers=headers)
            between = await api.http.post(
                "/graphql",
                json={"query": CHANGES, "variables": {"first": 40, "after": cursor}},
                headers=headers,
            )
            await held
            return between.json()["data"]["journeyPlanChanges"], {}

        between, _ = api.run(scenario())
        api.faults.disarm()
        assert api.faults.fired
        titles = {p["id"]: p["title"] for p in between["plans"]}
        assert titles.get(y) == "y2"
        assert titles.get(x) != "x2"
        after, _, _ = read_all(api, between["cursor"])
        assert {p["id"]: p["title"] for p in after}.get(x) == "x2"
