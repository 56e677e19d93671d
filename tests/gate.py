"""A test-only input that blocks until the test says so: time limits are tested without a race.

A file (or uploaded body) whose content is ``GATE <folder>`` stands for an extraction that
takes as long as the test wants. The worker that meets it opens ``<folder>/arrived`` for
writing, which blocks until the test listens (`Gate.wait_for_arrival`), then waits on
``<folder>/release`` until the test lets it go (`Gate.release`); a worker nobody releases
blocks until it is stopped (a time limit, a kill). Both are named pipes, so nothing polls or
sleeps. Anything else is extracted for real. Before, the time-limit tests used a long PDF and
hoped the machine would take longer than half a second over it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from extractor.pipeline import extract_record

from .conftest import SAMPLES

PREFIX = b"GATE "
CRASH = b"CRASH"  # an upload whose worker dies on it, as a worker killed by the kernel would


class Gate:
    """The test's side of the two pipes in `folder`."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        for name in ("arrived", "release"):
            os.mkfifo(folder / name)

    @property
    def input(self) -> bytes:
        """The content of an input that stops at this gate."""
        return PREFIX + str(self.folder).encode()

    def wait_for_arrival(self) -> None:
        """Returns once a worker has reached the gate (opening a pipe meets the other end)."""
        with open(self.folder / "arrived", "rb") as pipe:
            pipe.read()

    @property
    def holder(self) -> int:
        """The process id of the worker that reached the gate (after `wait_for_arrival`)."""
        return int((self.folder / "pid").read_text())

    def release(self) -> None:
        """Lets the waiting worker go on (call after `wait_for_arrival`)."""
        with open(self.folder / "release", "wb"):
            pass


def _pass_gate(content: bytes) -> bool:
    if not content.startswith(PREFIX):
        return False
    folder = Path(content[len(PREFIX):].decode().strip())
    (folder / "pid").write_text(str(os.getpid()))
    with open(folder / "arrived", "wb"):  # blocks until the test listens
        pass
    with open(folder / "release", "rb") as pipe:  # blocks until the test releases it
        pipe.read()
    return True


def extract_record_at_gate(path: str, **options: Any) -> dict[str, Any]:
    """`extractor.pipeline.extract_record` for batch workers, stopping at a gate input; a
    released gate input is then read as the seed notice s004."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(PREFIX) + 4096)
    except OSError:  # the real extraction says why
        head = b""
    if _pass_gate(head):
        return extract_record(str(SAMPLES / "s004.txt"), **options)
    return extract_record(path, **options)


def extract_bytes_at_gate(data: bytes, filename: str | None, *rest: Any) -> str:
    """The service's worker function, stopping at a gate input (a released one is s004); the
    worker dies on an input starting ``CRASH``."""
    from extractor.service import _extract_bytes

    if data.startswith(CRASH):
        os._exit(70)
    if _pass_gate(data):
        return _extract_bytes((SAMPLES / "s004.txt").read_bytes(), "s004.txt", *rest)
    return _extract_bytes(data, filename, *rest)


def run_batch_with_gates(argv: list[str]) -> int:
    """`decision-extractor extract FOLDER -o OUT --workers N` with no time limit, whose workers
    stop at gate inputs (for a test that kills a run part-way: it can never finish first)."""
    from extractor.runs.paths import discover
    from extractor.runs.summary import Progress
    from extractor.runs.supervise import run_batch
    from extractor.runs.values import Options

    folder, out, workers = argv
    inputs = discover([folder], recursive=True, with_outputs=True)
    options = Options(output=Path(out), workers=int(workers), timeout=0)
    summary = run_batch(inputs, options, emit=sys.stdout.write, progress=Progress(len(inputs), quiet=True),
                        extract=extract_record_at_gate)
    return 0 if not summary.by_outcome.get("failed") else 1


def serve_with_gates(argv: list[str]) -> int:
    """`decision-extractor serve --port PORT --timeout S` (one worker, 1 MB uploads, the front
    door as served) whose worker stops at gate inputs: a real server on loopback for tests of
    what a time limit does to it."""
    import argparse

    from extractor.service import ServiceConfig, create_app
    from extractor.service_guard import FrontDoor, run

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--timeout", type=float, required=True)
    args = parser.parse_args(argv)
    config = ServiceConfig(workers=1, timeout=args.timeout, max_upload_bytes=1024 * 1024)
    run(create_app(config, work=extract_bytes_at_gate), "127.0.0.1", args.port,
        FrontDoor(max_connections=config.max_connections, header_timeout=config.header_timeout,
                  upload_timeout=config.upload_timeout))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        sys.exit(serve_with_gates(sys.argv[2:]))
    sys.exit(run_batch_with_gates(sys.argv[1:]))
