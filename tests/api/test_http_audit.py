"""The GraphQL-over-HTTP specification's own audit (npm graphql-http) against the real server:
zero failures and zero warnings. Runs wherever Node.js is installed (CI has it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.live import live_server

AUDIT = Path(__file__).resolve().parents[2] / "tools" / "http-audit"


def node_tools() -> tuple[str, str] | None:
    node, npm = shutil.which("node"), shutil.which("npm")
    return (node, npm) if node and npm else None


def test_the_graphql_over_http_audit_passes_without_warnings() -> None:
    tools = node_tools()
    if tools is None:
        pytest.skip("Node.js is not installed here; the audit runs where it is (CI)")
    node, npm = tools
    installed = AUDIT / "node_modules" / ".package-lock.json"
    lock = AUDIT / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=AUDIT, check=True, timeout=300
        )
    with live_server() as live:
        audit = subprocess.run(
            [node, "audit.mjs", f"http://127.0.0.1:{live.port}/graphql"],
            cwd=AUDIT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "0 failures or warnings" in audit.stdout
