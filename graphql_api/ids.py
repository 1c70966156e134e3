"""Parsing of client-supplied ids: malformed ids are treated as unknown, never as errors."""

from __future__ import annotations

from bson import ObjectId
from bson.errors import InvalidId


def parse_object_id(value: str) -> ObjectId | None:
    if len(value) != 24:
        return None
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        return None
