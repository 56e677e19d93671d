"""The service's front door: what a connection may cost the server before the app sees it.

uvicorn accepts every connection, waits for a request's headers and body as long as the client
likes, and logs a line per bad request. Tried hostile, ~20,000 slow connections exhausted the
server's file handles and wrote 223 MB of logs in 45 s. This module bounds each of those at the
protocol, where the cost is paid, not in the app, which only sees a request once its headers
have arrived:

- ``max_connections``: past it a new connection is answered ``503`` (problem+json, code
  ``too_many_connections``) and closed at once, so its file handle is freed;
- ``header_timeout``: a request's headers must arrive whole within this time (``408``,
  ``request_timeout``), so a client that trickles header bytes (slowloris) is dropped;
- ``upload_timeout``: the whole body must arrive within this time (``408``); the app's own
  ``read_timeout`` bounds one stalled piece, this bounds a body sent a byte at a time;
- slow clients: a connection that has spent ``slow_after`` seconds in its headers or body at under
  ``min_rate`` bytes a second is *slow*. One address may hold at most ``max_slow_per_address``
  slow connections, and all addresses together at most ``max_connections`` less a quarter kept for
  clients that send at speed; past either, the slow connection is answered ``408``
  (``client_too_slow``) and closed. A new connection that finds the cap full takes the place of
  the slowest slow connection instead of being refused: a few hundred uploads trickling a byte
  every few seconds never lock fast clients out;
- `LogBudget`: at most a burst of log lines, then a steady rate; what is dropped is counted in
  one line once the budget allows again.

`guarded_protocol` builds uvicorn's h11 protocol class with these limits; `install_log_budget`
puts the budget on uvicorn's and asyncio's loggers.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Optional

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

PROBLEM = "application/problem+json"
_REASONS = {408: "Request Timeout", 503: "Service Unavailable"}


@dataclass(frozen=True, slots=True)
class FrontDoor:
    """The limits a connection meets before the app: counts and seconds (0 for none)."""

    max_connections: int = 256
    header_timeout: float = 10.0
    upload_timeout: float = 300.0
    slow_after: float = 2.0  # seconds in a phase before a connection's rate is judged
    min_rate: float = 1024.0  # bytes a second: below it, past slow_after, a connection is slow
    max_slow_per_address: int = 0  # 0: a sixteenth of max_connections (at least 1)

    @property
    def slow_per_address(self) -> int:
        return self.max_slow_per_address or max(1, self.max_connections // 16)

    @property
    def slow_in_all(self) -> int:
        """Slow connections all addresses together may hold: a quarter is kept for fast clients."""
        return max(1, self.max_connections - max(1, self.max_connections // 4))


def problem_bytes(status: int, code: str, detail: str) -> bytes:
    """A whole HTTP/1.1 response, written straight to the socket, that closes the connection:
    the same problem+json body the app answers, so a client sees one error format."""
    body = json.dumps({"type": f"urn:decision-extractor:error:{code}", "title": _REASONS[status],
                       "status": status, "code": code, "detail": detail}).encode()
    head = (f"HTTP/1.1 {status} {_REASONS[status]}\r\ncontent-type: {PROBLEM}\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n")
    if status == 503:
        head += "retry-after: 1\r\n"
    return head.encode() + b"\r\n" + body


def guarded_protocol(limits: FrontDoor) -> type[H11Protocol]:
    """uvicorn's h11 protocol with ``limits`` (pass it as ``uvicorn.Config(http=...)``)."""

    class GuardedH11Protocol(H11Protocol):
        """One connection. A timer watches the phase the client is in: sending headers or
        sending a body; it is re-armed whenever the phase changes and answers 408 if it fires."""

        _phase: Optional[str] = None
        _timer: Optional[asyncio.TimerHandle] = None
        _judge: Optional[asyncio.TimerHandle] = None
        _since = 0.0  # when the phase began (loop time)
        _received = 0  # bytes received in the phase

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if limits.max_connections and len(self.connections) > limits.max_connections:
                slowest = self._slowest()
                if slowest is not None:  # the newcomer takes the place of a connection that trickles
                    slowest._too_slow("the connection sent too slowly while the server was full (under "
                                      f"{limits.min_rate:g} bytes a second); its place went to another")
                else:
                    self.connections.discard(self)  # it never counts against the others
                    self._refuse(503, "too_many_connections",
                                 f"the server holds its limit of {limits.max_connections} connections; try again")
                    return
            self._watch()

        def data_received(self, data: bytes) -> None:
            self._received += len(data)
            super().data_received(data)
            self._watch()

        def _rate(self, now: float) -> Optional[float]:
            """Bytes a second in this phase, once it has lasted ``slow_after``; None before (or idle)."""
            if self._phase is None or self.transport is None or self.transport.is_closing():
                return None
            elapsed = now - self._since
            return self._received / elapsed if elapsed >= limits.slow_after > 0 else None

        def _slow(self, now: float) -> bool:
            rate = self._rate(now)
            return rate is not None and rate < limits.min_rate

        def _slowest(self) -> "Optional[GuardedH11Protocol]":
            now = self.loop.time()
            slow = [c for c in self.connections if c is not self and isinstance(c, GuardedH11Protocol) and c._slow(now)]
            return min(slow, key=lambda c: (c._rate(now) or 0.0, c._since)) if slow else None

        def _judge_rate(self) -> None:
            """Past ``slow_after`` in a phase, and again every ``slow_after``: a slow connection over its
            address's share, or over the share of all slow ones, is answered 408 and closed."""
            self._judge = None
            now = self.loop.time()
            if self._phase is None or self.transport is None or self.transport.is_closing():
                return
            if self._slow(now):
                address = self.client[0] if self.client else None
                slow = [c for c in self.connections if isinstance(c, GuardedH11Protocol) and c._slow(now)]
                mine = sum(1 for c in slow if (c.client[0] if c.client else None) == address)
                if mine > limits.slow_per_address or len(slow) > limits.slow_in_all:
                    where = "from its address" if mine > limits.slow_per_address else "in all"
                    self._too_slow(f"the request came at under {limits.min_rate:g} bytes a second and the server "
                                   f"holds as many slow connections {where} as it keeps")
                    return
            self._judge = self.loop.call_later(limits.slow_after, self._judge_rate)

        def _too_slow(self, detail: str) -> None:
            """408 ``client_too_slow`` and close; a kept-alive connection idle between requests (no
            byte of a next one) is only closed, as its keep-alive time would."""
            if self._phase == "headers" and not self._received and self.cycle is not None:
                self._disarm()
                self.transport.close()
            else:
                self._refuse(408, "client_too_slow", detail)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._watch()

        def connection_lost(self, exc: Optional[Exception]) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _watch(self) -> None:
            """Re-arm the timer when the client moved from headers to body or to a new request."""
            if self.transport is None or self.transport.is_closing():
                self._disarm()
                return
            state = self.conn.their_state
            phase = "headers" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
            if phase == self._phase:
                return
            self._disarm()
            self._phase = phase
            self._since, self._received = self.loop.time(), 0
            seconds = limits.header_timeout if phase == "headers" else limits.upload_timeout if phase else 0
            if phase and seconds > 0:
                self._timer = self.loop.call_later(seconds, self._expired, phase, seconds)
            if phase and limits.slow_after > 0:
                self._judge = self.loop.call_later(limits.slow_after, self._judge_rate)

        def _disarm(self) -> None:
            for timer in (self._timer, self._judge):
                if timer is not None:
                    timer.cancel()
            self._timer = self._judge = None
            self._phase = None

        def _expired(self, phase: str, seconds: float) -> None:
            self._timer = None
            if self.transport.is_closing():
                return
            if self.cycle is not None and phase == "body" and self.cycle.response_started:
                self.transport.close()  # the app answered already; it only waits for the rest
                return
            what = "the request's headers" if phase == "headers" else "the upload"
            self._refuse(408, "request_timeout", f"{what} did not arrive whole within {seconds:g} s")

        def _refuse(self, status: int, code: str, detail: str) -> None:
            """Answer and close; a request the app is reading sees the client as gone."""
            self.transport.write(problem_bytes(status, code, detail))
            self.transport.close()
            if self.cycle is not None and not self.cycle.response_complete:
                self.cycle.disconnected = True
                self.cycle.message_event.set()
            self.logger.info("%s %s: %s", status, code, self.client[0] if self.client else "-")

    return GuardedH11Protocol


