"""Cart fingerprints as releases before domain-named fingerprints stored them (GraphQL names and
operation names as scopes). Accepted for one key lifetime (24 h) after that release, so a retry in
flight across the deploy still replays its first result; remove after 2026-12-05."""

from __future__ import annotations

from typing import Any

from graphql_api.domains.journeys import compat

LINE = ("service_id", "booking_date", "quantity", "participants", "special_requests")


def add(fields: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return (("cartItemAdd", compat.api_names(fields)),)


def merge(lines: list[dict[str, Any]]) -> tuple[tuple[str, Any], ...]:
    return (("cartMerge", [[line[name] for name in LINE] for line in lines]),)


def checkout(fields: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return (("cartCheckout", compat.api_names(fields)),)
