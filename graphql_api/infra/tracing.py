"""OpenTelemetry tracing: an optional extra (`pip install .[otel]`).

Spans per HTTP request (continuing a caller's `traceparent`), per top-level GraphQL field (the
resolvers that reach the database), and per MongoDB command. Nothing is installed, imported or
exported unless the extra is present and OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test installs
a provider with `install`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pymongo import monitoring

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Span, Tracer

log = logging.getLogger(__name__)

_tracer: Tracer | None = None


def install(provider: TracerProvider | None) -> None:
    """Trace through this provider from now on (None: stop tracing)."""
    global _tracer
    _tracer = provider.get_tracer("graphql_api") if provider is not None else None


def configure_from_environment(environ: Mapping[str, str] = os.environ) -> bool:
    """Export over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set and the extra is installed."""
    if not environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return False
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        log.warning(
            "OTEL_EXPORTER_OTLP_ENDPOINT is set but tracing is not installed: "
            "install the project with the [otel] extra"
        )
        return False
    name = environ.get("OTEL_SERVICE_NAME", "graphql-api")
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    install(provider)
    log.info("exporting traces over OTLP as %s", name)
    return True


def enabled() -> bool:
    return _tracer is not None


@contextmanager
def request_span(method: str, path: str, headers: Mapping[bytes, bytes]) -> Iterator[Span | None]:
    """The server span of one HTTP request, child of the caller's trace when it sent one."""
    tracer = _tracer
    if tracer is None:
        yield None
        return
    from opentelemetry import propagate, trace

    # Decoded only when tracing is on: every request passes here.
    parent = propagate.extract(
        {k.decode("latin-1"): v.decode("latin-1") for k, v in headers.items()}
    )
    with tracer.start_as_current_span(
        f"{method} {path}",
        context=parent,
        kind=trace.SpanKind.SERVER,
        attributes={"http.request.method": method, "url.path": path},
    ) as span:
        yield span


@contextmanager
def field_span(type_name: str, field: str) -> Iterator[None]:
    tracer = _tracer
    if tracer is None:
        yield
        return
    with tracer.start_as_current_span(
        f"graphql {type_name}.{field}",
        attributes={"graphql.field.name": field, "graphql.field.parent_type": type_name},
    ):
        yield


class CommandSpans(monitoring.CommandListener):
    """One client span per MongoDB command, under the span that sent it."""

    def __init__(self) -> None:
        self._open: dict[tuple[int, Any], Span] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        tracer = _tracer
        if tracer is None:
            return
        from opentelemetry import trace

        span = tracer.start_span(
            f"mongodb {event.command_name}",
            kind=trace.SpanKind.CLIENT,
            attributes={
                "db.system": "mongodb",
                "db.operation.name": event.command_name,
                "db.namespace": event.database_name,
            },
        )
        self._open[(event.request_id, event.connection_id)] = span

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        span = self._open.pop((event.request_id, event.connection_id), None)
        if span is not None:
            span.end()

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        span = self._open.pop((event.request_id, event.connection_id), None)
        if span is not None:
            from opentelemetry.trace import Status, StatusCode

            span.set_status(Status(StatusCode.ERROR, event.failure.get("codeName", "failed")))
            span.end()


COMMAND_SPANS = CommandSpans()


def command_listeners() -> list[monitoring.CommandListener]:
    return [COMMAND_SPANS]
