"""Value parsers: pure and total. Each returns the value (or None) and warning codes; none raises.

>>> parse_date("Tuesday, 5 June 2012").value
datetime.date(2012, 6, 5)
>>> parse_bool("Non-key").value
False
>>> parse_contact("David Lindsay, Head of IT Services Email: DaveLindsay@maidstone.gov.uk.").value.email
'DaveLindsay@maidstone.gov.uk'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, NamedTuple

import regex

from .lexicon import load_lexicon
from .vocabulary import Words


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed value with the warning codes its parsing raised."""

    value: Any
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactValue:
    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None


class DateMatch(NamedTuple):
    """A date found in a text, with where it stands. A named tuple, as `Line` is: several are
    built for every value, and a frozen dataclass took four times as long to build."""

    date: dt.date | None
    start: int
    end: int
    warnings: tuple[str, ...]


def _words(words: Words | None) -> Words:
    return words if words is not None else load_lexicon().words


_DIGIT = regex.compile(r"\d")
_LAST_DIGIT = regex.compile(r"\d", regex.REVERSE)


# Where a date can start. The pattern opens with (?<![\w/.-]) and then a digit, or a weekday or a
# month's name with only ".", "," and white space between it and the date's first digit (the
# names are letters: a date never starts inside a word). So every date starts at a digit with
# no word character, "/", "." or "-" before it, or at the names just before such a digit: the
# month (and a weekday before it) of "Monday, 5 March" ... "Monday, March 5", or a weekday alone
# ("Monday 5 March"). Read backwards from the digit, the names there are unique.
_DIGIT_START = regex.compile(r"(?<![\w/.-])\d")


# The dates of the texts read last: a document's stages ask about the same line or cell again (the
# table readers, the inline labels, the values). Bounded: started again when full, so a run over
# many documents keeps only the recent ones (a document's own).
RECENT_DATES = 256
_RECENT: dict[tuple[str, int], tuple[Words, tuple[DateMatch, ...]]] = {}


def find_dates(text: str, *, words: Words | None = None) -> list[DateMatch]:
    """Every date written in ``text``, in order (invalid ones with ``date`` None).

    >>> [str(m.date) for m in find_dates("Decided: 13/06/2012 - Cabinet, on 31st March 2012.")]
    ['2012-06-13', '2012-03-31']
    """
    digit = _DIGIT.search(text)
    if digit is None:
        return []  # every date form, and every OCR misreading of one, has a digit in it
    w = _words(words)
    key = (text, id(w))
    known = _RECENT.get(key)
    if known is not None and known[0] is w:  # (the same vocabulary, not one at a reused address)
        return list(known[1])
    found = _find_dates(text, w)
    if len(_RECENT) >= RECENT_DATES:
        _RECENT.clear()
    _RECENT[key] = (w, tuple(found))
    return found


def _dates_at(read: str, pattern: Any, names_before: tuple[Any, Any], end: int) -> Iterator[Any]:
    """The pattern's matches in ``read[:end]``, as ``finditer`` finds them, tried only where a date
    can start (`_DIGIT_START`): the pattern, tried at every letter of a long text, cost more
    than all the rest of reading its dates."""
    after_names, after_weekday = names_before
    pos = 0  # where the last match ended: the next starts no earlier
    for digit in _DIGIT_START.finditer(read, 0, end):
        at = digit.start()
        if at < pos:
            continue  # within the last date
        starts = [at]
        if (names := after_names.match(read, pos, at)) is not None:
            starts += names.starts("w") + names.starts("m")
        if (names := after_weekday.match(read, pos, at)) is not None:
            starts += names.starts("w")
        for start in sorted(set(starts)) if len(starts) > 1 else starts:
            if start >= pos and (m := pattern.match(read, start, end)) is not None:
                pos = m.end()
                yield m
                break


