"""Deployment files say what the README says (no Docker engine runs here to try them)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_image_is_healthy_only_when_ready_and_built_from_sources_alone() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "/readyz" in dockerfile
    assert "/healthz" not in dockerfile
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".git", "tests", "tools/*", "**/node_modules"} <= set(ignored)
    # GraphiQL's assets come from npm at the locked versions, in a build stage.
    assert "!tools/graphiql" in ignored
    assert "graphql_api/http/ide/assets" in ignored
    assert "COPY tools/graphiql/package.json tools/graphiql/package-lock.json" in dockerfile
    assert "npm ci" in dockerfile
    assert "python -m graphql_api.http.ide" in dockerfile
    # Python packages come from the hashed lock; the project adds nothing unresolved.
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile


def test_compose_restarts_requires_secrets_and_passes_them_as_files() -> None:
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert compose.count("restart: unless-stopped") == 2
    assert "${MONGO_ROOT_PASSWORD:?" in compose
    assert "MONGO_INITDB_ROOT_PASSWORD" in compose
    assert "--keyFile" in compose
    assert "JWT_SECRET_FILE: /run/secrets/jwt_secret" in compose
    assert "MONGODB_URI_FILE: /run/secrets/mongodb_uri" in compose
    # The secret itself is never an environment variable of a container.
    assert not re.search(r"^\s+(JWT_SECRET|MONGODB_URI):", compose, re.MULTILINE)


def test_the_factory_keeps_its_address_for_uvicorn() -> None:
    # `uvicorn --factory graphql_api.app:create_app`, as the README and deployments name it.
    import importlib

    from graphql_api.app.factory import create_app

    assert importlib.import_module("graphql_api.app").create_app is create_app
