"""The outside world: the database driver (its only import, beside the repositories), migrations,
logging, metrics, tracing, and the store of idempotency keys."""
