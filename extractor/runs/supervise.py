"""The one run loop: `supervise(inputs, pool, store)`.

Whatever reads the files (the fork pool of this machine, a process pool, a Dask cluster: the
pool's strategy, passed in), a run is the same: the inputs in order (a `Ledger` on disk), each
input's output name claimed against an earlier run's into the same folder, a task per input
carrying its earlier record (resume by sha256 and knowledge, `options.knowledge_key`), a manifest
line per reply as files finish, compacted to one line per input with a ``summary.json`` at the
end. So resume, claiming and compaction are the same code for every pool, not kept equal by hand.

`run_batch` (the command line's local run) and `run_many` (a run on a pool or cluster the
client drives) are that loop with the caller's pool; `InOrder` gives stdout back its input order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import OutputError
from ..options import knowledge_key
from .forkpool import ForkPool
from .manifest import MANIFEST_LINES, damaged_note
from .summary import Progress, Summary
from .values import STDIN, Input, Options, Reply, Settings, Task
from .work import Extract

if TYPE_CHECKING:  # a one-file run needs neither (nor sqlite3, nor Dask's pools): loaded when used
    from .ledger import Ledger
    from .pools import Executor
    from .store import Store


class Pool(Protocol):
    """A worker model: how tasks become replies (`ForkPool`, `pools.Chunked`)."""

    @property
    def slots(self) -> int: ...

    def prepare(self, settings: Settings, count: int) -> Settings: ...

    def run(self, tasks: Iterator[Task], count: int) -> Generator[Reply, None, None]: ...


def settings_for(options: Options, out_root: str | None) -> Settings:
    """What every file of a run is read and exported with."""
    return Settings(out_root=out_root, options=options.run, knowledge=knowledge_key(options.run), jsonl=options.jsonl,
                    csv=options.csv, stdout=options.stdout_results, single=options.single, parquet=options.parquet)


def supervise(inputs: Ledger | Sequence[Input], pool: Pool, store: Store | None, options: Options, *,
              summary: Summary | None = None, say: Callable[[str], None] | None = None) -> Iterator[Reply]:
    """Run every input on ``pool``; yields each file's reply as it finishes, after its manifest
    line is handed to ``store`` (None: no output folder). ``summary`` counts them; its
    ``seconds`` and the store's compaction and ``summary.json`` come when the last is read.
    ``say`` hears what opening the store found (damaged manifest lines), even in a quiet run.
    ``inputs`` is a `Ledger` when there is a store (it remembers the earlier run), else any sequence."""
    started = time.monotonic()
    summary = summary if summary is not None else Summary()
    items: Iterable[Input] = inputs
    ledger = None
    if store is not None:
        from .ledger import Ledger

        if not isinstance(inputs, Ledger):
            raise TypeError("a run with an output folder keeps its inputs in a Ledger (resume, claiming, compaction)")
        ledger = inputs
        store.open(ledger)
        if ledger.damaged and say is not None:  # a row the run had is gone: its input is read again
            say(damaged_note(store.manifest_name, ledger.damaged))
        items = ledger.claimed()  # outputs of earlier runs keep their names
    earlier = ledger if ledger is not None and not options.force else None  # what resume goes by
    settings = pool.prepare(settings_for(options, store.out_root if store is not None else None), len(inputs))
    stdin = options.stdin_data

    def task(item: Input) -> Task:
        previous = earlier.previous(item.path) if earlier is not None else None
        if item.path == STDIN and stdin is not None:
            return Task(item.index, item.path, item.output, settings, item.skip_reason, item.member, previous,
                        data=stdin, name=options.stdin_name)
        return Task(item.index, item.path, item.output, settings, item.skip_reason, item.member, previous)

    try:
        with closing(pool.run(map(task, items), len(inputs))) as replies:  # its workers stop when we do
            yield from _recorded(replies, store, summary, settings)
    except BaseException:
        if store is not None:
            store.release()
        raise
    summary.seconds = time.monotonic() - started
    if store is not None and ledger is not None:
        store.finish(ledger, summary)


def _recorded(replies: Iterator[Reply], store: Store | None, summary: Summary, settings: Settings) -> Iterator[Reply]:
    """Each reply once its manifest line is handed to the store and it is counted."""
    for reply in replies:
        if reply.write_error:  # the output disk is full or read-only: stop, keeping what is done
            raise OutputError(f"cannot write to {settings.out_root}: {reply.write_error}")
        if store is not None:
            store.append(reply.line)
        summary.add(reply.record)
        yield reply


class InOrder:
    """Replies given back in input order, holding only those that finished early."""

    def __init__(self) -> None:
        self.held: dict[int, Reply] = {}
        self.next = 0

    def add(self, reply: Reply) -> Iterator[Reply]:
        """``reply`` and any held ones it lets go, in input order."""
        self.held[reply.index] = reply
        while self.next in self.held:
            yield self.held.pop(self.next)
            self.next += 1


def stdout_texts(reply: Reply) -> Iterator[str]:
    """What a reply puts on stdout: its JSON, its --jsonl lines or its --csv rows."""
    if reply.text is not None:
        yield reply.text + "\n"
    for line in reply.jsonl:
        yield line + "\n"
    if reply.csv:
        from ..output import csv_line

        for row in reply.csv:
            yield csv_line(row)


def run_batch(inputs: list[Input] | Ledger, options: Options, *, emit: Callable[[str], None],
              progress: Progress, on_record: Callable[[dict[str, Any]], None] | None = None,
              on_rows: Callable[[list[dict[str, Any]]], None] | None = None,
              clock: Callable[[], float] = time.monotonic,
              extract: Extract | None = None) -> Summary:
    """Run every input in this machine's fork pool; ``emit`` receives stdout text (results or
    export lines) in input order; ``on_record`` each manifest record as its file finishes.

    The time limit is measured with ``clock`` and workers extract with ``extract`` (default
    `pipeline.extract_record`): tests pass a clock they move and an input that blocks until
    told, so a time-limit test never races the machine's speed. ``on_rows`` receives each
    result's Parquet rows (`parquet.rows`), in input order, when ``options.parquet``."""
    summary = Summary(templates=list(options.templates_found))
    pool = ForkPool(options.workers, options.timeout, options.max_memory_mb, clock=clock, extract=extract)
    made = None  # a ledger made here for the run, closed here
    if options.output is None and isinstance(inputs, list) and len(inputs) == 1:
        replies = _one(inputs[0], pool, options, summary)  # the short path: nothing to resume, claim or compact
    elif options.output is None:  # nothing to resume, claim or compact: the inputs as given
        replies = supervise(inputs, pool, None, options, summary=summary, say=progress.say)
    else:
        from .ledger import Ledger
        from .store import LocalStore

        store = LocalStore(options.output, lines=MANIFEST_LINES)
        if isinstance(inputs, Ledger):
            ledger = inputs
        else:
            ledger = made = Ledger.of(inputs)
        replies = supervise(ledger, pool, store, options, summary=summary, say=progress.say)
    order = InOrder()
    try:
        for reply in replies:
            progress.update(reply.record)
            if on_record:
                on_record(reply.record.as_dict())
            for ready in order.add(reply):
                for text in stdout_texts(ready):
                    emit(text)
                if ready.rows and on_rows is not None:
                    on_rows(list(ready.rows))
    finally:
        if made is not None:
            made.close()
    return summary


