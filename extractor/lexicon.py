"""Load the label lexicon (data/labels.toml), validate it, and read lines by it: a known label
alone or with its value (`Lexicon.match_line`), a whole-line pattern (`match_pattern`), a
field guessed from an unknown label's words (`guess`).

Data lists semantic variants; `label_keys.normalise_label` generalises case, punctuation,
articles, plurals and bracketed asides once, so every variant is looked up by one dict access.
The vocabulary of words.toml is `vocabulary.py`'s; its names are re-exported here for the
modules and tests that import them from the lexicon.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .fields import FIELD_SHAPES, VALUE_FIELDS  # FIELD_SHAPES: what a field must be read as, whatever the data says
from .label_keys import is_footnote
from .pattern_screen import PatternScreen
from .prefilter import Literal, literal_finder
from .label_keys import normalise_label as normalise_label
from .vocabulary import NEVER as NEVER
from .vocabulary import WORDS_KEYS as WORDS_KEYS
from .vocabulary import LexiconError as LexiconError
from .vocabulary import Words as Words
from .vocabulary import compile_words
from .vocabulary import load_words_data as load_words_data
from .vocabulary import validate_words as validate_words

SHAPES = {"line", "block", "date", "bool", "contact", "list"}
FALLBACK_FORMS = {"date_and_body", "due_by_body"}
OTHER = "_other"

# What parts a label from its value: "?", ":", ";", ":-" or a spaced dash. It starts at the mark
# itself (so the engine scans for it, not at every space); `_separator` takes in the white space before.
# ":", "?", ";", " - ", or a column's gap of three spaces or more ("Decision Taker     Director of Place")
# (a dotted leader, "Subject matter ... Council Tax Support", parts a label from its value as a colon does)
_SEPARATOR = regex.compile(r"(?:\?\s*(?:[:;]+\s*-?)?|:+\s*-?|;+(?=\s)|(?<=\S\s+)[-–](?=\s)|(?<=\S)[ \t\xa0]{3,}(?=\S)|(?<=\S\s*)(?:\.{3,}|…+)(?=\s*\S))\s*")
_SPECK = regex.compile(r"[-_.,'‘’~»]{1,2}(?=\p{Lu}\p{Ll})")
_SECTION_NUMBER = regex.compile(r"(?:\d{1,2}(?:\.\d{1,2})*[.)]?|\(\d{1,2}\))\s+(?=\p{Lu})")
# What a label's end sheds ("Decision:-", "Reasons ..."): regex's \s (Unicode White_Space) spelt out,
# and the marks, for str.rstrip (15x faster than the regex `[\s:?\-–.]+$` it replaces).
_TRAILING_CHARS = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                   "\u200a\u2028\u2029\u202f\u205f\u3000" ":?-–.")
_SPECK_FIRST = frozenset("-_.,'‘’~»")  # what `_SPECK` can start with: no search for a line without one
# Where a separator can start (`_SEPARATOR`'s first characters; a column's gap as three spaces):
# the search starts at the first of these, not at the line's second character. (re: plain
# characters, scanned faster than by regex; each branch opens with one, so `re` skips to the set of
# them at C speed, where a class as the first branch had it try every branch at every offset.)
_SEPARATOR_START = re.compile(r"\?|:|;|-|–|\t|\xa0|…|   |\.\.\.")
MAX_LABEL_WORDS = 20
_ASIDE = regex.compile(r"\s*\([^()]*\)")
MAX_GUESS_WORDS = 8  # a longer phrase is a sentence or a question, not a label to guess from
# ... unless the text around it proves a label (inline_labels: a run of labelled pieces on one line)
MAX_LONG_GUESS_WORDS = 20
MAX_PATTERN_CHARS = 1000
MAX_LABEL_CHARS = 160


LOOKUP_MEMO = 50_000  # labels whose lookup is kept; past this the memo starts again (bounded memory)


@dataclass(frozen=True, slots=True)
class LabelEntry:
    """What one label means. ``kind`` is field, by_value, fallback, other or marker."""

    kind: str
    field: str | None = None
    shape: str = "block"
    join: bool = False
    date_field: str | None = None
    bool_field: str | None = None
    phrase_field: str | None = None  # a by-value label followed by a short phrase ("Approved")
    otherwise: str | None = None
    form: str | None = None
    document_type: str | None = None
    weak: bool = False  # a generic label ("Content"): a specific label of the same field wins
    guessed: bool = False  # not in the lexicon: the field was read from the label's words
    # a label of a template found in the run, its field read from what its notices print under it
    learned: bool = False


@dataclass(frozen=True, slots=True)
class LabelMatch:
    entry: LabelEntry
    label: str  # as printed, without the separator
    label_end: int  # offset in the line where the label text ends
    value_start: int | None  # offset of an inline value, None when the label stands alone
    dash: bool = False  # separated from its value by " - " only (a weak label)


class Compiled:
    """A compiled pattern whose named groups are read once: `regex`'s ``groupindex`` builds a new
    dict on every read, and the assembler asks it of every rule before every search. The
    methods are the pattern's own, bound (no call in between); but for a rule with a ``pretest``
    (labels.toml), whose ``search`` first looks for what every match holds (`_screened`)."""

    __slots__ = ("search", "match", "finditer", "groupindex", "pattern", "flags", "literal", "pretest")

    def __init__(self, compiled: Any, pretest: Any = None):
        self.search = compiled.search if pretest is None else _screened(pretest.search, compiled.search)
        self.pretest = pretest
        self.match = compiled.match
        self.finditer = compiled.finditer
        self.groupindex: dict[str, int] = compiled.groupindex
        self.pattern: str = compiled.pattern
        self.flags: int = compiled.flags
        # a literal every match contains (`prefilter`): where it is absent no search is needed
        self.literal: Literal | None = literal_finder(compiled.pattern, compiled.flags)


def _screened(pretest: Any, search: Any) -> Any:
    """``search`` (a rule's) tried only where ``pretest`` (the search of a part every match of the
    rule holds) finds that part in the same stretch: where it finds none, the rule would not match."""

    def screened(string: str, pos: int | None = None, endpos: int | None = None) -> Any:
        if pretest(string, pos, endpos) is None:
            return None
        return search(string, pos, endpos)

    return screened


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str
    regex: Any
    document_type: str | None
    sets: tuple[tuple[str, Any], ...]
    only_if_missing: frozenset[str]
    head: bool
    starts_item: bool = False  # the line opens one notice of several (a list page's entry)

class Lexicon:
    """The compiled lexicon: label lookup, whole-line patterns and vocabulary."""

    def __init__(self, labels: dict[str, Any], words: dict[str, Any]):
        self.entries: dict[str, LabelEntry] = {}
        self._looked_up: tuple[dict[str, LabelEntry | None], dict[str, LabelEntry | None]] = ({}, {})
        self._load_labels(labels)
        self.patterns = tuple(self._load_pattern(p) for p in labels.get("patterns", []))

        guess = labels.get("guess", {})
        self._never_guess = tuple(guess.get("never", []))
        self._guess_rules = tuple(self._load_guess(rule) for rule in guess.get("rules", []))
        # the rules as sets of stems, tested against the set of stems a label's words start with:
        # a set test per rule, where testing each stem against each word took most of a guess
        self._guess_sets = tuple((frozenset(needed), frozenset(one_of), frozenset(needed + one_of), entry)
                                 for needed, one_of, entry in self._guess_rules)
        self._guess_stems = frozenset(stem for needed, one_of, _ in self._guess_rules for stem in needed + one_of)
        # a word's prefixes are cut no longer than the longest stem: a word of a million letters costs no more
        self._guess_reach = max(map(len, self._guess_stems), default=0)
        # a rule marked `last` is tried after every other, over every place: a role named in a
        # sentence ("The Commissioner has approved") yields to a fuller name stated elsewhere
        from_text = sorted(labels.get("from_text", []), key=lambda spec: bool(spec.get("last")))  # stable
        self.from_text = tuple(self._load_from_text(spec) for spec in from_text)
        self.from_text_last = sum(bool(spec.get("last")) for spec in from_text)
        self.meeting_headings = tuple(self._load_from_text(spec) for spec in labels.get("meeting_heading", []))
        self.title_from_text = tuple(
            regex.compile(spec["regex"], regex.IGNORECASE) for spec in labels.get("title_from_text", [])
        )
        self.words = compile_words(words)
        self._masked = _masked_keys(self.entries)

    # -- loading ---------------------------------------------------------------------------
    def _add(self, label: str, entry: LabelEntry) -> None:
        key = normalise_label(label)
        if not key:
            raise LexiconError(f"label {label!r} is empty after normalisation")
        old = self.entries.get(key)
        if old is not None and old != entry:
            raise LexiconError(f"label {label!r} (key {key!r}) is listed twice: {old} and {entry}")
        self.entries[key] = entry

    def _load_labels(self, data: dict[str, Any]) -> None:
        self._shapes: dict[str, str] = {}
        self._joined: set[str] = set()
        for field, spec in data.get("fields", {}).items():
            if field not in VALUE_FIELDS:
                raise LexiconError(f"unknown field {field!r} in labels.toml")
            shape = FIELD_SHAPES.get(field, spec.get("shape", "block"))
            if spec.get("shape", shape) != shape or shape not in SHAPES:
                raise LexiconError(f"field {field!r} must have shape {shape!r}")
            self._shapes[field] = shape
            if spec.get("join", False):
                self._joined.add(field)
            entry = LabelEntry("field", field, shape, bool(spec.get("join", False)))
            for label in spec["labels"]:
                self._add(label, entry)
            generic = LabelEntry("field", field, shape, bool(spec.get("join", False)), weak=True)
            for label in spec.get("generic_labels", []):
                self._add(label, generic)
        for label, rule in data.get("by_value", {}).items():
            for target in (rule.get("date"), rule.get("bool"), rule.get("phrase"), rule.get("otherwise")):
                if target is not None and target != OTHER and target not in VALUE_FIELDS:
                    raise LexiconError(f"by_value {label!r} names unknown field {target!r}")
            self._add(label, LabelEntry("by_value", None, "line", False, rule.get("date"),
                                        rule.get("bool"), rule.get("phrase"), rule.get("otherwise", OTHER)))
        for label, form in data.get("fallbacks", {}).items():
            if form not in FALLBACK_FORMS:
                raise LexiconError(f"fallback {label!r} has unknown form {form!r}")
            self._add(label, LabelEntry("fallback", None, "line", form=form))
        for label in data.get("other", {}).get("labels", []):
            self._add(label, LabelEntry("other", None, "block"))
        for label in data.get("other", {}).get("line_labels", []):
            self._add(label, LabelEntry("other", None, "line"))
        suffixes = data.get("marker_forms", {}).get("suffixes", [])
        for label, document_type in data.get("markers", {}).items():
            entry = LabelEntry("marker", None, "line", document_type=document_type)
            self._add(label, entry)
            for suffix in suffixes:  # "Portfolio holder decision" + " notice"
                if normalise_label(f"{label} {suffix}") not in self.entries:
                    self._add(f"{label} {suffix}", entry)

    def _load_guess(self, rule: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], LabelEntry]:
        field = rule.get("field")
        if field not in VALUE_FIELDS:
            raise LexiconError(f"guess rule names unknown field {field!r}")
        entry = LabelEntry("field", field, self.shape_of(field), self.joins(field), weak=True, guessed=True)
        return tuple(rule.get("all", [])), tuple(rule.get("any", [])), entry

    def names_no_field(self, label: str) -> bool:
        """Whether a label's last word says it is a reference, a count or a note ("Decision Number",
        "Decision Rating", "Topic keywords"): a row of a form, of no field's."""
        words = normalise_label(label).split()
        return bool(words) and words[-1] in self._never_guess

    def guess(self, label: str, *, max_words: int = MAX_GUESS_WORDS) -> LabelEntry | None:
        """The field an unknown label names by its words, or None when its words say nothing.

        >>> lex = load_lexicon()
        >>> lex.guess("Is Callable In?").field, lex.guess("Decision Outcome").field
        ('subject_to_call_in', 'decision_status')
        >>> lex.guess("Details of advice taken") is None, lex.guess("Decision Ref") is None
        (True, True)
        """
        words = self._guess_words(label, max_words)
        if words is None:
            return None
        if len(words) > MAX_GUESS_WORDS:  # a long label's head comes first ("Any interest declared when
            found = self._guess_by_head(words)  # the decision was taken ...": no decider's label)
            return None if found is None else found[1]
        stems, reach = self._guess_stems, self._guess_reach
        hits = {word[:k] for word in words for k in range(min(len(word), reach) + 1)} & stems  # the stems the words start with
        for needed, one_of, _, entry in self._guess_sets:
            if needed <= hits and (not one_of or not one_of.isdisjoint(hits)):
                return entry
        return None

    def head_guess(self, label: str, *, max_words: int = MAX_GUESS_WORDS) -> tuple[int, LabelEntry] | None:
        """`guess` read head first, with where the head word stands (0 is the label's first word):
        a line whose guess stands late ("Agree the allocation ... for these purposes:") is a sentence."""
        words = self._guess_words(label, max_words)
        return None if words is None else self._guess_by_head(words)

    def _guess_words(self, label: str, max_words: int) -> list[str] | None:
        """A label's words to guess its field from, or None: none, more than ``max_words`` (a longer
        one only where the text proves a label), or one of the words that name no field."""
        # an aside in brackets qualifies a label, it names nothing ("... (including reference to any report)")
        words = normalise_label(_ASIDE.sub(" ", label) if "(" in label else label).split()
        if not words or len(words) > max_words or any(w in self._never_guess for w in words):
            return None
        return words

    def _guess_by_head(self, words: list[str]) -> tuple[int, LabelEntry] | None:
        """The rule whose words stand earliest in a long label (rule order breaks ties), and where:
        a long label names its field first and qualifies it after."""
        best: tuple[int, LabelEntry] | None = None
        stems, reach = self._guess_stems, self._guess_reach
        starts = [{word[:k] for k in range(min(len(word), reach) + 1)} & stems for word in words]  # each word's stems
        hits = set().union(*starts)
        for needed, one_of, either, entry in self._guess_sets:
            if not (needed <= hits and (not one_of or not one_of.isdisjoint(hits))):
                continue
            first = min(k for k, found in enumerate(starts) if not either.isdisjoint(found))
            if best is None or first < best[0]:
                best = (first, entry)
        return best

    @staticmethod
    def _load_from_text(spec: dict[str, Any]) -> Any:
        compiled = regex.compile(spec["regex"], regex.IGNORECASE | regex.MULTILINE)  # "^": a paragraph's start
        for group in compiled.groupindex:
            if group not in VALUE_FIELDS:
                raise LexiconError(f"from_text regex captures unknown field {group!r}")
        # a part of the rule every match holds, found much faster than the rule is tried (read
        # with the rule's flags, so its classes are the rule's; tests/test_pretests.py checks it)
        pretest = spec.get("pretest")
        if pretest is not None:
            pretest = regex.compile(pretest, compiled.flags) if isinstance(pretest, str) else None
            if pretest is None or pretest.groups:
                raise LexiconError(f"pretest of {spec['regex']!r} must be a regex without groups")
        return Compiled(compiled, pretest)

    @staticmethod
    def _load_pattern(spec: dict[str, Any]) -> Pattern:
        try:
            compiled = regex.compile(spec["regex"], regex.IGNORECASE)  # VERSION1 case folding: 100x slower
        except regex.error as exc:
            raise LexiconError(f"pattern {spec.get('name')!r}: {exc}") from None
        for group in compiled.groupindex:
            if group not in VALUE_FIELDS:
                raise LexiconError(f"pattern {spec['name']!r} captures unknown field {group!r}")
        return Pattern(spec["name"], Compiled(compiled), spec.get("document_type"),
                       tuple(spec.get("sets", {}).items()), frozenset(spec.get("only_if_missing", [])),
                       bool(spec.get("head", False)), bool(spec.get("starts_item", False)))

    @cached_property
    def pattern_screen(self) -> PatternScreen:
        """The whole-line patterns with their cheap rejections, read once (`match_pattern`)."""
        return PatternScreen(self.patterns)

    @cached_property
    def label_words(self) -> frozenset[str]:
        """Every word of every label and table column name: a line with another word at its
        start opens with no label, and is passed over without a lookup."""
        names = [*self.entries, *self.words.table_columns]
        return frozenset(word for name in names for word in name.split())

    def joins(self, field: str) -> bool:
        """Whether several sections feed this field (joined) rather than conflict."""
        return field in self._joined

    def shape_of(self, field: str) -> str:
        """The shape a field's values are read in."""
        return self._shapes.get(field, FIELD_SHAPES.get(field, "block"))

    # -- matching --------------------------------------------------------------------------
    def taught(self, entries: dict[str, LabelEntry], words: Words | None = None) -> Lexicon:
        """This lexicon with other entries (and ``words``, if given): a template's lexicon. What
        a lexicon works out from its entries and words (the index of mistyped labels, the words
        labels hold, the lookups) is worked out again for the copy: the shared lexicon's would
        miss the template's labels (a row opening with a word only the template's labels hold
        would be passed over as no label's)."""
        twin = Lexicon.__new__(Lexicon)
        twin.__dict__.update(self.__dict__)
        twin.__dict__.pop("label_words", None)  # (a cached_property: worked out again when read)
        twin.entries = entries
        if words is not None:
            twin.words = words
        twin._masked = _masked_keys(entries)
        twin._looked_up = ({}, {})
        return twin

    def __copy__(self) -> Lexicon:
        """A shallow copy with entries, lookups and what they give of its own (`taught`)."""
        return self.taught(dict(self.entries))

    def lookup(self, label: str, *, approximate: bool = True) -> LabelEntry | None:
        """The entry for a printed label; ``approximate`` tolerates asides, extra words and typos.
        Answers are kept (a bounded memo a reading): an archive prints the same labels again and again."""
        memo = self._looked_up[1 if approximate else 0]
        entry = memo.get(label, _UNSEEN)
        if entry is _UNSEEN:
            if len(memo) >= LOOKUP_MEMO:
                memo.clear()
            entry = memo[label] = self._lookup(label, approximate)
        return entry

    def _lookup(self, label: str, approximate: bool) -> LabelEntry | None:
        key = normalise_label(label)
        if not key or len(key) > MAX_LABEL_CHARS or key.count(" ") >= MAX_LABEL_WORDS:
            return None
        entry = self.entries.get(key)
        if entry is None and " " in key and is_footnote(key.rsplit(" ", 1)[1]):
            entry = self.entries.get(key.rsplit(" ", 1)[0])  # "SUBJECT ii :", "DETAILS iii :": a form's note marker
        if entry is None and "(" in label and approximate:
            key = normalise_label(label, drop_parentheses=True)
            entry = self.entries.get(key)
        # "Decision Papers/Reason for Restricted": two labels of one cell ("Home / Decisions / ..." is a trail)
        # "Subject Matter / Title of Decision": where the two name fields of different shapes, the one
        # that reads one line names the value a cell holds (the other, a block's, says what it is about)
        if entry is None and label.count("/") == 1:
            named = [e for part in label.split("/") if (e := self.lookup(part, approximate=False))]
            entry = next((e for e in named if e.shape != "block"), named[0]) if named else None
        if entry is None and key and approximate:
            entry = self._approximate(key)
        return entry

    def _approximate(self, key: str) -> LabelEntry | None:
        words = tuple(key.split())
        if len(words) > 8:
            return None
        for size in range(len(words) - 1, 2, -1):  # "Conflicts of Interest Delared ..." -> its prefix
            entry = self.entries.get(" ".join(words[:size]))
            if entry is not None:
                return entry
        if len(key) >= 12:  # one mistyped word: "Desicion Maker"
            for position, word in enumerate(words):
                masked = words[:position] + ("*",) + words[position + 1 :]
                for candidate in self._masked.get(masked, ()):
                    if _near_miss(word, candidate[position]):
                        return self.entries[" ".join(candidate)]
        return None

    def match_line(self, line: str, *, approximate: bool = True, lower_alone: bool = False,
                   exact_failed: bool = False) -> LabelMatch | None:
        """Read a line as ``Label`` alone or ``Label<sep> value``; None when it is no label.

        ``exact_failed``: the caller read this line (with the same ``lower_alone``) without
        ``approximate`` and found no label, so only the approximate reading is left to try.

        >>> lex = load_lexicon()
        >>> m = lex.match_line("Is Key decision?: Yes")
        >>> m.entry.field, m.label, line_value(m, "Is Key decision?: Yes")
        ('is_key_decision', 'Is Key decision', 'Yes')
        >>> lex.match_line("Decision Maker :-Cabinet").entry.field
        'decision_maker'
        >>> lex.match_line("Figure 1: MKIP ICT shared service governance model") is None
        True
        """
        last_line, prepared = _LAST_READ[0]
        if last_line is not line:  # else this line was read just before (exactly): its pieces are cut
            prepared = _line_pieces(line)
            _LAST_READ[0] = (line, prepared)
        if prepared is None:
            return None
        stripped, lead, whole, sep, inline, contents, whole_approximate = prepared
        # A label standing alone starts upper-case ("the recommendation" running on is prose)
        # unless the caller knows the line stands apart (``lower_alone``).
        whole_ok = bool(whole) and (lower_alone or not whole[0].islower())  # (whole: "" if no label's)
        for approximate in ((True,) if exact_failed else (False, True)) if approximate else (False,):
            if whole_ok and (not approximate or whole_approximate):
                entry = self.lookup(whole, approximate=approximate)
                if entry is not None:
                    return LabelMatch(entry, whole, lead + len(whole), None)
            if inline is not None and sep is not None:  # an inline label always has its separator
                if contents:
                    return None  # "Decision ........ 2": a contents line and its page, no label
                entry = self.lookup(inline, approximate=approximate)
                if entry is not None:
                    value_start = lead + sep[1]
                    has_value = value_start < lead + len(stripped)
                    mark = stripped[sep[0]:sep[1]]
                    dash = not any(c in mark for c in ":?.…")  # (a dotted leader is a form's, as a colon)
                    return LabelMatch(entry, inline, lead + sep[0], value_start if has_value else None, dash)
        if exact_failed and approximate:
            return None  # the exact reading tried the numbered heading already
        return self._numbered_label(stripped, lead)

    def _numbered_label(self, stripped: str, lead: int) -> LabelMatch | None:
        """"3. Decision", "4) Reasons for decision": a numbered section heading that is a known
        label, standing alone (a numbered line with more on it is a list item, not a label)."""
        if not stripped[:1].isdigit() and stripped[:1] != "(":
            return None  # `_SECTION_NUMBER` starts with a digit or a bracket
        number = _SECTION_NUMBER.match(stripped)
        if number is None:
            return None
        whole = stripped[number.end():].rstrip(_TRAILING_CHARS)
        if not whole or len(whole) > MAX_LABEL_CHARS or not _plausible_label(whole):
            return None
        entry = self.lookup(whole, approximate=False)
        if entry is None and "(" in whole:  # "11. Date when the decision can be implemented (if not called in)"
            entry = self.entries.get(normalise_label(whole, drop_parentheses=True))
        if entry is None and stripped.rstrip().endswith("?"):  # "2. What is the decision?": a form's question
            entry = self.guess(whole)
        if entry is None:
            return None
        return LabelMatch(entry, whole, lead + number.end() + len(whole), None)

    def match_pattern(self, line: str, *, head: bool) -> tuple[Pattern, Any] | None:
        stripped = line.strip()
        if len(stripped) > MAX_PATTERN_CHARS:  # whole-line patterns state one fact in one sentence
            return None
        # (the patterns a line cannot match, by their needed words or first digit, are not searched)
        return self.pattern_screen.first_match(stripped, head)


