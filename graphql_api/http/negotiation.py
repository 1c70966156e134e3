"""Content negotiation for GraphQL over HTTP: `application/graphql-response+json` or JSON, and
event streams for subscriptions."""

from __future__ import annotations

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
EVENT_STREAM = "text/event-stream"


def _quality(accept: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        found[media.lower()] = max(q, found.get(media.lower(), 0.0))
    return found


def wants_graphql_response(accept: str | None) -> bool:
    """True when the client takes the GraphQL response media type at least as gladly as JSON.
    No Accept header means JSON, as legacy clients expect."""
    if not accept:
        return False
    quality = _quality(accept)
    graphql = quality.get(GRAPHQL_RESPONSE, 0.0)
    json = max(quality.get(JSON, 0.0), quality.get("application/*", 0.0), quality.get("*/*", 0.0))
    return graphql > 0 and graphql >= json


def wants_event_stream(accept: str | None) -> bool:
    """True when the client asks for GraphQL over SSE (a subscription's stream)."""
    return bool(accept) and any(
        part.split(";", 1)[0].strip().lower() == EVENT_STREAM for part in (accept or "").split(",")
    )