def _one(item: Input, pool: Pool, options: Options, summary: Summary) -> Iterator[Reply]:
    """`supervise` for a run of one input and no output folder (``extract FILE``): the same pool,
    so the same limits and the same reply, without a ledger, a store or the loop."""
    started = time.monotonic()
    settings = pool.prepare(settings_for(options, None), 1)
    data = options.stdin_data if item.path == STDIN else None
    task = Task(item.index, item.path, item.output, settings, item.skip_reason, item.member, data=data,
                name=options.stdin_name if data is not None else None)
    with closing(pool.run(iter([task]), 1)) as replies:
        for reply in replies:
            summary.add(reply.record)
            yield reply
    summary.seconds = time.monotonic() - started


def run_many(inputs: Iterable[Input] | Ledger, options: Options, pool: Executor, *,
             output: str | Path | None = None, window: int | None = None, summary: Summary | None = None,
             ahead: int | None = None) -> Iterator[Reply]:
    """Run every input on ``pool`` (a `pools.LocalPool` or `pools.DaskPool`); yields each file's
    reply (manifest ``record`` plus the exports ``options`` asks for) as it finishes, after its
    manifest line is written to ``output`` (a folder or a URL), if given. ``window`` and
    ``ahead``: see `pools.Chunked`. What the run remembers per input is in the ledger on disk
    (``inputs`` is put in one unless it is one)."""
    from .ledger import Ledger
    from .pools import Chunked
    from .store import open_store

    ledger = inputs if isinstance(inputs, Ledger) else Ledger.of(inputs)
    try:
        store = open_store(output) if output is not None else None
        chunked = Chunked(pool, options.timeout, options.max_memory_mb, window=window, ahead=ahead)
        yield from supervise(ledger, chunked, store, options, summary=summary)
    finally:
        if ledger is not inputs:
            ledger.close()