def _find_dates(text: str, w: Words) -> list[DateMatch]:
    pattern, names_before, index = w.dates
    read = _OCR_DIGITS.sub(_as_digits, text) if _OCR_SUSPECT.search(text) else text
    found = []
    # Every date ends with a digit and looks one character past it ((?![\w/-])): the reading stops
    # there, not at the end of a long text whose last date is near its start.
    last = _LAST_DIGIT.search(read).start()
    for m in _dates_at(read, pattern, names_before, min(len(read), last + 2)):
        start, end = m.span()
        groups = m.groups()
        y1, m1, d1, y2, m2, d2, y3, m3, d3, y4, m4, d4 = (groups[k] for k in index)
        warnings: list[str] = []
        if read is not text and read[start:end] != text[start:end]:
            warnings.append("ocr_digits_read")
        if y1:
            y, mo, d = int(y1), int(m1), int(d1)
        elif y2:
            y, mo, d = _year(y2, warnings), int(m2), int(d2)
            if mo > 12 and d <= 12:  # impossible day-first: read month-first, and say so
                mo, d = d, mo
                warnings.append("month_first_date")
        elif y3:
            y, mo, d = _year(y3, warnings), w.months[m3.lower()], int(d3)
        else:
            y, mo, d = int(y4), w.months[m4.lower()], int(d4)
        try:
            value: dt.date | None = dt.date(y, mo, d)
        except ValueError:
            value = None
            warnings.append("unparsed_date")
        found.append(DateMatch(value, start, end, tuple(warnings)))
        if end > last:
            break  # no digit left for another date
    return found


# OCR reads 0 as O and 1 as l, I or |: a run of digits and those letters with a digit in it
# (2O12, l3, 1O/O6/2O12) is read as digits. Same length, so offsets hold.
OCR_DIGIT_CHARS = "OoIl|"  # what a scan prints for 0 and 1 (the table and reflow guards read it too)
_OCR_SUSPECT = regex.compile(r"\d[OoIl|]|[OoIl|]\d")
_OCR_DIGITS = regex.compile(r"(?<![\p{L}\d])(?=[\dOoIl|]*\d)[\dOoIl|]*[OoIl|][\dOoIl|]*(?:[/.-][\dOoIl|]{1,4}){0,2}(?![\p{L}\d])"
                            r"|(?<=\d[/.-])[OoIl|]{1,2}(?=[/.-]\d)")
_DIGIT_OF = str.maketrans(OCR_DIGIT_CHARS, "00111")


def _as_digits(match: Any) -> str:
    return match.group(0).translate(_DIGIT_OF)


def _year(text: str, warnings: list[str]) -> int:
    digits = text.lstrip("'")
    if len(digits) == 2:
        warnings.append("two_digit_year")
        year = int(digits)
        return 2000 + year if year < 70 else 1900 + year
    return int(digits)


_DATE_RESIDUE = regex.compile(r"^[\s.,;:\-–()]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm)?)?[\s.,;:\-–()]*$", regex.I)


def parse_date(raw: str, *, words: Words | None = None) -> Parsed:
    """The first date in a date field's value, as ``datetime.date``.

    >>> parse_date("13.06.2012").value, parse_date("2013/12/13").value
    (datetime.date(2012, 6, 13), datetime.date(2013, 12, 13))
    >>> parse_date("June 5, 2012").value
    datetime.date(2012, 6, 5)
    >>> parse_date("13/06/12")
    Parsed(value=datetime.date(2012, 6, 13), warnings=('two_digit_year',))
    >>> parse_date("next Tuesday")
    Parsed(value=None, warnings=('unparsed_date',))
    >>> parse_date("1O March 2O11")
    Parsed(value=datetime.date(2011, 3, 10), warnings=('ocr_digits_read',))
    >>> parse_date("31/02/2012")
    Parsed(value=None, warnings=('unparsed_date',))
    """
    if not isinstance(raw, str) or not raw.strip():
        return Parsed(None, ())
    for match in find_dates(raw, words=words):
        if match.date is not None:
            return Parsed(match.date, match.warnings)
        return Parsed(None, match.warnings)
    return Parsed(None, ("unparsed_date",))


