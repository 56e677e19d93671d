"""Which inputs a run reads and what their outputs are called: folders walked, web archives
opened into their records, each input given an output name no other input of the run (or of an
earlier run into the same folder: `store`) shares. Paths are kept exactly as the file system
has them; `display_path` and `path_fields` are how JSON holds one that is not UTF-8.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .values import MAX_NAME_BYTES, RESERVED, STDIN, Input, Member


def display_path(path: str) -> str:
    """A path as JSON can hold it: bytes that are not UTF-8 (a Latin-1 name from a zip or a share)
    are written as ``\\xe9`` escapes; `path_bytes` keeps the exact bytes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def path_fields(path: str) -> dict[str, Any]:
    """``path`` for people, plus ``path_bytes_b64`` (the exact bytes) when the name is not UTF-8."""
    raw = os.fsencode(path)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"path": display_path(path), "path_bytes_b64": base64.b64encode(raw).decode("ascii")}
    return {"path": path}


def record_key(record: dict[str, Any]) -> str:
    """The input path a manifest record stands for, exactly (as Python names the file)."""
    if record.get("path_bytes_b64"):
        return os.fsdecode(base64.b64decode(record["path_bytes_b64"]))
    return record["path"]




def discover(paths: list[str], *, recursive: bool, with_outputs: bool, include: tuple[str, ...] = (),
             exclude: tuple[str, ...] = (), not_read: list[str] | None = None,
             stdin_name: str | None = None, skip_folder: str | os.PathLike | None = None,
             skip_files: Iterable[str | os.PathLike | None] = ()) -> list[Input]:
    """Every input in the order given; folders walked (sorted), hidden names and symlink loops skipped.

    ``include``/``exclude``: globs a file found in a folder must match / must not match (on its
    path below the folder or its name; a file named on the command line is always read).
    Sub-folders not walked (no ``recursive``) are appended to ``not_read``, so a caller can say so.
    ``skip_folder`` (the output folder) is never walked, so a run never reads its own outputs back;
    nor are ``skip_files`` (the ``--parquet`` table, and its temporary name) where a folder holds them.
    """
    found = list(walk_inputs(paths, recursive=recursive, include=include, exclude=exclude, not_read=not_read,
                             stdin_name=stdin_name, skip_folder=skip_folder, skip_files=skip_files))
    outputs = _output_names([rel for _, rel, _ in found]) if with_outputs else [None] * len(found)
    return expand_archives([Input(i, path, out, skip) for i, ((path, _, skip), out) in enumerate(zip(found, outputs))])


def walk_inputs(paths: list[str], *, recursive: bool, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
                not_read: list[str] | None = None, stdin_name: str | None = None,
                skip_folder: str | os.PathLike | None = None,
                skip_files: Iterable[str | os.PathLike | None] = ()) -> Iterator[tuple[str, str | None, str | None]]:
    """`discover`'s inputs before they are named: (path, path relative to its root, skip reason),
    one at a time, so a client that keeps its inputs on disk (`ledger`) never holds the list."""
    multiple_roots = sum(os.path.isdir(p) for p in paths) > 1
    excluded = os.path.realpath(skip_folder) if skip_folder is not None else None
    not_inputs = _own_files(skip_files)
    named: set[str] = set()  # files named on the command line: one given twice is one input, one row
    for given in paths:
        if given != STDIN and not os.path.isdir(given):
            if os.path.abspath(given) in named:
                continue
            named.add(os.path.abspath(given))
        if given == STDIN:
            yield given, stdin_name and Path(stdin_name).name or "stdin", None
        elif os.path.isdir(given):
            prefix = Path(os.path.abspath(given)).name if multiple_roots else ""
            walked = _walk(given, prefix, recursive, excluded, not_read, not_inputs)
            yield from (item for item in walked if wanted(item[1], include, exclude, prefix))
        else:
            try:
                regular = stat.S_ISREG(os.stat(given).st_mode)
            except OSError:
                regular = True  # missing or unreadable: extraction reports it
            yield given, Path(given).name, None if regular else "not_a_file"


def expand_archives(inputs: list[Input]) -> list[Input]:
    """Web archives (.warc, .warc.gz, .arc.gz) become one input per record: documents to read,
    the rest skipped with a reason, and a damaged archive's unreadable tail as one failed input."""
    from ..webarchive import is_archive

    if not any(item.skip_reason is None and is_archive(item.path) for item in inputs):
        return inputs
    return list(iter_expanded(inputs))


def iter_expanded(inputs: Iterable[Input]) -> Iterator[Input]:
    """`expand_archives` one input at a time (indices renumbered from 0 in the order yielded)."""
    from ..webarchive import index_archive, is_archive

    from ..remote import is_url

    index = 0
    for item in inputs:
        if (item.skip_reason is not None or not is_archive(item.path)
                or not (is_url(item.path) or os.path.isfile(item.path))):  # a URL listed is an object
            yield Input(index, item.path, item.output, item.skip_reason)
            index += 1
            continue
        folder = item.output[: -len(".json")] if item.output else None
        for m in index_archive(item.path):
            member = Member(item.path, m.offset, m.uri, m.archived_at, m.skip, m.code)
            skip = None if m.skip is None or m.code else "not_a_document"
            yield Input(index, f"{item.path}#{m.offset}", f"{folder}/{m.offset}.json" if folder else None, skip, member)
            index += 1


