"""Start-up: migrate (and seed the embedded store) once the database answers, then ready; and
the garbage collector tuned for request-sized garbage."""

from __future__ import annotations

import asyncio
import gc
import logging

from fastapi import FastAPI

from graphql_api.domains.catalog.seed import seed_demo
from graphql_api.infra.migrations import migrate
from graphql_api.infra.mongo import Mongo, timed_out, unreachable

log = logging.getLogger(__name__)


async def prepare(app: FastAPI, mongo: Mongo) -> None:
    """Migrate (and seed the embedded store), retrying while the database is unreachable; the
    app is ready from then on."""
    attempt = 0
    while True:
        try:
            applied = await migrate(mongo)
            if mongo.embedded:
                count = await seed_demo(mongo.db)
                log.info("seeded %d demo services into the embedded store", count)
            break
        except Exception as exc:
            if not (unreachable(exc) or timed_out(exc)):
                log.exception("migrations failed; the service stays unready")
                return
            attempt += 1
            delay = min(2**attempt, 30)
            log.warning(
                "database unreachable (attempt %d, %s); retrying in %d s",
                attempt,
                type(exc).__name__,
                delay,
            )
            await asyncio.sleep(delay)
    if applied:
        log.info("applied migrations %s", applied)
    mongo.follow_changes()
    app.state.ready = True
    log.info("database ready")


# A request allocates thousands of short-lived objects (one per GraphQL field): collect the
# youngest generation less often, and never scan what start-up built (modules, schema).
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
