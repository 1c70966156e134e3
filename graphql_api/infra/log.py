"""Logging set-up: every line carries the request id; `LOG_FORMAT=json` writes one JSON object per
line. What a request did (operation, outcome, hashed traveler) is gathered on a RequestRecord."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


@dataclass
class RequestRecord:
    """Filled in while a request is served; the access line and the metrics read it."""

    operation: str | None = None
    outcome: str | None = None
    traveler: str | None = None


record_var: ContextVar[RequestRecord | None] = ContextVar("request_record", default=None)


def current_record() -> RequestRecord | None:
    return record_var.get()


def hashed_traveler(traveler_id: str) -> str:
    """Enough to follow one traveler through the logs, not to read their id."""
    return hashlib.sha256(f"traveler:{traveler_id}".encode()).hexdigest()[:16]


# Fields a log call may add with `extra=`, in the order JSON lines show them.
FIELDS = ("method", "path", "status", "duration_ms", "operation", "outcome", "traveler")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        current = record_var.get()
        if current is not None:
            for name in ("operation", "traveler"):
                if getattr(record, name, None) is None:
                    setattr(record, name, getattr(current, name))
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
        line: dict[str, Any] = {
            "time": moment.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            # Which worker (WEB_CONCURRENCY > 1 runs several on one port).
            "pid": record.process,
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def configure_logging(level: str, json_lines: bool = False) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
