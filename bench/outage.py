"""The database away: how long requests take to be answered while it is, and how soon they go
through again once it is back. The API (its own process, default timeouts) runs on a wire server
of its own, which is killed and restarted on its data."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.common import SECRET

CART = {"query": "query OutageCart { cart { revision } }"}
REQUESTS_WHILE_AWAY = 20


def _timed(client: httpx.Client, path: str, **kw: Any) -> tuple[float, int]:
    began = time.perf_counter()
    response = client.post(path, **kw) if "json" in kw else client.get(path)
    return time.perf_counter() - began, response.status_code


def run(token: Any, free_port: Any) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.wire import WireServer

    db_port, api_port = free_port(), free_port()
    database: Any = WireServer(db_port)
    env = {
        **os.environ,
        "MONGODB_URI": database.uri,
        "MONGODB_DB": "bench_outage",
        "JWT_SECRET": SECRET,
        "PORT": str(api_port),
        "RATE_LIMIT_PER_SECOND": "0",
        "LOG_LEVEL": "ERROR",
    }
    api = subprocess.Popen(
        [sys.executable, "-m", "graphql_api", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    headers = {"Authorization": f"Bearer {token('outage')}"}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{api_port}", timeout=30) as client:
            for _ in range(300):
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            else:
                raise RuntimeError("the API did not become ready")
            assert _timed(client, "/graphql", json=CART, headers=headers)[1] == 200
            database.stop(keep=True)
            first = _timed(client, "/graphql", json=CART, headers=headers)
            away = [
                _timed(client, "/graphql", json=CART, headers=headers)
                for _ in range(REQUESTS_WHILE_AWAY)
            ]
            readyz = _timed(client, "/readyz")
            assert {status for _, status in [first, *away, readyz]} == {503}
            database = WireServer(db_port, storage=database.storage)
            back = time.perf_counter()
            refused = 0
            while _timed(client, "/graphql", json=CART, headers=headers)[1] == 503:
                refused += 1
            recovered = time.perf_counter() - back
    finally:
        api.terminate()
        api.wait(20)
        database.stop()
    seconds = sorted(s for s, _ in away)
    return {
        "first_request_s": first[0],
        "while_away_p50_s": statistics.median(seconds),
        "while_away_max_s": seconds[-1],
        "readyz_s": readyz[0],
        "back_after_s": recovered,
        "refused_after_return": refused,
    }
