"""The API's schema: the domains of app/domains.py built into one (graphql/schema.py)."""

from __future__ import annotations

from functools import partial

from graphql_api.app.domains import MUTATIONS, QUERIES, SUBSCRIPTIONS
from graphql_api.graphql import schema as graphql_schema

# The schema of every domain, with graphql/schema.py's options (introspection, limits, ...).
build_schema = partial(graphql_schema.build_schema, QUERIES, MUTATIONS, SUBSCRIPTIONS)

# The default schema: schema.graphql is its SDL (`graphql-api export-schema`).
schema = build_schema()
