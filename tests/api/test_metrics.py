"""GET /metrics: requests by operation and outcome, latency, MongoDB commands, replays, refusals."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from graphql_api.app.settings import Settings
from graphql_api.infra.metrics import OperationNames
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests
from tests.live import live_server, serve_process
from tests.wire import free_port

ALICE = make_token("alice")
ME = {"query": "query Me { me { id } }"}
ADD = """mutation Add($input: CartItemAddInput!) {
  cartItemAdd(input: $input) { __typename }
}"""


def add_input(key: str | None = None) -> dict[str, object]:
    line: dict[str, object] = {
        "serviceId": "6500000064656d6f00000001",
        "bookingDate": "2027-03-14",
        "quantity": 1,
        "participants": 1,
    }
    if key:
        line["idempotencyKey"] = key
    return {"input": line}


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, frozenset(labels.items())), 0.0)


def scrape(api: Harness) -> str:
    response = api.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def test_requests_are_counted_by_operation_and_outcome_with_their_latency(api: Harness) -> None:
    before = scrape(api)
    for _ in range(3):
        api.post(ME, token=ALICE)
    api.post(ME)  # no token: UNAUTHENTICATED
    after = scrape(api)
    ok = {"operation": "Me", "outcome": "OK"}
    assert (
        value(after, "graphql_requests_total", **ok) - value(before, "graphql_requests_total", **ok)
        == 3
    )
    refused = {"operation": "Me", "outcome": "UNAUTHENTICATED"}
    assert (
        value(after, "graphql_requests_total", **refused)
        - value(before, "graphql_requests_total", **refused)
        >= 1
    )
    count = "graphql_request_duration_seconds_count"
    assert value(after, count, operation="Me") - value(before, count, operation="Me") == 4
    # Every observation is in the +Inf bucket, and the 10 s bucket too.
    bucket = "graphql_request_duration_seconds_bucket"
    assert value(after, bucket, operation="Me", le="10.0") >= 4


def test_rejected_documents_are_counted_by_reason(api: Harness) -> None:
    deep = (
        "query Deep { "
        + "services { edges { node { location { " * 4
        + "country"
        + " } } } }" * 4
        + " }"
    )
    before = scrape(api)
    api.post({"query": deep})
    api.post({"query": "query Broken {"})
    api.post({"query": "query Unknown { nothing }"})
    after = scrape(api)
    for reason in ("depth", "parse", "validation"):
        name = "graphql_documents_rejected_total"
        assert value(after, name, reason=reason) - value(before, name, reason=reason) == 1, reason


def test_idempotent_replays_are_counted(api: Harness) -> None:
    before = scrape(api)
    body = {"query": ADD, "variables": add_input("metrics-replay-1")}
    assert api.post(body, token=ALICE).status_code == 200
    assert api.post(body, token=ALICE).status_code == 200
    after = scrape(api)
    name = "idempotent_replays_total"
    assert (
        value(after, name, operation="cart.line.add")
        - value(before, name, operation="cart.line.add")
        == 1
    )


def test_rate_limit_refusals_are_counted() -> None:
    harness = Harness(settings_for_tests(rate_limit_per_second=1, rate_limit_burst=2))
    try:
        before = scrape(harness)
        statuses = [
            harness.post({"query": ADD, "variables": add_input()}, token=ALICE).status_code
            for _ in range(4)
        ]
        assert statuses.count(429) >= 1
        after = scrape(harness)
        name = "rate_limit_refusals_total"
        assert value(after, name, reason="rate") - value(
            before, name, reason="rate"
        ) == statuses.count(429)
    finally:
        harness.close()


def test_operation_names_are_a_bounded_label() -> None:
    names = OperationNames(limit=3)
    assert [names.label(n) for n in ["A", "B", "C", "D", "A"]] == ["A", "B", "C", "other", "A"]
    assert names.label(None) == "anonymous"
    assert names.label("not a name!") == "other"
    assert names.label("x" * 65) == "other"


def test_metrics_are_off_when_disabled_and_off_by_default_in_production() -> None:
    harness = Harness(settings_for_tests(metrics_enabled=False))
    try:
        assert harness.get("/metrics").status_code == 404
    finally:
        harness.close()
    production = Settings(app_env="production", mongodb_uri="mongodb://db", jwt_secret="x" * 40)
    assert not production.metrics_on
    assert production.log_json


def test_on_a_separate_port_metrics_leave_the_main_port() -> None:
    port = free_port()
    with live_server(metrics_port=port) as live:
        main = httpx.get(f"http://127.0.0.1:{live.port}/metrics")
        assert main.status_code == 404
        httpx.post(f"http://127.0.0.1:{live.port}/graphql", json=ME)
        separate = httpx.get(f"http://127.0.0.1:{port}/metrics")
        assert separate.status_code == 200
        assert "graphql_requests_total" in separate.text


@pytest.mark.wire
def test_mongodb_commands_are_counted_and_timed(api: Harness) -> None:
    before = scrape(api)
    api.post({"query": ADD, "variables": add_input()}, token=ALICE)
    after = scrape(api)
    total = "mongodb_commands_total"
    grew = sum(
        value(after, total, command=c, outcome="ok") - value(before, total, command=c, outcome="ok")
        for c in ("find", "update", "insert", "findAndModify")
    )
    assert grew >= 2
    count = "mongodb_command_duration_seconds_count"
    assert value(after, count, command="find") > value(before, count, command="find")


@pytest.fixture
def two_workers(wire_uri: str, tmp_path: Path) -> Iterator[tuple[int, Path]]:
    directory = tmp_path / "metrics"
    directory.mkdir()
    with serve_process(
        wire_uri,
        f"workers_{uuid.uuid4().hex[:8]}",
        WEB_CONCURRENCY="2",
        PROMETHEUS_MULTIPROC_DIR=str(directory),
    ) as port:
        yield port, directory


@pytest.mark.wire
def test_with_two_workers_every_request_is_counted_once(two_workers: tuple[int, Path]) -> None:
    port, directory = two_workers
    url = f"http://127.0.0.1:{port}/graphql"

    def one(_: int) -> int:
        # A new connection each time, so both workers take requests. A worker still migrating
        # answers 503 (counted under UNAVAILABLE): retry it, as a client would.
        for _attempt in range(50):
            status = httpx.post(url, json=ME, headers={"Authorization": f"Bearer {ALICE}"})
            if status.status_code != 503:
                return status.status_code
            time.sleep(0.1)
        return 503

    # A worker that starts late takes no connection until it runs: send rounds until both
    # wrote samples (so the sum below spans processes), counting every request sent.
    sent = 0
    with ThreadPoolExecutor(8) as pool:
        for _round in range(5):
            assert set(pool.map(one, range(60))) == {200}
            sent += 60
            if len({p.name for p in directory.glob("counter_*.db")}) >= 2:
                break
    assert len({p.name for p in directory.glob("counter_*.db")}) >= 2
    text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
    assert value(text, "graphql_requests_total", operation="Me", outcome="OK") == sent