class LogBudget(logging.Filter):
    """At most ``burst`` lines at once and ``per_second`` lines a second after that (a token
    bucket); dropped lines are counted and said in one line when lines are let through again.
    ``clock`` is a monotonic clock in seconds (tests pass one they move by hand)."""

    def __init__(self, per_second: float = 20.0, burst: int = 200,
                 clock: Callable[[], float] = time.monotonic, report_to: str = "uvicorn.error"):
        super().__init__()
        self.per_second, self.burst, self.clock = per_second, burst, clock
        self.tokens = float(burst)
        self.last = clock()
        self.dropped = 0
        self.report_to = report_to
        self._reporting = False

    def filter(self, record: logging.LogRecord) -> bool:
        if self._reporting:
            return True
        now = self.clock()
        self.tokens = min(float(self.burst), self.tokens + (now - self.last) * self.per_second)
        self.last = now
        if self.tokens < 1:
            self.dropped += 1
            return False
        self.tokens -= 1
        if self.dropped:
            dropped, self.dropped = self.dropped, 0
            self._reporting = True
            try:
                logging.getLogger(self.report_to).warning(
                    "%d log lines dropped (over the budget of %g lines a second)", dropped, self.per_second)
            finally:
                self._reporting = False
        return True


LOGGERS = ("uvicorn.error", "uvicorn.access", "asyncio")  # asyncio: accept() failing when out of files


