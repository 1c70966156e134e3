"""The web client kit as a package: packed, installed into a fresh Vite + React 19 app,
type-checked, built, rendered on a server and used in Chromium against the API
(clients/web/test/package/run.mjs).

It runs the API on the embedded store (the package, not the store, is under test) and installs the
fixture app's packages with `npm ci` from its own lock file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "clients" / "web"
CHROMIUM = shutil.which("chromium")
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.browser,
    # About 30 s (npm pack, a fresh app's install and build, Chromium): CI's whole-suite run.
    pytest.mark.ci_tier,
    pytest.mark.skipif(
        not os.environ.get("REQUIRE_BROWSER")
        and (CHROMIUM is None or NODE is None or not (WEB / "node_modules").is_dir()),
        reason="needs Chromium, Node.js and the web client's packages (scripts/test installs them)",
    ),
]


def test_the_kit_installs_and_works_in_a_fresh_react_19_app() -> None:
    # The caller's environment as it is (npm's registry and proxy settings included), without a
    # database: the API under the app runs on the embedded store.
    env = {key: value for key, value in os.environ.items() if key != "MONGODB_URI"}
    run = subprocess.run(
        ["node", "test/package/run.mjs"],
        cwd=WEB,
        env={
            **env,
            "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "API_BIN": str(Path(sys.executable).with_name("graphql-api")),
            "CHROMIUM": CHROMIUM or "",
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("\nok ") + run.stdout.startswith("ok ") == 7, run.stdout
