"""Plan fingerprints as releases before domain-named fingerprints stored them (GraphQL names,
scope `journeyPlanCreate`). Accepted for one key lifetime (24 h) after that release, so a retry in
flight across the deploy still replays its first result; remove after 2026-12-05."""

from __future__ import annotations

from typing import Any


def api_names(fields: dict[str, Any]) -> dict[str, Any]:
    """The same values under GraphQL's names, as they were compared."""
    return {_api_name(name): value for name, value in fields.items()}


def create(fields: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    services = [[s["service_id"], s["booking_date"], s["quantity"]] for s in fields["services"]]
    return (("journeyPlanCreate", {**api_names(fields["details"]), "services": services}),)


def _api_name(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
