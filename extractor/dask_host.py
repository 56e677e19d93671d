"""The `--dask local:N` cluster, in a process of its own: Dask's Scheduler and N Nannies (a worker
process of one thread each), started by `runs.pools.DaskPool` and gone when its client is.

Why not a LocalCluster inside the client: a scheduler keeps bounded histories of the tasks it ran
(the last 1,000 batches on each stream, a cache of 100,000 keys, logs of transitions and events),
about 0.6 KB a task, in whichever process hosts it. Hosted here, they stay out of the client, whose
memory is then flat whatever the number of inputs, as it is against a cluster of one's own. Nothing
here schedules: this module only starts Dask's own classes. Run as
``python -m extractor.dask_host N CLIENT_PID``: it writes the scheduler's address on a line to
its stdout once every worker has joined, and closes its workers and scheduler on SIGTERM, or when
the client is no longer its parent (a client killed outright leaves no cluster behind).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys

# A worker that dies fails its task (a chunk of files) at once, and the client sends each of its
# files again (`runs.pools.CRASH_RETRIES`). Saturation 1.0: a worker holds only the chunk it is
# reading (the rest wait on the scheduler), so a death is charged to that chunk's files alone,
# never to chunks merely queued behind it. (Clusters of one's own: set the same two values.)
SCHEDULER_SETTINGS = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
PARENT_CHECK_SECONDS = 0.5


async def serve(workers: int, client: int, answer: int) -> None:
    """Start the scheduler and ``workers`` nannies, write the address to the file descriptor
    ``answer`` (closing it), and hold them until told to stop or until ``client`` is no longer
    this process's parent."""
    import dask
    from distributed import Nanny, Scheduler
    from distributed.utils import silence_logging_cmgr

    dask.config.set(SCHEDULER_SETTINGS)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with contextlib.AsyncExitStack() as stack:
        stack.enter_context(silence_logging_cmgr(logging.WARNING))  # as a LocalCluster's: warnings and worse
        scheduler = await stack.enter_async_context(Scheduler(host="127.0.0.1", port=0, dashboard=False,
                                                                       dashboard_address="127.0.0.1:0"))
        for _ in range(workers):
            await stack.enter_async_context(Nanny(scheduler.address, host="127.0.0.1", nthreads=1, memory_limit=0,
                                                  silence_logs=logging.WARNING))
        with os.fdopen(answer, "w") as channel:
            channel.write(scheduler.address + "\n")
        while not stop.is_set() and os.getppid() == client:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), PARENT_CHECK_SECONDS)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the client's to handle: it closes us
    # The address goes out on a copy of stdout; stdout itself becomes stderr before any worker
    # starts, so what a worker (or a library in it) prints can neither fill the pipe the client
    # stopped reading nor land in the client's own output.
    answer = os.dup(1)
    os.dup2(2, 1)
    asyncio.run(serve(int(argv[0]), int(argv[1]), answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
