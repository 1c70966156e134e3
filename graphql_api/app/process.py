"""A serving process: its logging and tracing, the app of a worker, and how uvicorn serves it."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from graphql_api.app.factory import create_app
from graphql_api.app.settings import Settings, load_settings
from graphql_api.infra.log import configure_logging

# Room for a subscription message's JSON besides its document (variables, ids).
WS_VARIABLES_BYTES = 16 * 1024


def set_up_process(settings: Settings) -> None:
    """Logging and tracing for a serving process (each worker runs this)."""
    from graphql_api.infra import tracing

    configure_logging(settings.log_level, json_lines=settings.log_json)
    tracing.configure_from_environment()


def worker_app() -> FastAPI:
    """The app of one worker process when `serve` runs several."""
    settings = load_settings()
    set_up_process(settings)
    return create_app(settings)


def server_config(settings: Settings, app: FastAPI | str) -> uvicorn.Config:
    """How uvicorn serves the app: bounded connections and idle keep-alive."""
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        proxy_headers=True,
        # Beyond this many connections and requests in flight, new ones get 503 at once.
        limit_concurrency=settings.http_max_connections,
        timeout_keep_alive=settings.http_keep_alive_seconds,
        # uvicorn's access line has the query string (GET variables): the edge logs its own.
        access_log=False,
        # WebSocket pings keep subscriptions alive through proxies that drop idle connections
        # (typically after 60 s) and find peers that went away.
        ws_ping_interval=settings.subscription_ping_seconds,
        ws_ping_timeout=settings.subscription_ping_seconds,
        # A socket carries subscriptions only: a document within the limits and small variables.
        ws_max_size=settings.graphql_max_query_bytes + WS_VARIABLES_BYTES,
        # No permessage-deflate: a compression context per socket costs memory on every idle
        # subscription, for events that are a few KB.
        ws_per_message_deflate=False,
    )
