"""Load on a real `voix serve`: 50 clients at search and /health while 4 drafts generate.

    .venv/bin/python bench/load.py [--duration 30] [--clients 50] [--drafts 4] [--json]

Syncs the demo brand into a temporary VOIX_HOME, starts `voix serve` on a free loopback port
with the embedded model (llama.cpp) and the rate limit off, then, for `--duration` seconds:
  - `--clients` async clients (httpx), each alternating `GET /health` and
    `GET /v1/brands/ondine/search?q=...` as fast as answers come back;
  - `--drafts` clients each drafting a reply (`POST /v1/drafts/reply`) again and again.
One search and one draft warm the server up first (not measured). A separate process also
probes `GET /health` every 100 ms on its own connection: what the extension sees while the
load runs, without the load generator's own event-loop lag in the figure.
Reports per route: requests, errors (transport failures and non-2xx), throughput and the
p50/p95/p99/max latency. Targets (issue 5): 0 errors, /health p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import multiprocessing
import multiprocessing.queues
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "knowledge" / "demo" / "ondine"
QUERIES = [
    "délais de livraison",
    "shipping to Belgium",
    "decaf",
    "abonnement pause",
    "grind size for espresso",
    "retour d'un colis abîmé",
    "barista workshop",
    "compostable packaging",
]
COMMENTS = [
    "My order is 10 days late and nobody answers. Not happy.",
    "Livrez-vous en Belgique ?",
    "Do you have a decaf that isn't awful?",
    "Le sachet est arrivé déchiré, du café partout.",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def voix() -> str:
    return shutil.which("voix") or str(Path(sys.executable).with_name("voix"))


class Recorder:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    async def call(
        self, client: httpx.AsyncClient, route: str, method: str, url: str, **kwargs: object
    ) -> None:
        started = time.perf_counter()
        try:
            response = await client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            self.errors[route].append(type(exc).__name__)
            return
        elapsed = time.perf_counter() - started
        if response.status_code >= 300:
            self.errors[route].append(str(response.status_code))
        else:
            self.latencies[route].append(elapsed)


async def reader(client: httpx.AsyncClient, recorder: Recorder, until: float) -> None:
    while time.monotonic() < until:
        await recorder.call(client, "GET /health", "GET", "/health")
        params = {"q": random.choice(QUERIES), "k": 5}
        await recorder.call(
            client, "GET /v1/brands/{id}/search", "GET", "/v1/brands/ondine/search", params=params
        )


async def drafter(client: httpx.AsyncClient, recorder: Recorder, until: float, n: int) -> None:
    i = n
    while time.monotonic() < until:
        body = {"brand": "ondine", "platform": "x", "comment": COMMENTS[i % len(COMMENTS)]}
        await recorder.call(client, "POST /v1/drafts/reply", "POST", "/v1/drafts/reply", json=body)
        i += 1


def probe(base_url: str, duration: float, out: multiprocessing.queues.Queue[list[float]]) -> None:
    """`GET /health` every 100 ms from its own process and connection, for `duration` s."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    latencies: list[float] = []
    until = time.monotonic() + duration
    while time.monotonic() < until:
        started = time.perf_counter()
        connection.request("GET", "/health")
        response = connection.getresponse()
        response.read()
        if response.status == 200:
            latencies.append(time.perf_counter() - started)
        time.sleep(0.1)
    connection.close()
    out.put(latencies)


async def drive(base_url: str, token: str, args: argparse.Namespace) -> Recorder:
    recorder = Recorder()
    limits = httpx.Limits(max_connections=args.clients + args.drafts + 8)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=args.timeout
    ) as client:
        # Warm-up, not measured: lexical indexes built, model and prompt caches loaded.
        warm = Recorder()
        await warm.call(client, "search", "GET", "/v1/brands/ondine/search", params={"q": "café"})
        if args.drafts:
            body = {"brand": "ondine", "platform": "x", "comment": COMMENTS[0]}
            await warm.call(client, "draft", "POST", "/v1/drafts/reply", json=body)
        if warm.errors:
            raise SystemExit(f"warm-up failed: {dict(warm.errors)}")
        until = time.monotonic() + args.duration
        probed: multiprocessing.queues.Queue[list[float]] = multiprocessing.Queue()
        prober = multiprocessing.Process(target=probe, args=(base_url, args.duration, probed))
        prober.start()
        await asyncio.gather(
            *(drafter(client, recorder, until, n) for n in range(args.drafts)),
            *(reader(client, recorder, until) for _ in range(args.clients)),
        )
        recorder.latencies["GET /health (probe)"] = probed.get(timeout=60)
        prober.join()
    return recorder


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(recorder: Recorder, duration: float) -> dict[str, dict[str, object]]:
    routes = sorted(set(recorder.latencies) | set(recorder.errors))
    out: dict[str, dict[str, object]] = {}
    for route in routes:
        ok = recorder.latencies[route]
        errors = recorder.errors[route]
        row: dict[str, object] = {
            "requests": len(ok) + len(errors),
            "errors": len(errors),
            "error_kinds": sorted(set(errors)),
            "per_s": round((len(ok) + len(errors)) / duration, 1),  # over the driven window
        }
        if ok:
            ms = [v * 1000 for v in ok]
            row |= {
                "p50_ms": round(statistics.median(ms), 1),
                "p95_ms": round(percentile(ms, 95), 1),
                "p99_ms": round(percentile(ms, 99), 1),
                "max_ms": round(max(ms), 1),
            }
        out[route] = row
    return out


def start_server(home: Path, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    log = (home / "serve.log").open("wb")
    process = subprocess.Popen(
        [voix(), "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"voix serve exited:\n{(home / 'serve.log').read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("voix serve did not answer /health within 180 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--drafts", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=300.0, help="per request, seconds")
    parser.add_argument("--llm", default="llamacpp", help="VOIX_LLM for the server")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="voix-load-") as tmp:
        home = Path(tmp)
        env = {
            **os.environ,
            "VOIX_HOME": str(home),
            "VOIX_LLM": args.llm,
            "VOIX_RATE_LIMIT": "off",  # 50 clients from one address would trip any real limit
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
        }
        env.pop("VOIX_TOKEN", None)
        subprocess.run(
            [voix(), "kb", "sync", str(DEMO)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        port = free_port()
        process = start_server(home, port, env)
        try:
            token = (home / "token").read_text().strip()
            started = time.monotonic()
            recorder = asyncio.run(drive(f"http://127.0.0.1:{port}", token, args))
            elapsed = time.monotonic() - started
        finally:
            process.terminate()
            process.wait(timeout=30)
    figures = summary(recorder, args.duration)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"{args.clients} clients (health + search) and {args.drafts} drafters for "
        f"{elapsed:.1f} s against voix serve ({args.llm})"
    )
    header = f"{'route':<28}{'requests':>9}{'errors':>8}{'req/s':>8}"
    header += f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    print(header)
    for route, row in figures.items():
        cells = [row.get(k, "-") for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")]
        print(
            f"{route:<28}{row['requests']:>9}{row['errors']:>8}{row['per_s']:>8}"
            + "".join(f"{c:>9}" for c in cells)
            + (f"  errors: {', '.join(row['error_kinds'])}" if row["errors"] else "")  # type: ignore[arg-type]
        )


if __name__ == "__main__":
    main()
