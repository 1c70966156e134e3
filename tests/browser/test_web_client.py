"""The web client kit end to end in headless Chromium against the real API on a wire server.

The scenarios live in clients/web/test/e2e/run.mjs (playwright-core driving Debian's chromium); this
test builds the demo page, gives the runner a database and reports its output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.harness import TEST_SECRET

WEB = Path(__file__).resolve().parents[2] / "clients" / "web"
CHROMIUM = shutil.which("chromium")
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.wire,
    pytest.mark.browser,
    # CI sets REQUIRE_BROWSER=1 after installing Chromium: there a missing browser is a failure.
    pytest.mark.skipif(
        not os.environ.get("REQUIRE_BROWSER")
        and (CHROMIUM is None or NODE is None or not (WEB / "node_modules").is_dir()),
        reason="needs Chromium, Node.js and the web client's packages (scripts/test installs them)",
    ),
]


def test_the_client_kit_in_a_browser(wire_uri: str) -> None:
    build = subprocess.run(
        ["npx", "vite", "build", "--config", "demo/vite.config.ts", "--logLevel", "error"],
        cwd=WEB,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert build.returncode == 0, build.stderr
    run = subprocess.run(
        ["node", "test/e2e/run.mjs"],
        cwd=WEB,
        env={
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "API_BIN": str(Path(sys.executable).with_name("graphql-api")),
            "MONGODB_URI": wire_uri,
            "MONGODB_DB": f"e2e_{uuid.uuid4().hex[:12]}",
            "JWT_SECRET": TEST_SECRET,
            "CHROMIUM": CHROMIUM or "",
            "HOME": str(Path.home()),
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    passed = [line for line in run.stdout.splitlines() if line.startswith("ok ")]
    assert len(passed) == 10, run.stdout
