"""Relay-style pagination helpers: opaque cursors and the `first` bound."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from graphql_api.kernel.errors import BadUserInput

MAX_PAGE_SIZE = 100


def check_first(first: int) -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(f"`first` must be between 1 and {MAX_PAGE_SIZE}", argument="first")
    return first


def encode_cursor(kind: str, values: list[Any]) -> str:
    raw = json.dumps([kind, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, arity: int) -> list[Any]:
    """Decode a cursor of `kind`, raising BAD_USER_INPUT for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeError):
        data = None
    if not isinstance(data, list) or len(data) != arity + 1 or data[0] != kind:
        raise BadUserInput("`after` is not a valid cursor for this list", argument="after")
    return data[1:]
