"""Closed-loop HTTP load for the benches that compare an endpoint with the constant-JSON one on
the same server: wrk when it is installed (Debian package wrk), else Python threads.

The client shares the machine's two cores with the server. A Python client takes much of the
CPU the server would use, so both endpoints are held back by the client alike and their ratio
is pushed towards 1: wrk, a C program, measures the server. Both benches use this module, so
their ratios are measured the same way.

Each run walks a list of requests, (method, path, body), from a few keep-alive connections,
with the same headers on every request, and returns (requests per second, p99 in ms). Any
answer other than 2xx fails the run.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

Request = tuple[str, str, bytes]  # method, path, body

# wrk's script: the requests, one a line (method, path and body, tab-separated), walked in turn;
# the headers, one a line, from the environment; done() prints what the bench reads back.
_WRK_SCRIPT = r"""
local requests = {}
for line in io.lines(os.getenv("BENCH_REQUESTS")) do
  local method, path, body = line:match("^(%S+)\t([^\t]*)\t(.*)$")
  requests[#requests + 1] = {method, path, body ~= "" and body or nil}
end
local headers = {}
for name, value in string.gmatch(os.getenv("BENCH_HEADERS"), "([^:\n]+): ([^\n]*)") do
  headers[name] = value
end
local i = 0
function request()
  i = i + 1
  local r = requests[(i % #requests) + 1]
  return wrk.format(r[1], r[2], headers, r[3])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(99), e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def client() -> str:
    """Which client drives the load, for the bench's output."""
    return "wrk" if shutil.which("wrk") else "Python threads (install wrk for a lighter client)"


def load(
    port: int,
    requests: list[Request],
    headers: dict[str, str],
    seconds: float,
    connections: int = 4,
) -> tuple[float, float]:
    """``requests`` walked for ``seconds`` from ``connections`` keep-alive connections to
    127.0.0.1:``port``: (requests/s, p99 ms)."""
    if shutil.which("wrk"):
        return _load_wrk(port, requests, headers, seconds, connections)
    return _load_threads(port, requests, headers, seconds, connections)


def _load_wrk(port, requests, headers, seconds, connections) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="renkei-bench-load-") as work:
        script, listed = Path(work) / "load.lua", Path(work) / "requests.txt"
        script.write_text(_WRK_SCRIPT)
        listed.write_text(
            "\n".join(f"{method}\t{path}\t{body.decode()}" for method, path, body in requests)
        )
        out = subprocess.run(  # noqa: S603 - wrk found on PATH, loopback only
            [
                shutil.which("wrk"),
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}/",
            ],
            env={
                **os.environ,
                "BENCH_REQUESTS": str(listed),
                "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in headers.items()),
            },
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    answered, duration, p99, errors = map(int, out.split("RESULT")[1].split())
    if errors:
        raise RuntimeError(f"{errors} of {answered} requests failed")
    return answered / (duration / 1e6), p99 / 1000


def _load_threads(port, requests, headers, seconds, connections) -> tuple[float, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, index = [], offset
        while time.perf_counter() < deadline:
            method, path, body = requests[index % len(requests)]
            index += 1
            t0 = time.perf_counter()
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            response.read()
            if not 200 <= response.status < 300:
                raise RuntimeError(f"{method} {path}: HTTP {response.status}")
            mine.append((time.perf_counter() - t0) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker, args=(i * 997,)) for i in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies.sort()
    return len(latencies) / seconds, latencies[int(0.99 * (len(latencies) - 1))]