_Pieces = tuple[str, int, str, "tuple[int, int] | None", "str | None", bool, bool]
_UNSEEN: Any = object()  # a label not looked up yet (`Lexicon.lookup`)
# The last line read and its pieces: a line is read exactly, then (no label found) approximately,
# and the pieces are the same both times. One tuple, read and replaced whole (threads share it).
_LAST_READ: list[tuple[str | None, _Pieces | None]] = [(None, None)]


def _line_pieces(line: str) -> _Pieces | None:
    """A line cut for reading as a label: its text without blanks and an OCR speck, where that
    starts, the text without its trailing marks (a label alone; "" when it cannot be one), the
    separator's span and the text before it (an inline label, if it can be one), whether that
    is a contents line ("Decision ........ 2") and whether the approximate reading may read the
    whole line as a label; None for a blank line. What can be told of the line alone is told
    here, once for both readings."""
    stripped = line.strip()
    if not stripped:
        return None
    # OCR reads a speck before a label as "-" or "."
    speck = _SPECK.match(stripped) if stripped[0] in _SPECK_FIRST else None
    if speck:
        stripped = stripped[speck.end():]
    lead = len(line) - len(line.lstrip()) + (speck.end() if speck else 0)
    # Both the label alone and the inline one open with the line's first character (no blank
    # leads it, nor a speck's lookahead's capital): where `_plausible_label` refuses that, it
    # refuses both, and no separator is looked for.
    first = stripped[0]
    if not (first.isalpha() or first == "("):
        return stripped, lead, "", None, None, False, False
    whole = stripped.rstrip(_TRAILING_CHARS) if len(stripped) <= MAX_LABEL_CHARS + 8 else ""
    if whole and (len(whole) > MAX_LABEL_CHARS or whole.count(".") > 1):
        whole = ""  # (asked once a line, not at each reading)
    sep = _separator(stripped, min(len(stripped), MAX_LABEL_CHARS + 4))
    inline = stripped[: sep[0]] if sep else None
    contents = False
    if inline is not None and sep is not None:
        if inline.count(".") > 1:  # (`_plausible_label`, its first character tested above)
            inline = None
        else:
            mark = stripped[sep[0]:sep[1]]
            contents = stripped[sep[1]:].strip().isdigit() and ("." in mark or "…" in mark)
    # a sentence or a clause is no mistyped label, nor a line whose inline label has its value
    whole_approximate = (inline is None or sep is None or sep[1] >= len(stripped)) and not stripped.endswith(
        (".", ";", ","))
    return stripped, lead, whole, sep, inline, contents, whole_approximate


