"""Saved web pages (.html, .htm, .mht/.mhtml) read by their structure, as Word documents are.

Block elements become lines, ``<br>`` breaks a line, list items get a bullet, a two-cell table
row (``th|td`` or ``td|td``) and ``dt``/``dd`` pairs become a label line and its value lines,
headings and all-bold blocks carry the ``heading``/``bold`` hints. Site chrome (navigation,
header, footer, aside, scripts, forms, cookie banners, skip links, breadcrumbs) is dropped and
counted; where the page marks its main content (``<main>``, ``role=main``, a content container)
only that is read. Each line's ``locator`` is a short CSS-like path (``main/table[2]/tr[3]/td[2]``).

Parser: lxml.html (libxml2). It is already installed for python-docx, is well kept, and on our
pages it is as fast as selectolax once the walk is counted (bench/README.md); selectolax would
add a dependency for no gain in the time that matters.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re

from ..document import Document
from ..errors import InputError
from ..normalise import RawLine, assemble_lines
from .text import mark_hard_wraps

BLOCK = frozenset("""address article blockquote body center dd details dialog div dl dt fieldset figcaption figure
h1 h2 h3 h4 h5 h6 hr html li main ol p pre section summary table tbody thead tfoot tr ul caption""".split())
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BOLD = frozenset({"b", "strong"})
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "script", "style", "noscript", "form", "template",
                         "iframe", "svg", "button", "select", "textarea", "head", "object", "embed"})
# class/id/role words that mark site chrome (cookie banners, skip links, breadcrumbs, menus)
_CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(?:cookie\w*|consent|gdpr|skip(?:link|-link|_link)?|breadcrumbs?|crumbs?|navbar|menu|masthead|"
    r"site-?header|site-?footer|sidebar|banner|share|social|search|pagination)(?:$|[\s_-])", re.I)
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})
_MAIN_HINT = re.compile(r"(?:^|[\s_-])(?:main-?content|maincontent|content-?main|page-?content|mgcontent|"
                        r"modgov|article-?body|main)(?:$|[\s_-])", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_page(data: bytes) -> tuple[str, str, bool]:
    """``(text, encoding, guessed)``: the BOM, then ``<meta charset>`` or ``http-equiv``, then a guess.

    >>> decode_page(b'<meta charset="windows-1252"><p>caf\\xe9')[1:]
    ('windows-1252', False)
    >>> decode_page(b'<p>caf\\xe9')[1:]
    ('windows-1252', True)
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name, False
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
            name = "windows-1252"  # what browsers do (WHATWG encoding standard)
        if _usable(name):
            try:
                return data.decode(name, errors="replace"), name, False
            except (LookupError, UnicodeError):  # a codec that cannot decode this page: as if undeclared
                pass
    try:
        return data.decode("utf-8"), "utf-8", False  # valid UTF-8 is not a guess worth a warning
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252", True


