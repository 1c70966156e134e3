"""A real MongoDB wire-protocol server for the tests, and fault injection through it.

The embedded store never yields inside a database call, so concurrent requests never interleave
on it. Tests about races and faults run on a server spoken to over TCP: SecantusDB (a test-only
dependency) started here, or whatever MONGODB_URI names.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pymongo import MongoClient, monitoring
from pymongo.errors import PyMongoError

START_TIMEOUT_SECONDS = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class WireServer:
    """`secantusd-py` on a free loopback port with its own storage; stopped by `stop()`. With
    `storage` (another one's, stopped with `keep=True`) it starts on that data: a restart."""

    def __init__(self, port: int | None = None, storage: str | None = None) -> None:
        executable = Path(sys.executable).with_name("secantusd-py")
        if not executable.exists():
            found = shutil.which("secantusd-py")
            if found is None:
                raise RuntimeError("secantusd-py is missing: install the project with [dev]")
            executable = Path(found)
        self.storage = storage if storage is not None else tempfile.mkdtemp(prefix="wire-store-")
        self.port = port if port is not None else free_port()
        self.log_path = Path(self.storage) / "server.log"
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                str(executable),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--storage-path",
                str(Path(self.storage) / "data"),
                "--enable-test-commands",
                "--log-level",
                "WARNING",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.uri = f"mongodb://127.0.0.1:{self.port}/?directConnection=true"
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"secantusd-py exited: {self.log_path.read_text()[-2000:]}")
            client: MongoClient[dict[str, Any]] = MongoClient(
                self.uri, serverSelectionTimeoutMS=500
            )
            try:
                client.admin.command("ping")
                return
            except PyMongoError:
                time.sleep(0.1)
            finally:
                client.close()
        raise RuntimeError("secantusd-py did not answer within the start timeout")

    def stop(self, keep: bool = False) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()
        if not keep:
            shutil.rmtree(self.storage, ignore_errors=True)


class FaultInjector(monitoring.CommandListener):
    """Fails one chosen database command of the app with MongoDB's `failCommand` fail point.

    `arm(name, occurrence, ...)` fails the `occurrence`-th `name` command (1-based) the app sends
    from then on, once. Real servers take no "skip N, then fail once" mode, so the fail point is
    switched on (for `times: 1`) right after the app's previous `name` command has finished.
    The app's client must identify itself with `app_name`; the fail point is scoped to it.
    """

    def __init__(self, uri: str, app_name: str) -> None:
        self._admin: MongoClient[dict[str, Any]] = MongoClient(uri, appname=f"{app_name}-admin")
        self._app_name = app_name
        self._lock = threading.Lock()
        self._target: tuple[str, int, dict[str, Any]] | None = None
        self._seen: Counter[str] = Counter()
        self.sent: list[str] = []  # every command the app sent since the last `arm`/`record`
        self.fired = False

    def _configure(self, mode: Any, data: dict[str, Any] | None = None) -> None:
        command: dict[str, Any] = {"configureFailPoint": "failCommand", "mode": mode}
        if data is not None:
            command["data"] = {**data, "appName": self._app_name}
        self._admin.admin.command(command)

    def arm(
        self,
        name: str,
        occurrence: int,
        *,
        close_connection: bool = False,
        block_ms: int | None = None,
    ) -> None:
        data: dict[str, Any] = {"failCommands": [name]}
        if close_connection:
            data["closeConnection"] = True
        elif block_ms is not None:
            # The command waits this long before the server runs it (then runs normally).
            data.update(blockConnection=True, blockTimeMS=block_ms)
        else:
            # 8 (UnknownError) carries no retryable label, so the driver reports it.
            data["errorCode"] = 8
        with self._lock:
            self._seen.clear()
            self.sent.clear()
            self.fired = False
            self._target = (name, occurrence, data)
            if occurrence == 1:
                self._configure({"times": 1}, data)

    @contextmanager
    def record(self) -> Iterator[list[str]]:
        """Collect the names of the commands the app sends inside the block."""
        with self._lock:
            self._target = None
            self.sent.clear()
        yield self.sent

    def disarm(self) -> None:
        with self._lock:
            self._target = None
        self._configure("off")

    def close(self) -> None:
        self._configure("off")
        self._admin.close()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        with self._lock:
            self.sent.append(event.command_name)
            target = self._target
            if target is not None and event.command_name == target[0]:
                self._seen[event.command_name] += 1
                if self._seen[event.command_name] == target[1]:
                    self.fired = True

    def _finished(self, name: str) -> None:
        with self._lock:
            target = self._target
            if target is None or name != target[0]:
                return
            # The previous one of the targeted command is done: fail the next one.
            if self._seen[name] == target[1] - 1:
                self._configure({"times": 1}, target[2])

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self._finished(event.command_name)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self._finished(event.command_name)
