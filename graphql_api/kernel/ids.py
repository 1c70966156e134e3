"""Parsing of client-supplied ids: malformed ids are treated as unknown, never as errors."""

from __future__ import annotations

import re

from bson import ObjectId

_OBJECT_ID = re.compile(r"[0-9a-fA-F]{24}")


def parse_object_id(value: str) -> ObjectId | None:
    if not _OBJECT_ID.fullmatch(value):
        return None
    return ObjectId(value)