def is_date_only(raw: str, *, words: Words | None = None) -> bool:
    """True when the value is a date and nothing else (a time or punctuation may follow).

    >>> is_date_only("18 May 2011"), is_date_only("That the report be approved on 18 May 2011.")
    (True, False)
    """
    matches = find_dates(raw, words=words)
    if len(matches) != 1 or matches[0].date is None:
        return False
    rest = raw[: matches[0].start] + " " + raw[matches[0].end :]
    return bool(_DATE_RESIDUE.match(rest))


_BOOL_ASIDE = regex.compile(r"\s+[-–]\s+|\s*[(,;:]")
_BOOL_TRIM = regex.compile(r"^[\s\W_]+|[\s.;:,!]+$")


MAX_BOOL_WORDS = 4  # a longer yes/no value is a sentence, read for the phrases that answer it


def parse_bool(raw: str, *, words: Words | None = None) -> Parsed:
    """Yes/No, Y/N, Key/Non-key to a boolean.

    >>> [parse_bool(v).value for v in ("Yes", "N", "Key", "no.", "Non key decision")]
    [True, False, True, False, False]
    >>> parse_bool("Officer")
    Parsed(value=None, warnings=('unparsed_boolean',))
    >>> [parse_bool(v).value for v in ("Na / No", "Yes / No", "This decision is not subject to call-in as it is urgent.")]
    [False, None, False]
    """
    w = _words(words)
    if not isinstance(raw, str) or not raw.strip():
        return Parsed(None, ())
    boxes = _box_pattern(w.ticked_boxes, w.empty_boxes)
    if boxes.search(raw):  # a form's tick boxes decide, or nothing does
        ticked = _checkbox_choice(raw, boxes)
        return Parsed(ticked) if ticked is not None else Parsed(None, ("unparsed_boolean",))
    key = " ".join(_BOOL_TRIM.sub("", raw).lower().split())
    if key in w.true_words:
        return Parsed(True)
    if key in w.false_words:
        return Parsed(False)
    head = _BOOL_ASIDE.split(key, maxsplit=1)[0].strip()  # "N/A - urgent decision", "Non-key (officer)"
    if head in w.true_words or head in w.false_words:
        return Parsed(head in w.true_words)
    first = regex.split(r"[\s,;.(-]+", key, maxsplit=1)[0]
    said = {m.lastgroup for m in _YES_NO.finditer(key)}
    if first in {"yes", "no"} and len(said) == 1:  # "Yes - the decision is ...", "No (exempt)"; not "Yes / No"
        return Parsed(first == "yes")
    if "/" in key:  # "Na / No", "Ydy / Yes": one answer in two languages (not "Yes / No", a choice left open)
        sides = {True if part in w.true_words else False if part in w.false_words else None
                 for part in (p.strip() for p in key.split("/"))}
        if len(sides) == 1 and None not in sides:
            return Parsed(sides.pop())
    if len(key.split()) > MAX_BOOL_WORDS:  # a sentence that says it: "This decision is not subject to call-in because ..."
        said_in = _sentence_answer(key, w)
        if said_in is not None:
            return Parsed(said_in)
    return Parsed(None, ("unparsed_boolean",))


def _sentence_answer(key: str, w: Words) -> bool | None:
    """The answer a sentence gives: the longest yes or no phrase of two words or more in it, turned
    round by a "not" right before it ("it is not exempt from call-in": yes)."""
    best: tuple[int, bool] | None = None
    for value, phrases in ((False, w.false_words), (True, w.true_words)):
        for phrase in phrases:
            if " " not in phrase or (best is not None and len(phrase) <= best[0]):
                continue
            found = regex.search(rf"\b{regex.escape(phrase)}\b", key)
            if found is not None:
                negated = key[max(0, found.start() - 4):found.start()] == "not "
                best = (len(phrase), value != negated)
    return None if best is None else best[1]


