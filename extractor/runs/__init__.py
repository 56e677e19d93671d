"""One run engine: many inputs read by a pool of workers into one output, every input accounted for.

- `values`: the frozen typed values passed around (`Input`, `Task`, `Settings`, `Reply`,
  `ManifestRecord`) instead of dicts.
- `paths`: which inputs a run reads and what their outputs are called.
- `work`: one input on a worker (`process_one`), and the one failure-reply builder (`failed`).
- `supervise`: the one run loop, `supervise(inputs, pool, store)`; `run_batch` and `run_many`.
- the worker models, passed to it: `forkpool.ForkPool` (this machine's forked workers),
  `pools.Chunked` over `pools.LocalPool` (a process pool) or `pools.DaskPool` (a Dask cluster),
  whose files each run in a child of the worker (`isolate`).
- `store`, `ledger`, `manifest`: the output folder (local or a URL), what a run remembers per
  input on disk, and the manifest's one writer, claiming and compaction.
- `summary`: the run's counts, progress and closing line; `many`: `extract_many` and friends;
  `system`: the worker processes' memory cap and parent-death signal.
"""
