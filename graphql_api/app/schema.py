"""The API's schema: the domains of app/domains.py built into one (graphql/schema.py)."""

from __future__ import annotations

from graphql_api.app.domains import MUTATIONS, QUERIES
from graphql_api.graphql import schema as graphql_schema
from graphql_api.graphql.limits import Limits
from graphql_api.graphql.ratelimit import RateLimiter
from graphql_api.graphql.schema import ApiSchema


def build_schema(
    *,
    introspection: bool = True,
    suggestions: bool = True,
    limits: Limits | None = None,
    limiter: RateLimiter | None = None,
    fast_paths: bool = True,
) -> ApiSchema:
    """The schema of every domain, with graphql/schema.py's options."""
    return graphql_schema.build_schema(
        QUERIES,
        MUTATIONS,
        introspection=introspection,
        suggestions=suggestions,
        limits=limits,
        limiter=limiter,
        fast_paths=fast_paths,
    )


# The default schema: schema.graphql is its SDL (`graphql-api export-schema`).
schema = build_schema()