@lru_cache(maxsize=4)
def _box_pattern(ticked: str, empty: str) -> Any:
    on = f"[{regex.escape(ticked)}]|" if ticked else ""
    off = f"[{regex.escape(empty)}]|" if empty else ""
    return regex.compile(rf"(?P<on>{on}\[\s*[xX✓✔]\s*\])|(?P<off>{off}\[\s*\])")


_YES_NO = regex.compile(r"\b(?P<yes>yes)\b|\b(?P<no>no)\b", regex.I)


def _checkbox_choice(raw: str, box_pattern: Any) -> bool | None:
    """Word forms tick a box: "Yes ☒ No ☐", "☐ Yes ☒ No", "Yes [X] No [ ]". The ticked box's
    own word (the one after it when the boxes come first, else the one before) is the answer.

    >>> boxes = _box_pattern("☒", "☐")
    >>> [_checkbox_choice(v, boxes) for v in ("Yes ☒ No ☐", "☐ Yes ☒ No", "Yes [ ] No [x]")]
    [True, False, False]
    """
    boxes = list(box_pattern.finditer(raw))
    answers = list(_YES_NO.finditer(raw))
    ticked = [b for b in boxes if b.group("on")]
    if len(ticked) != 1 or len(boxes) < 2 or len(answers) < 2:
        return None
    boxes_first = boxes[0].start() < answers[0].start()
    box = ticked[0]
    if boxes_first:
        word = next((a for a in answers if a.start() >= box.end()), None)
    else:
        word = next((a for a in reversed(answers) if a.end() <= box.start()), None)
    return None if word is None else word.group("yes") is not None


_TRAILING_LAYOUT = regex.compile(r"[\s.;,:]+$", regex.REVERSE)  # from the end: linear
_LAYOUT_MARKS = frozenset(".;,:")  # what `_TRAILING_LAYOUT` strips that is no white space


def clean_line(raw: str) -> str | None:
    """One-line values: collapse whitespace and trim template punctuation (``Cabinet.`` -> ``Cabinet``).

    >>> clean_line("  Policies, Plans,   Strategies; "), clean_line("Cabinet."), clean_line(" . ")
    ('Policies, Plans, Strategies', 'Cabinet', None)
    """
    text = " ".join(raw.split())
    if text.endswith("...") or text.endswith("…"):
        return text or None
    # (split() parts the text at every character `regex` reads as \s: only ".;,:" can end it)
    if text[-1:] in _LAYOUT_MARKS:
        text = _TRAILING_LAYOUT.sub("", text)
    return text or None


def is_empty_value(text: str, *, words: Words | None = None) -> bool:
    """Values that state nothing ("This Decision does not contain any Ward records.")."""
    w = _words(words)
    stripped = text.strip()
    if not stripped:
        return True
    joined = w.empty_values_joined  # (one call instead of one a pattern, for every value read)
    return joined.match(stripped) is not None if joined is not None else any(p.match(stripped) for p in w.empty_values)


_EMAIL = regex.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", regex.UNICODE)
_DIGIT_DOT = regex.compile(r"(?<=\d)\.(?=\d)")
_EMAIL_GAP = regex.compile(r"(?<=[\w.])\s*@\s*(?=[\w-]+\.\w)")  # OCR spaces out "name @domain"
# A UK number; groups may be parted by spaces, dashes, brackets or dots ("01524.582603", also OCR
# reading a speck in the gap). With a dot it must hold a whole number (10+ digits), not a date.
_PHONE = regex.compile(r"(?<![\w])(?:\+44\s?\(?0?\)?\s?|\(?0)\d[\d\s().-]{7,}\d(?:\s*(?:ext\.?|extension|x)\s*\d{2,6})?")


MAX_CONTACT_TAIL_WORDS = 6  # words after the phone number that still belong to the contact
_STRAY_MARKS = regex.compile(r"(?:\s+[*•·]+)+\s*$")  # "Alan Rowley * *": bullets a flattened form left


