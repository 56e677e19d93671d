"""What a client run must remember per input, kept on disk so the client's memory stays flat.

A run the client drives (`distributed.run_many`: a Dask cluster, `extract_many`) may be given a
million inputs. Three things about them must outlive the moment each is submitted: the inputs
themselves in order (output names depend on every other input's stem; the compacted manifest
lists this run's files in input order), the earlier run's manifest records (resume by sha256
and version; outputs keep their names), and, at the end, the manifest folded to one line per
file. In memory those grow with the archive (a few hundred bytes an input, a kilobyte a record);
here they are rows of a SQLite database (the standard library's, no server), read back in pages,
so the client holds a page cache of a few MiB whatever the size. The database is SQLite's
private temporary one (an empty file name): pages past the cache go to a file SQLite removes
from the folder as soon as it opens it (``SQLITE_TMPDIR``, ``TMPDIR`` or ``/var/tmp``), so
nothing is left behind, even by a client killed with ``kill -9``. About 150 bytes of disk an input.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from .batch import Input, bounded_name, display_path, iter_expanded, output_name, output_stem, record_key

PAGE = 2000  # rows read or written at a time: the most the client holds of any table
CACHE_KIB = 4096  # SQLite's page cache


def _key(path: str) -> bytes:
    """A path as SQLite can keep it exactly (a file name that is not UTF-8 included)."""
    return path.encode("utf-8", "surrogateescape")


def _path(key: bytes) -> str:
    return key.decode("utf-8", "surrogateescape")


class Ledger:
    """The inputs of one run (``len``, iteration in input order) and the records of earlier runs."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{CACHE_KIB}", "temp_store=FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.executescript("""
            CREATE TABLE inputs (idx INTEGER PRIMARY KEY, path BLOB, output TEXT, skip TEXT, member TEXT);
            CREATE INDEX inputs_path ON inputs (path);
            CREATE TABLE previous (path BLOB PRIMARY KEY, seq INTEGER, output TEXT, record TEXT);
        """)
        self.count = 0
        self.damaged: list[int] = []  # numbers of the earlier manifest's lines left out (cut short, not UTF-8)

    # -- the inputs ---------------------------------------------------------------------------
    @classmethod
    def of(cls, inputs: Iterable[Input]) -> Ledger:
        """A ledger of inputs already made (a caller's list, `batch.discover`)."""
        ledger = cls()
        ledger.add(inputs)
        return ledger

    def add(self, inputs: Iterable[Input]) -> None:
        """Append inputs (renumbered after those already here, in the order given)."""
        rows: list[tuple[Any, ...]] = []
        for item in inputs:
            rows.append((self.count, _key(item.path), item.output, item.skip_reason,
                         None if item.member is None else json.dumps(item.member)))
            self.count += 1
            if len(rows) >= PAGE:
                self._insert(rows)
        self._insert(rows)

    def _insert(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.db.executemany("INSERT INTO inputs VALUES (?, ?, ?, ?, ?)", rows)
            rows.clear()

    def add_found(self, found: Iterable[tuple[str, str | None, str | None]], *, with_outputs: bool) -> None:
        """Inputs as `batch.walk_inputs` finds them (path, relative path, skip reason), named and
        web archives expanded exactly as `batch.discover` does, without holding them: the stems
        are counted by SQLite, then the names given in a second pass over the rows."""
        self.db.executescript("""
            CREATE TEMP TABLE found (idx INTEGER PRIMARY KEY, path BLOB, rel TEXT, skip TEXT, stem TEXT);
            CREATE TEMP TABLE used (name TEXT PRIMARY KEY, times INTEGER);
        """)
        rows: list[tuple[Any, ...]] = []
        for index, (path, rel, skip) in enumerate(found):
            shown = display_path(rel) if rel else None
            rows.append((index, _key(path), shown, skip, output_stem(shown) if shown and with_outputs else None))
            if len(rows) >= PAGE:
                self.db.executemany("INSERT INTO found VALUES (?, ?, ?, ?, ?)", rows)
                rows.clear()
        if rows:
            self.db.executemany("INSERT INTO found VALUES (?, ?, ?, ?, ?)", rows)
        if with_outputs:
            self.db.executescript("""
                CREATE TEMP TABLE stems (stem TEXT PRIMARY KEY, n INTEGER);
                INSERT INTO stems SELECT stem, COUNT(*) FROM found WHERE stem IS NOT NULL GROUP BY stem;
            """)
        self.add(iter_expanded(self._named(with_outputs)))
        self.db.executescript("DROP TABLE found; DROP TABLE used;" + (" DROP TABLE stems;" if with_outputs else ""))

    def _named(self, with_outputs: bool) -> Iterator[Input]:
        query = ("SELECT f.idx, f.path, f.rel, f.skip, s.n FROM found f LEFT JOIN stems s ON s.stem = f.stem "
                 "WHERE f.idx > ? ORDER BY f.idx LIMIT ?") if with_outputs else (
                 "SELECT idx, path, rel, skip, 0 FROM found WHERE idx > ? ORDER BY idx LIMIT ?")
        last = -1
        while True:
            page = self.db.execute(query, (last, PAGE)).fetchall()
            if not page:
                return
            for index, key, rel, skip, stem_count in page:
                name = output_name(rel, stem_count, self._seen) if with_outputs and rel else None
                yield Input(index, _path(key), name, skip)
            last = page[-1][0]

    def _seen(self, name: str) -> int:
        self.db.execute("INSERT INTO used VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET times = times + 1", (name,))
        times: int = self.db.execute("SELECT times FROM used WHERE name = ?", (name,)).fetchone()[0]
        return times

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Input]:
        last = -1
        while True:
            page = self.db.execute("SELECT idx, path, output, skip, member FROM inputs WHERE idx > ? ORDER BY idx "
                                   "LIMIT ?", (last, PAGE)).fetchall()
            if not page:
                return
            for index, key, output, skip, member in page:
                yield Input(index, _path(key), output, skip, None if member is None else json.loads(member))
            last = page[-1][0]

    # -- earlier runs ---------------------------------------------------------------------------
    def load_previous(self, lines: Iterable[str]) -> None:
        """The manifest of earlier runs (its lines, possibly cut short by a kill): the last
        record per input path is the one a resumed run goes by, as `batch.load_manifest` reads it."""
        _load(self.db, "previous", lines, self.damaged)

    def previous(self, path: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record FROM previous WHERE path = ?", (_key(path),)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def claimed(self) -> Iterator[Input]:
        """The inputs, each keeping the output an earlier run gave it, and never an output an
        earlier run wrote for another file (`batch.claim_outputs`, one input at a time)."""
        from dataclasses import replace

        self.db.executescript("""
            CREATE TEMP TABLE IF NOT EXISTS taken (name TEXT PRIMARY KEY, path BLOB);
            DELETE FROM taken;
            INSERT OR REPLACE INTO taken SELECT output, path FROM previous WHERE output IS NOT NULL ORDER BY seq;
        """)
        for item in self:
            name = item.output
            if name is not None:
                key = _key(item.path)
                row = self.db.execute("SELECT output FROM previous WHERE path = ?", (key,)).fetchone()
                earlier = row[0] if row else None
                if earlier and self._owner(earlier) == key:
                    name = earlier
                n = 1
                while self._owner(name) not in (None, key):
                    n += 1
                    name = bounded_name(f"{str(item.output)[:-5]}.{n}.json")
                self.db.execute("INSERT OR REPLACE INTO taken VALUES (?, ?)", (name, key))
                item = replace(item, output=name)
            yield item

    def _owner(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT path FROM taken WHERE name = ?", (name,)).fetchone()
        return None if row is None else bytes(row[0])

    # -- the manifest at the end ----------------------------------------------------------------
    def compacted(self, lines: Iterable[str]) -> Iterator[str]:
        """The manifest ``lines`` (this run's appended to the earlier ones) as one line per file:
        earlier runs' other files first, then this run's in input order (`batch._compact_manifest`)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS final (path BLOB PRIMARY KEY, seq INTEGER, output TEXT, "
                        "record TEXT)")
        self.db.execute("DELETE FROM final")
        _load(self.db, "final", lines)
        yield from self._lines("SELECT seq, record FROM final WHERE path NOT IN (SELECT path FROM inputs) "
                               "AND seq > ? ORDER BY seq LIMIT ?")
        yield from self._lines("SELECT i.idx, f.record FROM inputs i JOIN final f ON f.path = i.path "
                               "WHERE i.idx > ? ORDER BY i.idx LIMIT ?")

    def _lines(self, query: str) -> Iterator[str]:
        last = -1
        while True:
            page = self.db.execute(query, (last, PAGE)).fetchall()
            if not page:
                return
            for _, record in page:
                yield json.dumps(json.loads(record), ensure_ascii=False) + "\n"
            last = page[-1][0]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _load(db: sqlite3.Connection, table: str, lines: Iterable[str], damaged: list[int] | None = None) -> None:
    """Manifest lines into ``table``: one row per input path, the last record kept, in the order
    paths first appear (as a dict keyed by path would have them). The numbers (from 1) of the
    lines that are no record (cut short by a kill or a full disk, ``""`` for one that is not
    UTF-8: `batch.text_lines`) go to ``damaged``; blank lines are not counted."""
    upsert = (f"INSERT INTO {table} VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
              "output = excluded.output, record = excluded.record")
    rows: list[tuple[Any, ...]] = []
    for seq, line in enumerate(lines):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:  # a line cut short by a kill
            record = None
        if not (isinstance(record, dict) and "path" in record):
            if damaged is not None and (line == "" or line.strip()):
                damaged.append(seq + 1)
            continue
        rows.append((_key(record_key(record)), seq, record.get("output"), line))
        if len(rows) >= PAGE:
            db.executemany(upsert, rows)
            rows.clear()
    if rows:
        db.executemany(upsert, rows)
