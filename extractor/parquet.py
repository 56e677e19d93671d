"""`--parquet FILE`: one row per notice, the CSV's columns with their types kept, streamed in row groups.

Dates are dates, booleans booleans, lists lists, and each notice's provenance a JSON column (its
keys vary by notice, a struct would be mostly nulls), so pandas, polars, DuckDB and Spark read
the file without parsing a cell. Rows come from `output.notice_rows`, the same rows the CSV
writes as text. pyarrow is imported only here (the ``parquet`` extra). The file appears only
when the run finishes: written under a temporary name (an object store: an upload not yet
completed) and published on close, so a killed run never leaves half a table behind.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .fields import FIELDS
from .output import CSV_COLUMNS, ResultLike, notice_rows

# typed by the field table's shapes (needs_review is the notice's own yes/no)
BOOLEAN_COLUMNS = {f.name for f in FIELDS if f.shape == "bool"} | {"needs_review"}
DATE_COLUMNS = {f.name for f in FIELDS if f.shape == "date"}
LIST_COLUMNS = {"accompanying_documents", "warning_codes"}
COLUMNS = (*CSV_COLUMNS, "provenance")
ROW_GROUP = 2000  # rows held before a row group is written: memory stays flat on any archive


def schema() -> Any:
    """The table's Arrow schema, in the CSV's column order with ``provenance`` (JSON) last."""
    import pyarrow as pa

    def kind(column: str) -> Any:
        if column in BOOLEAN_COLUMNS:
            return pa.bool_()
        if column in DATE_COLUMNS:
            return pa.date32()
        if column in LIST_COLUMNS:
            return pa.list_(pa.string())
        if column == "notice_index":
            return pa.int32()
        if column == "confidence":
            return pa.float64()
        return pa.string()

    return pa.schema([pa.field(c, kind(c)) for c in COLUMNS])


def typed_row(row: dict[str, Any]) -> dict[str, Any]:
    """A `notice_rows` row as Arrow takes it: ISO dates as dates, provenance as JSON text."""
    out: dict[str, Any] = {}
    for column in COLUMNS:
        value = row.get(column)
        if column in DATE_COLUMNS and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        elif column == "provenance":
            value = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
        elif column in LIST_COLUMNS:
            value = list(value or [])
        out[column] = value
    return out


def rows(result: ResultLike) -> list[dict[str, Any]]:
    """One result's Parquet rows (what a worker sends back beside its manifest record)."""
    return [typed_row(row) for row in notice_rows(result)]


class ParquetSink:
    """Rows in, row groups out: ``add`` the rows of each result as it finishes, ``close`` to
    publish the file (``abort`` to drop it). ``target`` is a path or an fsspec URL."""

    def __init__(self, target: str | os.PathLike[str], *, row_group: int = ROW_GROUP):
        from .remote import is_url

        self.target = str(target)
        self.row_group = row_group
        self.buffer: list[dict[str, Any]] = []
        self.count = 0
        self.schema = schema()
        self.remote: Any = None
        self.tmp: Path | None = None
        self.writer: Any = None
        if not is_url(self.target):
            Path(self.target).parent.mkdir(parents=True, exist_ok=True)

    def _open(self) -> Any:
        """The writer, opened with the first row group (or at close), not when the sink is made:
        a run sweeps its output folder of a killed run's temporary files when it starts, and the
        table may be inside that folder (``-o out --parquet out/notices.parquet``)."""
        import pyarrow.parquet as pq

        from .remote import is_url, open_atomic

        if self.writer is None:
            if is_url(self.target):
                self.remote = open_atomic(self.target)
                sink: Any = self.remote.handle
            else:
                path = Path(self.target)
                path.parent.mkdir(parents=True, exist_ok=True)
                self.tmp = path.with_name(f".{path.name}.tmp")
                sink = str(self.tmp)
            self.writer = pq.ParquetWriter(sink, self.schema, compression="zstd")
        return self.writer

    def add(self, new_rows: Iterable[dict[str, Any]]) -> None:
        self.buffer.extend(new_rows)
        if len(self.buffer) >= self.row_group:
            with self._writing():
                self._flush()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """A table that cannot be written (a full disk, a store whose server is gone) is an
        `OutputError`: the run stops with exit 3 and one line, never a traceback."""
        from .errors import OutputError
        from .remote import unreachable

        try:
            yield
        except (OSError,) + unreachable() as exc:
            raise OutputError(f"cannot write the table {self.target}: {type(exc).__name__}: {exc}"[:400]) from None

    def add_result(self, result: ResultLike) -> None:
        self.add(rows(result))

    def _flush(self) -> None:
        import pyarrow as pa

        if self.buffer:
            self._open().write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
            self.count += len(self.buffer)
            self.buffer = []

    def close(self) -> None:
        """Write what is held and publish the file under its name."""
        with self._writing():
            self._flush()
            self._open().close()  # a run without a row still publishes its (empty) table
            if self.remote is not None:
                self.remote.close()
            elif self.tmp is not None:
                self.tmp.replace(self.target)

    def abort(self) -> None:
        """Drop the file: a run that did not finish publishes no table (a store that cannot be
        reached to drop it: nothing was published there, the run's own error is the news)."""
        from .remote import unreachable

        if self.writer is None:
            return
        try:
            try:
                self.writer.close()
            finally:
                if self.remote is not None:
                    self.remote.abort()
                elif self.tmp is not None:
                    self.tmp.unlink(missing_ok=True)
        except (OSError,) + unreachable():
            pass

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, kind: Any, value: Any, tb: Any) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()
