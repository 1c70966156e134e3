"""Input checks shared by the domains: text that can be stored, trimmed and bounded."""

from __future__ import annotations

from collections.abc import Sequence

from graphql_api.kernel.errors import IssueCollector

UNSTORABLE = "contains characters that cannot be stored (a lone UTF-16 surrogate)"


def storable(value: str) -> bool:
    """False for text that has no UTF-8 form (lone surrogates), which no store can hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_storable(value: str, path: Sequence[str], issues: IssueCollector) -> bool:
    if storable(value):
        return True
    issues.add(path, UNSTORABLE)
    return False


def clean_text(
    value: str | None,
    path: Sequence[str],
    issues: IssueCollector,
    *,
    limit: int,
    required: bool = False,
) -> str | None:
    """Trim; an empty string is no text at all. Adds an issue for text that is missing when
    required, too long, or cannot be stored."""
    if value is not None and not check_storable(value, path, issues):
        return None
    cleaned = value.strip() if value is not None else None
    if not cleaned:
        if required:
            issues.add(path, f"is required (1..{limit} characters)")
        return None
    if len(cleaned) > limit:
        issues.add(path, f"must be at most {limit} characters")
    return cleaned
