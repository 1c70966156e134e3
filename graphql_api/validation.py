"""Input clean-up shared by the domains."""

from __future__ import annotations


def clean_text(value: str | None) -> str | None:
    """Trim; an empty string is no text at all."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None
