"""JSON log lines and OpenTelemetry spans, through real requests."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from graphql_api.app.schema import build_schema
from graphql_api.graphql.masking import FieldTracing
from graphql_api.infra import tracing
from graphql_api.infra.log import JsonFormatter, RequestIdFilter, hashed_traveler
from tests.conftest import make_token
from tests.harness import Harness

ALICE = make_token("alice")
SECRET_TEXT = "Kyoto-secret-request-7731"
ADD = """mutation Add($input: CartItemAddInput!) {
  cartItemAdd(input: $input) { __typename }
}"""


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def add_body() -> dict[str, object]:
    return {
        "query": ADD,
        "variables": {
            "input": {
                "serviceId": "6500000064656d6f00000001",
                "bookingDate": "2027-03-14",
                "quantity": 1,
                "participants": 1,
                "specialRequests": SECRET_TEXT,
            }
        },
    }


def test_every_line_is_json_and_the_access_line_says_what_happened(
    api: Harness, json_lines: io.StringIO
) -> None:
    response = api.post(add_body(), token=ALICE, headers={"X-Request-ID": "req-json-1"})
    assert response.status_code == 200
    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    assert lines
    for line in lines:
        assert {"time", "level", "logger", "message", "request_id"} <= set(line)
    [access] = [line for line in lines if line["logger"] == "graphql_api.access"]
    assert access["request_id"] == "req-json-1"
    assert access["operation"] == "Add"
    assert access["outcome"] == "OK"
    assert access["status"] == 200
    assert isinstance(access["duration_ms"], float)
    assert access["traveler"] == hashed_traveler("alice")
    assert access["time"].endswith("+00:00")


def test_errors_carry_their_code_and_logs_never_hold_tokens_variables_or_query_text(
    api: Harness, json_lines: io.StringIO
) -> None:
    api.post(add_body(), token=ALICE)
    api.post({"query": "query Broken {"}, token=ALICE)
    api.post({"query": "query Me { me { id } }"}, token=ALICE + "x")
    text = json_lines.getvalue()
    for secret in (ALICE, SECRET_TEXT, "cartItemAdd(input", "2027-03-14", '"alice"'):
        assert secret not in text
    outcomes = [
        json.loads(line).get("outcome")
        for line in text.splitlines()
        if json.loads(line)["logger"] == "graphql_api.access"
    ]
    assert outcomes == ["OK", "GRAPHQL_PARSE_FAILED", "UNAUTHENTICATED"]


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.install(provider)
    try:
        yield exporter
    finally:
        tracing.install(None)


def by_name(finished: tuple[ReadableSpan, ...], prefix: str) -> list[ReadableSpan]:
    return [span for span in finished if span.name.startswith(prefix)]


def test_a_request_span_holds_a_span_per_top_level_field(
    spans: InMemorySpanExporter,
) -> None:
    api = Harness()
    try:
        traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        response = api.post(
            {"query": "query Both { me { id } cart { itemCount } }"},
            token=ALICE,
            headers={"traceparent": traceparent},
        )
        assert response.status_code == 200
    finally:
        api.close()
    finished = spans.get_finished_spans()
    [request] = by_name(finished, "POST /graphql")
    assert request.attributes is not None
    assert request.attributes["graphql.operation.name"] == "Both"
    assert request.attributes["http.response.status_code"] == 200
    # It continues the caller's trace.
    assert request.context is not None
    assert format(request.context.trace_id, "032x") == "0af7651916cd43dd8448eb211c80319c"
    fields = by_name(finished, "graphql Query.")
    assert {span.name for span in fields} == {"graphql Query.me", "graphql Query.cart"}
    for span in fields:
        assert span.parent is not None
        assert span.parent.span_id == request.context.span_id


@pytest.mark.wire
def test_each_mongodb_command_is_a_span_under_the_field_that_sent_it(
    spans: InMemorySpanExporter,
) -> None:
    api = Harness()
    try:
        assert api.post(add_body(), token=ALICE).status_code == 200
    finally:
        api.close()
    finished = spans.get_finished_spans()
    [field] = by_name(finished, "graphql Mutation.cartItemAdd")
    commands = [
        span
        for span in by_name(finished, "mongodb ")
        if span.parent is not None
        and field.context is not None
        and span.parent.span_id == field.context.span_id
    ]
    assert len(commands) >= 2
    assert all(span.attributes and span.attributes["db.system"] == "mongodb" for span in commands)


def test_without_an_endpoint_nothing_is_installed_or_exported() -> None:
    assert not tracing.configure_from_environment({})
    assert not tracing.enabled()
    extensions = build_schema().extensions
    assert FieldTracing not in extensions


def test_with_an_endpoint_spans_are_exported_over_otlp() -> None:
    try:
        assert tracing.configure_from_environment(
            {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9"}
        )
        assert tracing.enabled()
        assert FieldTracing in build_schema().extensions
    finally:
        tracing.install(None)


@pytest.mark.parametrize(("log_format", "json_expected"), [("json", True), ("text", False)])
def test_a_serving_process_writes_the_configured_format(
    log_format: str, json_expected: bool
) -> None:
    from graphql_api.app.process import set_up_process
    from tests.harness import settings_for_tests

    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    try:
        set_up_process(settings_for_tests(log_format=log_format))
        [handler] = root.handlers
        assert isinstance(handler.formatter, JsonFormatter) is json_expected
    finally:
        root.handlers[:] = saved
        root.setLevel(level)
