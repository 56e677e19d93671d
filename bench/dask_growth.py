"""What a bare LocalCluster keeps per task in the process that hosts it (issue 15: the Dask client
is not flat, and none of our code holds the difference).

No decision-extractor code runs: trivial tasks, each submitted with ``pure=False`` and collected
one at a time through ``as_completed`` in waves of 8, as `extract_many` does. After a warm-up,
``tracemalloc`` compares the process before and after N more tasks and prints the bytes kept per
task and the allocation sites that kept the most. ``--log-length`` sets Dask's
``distributed.admin.low-level-log-length`` (how many batches each stream remembers);
``--clear-key-cache`` empties ``dask.utils.key_split``'s cache of keys as it goes: with both, what
is left is what those two bounded histories do not explain.

Usage: python bench/dask_growth.py [--tasks 3000] [--warm 2000] [--log-length 1000] [--clear-key-cache]
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=3000)
    parser.add_argument("--warm", type=int, default=2000)
    parser.add_argument("--log-length", type=int, default=None, help="distributed.admin.low-level-log-length")
    parser.add_argument("--clear-key-cache", action="store_true")
    args = parser.parse_args()

    import dask
    from dask.utils import key_split
    from distributed import Client, LocalCluster

    if args.log_length is not None:
        dask.config.set({"distributed.admin.low-level-log-length": args.log_length})
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
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
