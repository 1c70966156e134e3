"""Command line: serve, migrate, seed-demo, token, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from graphql_api.settings import ConfigError, Settings, load_settings


def _serve(settings: Settings, _args: argparse.Namespace) -> int:
    import uvicorn

    from graphql_api.app import create_app, server_config
    from graphql_api.log import configure_logging

    configure_logging(settings.log_level)
    uvicorn.Server(server_config(settings, create_app(settings))).run()
    return 0


def _server_only(settings: Settings, command: str) -> None:
    if settings.mongodb_uri is None:
        raise ConfigError(
            f"{command} needs MONGODB_URI; the embedded store is migrated and seeded by `serve`"
        )


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from graphql_api.db import connect
    from graphql_api.migrations import migrate

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
    from graphql_api.catalog.seed import seed_demo
    from graphql_api.db import connect
    from graphql_api.migrations import migrate

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
    from graphql_api.auth import mint_dev_token

    print(mint_dev_token(settings, args.subject, args.ttl_minutes))
    return 0


def _export_schema(_settings: Settings | None, args: argparse.Namespace) -> int:
    from graphql_api.schema import schema

    sdl = schema.as_str() + "\n"
    if args.path is None:
        sys.stdout.write(sdl)
    else:
        Path(args.path).write_text(sdl, encoding="utf-8")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graphql-api", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the API (migrates; seeds the embedded store)")
    sub.add_parser("migrate", help="apply pending migrations to MONGODB_URI")
    sub.add_parser("seed-demo", help="load the demo catalog into MONGODB_URI (idempotent)")
    token = sub.add_parser("token", help="print a development token for SUB")
    token.add_argument("subject", metavar="SUB")
    token.add_argument("--ttl-minutes", type=int, default=60)
    export = sub.add_parser("export-schema", help="write the GraphQL SDL to PATH (or stdout)")
    export.add_argument("path", metavar="PATH", nargs="?")
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
        if args.command == "export-schema":
            # The SDL does not depend on the environment, so no settings are needed.
            return _export_schema(None, args)
        return COMMANDS[args.command](load_settings(), args)
    except ConfigError as exc:
        print(f"graphql-api: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from graphql_api.db import timed_out, unreachable

        if not (unreachable(exc) or timed_out(exc)):
            raise
        print(
            f"graphql-api: the database cannot be reached ({type(exc).__name__})", file=sys.stderr
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
