"""The local run's names where earlier callers import them (the test suite, scripts written
against earlier releases, `python -c "from extractor import batch"`). The engine is
`extractor.runs`: `runs.supervise.run_batch` on the fork pool (`runs.forkpool`)."""

from .runs.forkpool import MAX_CHUNK, chunk_size
from .runs.manifest import MANIFEST_EVERY, MANIFEST_LINES, damaged_note, load_manifest, text_lines
from .runs.manifest import ManifestWriter as _ManifestWriter
from .runs.manifest import take_lock as _take_lock
from .runs.paths import (bounded_name, count_files, discover, display_path, expand_archives, iter_expanded,
                         output_name, output_stem, path_fields, record_key, walk_inputs)
from .runs.summary import Progress, Summary, format_counts, format_summary
from .runs.supervise import run_batch
from .runs.system import die_with_parent, limit_memory
from .runs.values import MANIFEST, STDIN, SUMMARY, Input, Options
from .runs.work import fixity, process_one

__all__ = ["MANIFEST", "MANIFEST_EVERY", "MANIFEST_LINES", "MAX_CHUNK", "STDIN", "SUMMARY", "Input", "Options",
           "Progress", "Summary", "_ManifestWriter", "_take_lock", "bounded_name", "chunk_size", "count_files",
           "damaged_note", "die_with_parent", "discover", "display_path", "expand_archives", "fixity", "format_counts",
           "format_summary", "iter_expanded", "limit_memory", "load_manifest", "output_name", "output_stem",
           "path_fields", "process_one", "record_key", "run_batch", "text_lines", "walk_inputs"]
