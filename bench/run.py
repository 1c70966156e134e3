"""scripts/bench: GraphQL against two REST baselines, server CPU per request, side by side.

Builds a deterministic dataset through the API, starts the three servers in child processes (the
API's uvicorn settings), checks they return the same data, then interleaves them (A B C A B C ...)
at concurrency 1 and 8 and reports requests/s, p50/p99, server CPU ms per request (measured inside
each server), DB commands per request, the GraphQL/baseline ratios with their spread, RSS over a
soak, the in-process `schema.execute` cost per case and the cost of refusing hostile documents.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import outage, subscriptions
from bench.common import (
    ADD_MUTATION,
    CART_QUERY,
    PLANS_QUERY,
    SECRET,
    WRITE_DATE,
    WRITE_SERVICE,
    WRITERS,
)

KINDS = ("graphql", "plain", "pydantic")


def token(traveler: str) -> str:
    import jwt

    now = int(time.time())
    return jwt.encode({"sub": traveler, "iat": now, "exp": now + 3600}, SECRET, algorithm="HS256")


# ---- dataset -------------------------------------------------------------------------------------


async def build_dataset(uri: str, db: str) -> None:
    """Carts of 5 and 50 lines and 20 plans of 5 services, written through the API."""
    import httpx

    from bench.common import Commands, open_mongo, settings
    from graphql_api.app.factory import create_app
    from graphql_api.domains.catalog.seed import seed_demo
    from graphql_api.infra.migrations import migrate

    config = settings(uri, db)
    mongo = open_mongo(config, Commands())
    await migrate(mongo)
    await seed_demo(mongo.db)
    app = create_app(config, mongo=mongo)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

        async def post(who: str, query: str, variables: dict[str, Any]) -> None:
            response = await client.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {token(who)}"},
            )
            data = response.json()["data"]
            assert "Error" not in json.dumps(data), data

        listed = await client.post(
            "/graphql", json={"query": "{ services(first: 100) { edges { node { id active } } } }"}
        )
        active = [
            e["node"]["id"]
            for e in listed.json()["data"]["services"]["edges"]
            if e["node"]["active"]
        ]
        for who, lines in (("bench-cart-5", 5), ("bench-cart-50", 50)):
            for i in range(lines):
                day = f"2027-04-{1 + i // len(active):02d}"
                line = {"serviceId": active[i % len(active)], "bookingDate": day, "quantity": 2}
                await post(who, ADD_MUTATION, {"input": line})
        create = (
            "mutation C($input: JourneyPlanCreateInput!) { journeyPlanCreate(input: $input) "
            "{ __typename ... on ValidationError { issues { field message } } } }"
        )
        listed = await client.post(
            "/graphql",
            json={
                "query": '{ services(first: 100, country: "Italy") '
                "{ edges { node { id active } } } }"
            },
        )
        italy = [
            e["node"]["id"]
            for e in listed.json()["data"]["services"]["edges"]
            if e["node"]["active"]
        ]
        for p in range(20):
            services = [
                {
                    "serviceId": italy[(p + s) % len(italy)],
                    "bookingDate": "2027-05-02",
                    "quantity": 1 + s,
                }
                for s in range(5)
            ]
            plan = {
                "country": "Italy",
                "title": f"Plan {p}",
                "startDate": "2027-05-01",
                "endDate": "2027-05-09",
                "services": services,
            }
            await post("bench-plans", create, {"input": plan})
    mongo.close()


# ---- servers -------------------------------------------------------------------------------------


@dataclass
class Server:
    kind: str
    port: int
    process: subprocess.Popen[bytes]

    def stats(self) -> dict[str, float]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", "/__bench/stats")
        return json.loads(connection.getresponse().read())  # type: ignore[no-any-return]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(kind: str, uri: str, db: str) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.server", kind, str(port), uri, db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(kind, port, process)
    for _ in range(200):
        try:
            server.stats()
            return server
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{kind} server did not start")


def profile(server: Server, output: Path) -> subprocess.Popen[bytes]:
    """py-spy sampling `server` until it gets SIGINT (it needs to be allowed to trace it)."""
    py_spy = Path(sys.executable).with_name("py-spy")
    process = subprocess.Popen(
        [str(py_spy), "record", "--rate", "250", "-o", str(output), "-p", str(server.process.pid)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.0)
    if process.poll() is not None:
        assert process.stderr is not None
        raise RuntimeError(f"py-spy could not attach: {process.stderr.read().decode()[-500:]}")
    return process


# ---- requests ------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    traveler: str | None
    graphql: tuple[str, dict[str, Any] | None]  # query, variables
    rest: tuple[str, str]  # method, path
    write: bool = False

    def request(self, kind: str, n: int) -> tuple[str, str, bytes | None, str]:
        """Method, path, body and traveler for the n-th request of this case."""
        who = self.traveler or f"bench-writer-{kind}-{n % WRITERS}"
        variables = self.graphql[1]
        if kind == "graphql":
            body = json.dumps({"query": self.graphql[0], "variables": variables or {}})
            return "POST", "/graphql", body.encode(), who
        method, path = self.rest
        payload = json.dumps(variables).encode() if self.write and variables else None
        return method, path, payload, who


ADD_VARIABLES = {"input": {"serviceId": WRITE_SERVICE, "bookingDate": WRITE_DATE, "quantity": 1}}
CASES = [
    Case("cart, 5 lines", "bench-cart-5", (CART_QUERY, None), ("GET", "/cart")),
    Case("cart, 50 lines", "bench-cart-50", (CART_QUERY, None), ("GET", "/cart")),
    Case("journeyPlans(first: 20)", "bench-plans", (PLANS_QUERY, None), ("GET", "/plans")),
    Case("cartItemAdd (merge)", None, (ADD_MUTATION, ADD_VARIABLES), ("POST", "/cart/items"), True),
]


@dataclass
class Run:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0
    commands: float = 0.0


def drive(server: Server, case: Case, concurrency: int, count: int, offset: int) -> Run:
    tokens: dict[str, str] = {}
    lock = threading.Lock()
    latencies: list[float] = []
    next_index = [0]

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        while True:
            with lock:
                n = next_index[0]
                next_index[0] += 1
            if n >= count:
                break
            method, path, body, who = case.request(server.kind, offset + n)
            if who not in tokens:
                tokens[who] = token(who)
            headers = {"Authorization": f"Bearer {tokens[who]}", "Content-Type": "application/json"}
            began = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies.append(time.perf_counter() - began)
            if response.status != 200:
                raise RuntimeError(f"{server.kind} {case.name}: HTTP {response.status}")
        connection.close()

    before = server.stats()
    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    after = server.stats()
    return Run(
        requests=count,
        seconds=seconds,
        latencies=latencies,
        cpu=(after["cpu"] - before["cpu"]) / count * 1000,
        commands=(after["commands"] - before["commands"]) / count,
    )


def fetch(server: Server, case: Case) -> Any:
    method, path, body, who = case.request(server.kind, 0)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request(
        method,
        path,
        body=body,
        headers={"Authorization": f"Bearer {token(who)}", "Content-Type": "application/json"},
    )
    answer = json.loads(connection.getresponse().read())
    return answer["data"] if server.kind == "graphql" else answer


# ---- in-process costs ----------------------------------------------------------------------------


def in_process(uri: str, db: str, per_case: int) -> dict[str, float]:
    """CPU ms per `schema.execute` of each read case, without HTTP."""
    from bench.common import Commands, open_mongo, settings
    from graphql_api.app.lifespan import tune_gc
    from graphql_api.app.schema import build_schema
    from graphql_api.graphql.auth import Traveler
    from graphql_api.graphql.context import Context

    config = settings(uri, db)
    schema = build_schema()
    tune_gc()  # as the API's lifespan does once it has started
    results: dict[str, float] = {}

    async def measure() -> None:
        mongo = open_mongo(config, Commands())
        for case in CASES[:3]:
            assert case.traveler is not None
            traveler = Traveler(id=case.traveler)
            for _ in range(5):
                context = Context(db=mongo.db, settings=config, traveler=traveler, request_id="-")
                await schema.execute(case.graphql[0], context_value=context)
            began = time.process_time()
            for _ in range(per_case):
                context = Context(db=mongo.db, settings=config, traveler=traveler, request_id="-")
                result = await schema.execute(case.graphql[0], context_value=context)
                assert not result.errors, result.errors
            results[case.name] = (time.process_time() - began) / per_case * 1000
        mongo.close()

    asyncio.run(measure())
    return results


def hostile() -> dict[str, float]:
    """CPU ms to refuse each of the worst documents the limits know of."""
    from graphql_api.app.lifespan import tune_gc
    from graphql_api.app.schema import build_schema

    schema = build_schema()
    tune_gc()  # as the API's lifespan does once it has started
    chain = "fragment F0 on Service { id }\n" + "\n".join(
        f"fragment F{i} on Service {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 42)
    )
    deep = (
        "query Deep { "
        + "services { edges { node { location { " * 6
        + "country"
        + " } } } }" * 6
        + " }"
    )
    # The worst the limits know of, each within the 64 KiB the HTTP edge lets through (larger
    # bodies never reach the parser); those under the text and token limits are parsed first.
    under = 700 - 20  # tokens: just under GRAPHQL_MAX_TOKENS
    documents = {
        "fragment chain (42 levels, 2^42 spreads)": chain
        + "\nquery Q { services { edges { node { ...F41 } } } }",
        "depth 24": deep,
        f"aliases ({under} tokens)": "query A { "
        + " ".join(f"a{i}: __typename" for i in range(under // 3))
        + " }",
        f"same-named fields ({under} tokens)": "query T { " + "__typename " * under + "}",
        "same field, different arguments, in two fragments": "query T { ...A ...B }\n"
        + "".join(
            f"fragment {f} on Query {{ "
            + " ".join(f"__typename({f.lower()}{i}: 1)" for i in range(under // 14))
            + " }\n"
            for f in "AB"
        ),
        "44 same-named fields, each with sub-selections": "query C { "
        + " ".join("cart { items { id } }" for _ in range(44))
        + " }",
        "48 fragments, each spreading the two before it": "query Q { ...F23 }\n"
        + "fragment F0 on Query { __typename }\nfragment G0 on Query { a: __typename }\n"
        + "".join(
            f"fragment {f}{i} on Query {{ ...F{i - 1} ...G{i - 1} }}\n"
            for i in range(1, 24)
            for f in "FG"
        ),
        "16 KiB of string escapes": 'query S { __typename(a: "'
        + "\\u0041" * (16_000 // 6)
        + '") }',
        "30,000 tokens (60 KiB)": "query T { " + "a " * 30_000 + "}",
    }
    costs: dict[str, float] = {}

    async def measure() -> None:
        for name, document in documents.items():
            assert len(document.encode()) <= 64 * 1024, name
            result = await schema.execute(document)
            assert result.errors, name
            began = time.process_time()
            for i in range(20):
                # A different text each time (a comment), so no cache can answer.
                await schema.execute(f"{document}\n# {i}")
            costs[name] = (time.process_time() - began) / 20 * 1000

    asyncio.run(measure())
    return costs


# ---- report --------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.8, help="target length of one run")
    parser.add_argument("--soak", type=int, default=20_000, help="requests in the RSS soak")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--subscriptions", type=int, default=1000, help="idle subscriptions held")
    parser.add_argument("--fanout", type=int, default=100, help="subscribers of the fan-out cart")
    parser.add_argument(
        "--profile",
        type=Path,
        help="record the GraphQL server with py-spy during the runs, as a flamegraph SVG here "
        "(sampling slows the server: read the numbers of such a run as inflated)",
    )
    args = parser.parse_args()
    began = time.perf_counter()

    wire = None
    uri = os.environ.get("MONGODB_URI")
    if not uri:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.wire import WireServer

        wire = WireServer()
        uri = wire.uri
    db = f"bench_{uuid.uuid4().hex[:8]}"
    servers: list[Server] = []
    try:
        asyncio.run(build_dataset(uri, db))
        servers = [start(kind, uri, db) for kind in KINDS]
        for case in CASES[:3]:
            answers = [fetch(s, case) for s in servers]
            assert answers[0] == answers[1] == answers[2], f"{case.name}: the servers disagree"
        print("the three servers return the same data for every read case", file=sys.stderr)

        results: dict[str, Any] = {"cases": {}}
        profiler = profile(servers[0], args.profile) if args.profile else None
        offsets = dict.fromkeys(KINDS, 0)
        for case in CASES:
            # Calibrate: requests that take about --seconds on the GraphQL server at c=1.
            probe = drive(servers[0], case, 1, 20, offsets["graphql"])
            offsets["graphql"] += 20
            count = max(40, int(args.seconds / (probe.seconds / 20)))
            for concurrency in (1, 8):
                runs: dict[str, list[Run]] = {k: [] for k in KINDS}
                for _ in range(args.rounds):
                    for server in servers:
                        runs[server.kind].append(
                            drive(server, case, concurrency, count, offsets[server.kind])
                        )
                        offsets[server.kind] += count
                summary: dict[str, Any] = {}
                for kind, kind_runs in runs.items():
                    latencies = [x for run in kind_runs for x in run.latencies]
                    summary[kind] = {
                        "requests_per_second": sum(r.requests for r in kind_runs)
                        / sum(r.seconds for r in kind_runs),
                        "p50_ms": percentile(latencies, 50) * 1000,
                        "p99_ms": percentile(latencies, 99) * 1000,
                        "cpu_ms_per_request": statistics.median(r.cpu for r in kind_runs),
                        "db_commands_per_request": statistics.median(r.commands for r in kind_runs),
                    }
                for base in ("plain", "pydantic"):
                    ratios = [
                        g.cpu / b.cpu for g, b in zip(runs["graphql"], runs[base], strict=True)
                    ]
                    summary[f"ratio_vs_{base}"] = {
                        "median": statistics.median(ratios),
                        "min": min(ratios),
                        "max": max(ratios),
                    }
                results["cases"].setdefault(case.name, {})[f"c={concurrency}"] = summary
                ratio = summary["ratio_vs_plain"]
                cpu = {kind: summary[kind]["cpu_ms_per_request"] for kind in KINDS}
                print(
                    f"{case.name:28} c={concurrency}  graphql {cpu['graphql']:.2f} ms"
                    f"  plain {cpu['plain']:.2f} ms  pydantic {cpu['pydantic']:.2f} ms"
                    f"  ratio {ratio['median']:.2f}x ({ratio['min']:.2f}-{ratio['max']:.2f})"
                    f"  p99/p50 {summary['graphql']['p99_ms'] / summary['graphql']['p50_ms']:.1f}",
                    file=sys.stderr,
                )

        if profiler is not None:
            profiler.send_signal(signal.SIGINT)  # py-spy writes the flamegraph and exits
            profiler.wait(timeout=60)
            print(f"flamegraph of the GraphQL server: {args.profile}", file=sys.stderr)
        # Memory: the GraphQL server's RSS over a soak of 5-line cart reads at c=8.
        graphql = servers[0]
        drive(graphql, CASES[0], 8, 2000, 0)  # warm-up
        before = graphql.stats()["rss"]
        drive(graphql, CASES[0], 8, args.soak, 0)
        after = graphql.stats()["rss"]
        results["soak"] = {
            "requests": args.soak,
            "rss_before_mb": before / 2**20,
            "rss_after_mb": after / 2**20,
            "growth_percent": (after - before) / before * 100,
        }
        print(
            f"RSS over {args.soak} requests: {before / 2**20:.1f} -> {after / 2**20:.1f} MiB",
            file=sys.stderr,
        )
        results["subscriptions"] = subscriptions.run(
            graphql.port, graphql.stats, token, idle=args.subscriptions, fanout=args.fanout
        )
        idle, fanout = results["subscriptions"]["idle"], results["subscriptions"]["fanout"]
        print(
            f"{idle['subscriptions']} idle subscriptions: "
            f"{idle['rss_mb_per_1000']:.1f} MiB per 1,000, "
            f"{idle['cpu_ms_per_second_idle']:.2f} ms CPU per second idle; "
            f"a change to {fanout['subscribers']} subscribers: "
            f"p50 {fanout['p50_ms']:.1f} ms, p99 {fanout['p99_ms']:.1f} ms",
            file=sys.stderr,
        )
        results["outage"] = away = outage.run(token, free_port)
        print(
            f"database away: the request in flight {away['first_request_s']:.2f} s, then "
            f"p50 {away['while_away_p50_s']:.2f} s, max {away['while_away_max_s']:.2f} s "
            f"(503 UNAVAILABLE), /readyz {away['readyz_s']:.2f} s; back: requests go through "
            f"{away['back_after_s']:.2f} s after it "
            f"({away['refused_after_return']} refused meanwhile)",
            file=sys.stderr,
        )
        results["in_process_ms"] = in_process(uri, db, 100)
        results["hostile_ms"] = hostile()
        print("in process (schema.execute), CPU ms:", file=sys.stderr)
        for name, ms in results["in_process_ms"].items():
            print(f"  {name:52} {ms:5.2f} ms", file=sys.stderr)
        print("refusing hostile documents, CPU ms:", file=sys.stderr)
        for name, ms in results["hostile_ms"].items():
            print(f"  {name:52} {ms:5.2f} ms", file=sys.stderr)
        results["seconds"] = time.perf_counter() - began
        print(f"finished in {results['seconds']:.0f} s", file=sys.stderr)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
        print(json.dumps(results, indent=2))
    finally:
        for server in servers:
            server.process.terminate()
            server.process.wait(10)
        if wire is not None:
            wire.stop()


if __name__ == "__main__":
    main()
