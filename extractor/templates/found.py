"""Templates found in a folder run: a bounded pre-pass over a sample of the run's own inputs.

Before the workers start, up to ``SAMPLE`` inputs, spread evenly over the run, are read and
extracted as today (no OCR: a scan's text is not worth its seconds here); `discover` groups
them and keeps the templates that at least three of them share. The run then reads every file
with those templates (as ``--templates OUT/templates.toml`` would), so a 100,000-file run holds
one sample, never every document, and a run of one or two files finds nothing and reads as today.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..lexicon import load_lexicon
from ..options import RunOptions
from .discover import MIN_MEMBERS, discover
from .model import Template
from .store import write_templates

SAMPLE = 120  # inputs read by the pre-pass, whatever the run's size
FILE = "templates.toml"  # what the run learned, in OUT beside the manifest
_SCANS = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp")


def sample_paths(paths: Sequence[str], size: int = SAMPLE) -> list[str]:
    """At most ``size`` of the paths, spread evenly (the same every run).

    >>> sample_paths([str(n) for n in range(10)], 4)
    ['0', '2', '5', '7']
    """
    readable = [p for p in paths if not p.lower().endswith(_SCANS)]
    if len(readable) <= size:
        return list(readable)
    return [readable[n * len(readable) // size] for n in range(size)]


def find_templates(paths: Sequence[str], options: RunOptions) -> list[Template]:
    """The templates a sample of ``paths`` share (none for fewer than MIN_MEMBERS files)."""
    from ..pipeline import read, run

    chosen = sample_paths(paths)
    if len(chosen) < MIN_MEMBERS:
        return []
    plain = options.replace(ocr="never", templates=())
    sample: list[tuple[Any, dict[str, Any]]] = []
    for path in chosen:
        extraction = run(path, options=plain)
        if extraction.document is not None and extraction.record.get("error") is None:
            # the lines as printed (the reader's own cuts, a form's bare labels split from their
            # values, would pass for the template's labels); the same text, so offsets hold
            sample.append((read(path, options=plain), extraction.record))
    return discover(sample, load_lexicon(options.lexicon))


def found_in_run(paths: Sequence[str], options: RunOptions, out: Path | None) -> tuple[RunOptions, list[Template]]:
    """The run's options with the templates found in it added, and those templates (written to
    OUT/templates.toml when there is an OUT)."""
    found = find_templates(paths, options)
    if not found or out is None:
        return options, found
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILE
    write_templates(path, found, header=f"found by the run over {len(paths)} input(s), from a sample of "
                                        f"{len(sample_paths(paths))}")
    return options.replace(templates=(*options.templates, str(path))), found


def summary_entries(found: list[Template]) -> list[dict[str, Any]]:
    """How summary.json lists them."""
    return [{"id": t.id, "learned_from": t.source, "taught": t.taught, "labels": len(t.labels),
             "furniture": len(t.furniture)} for t in found]