@lru_cache(maxsize=4)
def _labelled_phone(labels: tuple[str, ...]) -> Any:
    """A number of six digits or more right after a phone label, with or without a leading 0."""
    alternatives = "|".join(regex.escape(x) for x in sorted(labels, key=len, reverse=True))
    return regex.compile(rf"(?i)(?<=\b(?:{alternatives})\b\.?\s*[:.]?\s*(?:no\.?\s*[:.]?\s*)?)\+?\d[\d\s()-]{{4,}}\d")


@lru_cache(maxsize=4)
def _contact_labels(labels: tuple[str, ...]) -> Any:
    """"Email:", "Tel." and the like, as one pattern (built once per vocabulary)."""
    alternatives = "|".join(regex.escape(x) for x in sorted(labels, key=len, reverse=True))
    return regex.compile(rf"(?i)\b(?:{alternatives})\b\.?\s*[:.]?(?:\s*no\b\.?\s*[:.]?)?")


# A site's e-mail obfuscation leaves this where an address was ("[email protected]"): no address, no name
_HIDDEN_EMAIL = regex.compile(r"\[\s*(?:email|e-mail)?\s*protected\s*\]\.?", regex.I)


def parse_contact(raw: str, *, words: Words | None = None) -> Parsed:
    """``Name, Role Email: x Tel: y.`` into name, role, email and phone.

    >>> parse_contact("Janet Elliott, Regeneration Programme Manager Email: Tel: (01634) 331023.").value
    ContactValue(name='Janet Elliott', role='Regeneration Programme Manager', email=None, phone='(01634) 331023')
    >>> parse_contact("Colin Sweeney, Democratic Services Manager").value.role
    'Democratic Services Manager'
    >>> parse_contact("Priya Raman Email: priya.raman @netherby.gov.uk").value.email
    'priya.raman@netherby.gov.uk'
    >>> parse_contact("Alan Rowley * * tel: no: 909 6500 This matter is also subject to call-in").value
    ContactValue(name='Alan Rowley', role=None, email=None, phone='909 6500')
    >>> parse_contact("Head of Housing and Health.").value
    ContactValue(name=None, role='Head of Housing and Health', email=None, phone=None)
    >>> parse_contact("") .value is None
    True
    >>> parse_contact("Rachel Biles, Leisure Strategy Manager Email: [email protected].").value
    ContactValue(name='Rachel Biles', role='Leisure Strategy Manager', email=None, phone=None)
    """
    w = _words(words)
    if not isinstance(raw, str):
        return Parsed(None)
    text = _HIDDEN_EMAIL.sub(" ", " ".join(raw.split()))  # "[email protected]": an address the page hid
    joined = _EMAIL_GAP.sub("@", text)
    email_match = _EMAIL.search(joined)
    email = email_match.group(0).rstrip(".") if email_match else None
    if email_match:
        text = joined[: email_match.start()] + " " + joined[email_match.end() :]
    phone_match = next((m for m in _PHONE.finditer(text)
                        if "." not in m.group(0) or sum(c.isdigit() for c in m.group(0)) >= 10), None)
    if phone_match is None:  # a local number after its label ("tel: no: 909 6500")
        phone_match = _labelled_phone(tuple(w.phone_labels)).search(text)
    # dots between digit groups are written as spaces: a style (or an OCR speck), not part of the number
    phone = _DIGIT_DOT.sub(" ", _TRAILING_LAYOUT.sub("", phone_match.group(0)).strip()) if phone_match else None
    if phone_match:
        tail = text[phone_match.end() :]
        # a flattened form runs the next sentence on after the number: no part of the contact
        text = text[: phone_match.start()] + " " + (tail if len(tail.split()) <= MAX_CONTACT_TAIL_WORDS else "")
    text = _contact_labels(tuple(w.email_labels + w.phone_labels)).sub(" ", text)
    rest = clean_line(_STRAY_MARKS.sub("", text)) or ""
    name, role = None, None
    if rest:
        name, _, role = (part.strip(" ,;-–") for part in rest.partition(","))
        name, role = name or None, role or None
        if name and not role and w.role_words.search(name):
            role, name = name.rstrip("."), None  # "Head of Housing and Health.": a role, no person
    if not any((name, role, email, phone)):
        return Parsed(None)
    return Parsed(ContactValue(name, role, email, phone))


