"""Command line: serve, migrate, seed-demo, token, export-schema, export-node-costs."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graphql_api.app.settings import ConfigError, Settings, load_settings


def _serve(settings: Settings, _args: argparse.Namespace) -> int:
    import uvicorn

    if settings.web_concurrency > 1:
        # Before any worker imports prometheus_client: each then writes its samples there.
        _metrics_directory()
        from graphql_api.app.process import server_config

        config = server_config(settings, "graphql_api.app.process:worker_app")
        config.factory = True
        config.workers = settings.web_concurrency
        uvicorn.run(**_run_arguments(config))
        return 0
    from graphql_api.app.factory import create_app
    from graphql_api.app.process import server_config, set_up_process

    set_up_process(settings)
    uvicorn.Server(server_config(settings, create_app(settings))).run()
    return 0


def _metrics_directory() -> None:
    import os
    import tempfile

    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        directory = tempfile.mkdtemp(prefix="graphql-api-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    # Samples of an earlier run would be added to this one's.
    for stale in Path(directory).glob("*.db"):
        stale.unlink()


def _run_arguments(config: Any) -> dict[str, Any]:
    return {
        "app": config.app,
        "factory": True,
        "workers": config.workers,
        "host": config.host,
        "port": config.port,
        "log_config": None,
        "proxy_headers": config.proxy_headers,
        "limit_concurrency": config.limit_concurrency,
        "timeout_keep_alive": config.timeout_keep_alive,
        "ws_ping_interval": config.ws_ping_interval,
        "ws_ping_timeout": config.ws_ping_timeout,
        "ws_max_size": config.ws_max_size,
        "ws_per_message_deflate": config.ws_per_message_deflate,
        "access_log": False,
    }


def _server_only(settings: Settings, command: str) -> None:
    if settings.mongodb_uri is None:
        raise ConfigError(
            f"{command} needs MONGODB_URI; the embedded store is migrated and seeded by `serve`"
        )


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from graphql_api.infra.migrations import migrate
    from graphql_api.infra.mongo import connect

    _server_only(settings, "migrate")

    async def run() -> list[int]:
        mongo = connect(settings)
        try:
            return await migrate(mongo)
        finally:
            mongo.close()

    applied = asyncio.run(run())
    print(f"applied migrations: {applied}" if applied else "database is up to date")
    return 0


def _seed(settings: Settings, _args: argparse.Namespace) -> int:
    from graphql_api.domains.catalog.seed import seed_demo
    from graphql_api.infra.migrations import migrate
    from graphql_api.infra.mongo import connect

    _server_only(settings, "seed-demo")

    async def run() -> int:
        mongo = connect(settings)
        try:
            await migrate(mongo)
            return await seed_demo(mongo.db)
        finally:
            mongo.close()

    print(f"demo catalog in place: {asyncio.run(run())} services")
    return 0


def _token(settings: Settings, args: argparse.Namespace) -> int:
    from graphql_api.graphql.auth import mint_dev_token

    print(mint_dev_token(settings, args.subject, args.ttl_minutes))
    return 0


def _export_schema(_settings: Settings | None, args: argparse.Namespace) -> int:
    from graphql_api.app.schema import schema

    sdl = schema.as_str() + "\n"
    if args.path is None:
        sys.stdout.write(sdl)
    else:
        Path(args.path).write_text(sdl, encoding="utf-8")
    return 0


def _export_node_costs(_settings: Settings | None, args: argparse.Namespace) -> int:
    from graphql_api.app.node_costs import TABLE, current

    Path(args.path or TABLE).write_text(current(), encoding="utf-8")
    return 0


SETTINGS_HELP = (
    "Every setting comes from an environment variable; see the README's Configuration table."
)


def _command(
    sub: Any, name: str, summary: str, reads: str, details: str = ""
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}. {details}".strip(),
        epilog=f"Reads: {reads}. {SETTINGS_HELP}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graphql-api", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _command(
        sub,
        "serve",
        "run the API",
        "HOST, PORT, APP_ENV, MONGODB_URI, MONGODB_DB, JWT_*, CORS_ORIGINS, GRAPHQL_*, HTTP_*, "
        "RATE_LIMIT_*, LOG_LEVEL, LOG_FORMAT, METRICS_ENABLED, METRICS_PORT, WEB_CONCURRENCY, "
        "PROMETHEUS_MULTIPROC_DIR, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME",
        "Without MONGODB_URI it uses the embedded in-memory store with the demo catalog; with it, "
        "it migrates that database once it answers.",
    )
    _command(sub, "migrate", "apply pending migrations to MONGODB_URI", "MONGODB_URI, MONGODB_DB")
    _command(
        sub,
        "seed-demo",
        "load the demo catalog into MONGODB_URI (idempotent)",
        "MONGODB_URI, MONGODB_DB",
    )
    token = _command(
        sub,
        "token",
        "print a development token for SUB",
        "APP_ENV, JWT_ALGORITHMS, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE",
        "Refused in production.",
    )
    token.add_argument("subject", metavar="SUB", help="the traveler id (the token's `sub`)")
    token.add_argument("--ttl-minutes", type=int, default=60, help="lifetime (default 60)")
    export = _command(
        sub,
        "export-schema",
        "write the GraphQL SDL to PATH (or stdout)",
        "nothing (the schema does not depend on settings)",
    )
    export.add_argument("path", metavar="PATH", nargs="?", help="file to write (default: stdout)")
    costs = _command(
        sub,
        "export-node-costs",
        "write the web kit's table of mutation node costs, measured over its documents",
        "the kit's clients/web/src/generated/persisted-documents.json",
    )
    costs.add_argument("path", metavar="PATH", nargs="?", help="default: the kit's node-costs.ts")
    return parser


COMMANDS = {
    "serve": _serve,
    "migrate": _migrate,
    "seed-demo": _seed,
    "token": _token,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        # The SDL and the costs do not depend on the environment, so no settings are needed.
        if args.command == "export-schema":
            return _export_schema(None, args)
        if args.command == "export-node-costs":
            return _export_node_costs(None, args)
        return COMMANDS[args.command](load_settings(), args)
    except ConfigError as exc:
        print(f"graphql-api: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from graphql_api.infra.mongo import timed_out, unreachable

        if not (unreachable(exc) or timed_out(exc)):
            raise
        print(
            f"graphql-api: the database cannot be reached ({type(exc).__name__})", file=sys.stderr
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