def _separator(text: str, end: int) -> tuple[int, int] | None:
    """(start, end) of the first label separator after the first character, or None."""
    first = _SEPARATOR_START.search(text, 1, end)
    if first is None:
        return None  # none of the characters a separator needs: no search
    at = first.start()
    if text[at] in "\t\xa0":  # a gap of three may start up to two blanks before its tab
        at = max(1, at - 2)
    found = _SEPARATOR.search(text, at, end)  # (the look-behinds still see the text before ``at``)
    if found is None:
        return None
    start = found.start()
    while start > 1 and text[start - 1].isspace():
        start -= 1
    return start, found.end()


def _masked_keys(entries: dict[str, LabelEntry]) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """Each label key's words with one word hidden ("*"), and the keys that hide to them: a
    mistyped word is looked for among the keys that differ from the typed label in it alone."""
    masked: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key in sorted(entries):
        key_words = tuple(key.split())
        for position in range(len(key_words)):
            masked.setdefault(key_words[:position] + ("*",) + key_words[position + 1 :], []).append(key_words)
    return masked


def _near_miss(typed: str, word: str) -> bool:
    """A mistyped long word: same first letter, mostly the same letters ("desicion", "delared")."""
    if typed == word or len(word) < 5 or typed[:1] != word[:1]:
        return False
    matcher = difflib.SequenceMatcher(None, typed, word)
    # real_quick_ratio and quick_ratio are upper bounds of ratio (difflib's docs): cheap rejections first
    return matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75