def wanted(relative: str, include: tuple[str, ...], exclude: tuple[str, ...], prefix: str) -> bool:
    """Whether a file found in a folder passes the --include / --exclude globs."""
    if not include and not exclude:
        return True
    below = relative[len(prefix) + 1:] if prefix and relative.startswith(prefix + "/") else relative
    names = (below, Path(below).name)
    if include and not any(fnmatch.fnmatchcase(n, g) for g in include for n in names):
        return False
    return not any(fnmatch.fnmatchcase(n, g) for g in exclude for n in names)


def count_files(folders: list[str]) -> int:
    """Files (not hidden) in these folders and all below them: what a run without -r leaves unread."""
    total, seen = 0, set()
    for folder in folders:
        for top, dirs, files in os.walk(folder, followlinks=False):
            key = os.stat(top).st_ino, os.stat(top).st_dev
            if key in seen:
                dirs[:] = []
                continue
            seen.add(key)
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            total += sum(1 for f in files if not f.startswith("."))
    return total


def _own_files(files: Iterable[str | os.PathLike | None]) -> frozenset[str]:
    """The real paths of files a run writes outside its output folder (the ``--parquet`` table)
    and their temporary names: never inputs, wherever they are."""
    from ..remote import is_url

    own: set[str] = set()
    for name in files:
        if name is not None and not is_url(name):
            real = os.path.realpath(name)
            own.update({real, os.path.join(os.path.dirname(real), f".{os.path.basename(real)}.tmp")})
    return frozenset(own)


def _walk(root: str, prefix: str, recursive: bool, excluded: str | None,
          not_read: list[str] | None = None,
          not_inputs: frozenset[str] = frozenset()) -> Iterator[tuple[str, str, str | None]]:
    seen_dirs: set[tuple[int, int]] = set()

    def visit(folder: str, rel: str) -> Iterator[tuple[str, str, str | None]]:
        if excluded is not None and os.path.realpath(folder) == excluded:
            return
        try:
            st = os.stat(folder)
        except OSError:
            yield folder, rel, "unreadable_folder"
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:  # a symlink loop, or the same folder reached twice
            return
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:  # a folder we may not list: accounted for, never silently dropped
            yield folder, rel, "unreadable_folder"
            return
        real = os.path.realpath(folder) if not_inputs else ""
        for entry in entries:
            if not_inputs and os.path.join(real, entry.name) in not_inputs:
                continue
            child_rel = f"{rel}/{entry.name}" if rel else entry.name
            if entry.name.startswith("."):
                if not entry.is_dir(follow_symlinks=False):
                    yield entry.path, child_rel, "hidden_file"
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                if recursive:
                    yield from visit(entry.path, child_rel)
                elif not_read is not None:
                    not_read.append(entry.path)
                continue
            try:
                mode = os.stat(entry.path).st_mode
            except OSError:
                yield entry.path, child_rel, None  # a broken symlink: reported as not found
                continue
            yield entry.path, child_rel, None if stat.S_ISREG(mode) else "not_a_file"

    yield from visit(root, prefix)


def _output_names(relatives: list[str | None]) -> list[str | None]:
    """``a/b.json`` for ``a/b.pdf``; ``a/b.pdf.json`` where two inputs share a stem (or the stem
    is the manifest's or summary's); a name too long for the file system is cut and hash-suffixed."""
    relatives = [display_path(r) if r else r for r in relatives]
    stems = Counter(output_stem(r) for r in relatives if r)
    used: Counter[str] = Counter()

    def seen(name: str) -> int:
        used[name] += 1
        return used[name]

    return [output_name(rel, stems[output_stem(rel)], seen) if rel else None for rel in relatives]


def output_stem(relative: str) -> str:
    """The part of a (displayed) relative path two inputs must not share to keep plain output names:
    ``str(Path(relative).with_suffix(""))``, by string operations where the path is already in
    the form `Path` gives it (pathlib interns every part, and a million-input run churns
    Python's table of interned strings)."""
    folder, _, name = relative.rpartition("/")
    if (name in ("", ".", "..") or relative.startswith(("/", "./")) or "//" in relative or "/./" in relative):
        return str(Path(relative).with_suffix(""))
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        name = name[:dot]
    return f"{folder}/{name}" if folder else name


def output_name(relative: str, stem_count: int, seen: Callable[[str], int]) -> str:
    """One input's output name (see `_output_names`): ``stem_count`` inputs share its stem, and
    ``seen(name)`` records a name as given and says how many times it has been, this one included."""
    plain = output_stem(relative)
    name = f"{plain}.json" if stem_count == 1 and f"{plain}.json" not in RESERVED else f"{relative}.json"
    times = seen(name)
    if times > 1:  # the same name given twice from different folders
        name = f"{name[:-5]}.{times}.json"
    return bounded_name(name)


def bounded_name(name: str) -> str:
    """``name`` with its last part cut to MAX_NAME_BYTES, a hash of the whole kept so cut names
    stay distinct (the manifest says which input each output is for)."""
    folder, _, base = name.rpartition("/")
    if len(base.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    head = base.encode("utf-8")[: MAX_NAME_BYTES - len(digest) - 7].decode("utf-8", "ignore")
    short = f"{head}-{digest}.json"
    return f"{folder}/{short}" if folder else short

