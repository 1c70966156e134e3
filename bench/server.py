"""One benchmark server process: `python -m bench.server graphql|plain|pydantic PORT URI DB`.

Each runs with the API's own uvicorn settings (server_config) and a stats route for the runner.
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

from bench.common import Commands, add_stats_route, open_mongo, settings
from bench.rest import create_rest_app
from graphql_api.app.factory import create_app
from graphql_api.app.lifespan import tune_gc
from graphql_api.app.process import server_config


def build(kind: str, port: int, uri: str, db: str) -> FastAPI:
    config = settings(uri, db).model_copy(update={"port": port})
    commands = Commands()
    mongo = open_mongo(config, commands)
    if kind == "graphql":
        app = create_app(config, mongo=mongo)  # its lifespan tunes the GC
    else:
        app = create_rest_app(config, mongo, models=kind == "pydantic")
        # The same process settings as the API's, so the comparison is of the code alone.
        app.router.on_startup.append(tune_gc)
    add_stats_route(app, commands)
    return app


def main() -> None:
    kind, port, uri, db = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    app = build(kind, port, uri, db)
    config = settings(uri, db).model_copy(update={"port": port})
    uvicorn.Server(server_config(config, app)).run()


if __name__ == "__main__":
    main()
