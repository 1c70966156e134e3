"""What the benchmark's servers share: the cases, the dataset, settings and the stats route."""

from __future__ import annotations

import os
import resource
import time
from typing import Any

from fastapi import FastAPI
from pymongo import monitoring

from graphql_api.app.settings import Settings
from graphql_api.infra.mongo import Mongo, client_options

SECRET = "bench-secret-that-is-long-enough-0123456789abcdef"

CART_QUERY = """query BenchCart { cart { id revision itemCount totalQuantity updatedAt
  subtotals { amount currencyCode } warnings { code message }
  items { id serviceId quantity bookingDate participants specialRequests version available
    unitPrice { amount currencyCode } subtotal { amount currencyCode } service { id name }
    acceptedUnitPrice { amount currencyCode } warnings { code message } } } }"""

PLANS_QUERY = """query BenchPlans { journeyPlans(first: 20) {
  edges { cursor node { id title country status version totalCost { amount currencyCode }
    services { serviceId bookingDate quantity unitPrice { amount currencyCode }
      subtotal { amount currencyCode } } } }
  pageInfo { hasNextPage endCursor } } }"""

ADD_MUTATION = """mutation BenchAdd($input: CartItemAddInput!) { cartItemAdd(input: $input) {
  __typename
  ... on CartItemAddSuccess {
    cartItem { id quantity version } cart { itemCount totalQuantity revision }
  }
} }"""

# The service every write adds one of, merging into the writer's line for it.
WRITE_SERVICE = "6500000064656d6f00000001"
WRITE_DATE = "2027-03-14"
WRITERS = 400  # travelers the write case cycles through (a line holds at most 99)


def settings(uri: str, db: str) -> Settings:
    return Settings(
        app_env="development",
        mongodb_uri=uri,
        mongodb_db=db,
        jwt_secret=SECRET,
        rate_limit_per_second=0,
        # The fan-out case holds 100 subscriptions on one cart; the idle case 1,000 connections,
        # which count in HTTP_MAX_CONNECTIONS.
        subscriptions_per_traveler=200,
        http_max_connections=4000,
        metrics_enabled=False,
        log_level="WARNING",
        port=int(os.environ.get("PORT", "8000")),
    )


class Commands(monitoring.CommandListener):
    def __init__(self) -> None:
        self.count = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.count += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def open_mongo(config: Settings, commands: Commands) -> Mongo:
    from motor.motor_asyncio import AsyncIOMotorClient

    assert config.mongodb_uri is not None
    client: Any = AsyncIOMotorClient(
        config.mongodb_uri, event_listeners=[commands], **client_options(config)
    )
    return Mongo(client=client, db=client[config.mongodb_db], embedded=False)


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def add_stats_route(app: FastAPI, commands: Commands) -> None:
    """CPU time, MongoDB commands and memory of this server process, read between runs."""

    @app.get("/__bench/stats")
    async def stats() -> dict[str, float]:
        return {"cpu": time.process_time(), "commands": commands.count, "rss": rss_bytes()}
