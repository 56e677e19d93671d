"""`run_task` where earlier callers import it, taking the task as the dict it once was too (the
engine's is `runs.isolate.run_task`, on a typed `runs.values.Task`)."""

from __future__ import annotations

from typing import Any

from .options import knowledge_key
from .runs import isolate
from .runs.values import ManifestRecord, Member, Reply, Settings, Task
from .runs.work import Extract


def run_task(task: Task | dict[str, Any], timeout: float = 60.0, max_memory_mb: int = 2048,
             extract: Extract | None = None) -> Reply:
    """One file in a child of this process under the time limit and memory cap (`runs.isolate`)."""
    if isinstance(task, dict):
        options = task["options"]
        settings = Settings(out_root=task.get("out_root"), options=options,
                            knowledge=task.get("knowledge") or knowledge_key(options),
                            jsonl=bool(task.get("jsonl")), csv=bool(task.get("csv")), stdout=bool(task.get("stdout")),
                            single=bool(task.get("single")), parquet=bool(task.get("parquet")))
        member = task.get("member")
        task = Task(task["index"], task["path"], task.get("output"), settings, task.get("skip_reason"),
                    Member(**member) if member else None,
                    ManifestRecord.from_dict(task["previous"]) if task.get("previous") else None)
    return isolate.run_task(task, timeout, max_memory_mb, extract)


__all__ = ["run_task"]