def _plausible_label(label: str) -> bool:
    """Labels start with a letter (or a bracket) and are no sentence."""
    first = label.lstrip()[:1]
    return bool(first) and (first.isalpha() or first == "(") and label.count(".") <= 1


def line_value(match: LabelMatch, line: str) -> str:
    return "" if match.value_start is None else line[match.value_start :].strip()


@lru_cache(maxsize=8)
def load_lexicon(user: tuple[str, ...] = ()) -> Lexicon:
    """The bundled lexicon, loaded once per process; ``user`` names lexicon files (labels.toml's
    format, ``[fields.NAME] labels = [...]``) whose labels extend it."""
    data = resources.files("extractor") / "data"
    labels = tomllib.loads((data / "labels.toml").read_text(encoding="utf-8"))
    words = load_words_data()
    for path in user:
        try:
            extra = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise LexiconError(f"lexicon {path}: {exc}") from None
        labels = extend_labels(labels, extra, str(path))
    return Lexicon(labels, words)


def extend_labels(labels: dict[str, Any], extra: dict[str, Any], name: str = "user lexicon") -> dict[str, Any]:
    """labels.toml data with a user lexicon's field labels added (only ``[fields.*]`` is read)."""
    fields = {field: dict(spec) for field, spec in labels.get("fields", {}).items()}
    for field, spec in extra.get("fields", {}).items():
        if field not in VALUE_FIELDS or not isinstance(spec, dict) or not isinstance(spec.get("labels"), list):
            raise LexiconError(f"{name}: [fields.{field}] must name a field of the contract and list its labels")
        base = fields.setdefault(field, {"shape": FIELD_SHAPES.get(field, "line"), "labels": []})
        known = {normalise_label(label) for label in base["labels"]}
        base["labels"] = list(base["labels"]) + [str(x) for x in spec["labels"] if normalise_label(str(x)) not in known]
    return {**labels, "fields": fields}
