"""A real `decision-extractor serve` on a free loopback port, started and stopped by the test.

The front door (connection cap, header and upload time limits) lives in the uvicorn protocol,
which an in-process TestClient never reaches: those tests need the real server and raw sockets.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Optional

import httpx

from .conftest import ROOT


@dataclass
class LiveServer:
    process: subprocess.Popen
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connect(self, timeout: float = 30) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(*options: str, stderr: Optional[IO] = None, stop: str = "terminate",
                module: str = "extractor.cli") -> Iterator[LiveServer]:
    """`decision-extractor serve OPTIONS`, up and answering /healthz; stopped on the way out with
    ``stop`` ("terminate" or "kill"). ``stderr``: a file to keep the server's log in (else discarded).
    ``module``: "tests.gate" serves with a worker that stops at gate inputs (tests/gate.py)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", module, "serve", "--port", str(port), *options],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr or subprocess.DEVNULL)
    server = LiveServer(process, port)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start (exit {process.poll()})") from None
                time.sleep(0.1)
        yield server
    finally:
        getattr(process, stop)()
        process.wait(timeout=30)


def read_response(sock: socket.socket) -> tuple[int, bytes]:
    """The status and body of one response read off a raw socket (the server closes after it)."""
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return (int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/1.1 ") else 0), body
