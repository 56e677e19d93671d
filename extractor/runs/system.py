"""What a worker process asks of the operating system, for the batch pool, the process pool's
and Dask's file children and the service's workers alike: an address-space cap, and to go when
the process that started it goes."""

from __future__ import annotations

import signal
import sys


def limit_memory(max_mb: int) -> None:
    """Cap this process's address space (batch and service workers alike)."""
    import resource

    if max_mb > 0:
        cap = max_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        except (ValueError, OSError):  # pragma: no cover - platform without the limit
            pass


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Go when the parent goes, even by ``kill -9`` (``sig`` is what this process is sent then):
    a supervisor's other workers hold copies of the pipes, so a worker would otherwise wait for a
    task forever; a server's workers would outlive it."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, sig)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
