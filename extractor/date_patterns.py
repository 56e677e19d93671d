"""The date patterns a vocabulary's month and weekday names make, compiled when its `Words` is
made (`vocabulary.Words.dates`), for `values.find_dates`: a fact of the vocabulary, read for every
value, so neither compiled nor looked up per call."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import regex

_DATE_GROUPS = ("y1", "m1", "d1", "y2", "m2", "d2", "y3", "m3", "d3", "y4", "m4", "d4")


class DateScan(NamedTuple):
    """What `values.find_dates` reads dates with."""

    pattern: Any  # every date form: numeric, day-month-year and month-day-year with names
    names_before: tuple[Any, Any]  # matched backwards from a digit: where a date with names starts
    groups: tuple[int, ...]  # where each of `_DATE_GROUPS` stands in a match's groups() (one call:
    # `regex` reads a named group, or groupdict(), slowly)


@lru_cache(maxsize=8)
def date_scan(months: tuple[str, ...], weekdays: tuple[str, ...]) -> DateScan:
    """The `DateScan` of these month and weekday names (kept: a template's vocabulary, made from
    the bundled one by `dataclasses.replace`, has the same names)."""
    month, weekday = _longest_first(months), _longest_first(weekdays)
    pattern = _date_pattern(month, weekday)
    return DateScan(pattern, _names_before(month, weekday),
                    tuple(pattern.groupindex[name] - 1 for name in _DATE_GROUPS))


def _longest_first(names: tuple[str, ...]) -> str:
    """The names as one alternation, the longest first ("September" before "Sept")."""
    return "|".join(sorted(names, key=len, reverse=True))


def _date_pattern(month: str, weekday: str) -> Any:
    """Every date form, ``month`` and ``weekday`` the names' alternations."""
    ordinal = r"(?:st|nd|rd|th)?"
    return regex.compile(
        rf"""(?ix)
        (?<![\w/.-])(?:
          (?P<y1>\d{{4}})[/.-](?P<m1>\d{{1,2}})[/.-](?P<d1>\d{{1,2}})
        | (?P<d2>\d{{1,2}})[/.-](?P<m2>\d{{1,2}})[/.-](?P<y2>\d{{4}}|\d{{2}})
        | (?:(?:{weekday})\.?,?\s+)?(?P<d3>\d{{1,2}}){ordinal}(?:\s+|\s*-\s*)(?:of\s+)?(?P<m3>{month})\.?\s?,?(?:\s+|\s*-\s*)(?P<y3>\d{{4}}|'?\d{{2}})
        | (?:(?:{weekday})\.?,?\s+)?(?P<m4>{month})\.?\s+(?P<d4>\d{{1,2}}){ordinal},?\s+(?P<y4>\d{{4}})
        )(?![\w/-])
        """
    )


def _names_before(month: str, weekday: str) -> tuple[Any, Any]:
    """Matched backwards from a digit: a month (perhaps after a weekday), and a weekday alone."""
    flags = regex.REVERSE | regex.IGNORECASE
    return (regex.compile(rf"(?:(?P<w>{weekday})\.?,?\s+)?(?P<m>{month})\.?\s+", flags),
            regex.compile(rf"(?P<w>{weekday})\.?,?\s+", flags))
