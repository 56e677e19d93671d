"""Runs on a process pool or a Dask cluster, where earlier callers import them (the test suite,
`bench/`, scripts written against earlier releases). The engine is `extractor.runs`:
`runs.supervise.run_many` with `runs.pools.Chunked` over a `LocalPool` or `DaskPool`."""

from .runs.many import discover_any, extract_many, notices_bag
from .runs.pools import AHEAD_PER_SLOT, CRASH_RETRIES, Crashed, DaskPool, HostedCluster, LocalPool, open_pool, run_chunk
from .runs.supervise import run_many

__all__ = ["AHEAD_PER_SLOT", "CRASH_RETRIES", "Crashed", "DaskPool", "HostedCluster", "LocalPool", "discover_any",
           "extract_many", "notices_bag", "open_pool", "run_chunk", "run_many"]
