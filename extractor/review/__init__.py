"""The review desk: look at a batch run's notices beside their source, correct them, teach the lexicon.

One module per job: `run.py` reads an OUT folder (manifest and results, never outside OUT),
`corrections.py` keeps the append-only corrections file, `apply.py` lays corrections over a
(re-)extracted result, `values.py` turns what a reviewer typed or selected into a field value,
`pages.py` renders and caches page images, `export.py` writes corrected results and gold sets,
`teach.py` proposes labels for a user lexicon, `report.py` counts the run, and `app.py` serves
it all (FastAPI, the same stack as `serve`). Corrections never touch the extractor's outputs.
"""

from .run import ReviewError, Run, open_run

__all__ = ["ReviewError", "Run", "open_run"]