_BODY_SEPARATOR = regex.compile(r"^[\s\-–:,]*(?:by\s+)?", regex.I)
_ITEM_REFERENCE = regex.compile(r"\s*\((?:agenda\s+)?item\s+[\w.]+\)\s*$", regex.I)  # "Cabinet (Item 6.)"
DATED_BODY = regex.compile(r"^\s*\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\s*[-–]\s*\S")  # "14/11/2016 - Cabinet"


# "Cabinet Member for Leisure on 4 June 2025": a decider, then the day they decided
BODY_ON_DATE = regex.compile(r"^(?P<body>\S.*?)(?:\s+(?:acting\s+)?under\s+delegated\s+(?:powers|authority))?"
                             r"\s*(?:,\s*|\s+)(?:on|dated)\s+(?P<date>(?:\w+day,?\s+)?\d[^\n]{3,30}?)[.:]?\s*$", regex.I)


def split_body_on_date(raw: str, *, words: Words | None = None) -> tuple[Parsed, str] | None:
    """``Cabinet Member for Leisure on 4 June 2025`` -> the date and the decider; None when the
    value does not end so (or what follows "on" is no date alone).

    >>> parsed, body = split_body_on_date("Cabinet on Tuesday 11 June 2025")
    >>> parsed.value, body
    (datetime.date(2025, 6, 11), 'Cabinet')
    >>> split_body_on_date("Head of Policy on Housing") is None
    True
    >>> split_body_on_date("the Head of Parks under delegated powers on 2 June 2025:")[1]
    'the Head of Parks'
    """
    found = BODY_ON_DATE.match(raw.strip())
    if found is None or not is_date_only(found.group("date"), words=words):
        return None
    return parse_date(found.group("date"), words=words), found.group("body").rstrip(" ,")


def split_date_and_body(raw: str, *, words: Words | None = None) -> tuple[Parsed, str | None]:
    """``13/06/2012 - Cabinet.`` -> the date and the body that decided.

    >>> parsed, body = split_date_and_body("13/06/2012 - Cabinet.")
    >>> parsed.value, body
    (datetime.date(2012, 6, 13), 'Cabinet')
    >>> split_date_and_body("14/11/2016 - Cabinet (Item 6.)")[1]  # a meeting's item number is no part of it
    'Cabinet'
    """
    matches = find_dates(raw, words=words)
    if not matches:
        return parse_date(raw, words=words), None
    first = matches[0]
    body = clean_line(_ITEM_REFERENCE.sub("", _BODY_SEPARATOR.sub("", raw[first.end :])))
    parsed = Parsed(first.date, first.warnings) if first.date else Parsed(None, ("unparsed_date",))
    return parsed, body


_DUE_BY = regex.compile(r"\bby\s+(?P<body>\S.*)$", regex.I)


def split_due_by(raw: str) -> str | None:
    """``11 February 2020 by Cabinet`` -> ``Cabinet`` (a plan date is not a decision date).

    >>> split_due_by("April 2010 by Leader and Cabinet Member for Health Reform")
    'Leader and Cabinet Member for Health Reform'
    """
    found = _DUE_BY.search(raw)
    return clean_line(found.group("body")) if found else None


def strip_document_size(title: str, *, words: Words | None = None) -> str:
    """``Reference from SDDC (28K/bytes)`` -> ``Reference from SDDC``.

    >>> strip_document_size("Report to Cabinet (PDF, 120 KB)")
    'Report to Cabinet'
    >>> strip_document_size("Officer decision form PDF 175 KB View as DOCX (1) 36 KB")
    'Officer decision form'
    >>> strip_document_size("Restricted enclosure View reasons restricted")
    'Restricted enclosure'
    """
    w = _words(words)
    while True:  # "Form PDF 175 KB View as DOCX (1) 36 KB": a link, then a size, from the end
        shorter = w.document_size.sub("", title).strip()
        if shorter == title.strip():
            return shorter
        title = shorter