def install_log_budget(budget: LogBudget, names: tuple[str, ...] = LOGGERS) -> None:
    """One budget shared by the loggers a flood of bad connections writes to."""
    for name in names:
        logging.getLogger(name).addFilter(budget)


RESERVED_FILES = 128  # handles kept for what is not a connection: workers' pipes, uploads, logs
UNLIMITED = -1  # resource.RLIM_INFINITY on Linux


def file_budget(wanted: int, soft: int, hard: int, reserved: int = RESERVED_FILES) -> tuple[int, int]:
    """The connection cap the process's open-file limits allow, and the soft limit to set.

    A cap above what the process may open would let connections take the last file handles
    (accept() then fails in a loop and workers cannot start), so the soft limit is raised as far
    as the hard limit allows and the cap is lowered to fit under it.

    >>> file_budget(256, 1024, 4096)
    (256, 1024)
    >>> file_budget(2000, 1024, 4096)
    (2000, 2128)
    >>> file_budget(2000, 1024, 1024)
    (896, 1024)
    """
    if wanted <= 0:
        return wanted, soft
    need = wanted + reserved
    if soft == UNLIMITED or soft >= need:
        return wanted, soft
    new_soft = need if hard == UNLIMITED else min(need, hard)
    return max(1, min(wanted, new_soft - reserved)), new_soft


def fit_open_files(limits: FrontDoor) -> FrontDoor:
    """``limits`` with a connection cap the open-file limit can hold (raising the soft limit)."""
    import dataclasses
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    cap, new_soft = file_budget(limits.max_connections, soft, hard)
    if new_soft != soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (new_soft, hard))
    if cap != limits.max_connections:
        logging.getLogger("uvicorn.error").warning(
            "--max-connections %d lowered to %d: the open-file limit is %d", limits.max_connections, cap, new_soft)
    return dataclasses.replace(limits, max_connections=cap)


def run(app: Any, host: str, port: int, limits: FrontDoor, budget: Optional[LogBudget] = None) -> None:
    """Serve ``app`` with uvicorn behind the front door."""
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, log_level="info", http=guarded_protocol(limits))
    install_log_budget(budget or LogBudget())  # after Config, which sets the loggers up
    config.http = guarded_protocol(fit_open_files(limits))  # its warning, if any, goes to that log
    uvicorn.Server(config).run()
