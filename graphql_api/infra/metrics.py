"""Prometheus metrics: requests, latency, MongoDB commands, replays, refusals.

With several worker processes, set PROMETHEUS_MULTIPROC_DIR before this module is imported
(`serve` does when WEB_CONCURRENCY > 1); every worker then writes its samples there and
`/metrics` adds them up, whichever worker answers the scrape.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client import multiprocess as prometheus_multiprocess
from pymongo import monitoring

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

log = logging.getLogger(__name__)

# Request latency from 2 ms to 10 s (the request deadline).
_SECONDS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter(
    "graphql_requests",
    "GraphQL requests by operation name and outcome code (OK, or the first error's code)",
    ["operation", "outcome"],
)
LATENCY = Histogram(
    "graphql_request_duration_seconds",
    "Time to answer a GraphQL request, from its first byte to its last",
    ["operation"],
    buckets=_SECONDS,
)
MONGO_COMMANDS = Counter(
    "mongodb_commands", "MongoDB commands sent, by name and outcome", ["command", "outcome"]
)
MONGO_LATENCY = Histogram(
    "mongodb_command_duration_seconds",
    "MongoDB command round trips",
    ["command"],
    buckets=(0.0005, 0.001, *_SECONDS),
)
REPLAYS = Counter(
    "idempotent_replays",
    "Keyed operations answered with their stored first result",
    ["operation"],
)
RATE_LIMITED = Counter(
    "rate_limit_refusals", "Mutation requests refused by the rate limit", ["reason"]
)
REJECTED = Counter(
    "graphql_documents_rejected",
    "Documents refused before execution, by reason (a limit's name, parse, validation, ...)",
    ["reason"],
)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
MAX_OPERATION_NAMES = 200


class OperationNames:
    """Bounds the `operation` label: clients choose names, so unknown ones beyond a budget (and
    names that are not GraphQL names) are counted as `other`."""

    def __init__(self, limit: int = MAX_OPERATION_NAMES) -> None:
        self._seen: set[str] = set()
        self._limit = limit
        self._lock = threading.Lock()

    def label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if not _NAME.fullmatch(name):
            return "other"
        if name in self._seen:
            return name
        with self._lock:
            if len(self._seen) >= self._limit:
                return "other"
            self._seen.add(name)
        return name


operation_names = OperationNames()


def observe_request(operation: str | None, outcome: str, seconds: float) -> None:
    label = operation_names.label(operation)
    REQUESTS.labels(label, outcome).inc()
    LATENCY.labels(label).observe(seconds)


class CommandMetrics(monitoring.CommandListener):
    """Counts and times every command the driver sends (the embedded store sends none)."""

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        pass

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self._finish(event.command_name, "ok", event.duration_micros)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self._finish(event.command_name, "error", event.duration_micros)

    def _finish(self, command: str, outcome: str, micros: int) -> None:
        MONGO_COMMANDS.labels(command, outcome).inc()
        MONGO_LATENCY.labels(command).observe(micros / 1_000_000)


COMMAND_METRICS = CommandMetrics()


def _registry() -> CollectorRegistry:
    """This process's samples, or every worker's when there are several."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    prometheus_multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


def exposition() -> tuple[bytes, str]:
    """The current samples in Prometheus' text format."""
    return generate_latest(_registry()), CONTENT_TYPE_LATEST


def serve_on_port(port: int, host: str) -> WSGIServer | None:
    """Serve the metrics on their own port. With several workers the first one to bind it
    serves everyone's samples; the others find it taken."""
    try:
        server, _thread = start_http_server(port, addr=host, registry=_registry())
    except OSError:
        log.info("metrics port %d is already served (by another worker)", port)
        return None
    log.info("metrics on http://%s:%d/metrics", host, port)
    return server
