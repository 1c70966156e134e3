"""The GraphQL layer over the domains: the schema composed from them, the per-request context, the
Error interface and shared error types, masking of unexpected errors, document limits, rate
limits, scalars and pagination."""
