"""What a bare LocalCluster keeps per task in the process that hosts it (issue 15: the Dask client
is not flat, and none of our code holds the difference).

No decision-extractor code runs: trivial tasks, each submitted with ``pure=False`` and collected
one at a time through ``as_completed`` in waves of 8, as `extract_many` does. After a warm-up,
``tracemalloc`` compares the process before and after N more tasks and prints the bytes kept per
task and the allocation sites that kept the most. ``--log-length`` sets Dask's
``distributed.admin.low-level-log-length`` (how many batches each stream remembers);
``--clear-key-cache`` empties ``dask.utils.key_split``'s cache of keys as it goes: with both, what
is left is what those two bounded histories do not explain.

``--apart`` runs the scheduler and the workers in a process of their own, as ``--dask local:2``
now does (`extractor.dask_host`), so what is measured is Dask's client alone. ``--rss-at``
prints the process's resident memory after each of those numbers of tasks instead (no tracemalloc,
which slows the client several times over): flat means it stops growing.

Usage: python bench/dask_growth.py [--tasks 3000] [--warm 2000] [--log-length 1000] [--clear-key-cache]
                                   [--apart] [--rss-at 10000,50000,100000,150000]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import tracemalloc


def trivial(n: int) -> dict[str, object]:
    return {"n": n, "status": "ok"}


def run(client: object, start: int, count: int, clear_key_cache: bool) -> None:
    """Submit ``count`` tasks, at most 8 in flight, releasing each result as it comes."""
    from dask.utils import key_split
    from distributed import as_completed

    finishing = as_completed(with_results=True, raise_errors=False)
    flying, n, end = 0, start, start + count
    while n < end or flying:
        while flying < 8 and n < end:
            finishing.add(client.submit(trivial, n, pure=False))  # type: ignore[attr-defined]
            flying, n = flying + 1, n + 1
        future, _ = next(finishing)
        flying -= 1
        future.release()
        if clear_key_cache and n % 500 == 0:
            key_split.cache_clear()


def resident_mib() -> float:
    """This process's resident set (VmRSS), now."""
    with open("/proc/self/status", encoding="ascii") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=3000)
    parser.add_argument("--warm", type=int, default=2000)
    parser.add_argument("--log-length", type=int, default=None, help="distributed.admin.low-level-log-length")
    parser.add_argument("--clear-key-cache", action="store_true")
    parser.add_argument("--apart", action="store_true", help="the scheduler in a process of its own (as --dask local:2)")
    parser.add_argument("--rss-at", default="", help="comma-separated task counts: print resident memory at each")
    args = parser.parse_args()

    import dask
    from dask.utils import key_split
    from distributed import Client, LocalCluster

    if args.log_length is not None:
        dask.config.set({"distributed.admin.low-level-log-length": args.log_length})
    with contextlib.ExitStack() as stack:
        if args.apart:
            from extractor.runs.pools import HostedCluster

            hosted = HostedCluster(2)
            stack.callback(hosted.close)
            client = stack.enter_context(Client(hosted.address))
        else:
            cluster = stack.enter_context(LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                       dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        if args.rss_at:
            done = 0
            for mark in (int(n) for n in args.rss_at.split(",")):
                run(client, done, mark - done, args.clear_key_cache)
                done = mark
                gc.collect()
                print(f"{done:>9,} tasks: resident {resident_mib():.1f} MiB", flush=True)
            return
        run(client, 0, args.warm, args.clear_key_cache)
        gc.collect()
        tracemalloc.start(12)
        before = tracemalloc.take_snapshot()
        run(client, args.warm, args.tasks, args.clear_key_cache)
        if args.clear_key_cache:
            key_split.cache_clear()
        gc.collect()
        after = tracemalloc.take_snapshot()
    stats = after.compare_to(before, "traceback")
    print(f"log-length {dask.config.get('distributed.admin.low-level-log-length')}, "
          f"key cache {'cleared' if args.clear_key_cache else 'kept'}: "
          f"{sum(s.size_diff for s in stats) / args.tasks:,.0f} bytes kept per task over {args.tasks:,} tasks")
    for stat in stats[:6]:
        frame = stat.traceback[-1]
        print(f"  {stat.size_diff:>10,} B in {stat.count_diff:>6,} blocks  {frame.filename}:{frame.lineno}")


if __name__ == "__main__":
    main()
