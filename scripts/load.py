"""Load test the public /ask endpoint with concurrent REST clients, on loopback only.

Usage:
    python scripts/load.py --clients 10 --seconds 30            # starts python app.py itself
    python scripts/load.py --url http://127.0.0.1:7860/ --pid 1234 --clients 50
    python scripts/load.py --clients 1 10 50 --seconds 20       # one run per client count

Each client asks questions in a loop (POST /gradio_api/call/ask, then reads the event
stream) until the time or the request budget runs out. Every answer is checked: it must
be the JSON contract, and it must answer the question that was asked (no cross-talk).
Prints throughput, p50/p95/p99 latency, errors by type, and the server's resident memory
before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = [
    "Who is Vahram Poghosyan?",
    "How many civilians were killed?",
    "What did Azerbaijan's president say?",
    "What is the Minsk Group?",
    "What is the capital of France?",
    "Who does each side blame for the fighting?",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resident_mb(pid: int | None) -> float | None:
    """The resident memory of a process in MB (Linux /proc), or None."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def ask_once(base: str, question: str, timeout: float) -> tuple[str | None, float]:
    """One REST question; (error type or None, seconds)."""
    started = time.perf_counter()
    body = json.dumps({"data": [question, 5, None]}).encode()
    request = urllib.request.Request(
        base + "gradio_api/call/ask", body, {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            event_id = json.load(response)["event_id"]
        with urllib.request.urlopen(
            base + f"gradio_api/call/ask/{event_id}", timeout=timeout
        ) as response:
            stream = response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}", time.perf_counter() - started
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        return type(error).__name__, time.perf_counter() - started
    seconds = time.perf_counter() - started
    if "event: complete" not in stream:
        return "no complete event", seconds
    data = stream.split("event: complete", 1)[1].split("data:", 1)[1].strip().splitlines()[0]
    try:
        answer = json.loads(data)[0]
    except (ValueError, IndexError, KeyError):
        return "bad JSON", seconds
    if not isinstance(answer, dict) or "answered" not in answer:
        return "not the contract", seconds
    if answer.get("question") != question:
        return "cross-talk", seconds
    return None, seconds


def run(base: str, clients: int, seconds: float, budget: int, questions: list[str]) -> dict:
    """Drive ``clients`` concurrent clients; the figures of the run."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    sent = 0

    def client(number: int) -> None:
        nonlocal sent
        turn = number
        while time.monotonic() < deadline:
            with lock:
                if sent >= budget:
                    return
                sent += 1
            question = questions[turn % len(questions)]
            turn += clients
            error, took = ask_once(base, question, timeout=60)
            with lock:
                latencies.append(took)
                if error:
                    errors[error] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0

    return {
        "clients": clients,
        "requests": len(latencies),
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "errors": dict(errors),
    }


def start_app(port: int, extra: list[str]) -> subprocess.Popen:
    env = dict(os.environ, ACCORDINGTO_PORT=str(port))
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "gradio.js", timeout=5):
                return process
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the app did not start within 120 s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--url", help="an app already running on loopback")
    parser.add_argument("--pid", type=int, help="its process id, to read its memory")
    parser.add_argument("--clients", type=int, nargs="+", default=[10])
    parser.add_argument("--seconds", type=float, default=30.0, help="per run (at most 600)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per run")
    parser.add_argument("--questions", type=Path, help="JSON Lines with a 'q' field per line")
    parser.add_argument("--app-args", nargs=argparse.REMAINDER, default=[])
    args = parser.parse_args()
    seconds = min(args.seconds, 600.0)
    questions = DEFAULT_QUESTIONS
    if args.questions:
        rows = args.questions.read_text(encoding="utf-8").splitlines()
        questions = [json.loads(line)["q"] for line in rows if line.strip()]
    process = None
    if args.url:
        if urlparse(args.url).hostname not in LOOPBACK:
            raise SystemExit("load tests run on loopback only")
        base, pid = args.url.rstrip("/") + "/", args.pid
    else:
        port = free_port()
        process = start_app(port, args.app_args)
        base, pid = f"http://127.0.0.1:{port}/", process.pid
    try:
        ask_once(base, questions[0], timeout=60)  # warm-up
        print(f"server resident memory before: {resident_mb(pid) or float('nan'):.0f} MB")
        for clients in args.clients:
            before = resident_mb(pid)
            figures = run(base, clients, seconds, args.max_requests, questions)
            after = resident_mb(pid)
            errors = ", ".join(f"{k}: {v}" for k, v in figures["errors"].items()) or "none"
            print(
                f"{clients:>3} clients: {figures['requests']} requests in "
                f"{figures['seconds']:.0f} s, {figures['throughput']:.1f} req/s, "
                f"p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, "
                f"p99 {figures['p99_ms']:.0f} ms; errors: {errors}; "
                f"server memory {before or float('nan'):.0f} -> {after or float('nan'):.0f} MB"
            )
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
