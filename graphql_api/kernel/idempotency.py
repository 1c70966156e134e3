"""What an idempotency key is bound to: a fingerprint of the request, in the domain's own terms.

A stored key answers a retry only when the retry's fingerprint matches, so a fingerprint must not
change while keys made under it live (24 h). Each is spelled out field by field under stable
snake_case names, never derived from Python or GraphQL names, and carries its scope and a version:
changing what a request means bumps the version, and the old spelling stays accepted (`legacy`)
for one key lifetime after the release, so retries in flight across a deploy still replay.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphql_api.kernel.errors import IssueCollector

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
KEY_PATH = ("idempotency_key",)


def check_key(key: str | None, issues: IssueCollector, path: Sequence[str] = KEY_PATH) -> None:
    if key is not None and not KEY_PATTERN.fullmatch(key):
        issues.add(path, "must be 1..64 characters of A-Z, a-z, 0-9, '_' or '-'")


def digest_of(operation: str, payload: Any) -> str:
    canonical = json.dumps([operation, payload], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """`scope` names the operation (`cart.line.add`); `fields` is plain JSON data."""

    scope: str
    version: int
    fields: Any
    # (operation, payload) pairs an earlier release stored for the same request.
    legacy: tuple[tuple[str, Any], ...] = ()

    @property
    def operation(self) -> str:
        return f"{self.scope}.v{self.version}"

    def digest(self) -> str:
        """What a new key stores."""
        return digest_of(self.operation, self.fields)

    def accepted(self) -> frozenset[str]:
        """Every stored digest that means this same request."""
        return frozenset({self.digest(), *(digest_of(op, p) for op, p in self.legacy)})
