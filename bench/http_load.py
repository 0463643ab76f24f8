"""An open-loop HTTP load generator light enough to share two cores with what it measures.

Requests are due at a fixed rate (request i at start + i / rate) and latency is counted from
when each was due, so a server that falls behind is charged for the queue it builds (no
coordinated omission). HTTP/1.1 keep-alive over a fixed set of connections, parsed by hand:
httpx spent about 4 ms of CPU a request here, as much as the service it was measuring.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests: int
    failures: int
    rate_asked: float
    rate_achieved: float
    latencies_s: list[float]

    def percentile_ms(self, q: float) -> float:
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def summary(self) -> dict[str, float]:
        return {"requests": self.requests, "failures": self.failures, "rate_asked": self.rate_asked,
                "rate_achieved": self.rate_achieved, "p50_ms": self.percentile_ms(0.50),
                "p95_ms": self.percentile_ms(0.95), "p99_ms": self.percentile_ms(0.99),
                "mean_ms": statistics.fmean(self.latencies_s) * 1000}


class _Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, request: bytes, timeout: float) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        try:
            self.writer.write(request)
            return await asyncio.wait_for(self._response(), timeout)
        except BaseException:
            self.close()
            raise

    async def _response(self) -> int:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def open_loop(base_url: str, paths: Callable[[int], str], *, rate: float, seconds: float,
                    headers: dict[str, str], connections: int = 32, timeout: float = 10.0) -> LoadResult:
    """GET `paths(i)` for i in 0 .. rate*seconds, request i due at start + i/rate."""
    url = urlsplit(base_url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    prefix = url.path.rstrip("/")
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    idle: asyncio.Queue[_Connection] = asyncio.Queue()
    for _ in range(connections):
        idle.put_nowait(_Connection(host, port))
    total = int(rate * seconds)
    latencies: list[float] = []
    failures = 0

    async def one(i: int, due: float) -> None:
        nonlocal failures
        request = (f"GET {prefix}{paths(i)} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n").encode()
        connection = await idle.get()  # waiting for a free connection counts against latency
        try:
            ok = await connection.get(request, timeout) == 200
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            ok = False
        finally:
            idle.put_nowait(connection)
        latencies.append(time.perf_counter() - due)
        failures += not ok

    start = time.perf_counter() + 0.2
    tasks = []
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    achieved = total / (time.perf_counter() - start)
    while not idle.empty():
        idle.get_nowait().close()
    return LoadResult(total, failures, rate, achieved, latencies)