MAX_ATTRIBUTES = 256  # per element: libxml2 checks each new attribute against all before it (n² in one tag)
_LONG_TAG = re.compile(r"<([A-Za-z][\w:-]*)(\s[^<>]{2048,})>")  # an opening tag of 2 KB or more
_ATTRIBUTE = re.compile(r"""\s*[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")


def cap_attributes(text: str) -> str:
    """The page with at most MAX_ATTRIBUTES attributes an element (the first ones kept): a tag of
    200,000 attributes took libxml2 minutes; no page a person reads has one.

    >>> cap_attributes("<div " + " ".join(f"a{n}=x" for n in range(1000)) + ">Text</div>").count("=")
    256
    >>> cap_attributes('<p class="x">Text</p>')
    '<p class="x">Text</p>'
    """
    def capped(tag: re.Match[str]) -> str:
        attributes = _ATTRIBUTE.findall(tag.group(2))
        if len(attributes) <= MAX_ATTRIBUTES:
            return tag.group(0)
        return f"<{tag.group(1)}{''.join(attributes[:MAX_ATTRIBUTES])}>"

    return _LONG_TAG.sub(capped, text)


_PROBE = b"<meta charset=x><p>Decision: 1</p>"


def _usable(name: str) -> bool:
    """Whether a declared charset can read a web page: a text encoding Python knows that reads
    ASCII as ASCII (the page's own markup declared it). ``idna``, ``undefined``, ``base64``,
    ``utf-32`` are not: the page is read as if it declared nothing.

    >>> [_usable(n) for n in ("windows-1252", "utf-8", "shift_jis", "idna", "undefined", "base64", "utf-32", "nonsense")]
    [True, True, True, False, False, False, False, False]
    """
    try:
        if not getattr(codecs.lookup(name), "_is_text_encoding", True):
            return False
        return _PROBE.decode(name, errors="replace") == _PROBE.decode("ascii")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return False


def mhtml_page(data: bytes, path: str | None) -> bytes:
    """The first text/html part of a single-file (.mht) save, as bytes with its charset declared."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            body = payload if isinstance(payload, bytes) else b""
            charset = part.get_content_charset()
            if charset and not _META_CHARSET.search(body[:4096]):
                body = f'<meta charset="{charset}">'.encode("ascii") + body
            return body
    raise InputError("a MIME web archive (.mht) with no HTML part", code="corrupt_file", path=path)


def _is_chrome(el) -> bool:
    if el.tag in CHROME_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    role = (el.get("role") or "").lower()
    if role in _CHROME_ROLES:
        return True
    words = f"{el.get('class') or ''} {el.get('id') or ''}"
    if words.strip() and _CHROME_WORDS.search(words):
        return True
    if el.tag == "a" and (el.get("href") or "").startswith("#") and "skip" in (el.text_content() or "").lower():
        return True
    return False


def _count_chrome(el, skip) -> int:
    """Top-most chrome elements under ``el``, leaving out ``skip`` (the content already read); each
    element once, without recursion (a page may nest thousands deep)."""
    count, todo = 0, [el]
    while todo:
        for child in todo.pop():
            if child is skip or not isinstance(child.tag, str):
                continue
            if _is_chrome(child):
                count += 1
            else:
                todo.append(child)
    return count


def _rows(table):
    """The table's own rows (directly, or in its thead, tbody and tfoot): never a nested table's."""
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            yield child
        elif child.tag in {"thead", "tbody", "tfoot"}:
            yield from (row for row in child if isinstance(row.tag, str) and row.tag == "tr")


MAX_DEPTH = 160  # elements deep: past it a subtree is dropped, and the document says so (content_dropped)


def _main_content(body):
    """The element the page marks as its content, or the body."""
    for el in body.iter("main"):
        return el
    for el in body.iter():
        if isinstance(el.tag, str) and (el.get("role") or "").lower() == "main":
            return el
    for el in body.iter("div", "section", "article"):
        if _MAIN_HINT.search(f"{el.get('id') or ''} {el.get('class') or ''}"):
            return el
    return body


class _Walker:
    def __init__(self) -> None:
        self.lines: list[RawLine] = []
        self.parts: list[str] = []
        self.bold_chars = 0
        self.text_chars = 0
        self.hints: set[str] = set()
        self.locator: str | None = None
        self.dropped: int = 0
        self.visits = 0  # elements visited: each once (the tests count these, not seconds)
        self.too_deep = 0  # subtrees past MAX_DEPTH, dropped

    def flush(self) -> None:
        text = "".join(self.parts)
        if text.strip():
            hints = set(self.hints)
            if self.text_chars and self.bold_chars >= self.text_chars:
                hints.add("bold")
            for piece in text.split("\n"):
                piece = " ".join(piece.split())
                if piece:
                    self.lines.append(RawLine(piece, None, None, frozenset(hints), self.locator))
        self.parts, self.bold_chars, self.text_chars, self.hints = [], 0, 0, set()

    def gap(self) -> None:
        self.flush()
        if self.lines and self.lines[-1].text:
            self.lines.append(RawLine(""))

    def text(self, value: str | None, bold: bool) -> None:
        if value:
            self.parts.append(value)
            visible = len(value.strip())
            self.text_chars += visible
            self.bold_chars += visible if bold else 0

    def walk(self, el, path: str, bold: bool = False, depth: int = 0) -> None:
        """Every child element in order, each with its CSS-like path (``tag[n]`` among same-tag siblings)."""
        totals: dict[str, int] = {}
        for child in el:
            if isinstance(child.tag, str):
                totals[child.tag] = totals.get(child.tag, 0) + 1
        seen: dict[str, int] = {}
        for child in el:
            if not isinstance(child.tag, str):  # comments, processing instructions: only their tail is text
                self.text(child.tail, bold)
                continue
            n = seen[child.tag] = seen.get(child.tag, 0) + 1
            self.element(child, f"{path}/{child.tag}[{n}]" if totals[child.tag] > 1 else f"{path}/{child.tag}", bold,
                         depth + 1)

    def element(self, el, path: str, bold: bool, depth: int = 0) -> None:
        tag = el.tag
        self.visits += 1
        if depth > MAX_DEPTH:  # a page nested this deep is no layout a person reads: said, not recursed into
            self.too_deep += 1
            self.text(el.tail, bold)
            return
        if _is_chrome(el):
            self.dropped += 1
            self.text(el.tail, bold)
            return
        if tag == "br":
            self.parts.append("\n")
            self.text(el.tail, bold)
            return
        if tag == "table":
            self.table(el, path, depth)
        elif tag == "dl":
            self.definitions(el, path, depth)
        elif tag in BLOCK or tag in HEADINGS:
            self.gap() if tag in HEADINGS or tag in {"p", "table", "ul", "ol", "hr"} else self.flush()
            self.locator = path
            if tag in HEADINGS:
                self.hints.add("heading")
            if tag == "li":
                self.parts.append("• ")
            self.text(el.text, bold)
            self.walk(el, path, bold, depth)
            self.flush()
            if tag in HEADINGS or tag == "p":
                self.gap()
        else:  # inline: its text joins the current line
            if self.locator is None:
                self.locator = path
            inner_bold = bold or tag in BOLD
            self.text(el.text, inner_bold)
            self.walk(el, path, inner_bold, depth)
        self.text(el.tail, bold)

    def cell_text(self, cell) -> str:
        return " ".join(" ".join(t for t in cell.itertext() if t).split())

    def table(self, table, path: str, depth: int) -> None:
        self.gap()
        row_number = 0
        for row in _rows(table):  # its own rows: a nested table's rows are read once, where they stand
            if _is_chrome(row):
                continue
            row_number += 1
            self.visits += 1
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in {"td", "th"}]
            rpath = f"{path}/tr[{row_number}]"
            # a label cell holds words, not a layout table: one that does is a layout row, read cell by cell
            if len(cells) == 2 and cells[0].find(".//table") is None and self.cell_text(cells[0]):
                label = self.cell_text(cells[0])
                self.gap()
                self.lines.append(RawLine(label, None, None, frozenset({"label"}), f"{rpath}/{cells[0].tag}[1]"))
                self.locator = f"{rpath}/{cells[1].tag}[2]"
                self.text(cells[1].text, False)
                self.walk(cells[1], self.locator, False, depth + 2)
                self.flush()
                continue
            self.gap()
            for c, cell in enumerate(cells, 1):
                self.locator = f"{rpath}/{cell.tag}[{c}]"
                self.text(cell.text, False)
                self.walk(cell, self.locator, False, depth + 2)
                self.flush()
        self.gap()

    def definitions(self, dl, path: str, depth: int) -> None:
        self.gap()
        counts: dict[str, int] = {}
        totals = {"dt": len(dl.findall("dt")), "dd": len(dl.findall("dd"))}
        for child in dl:
            if not isinstance(child.tag, str) or child.tag not in {"dt", "dd"}:
                continue
            n = counts[child.tag] = counts.get(child.tag, 0) + 1
            self.locator = f"{path}/{child.tag}[{n}]" if totals[child.tag] > 1 else f"{path}/{child.tag}"
            if child.tag == "dt":
                self.gap()
                label = self.cell_text(child)
                if label:
                    self.lines.append(RawLine(label, None, None, frozenset({"label"}), self.locator))
                continue
            self.text(child.text, False)
            self.walk(child, self.locator, False, depth + 1)
            self.flush()
        self.gap()


_ERROR_PAGE = re.compile(r"\b(?:404|page not found|not found|access denied|sign in|log ?in|password)\b", re.I)


def read_html(data: bytes, *, path: str | None = None) -> Document:
    import lxml.html  # lazy: a text-only run never imports lxml

    if data.lstrip()[:200].lower().startswith((b"mime-version", b"from:", b"content-type")):
        data = mhtml_page(data, path)
    text, encoding, guessed = decode_page(data)
    text = cap_attributes(text)
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)  # libxml2's depth limit 2,048, not 256
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (ValueError, TypeError, lxml.etree.ParserError) as exc:
        raise InputError(f"the page could not be parsed: {exc}"[:200], code="corrupt_file", path=path) from None
    # past libxml2's own limits it stops reading (the rest of the page is lost): said, never silent
    cut_short = any(e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message for e in parser.error_log)
    body = root.find("body")
    if body is None:
        body = root
    main = _main_content(body)
    walker = _Walker()
    walker.element(main, main.tag, False)
    walker.flush()
    if main is not body:  # the chrome around the main content counts as dropped too
        walker.dropped += _count_chrome(body, main)
    raw = walker.lines
    while raw and not raw[-1].text:
        raw.pop()
    if not any(r.text.strip() for r in raw):
        forms = bool(body.xpath(".//input[@type='password']"))
        scripts = len(body.xpath(".//script"))
        why = ("a login form" if forms else f"only script ({scripts} scripts)" if scripts
               else f"its text is nested deeper than {MAX_DEPTH} elements" if walker.too_deep or cut_short else "no text")
        raise InputError(f"the page holds no readable content ({why}; {walker.dropped} chrome elements dropped)",
                         code="empty_file", path=path)
    joined, lines = assemble_lines(raw)
    # a text wrapped by hand and kept with a <br> per line (a PDF's text pasted into a page) runs
    # its sentences on over lines as a text file does: the same test marks them
    lines = mark_hard_wraps(joined, lines)
    warnings = ["encoding_guessed"] if guessed else []
    if walker.too_deep or cut_short:
        warnings.append("content_dropped")
    if len(joined) < 400 and _ERROR_PAGE.search(joined):
        warnings.append("error_page")
    return Document(joined, lines, "html", encoding, None, tuple(warnings), dropped=walker.dropped)
