"""Templates files: TOML a person can read and edit, in the user lexicon's spirit.

    [[template]]
    id = "borough-of-elmstead-bd3547b2"
    taught = 2             # how many notices taught it
    source = "gold"        # gold, corrections or run
    furniture = ["Borough of Elmstead", "Record of a cabinet member decision"]
    run_in = ["Portfolio"]  # labels printed before their value with a space only
    wraps = ["Portfolio"]   # labels of one-line fields whose value wraps over lines
    key_categories = { "Executive" = false }  # a category that says whether a decision is key

    [template.labels]      # printed label = field ("_other": a label of no field)
    "Portfolio" = "decision_maker"
    "Why" = "reasons"
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .model import SOURCES, Template, TemplateError


def read_templates(text: str, name: str = "templates") -> tuple[Template, ...]:
    """The templates a file's text holds; TemplateError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{name}: {exc}") from None
    unknown = set(data) - {"template"}
    if unknown:
        raise TemplateError(f"{name}: unknown key(s) {', '.join(sorted(unknown))} (only [[template]] tables)")
    found = []
    for number, spec in enumerate(data.get("template", []), 1):
        found.append(_template(spec, f"{name}: template {number}"))
    return tuple(found)


def _template(spec: Any, where: str) -> Template:
    if not isinstance(spec, dict):
        raise TemplateError(f"{where}: not a table")
    extra = set(spec) - {"id", "taught", "source", "furniture", "labels", "run_in", "wraps", "key_categories"}
    if extra:
        raise TemplateError(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
    labels, furniture, run_in = spec.get("labels", {}), spec.get("furniture", []), spec.get("run_in", [])
    if not isinstance(spec.get("id"), str) or not spec["id"]:
        raise TemplateError(f"{where}: needs an id")
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise TemplateError(f"{where}: [template.labels] maps printed labels to field names")
    if not isinstance(furniture, list) or not all(isinstance(x, str) for x in furniture):
        raise TemplateError(f"{where}: furniture is a list of printed lines")
    wraps = spec.get("wraps", [])
    for key, value in (("run_in", run_in), ("wraps", wraps)):
        if not isinstance(value, list) or not all(isinstance(x, str) and x in labels for x in value):
            raise TemplateError(f"{where}: {key} lists labels of [template.labels]")
    key_categories = spec.get("key_categories", {})
    if not isinstance(key_categories, dict) or not all(isinstance(v, bool) for v in key_categories.values()):
        raise TemplateError(f"{where}: key_categories maps a category to true (key) or false (not key)")
    taught = spec.get("taught", 1)
    if type(taught) is not int or taught < 0:
        raise TemplateError(f"{where}: taught is a count of notices, not {taught!r}")
    source = spec.get("source", "gold")
    if source not in SOURCES:
        raise TemplateError(f"{where}: source {source!r} is not one of {', '.join(SOURCES)}")
    return Template(spec["id"], tuple(labels.items()), tuple(furniture), taught, source, tuple(run_in), tuple(wraps),
                    tuple(key_categories.items()))


@lru_cache(maxsize=32)
def _load(path: str, stamp: tuple[int, int]) -> tuple[Template, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"templates {path}: {exc}") from None
    return read_templates(text, f"templates {path}")


def load_templates(paths: tuple[str, ...]) -> tuple[Template, ...]:
    """Every template of the files, in order (a file is read again when it changes)."""
    found: list[Template] = []
    for path in paths:
        try:
            st = Path(path).stat()
        except OSError as exc:
            raise TemplateError(f"templates {path}: {exc.strerror or exc}") from None
        found.extend(_load(str(path), (st.st_mtime_ns, st.st_size)))
    return tuple(found)


def templates_text(templates: tuple[Template, ...] | list[Template], header: str = "") -> str:
    """The file's text: one [[template]] table each, labels in the order they were learned."""
    lines = ["# Templates: the labels and furniture (letterhead, chrome, signature lines) of an archive's layouts.",
             "# Edit freely: a label maps to a field of the contract, or to \"_other\" (a label of no field).",
             "# Use with: decision-extractor extract --templates THIS_FILE ..."]
    if header:
        lines.append(f"# {header}")
    for template in templates:
        lines += ["", "[[template]]", f"id = {_q(template.id)}", f"taught = {template.taught}",
                  f"source = {_q(template.source)}"]
        lines.append("furniture = [" + "".join(f"\n    {_q(x)}," for x in template.furniture)
                     + ("\n]" if template.furniture else "]"))
        if template.run_in:  # labels printed before their value with a space only
            lines.append("run_in = [" + ", ".join(_q(x) for x in template.run_in) + "]")
        if template.wraps:  # one-line fields whose value wraps over lines
            lines.append("wraps = [" + ", ".join(_q(x) for x in template.wraps) + "]")
        if template.key_categories:  # a category that says whether a decision is key
            lines.append("key_categories = { " + ", ".join(f"{_q(c)} = {str(k).lower()}"
                                                           for c, k in template.key_categories) + " }")
        lines.append("")
        lines.append("[template.labels]")
        lines += [f"{_q(label)} = {_q(field)}" for label, field in template.labels]
    return "\n".join(lines) + "\n"


def write_templates(path: Path, templates: tuple[Template, ...] | list[Template], header: str = "") -> None:
    """Write atomically (a reader never sees half a file)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(templates_text(templates, header), encoding="utf-8")
    tmp.replace(path)


def _q(text: str) -> str:
    """A TOML basic string."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(c if c >= " " or c == "\t" else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'
