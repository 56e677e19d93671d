"""Web pages: the same notice as a saved page (three shapes, two encodings) and as text gives the
same values; site chrome never reaches a value; locators, hints, encodings and bad pages."""

from functools import lru_cache
from pathlib import Path

import pytest

from extractor.coverage import coverage_gaps
from extractor.models import VALUE_FIELDS
from extractor.pipeline import run
from extractor.readers import read_document, sniff_format
from extractor.readers.html import decode_page

from .conftest import NOTICE_FIXTURES, SAMPLES
from .render import PAGE_SHAPES, render_html

NOTICES = [SAMPLES / "s000.txt", SAMPLES / "s004.txt", NOTICE_FIXTURES / "officer_record.txt",
           NOTICE_FIXTURES / "member_decision.txt", NOTICE_FIXTURES / "delegated_record.txt"]
PAGES = [(notice, shape, encoding, declare) for notice in NOTICES for shape in PAGE_SHAPES
         for encoding, declare in (("utf-8", True), ("windows-1252", False))]
CHROME_WORDS = ("Skip to main content", "cookies", "Councillors", "Accessibility", "dataLayer", "Forward plan",
                "Search")


@lru_cache(maxsize=None)
def page(notice: Path, shape: str, encoding: str, declare: bool, tmp=Path("/nonexistent")):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{notice.stem}.html"
        render_html(notice.read_text(encoding="utf-8"), out, shape, encoding, declare)
        data = out.read_bytes()
    return data, run(data, filename=f"{notice.stem}.{shape}.html")


@lru_cache(maxsize=None)
def text_values(notice: Path):
    return [n.model_dump(mode="json") for n in run(notice).result.notices]


def _id(case):
    notice, shape, encoding, declare = case
    return f"{notice.stem}-{shape}-{encoding}{'' if declare else '-undeclared'}"


@pytest.mark.parametrize("case", PAGES, ids=[_id(c) for c in PAGES])
def test_page_gives_the_values_of_its_text(case):
    _, extraction = page(*case)
    result = extraction.result
    assert result.error is None and result.source.format == "html"
    got = [n.model_dump(mode="json") for n in result.notices]
    want = text_values(case[0])
    for field in VALUE_FIELDS:
        assert [n[field] for n in got] == [n[field] for n in want], field
    assert coverage_gaps(extraction.document, extraction.assembled) == []


@pytest.mark.parametrize("case", PAGES[:6], ids=[_id(c) for c in PAGES[:6]])
def test_chrome_never_reaches_the_text(case):
    _, extraction = page(*case)
    for word in CHROME_WORDS:
        assert word not in extraction.document.text
    assert extraction.document.dropped >= 5  # skip link, cookie banner, header, breadcrumb, aside, footer ...


ENCODINGS = [
    ("utf8-meta", '<meta charset="utf-8"><p>Decision: £5 café</p>'.encode(), "utf-8", False),
    ("cp1252-meta", '<meta charset="windows-1252"><p>Decision: £5 café – ok</p>'.encode("cp1252"), "windows-1252", False),
    ("latin1-means-cp1252", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
     '<p>Decision: “quoted” £5</p>'.encode("cp1252"), "windows-1252", False),
    ("bom", b"\xef\xbb\xbf" + "<html><p>Decision: £5 café</p>".encode(), "utf-8-sig", False),
    ("undeclared-utf8", "<html><p>Decision: £5 café</p>".encode(), "utf-8", False),
    ("undeclared-cp1252", "<html><p>Decision: £5 café</p>".encode("cp1252"), "windows-1252", True),
]


@pytest.mark.parametrize("data, encoding, guessed", [c[1:] for c in ENCODINGS], ids=[c[0] for c in ENCODINGS])
def test_encoding_from_bom_meta_or_guess(data, encoding, guessed):
    text, found, was_guessed = decode_page(data)
    assert (found, was_guessed) == (encoding, guessed)
    document = read_document(data)
    assert "£5" in document.text and "\ufffd" not in document.text
    assert ("encoding_guessed" in document.warnings) == guessed


STRUCTURE = b"""<!DOCTYPE html><html><body><nav>Home | Decisions</nav>
<main><h1>Decision details</h1>
<table><tr><th>Decision maker:</th><td>Cabinet&nbsp;Member for Parks</td></tr>
<tr><td>Decision:</td><td><p>That the <b>pond</b> be cleared.</p><p>First line<br>second line</p></td></tr></table>
<dl><dt>Wards affected</dt><dd>Mill Ward</dd></dl>
<p><strong>Reasons for the decision</strong></p><ul><li>safety</li><li>wildlife</li></ul></main></body></html>"""


def test_structure_lines_hints_and_locators():
    document = read_document(STRUCTURE)
    lines = {document.text[l.start:l.end]: l for l in document.lines if l.end > l.start}
    assert "heading" in lines["Decision details"].hints and lines["Decision details"].locator == "main/h1"
    assert "label" in lines["Decision maker:"].hints
    assert lines["Decision maker:"].locator == "main/table/tr[1]/th[1]"
    assert lines["Cabinet Member for Parks"].locator == "main/table/tr[1]/td[2]"  # &nbsp; decoded
    assert lines["That the pond be cleared."].locator == "main/table/tr[2]/td[2]/p[1]"
    assert "second line" in lines and "First line" in lines  # <br> broke the line
    assert "label" in lines["Wards affected"].hints and lines["Mill Ward"].locator == "main/dl/dd"
    assert "bold" in lines["Reasons for the decision"].hints
    assert lines["• safety"].is_list_item
    assert "Home" not in document.text


def test_provenance_locator_names_the_element():
    notice = run(STRUCTURE, filename="page.html").result.notices[0]
    assert notice.decision_maker == "Cabinet Member for Parks"
    assert notice.provenance["decision_maker"].locator == "main/table/tr[1]/td[2]"
    assert notice.provenance["wards_affected"].locator == "main/dl/dd"


MHTML = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"XX\"\r\n\r\n--XX\r\n"
         b"Content-Type: text/html; charset=\"windows-1252\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
         b"<html><body><main><p>Decision maker: Cabinet</p><p>Decision: To spend =A35,000.</p></main></body></html>"
         b"\r\n--XX--\r\n")


def test_single_file_web_archive():
    assert sniff_format(MHTML) == "html"
    notice = run(MHTML, filename="page.mht").result.notices[0]
    assert notice.decision_maker == "Cabinet" and notice.decision == "To spend £5,000."


BAD_PAGES = [
    ("mostly-script", b"<html><head><script>" + b"var x = 1;" * 500 + b"</script></head><body>"
     b"<script>render()</script><noscript>Please enable JavaScript</noscript></body></html>", "empty_file", None),
    ("login-form", b"<html><body><form><label>User</label><input name=u><input type=password></form></body></html>",
     "empty_file", None),
    ("404", b"<html><body><main><h1>404</h1><p>Page not found</p></main></body></html>", None, "error_page"),
    ("sign-in", b"<html><body><main><h1>Sign in</h1><p>Please log in to see this decision.</p></main></body></html>",
     None, "error_page"),
]


@pytest.mark.parametrize("data, code, warning", [c[1:] for c in BAD_PAGES], ids=[c[0] for c in BAD_PAGES])
def test_bad_pages_get_one_coded_line(data, code, warning):
    result = run(data, filename="bad.html").result
    if code:
        assert result.error is not None and result.error.code == code and "\n" not in result.error.message
    else:
        assert result.error is None and warning in {w.code for w in result.warnings}


# -- nesting: each element read once, and a depth cap that says so (issue 30) ------------------------------
_ROWS = ("<tr><td>Title</td><td>Library opening hours</td></tr><tr><td>Decision Maker</td><td>Cabinet</td></tr>"
         "<tr><td>Decision</td><td>To extend the opening hours.</td></tr>"
         "<tr><td>Date of Decision</td><td>1 March 2024</td></tr>")


def _nested_tables(depth: int) -> bytes:
    """The notice's table inside ``depth - 1`` one-cell layout tables, the old way of laying out a page."""
    page = f"<table>{_ROWS}</table>"
    for _ in range(depth - 1):
        page = f"<table><tr><td>{page}</td></tr></table>"
    return f"<html><body>{page}</body></html>".encode()


def _visits(monkeypatch, data: bytes) -> tuple[int, int]:
    """(elements the reader visited, elements in the page): counted, not timed. A reader that visits
    more than twice the page is stopped at once (the old one visited 2^(d-1) times per nested row)."""
    import lxml.html

    from extractor.readers import html

    elements = sum(1 for _ in lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(huge_tree=True)).iter())
    count = [0]
    element = html._Walker.element

    def counted(self, *args, **kwargs):
        count[0] += 1
        if count[0] > 2 * elements:
            raise AssertionError(f"more than {2 * elements} element visits for a page of {elements} elements")
        return element(self, *args, **kwargs)

    monkeypatch.setattr(html._Walker, "element", counted)
    read_document(data, path="page.html")
    return count[0], elements


@pytest.mark.parametrize("depth", [1, 2, 5, 18, 40], ids=lambda d: f"{d}-deep")
def test_nested_tables_are_read_once(monkeypatch, depth):
    data = _nested_tables(depth)
    visits, elements = _visits(monkeypatch, data)
    assert visits <= elements
    document = read_document(data, path="page.html")
    assert document.text.count("Cabinet") == 1 and document.text.count("Decision Maker") == 1
    notice = run(data, filename="page.html").result.notices[0]
    assert (notice.decision_maker, str(notice.decision_date)) == ("Cabinet", "2024-03-01")


LAYOUTS = [
    ("one-cell-layout", f"<table><tr><td><table>{_ROWS}</table></td></tr></table>"),
    ("content-then-sidebar", f"<table><tr><td><table>{_ROWS}</table></td><td>Related pages</td></tr></table>"),
    ("menu-then-content", f"<table><tr><td>Home</td><td><table>{_ROWS}</table></td></tr></table>"),
    ("in-thead-tbody", f"<table><tbody><tr><td><table><tbody>{_ROWS}</tbody></table></td></tr></tbody></table>"),
]


@pytest.mark.parametrize("body", [c[1] for c in LAYOUTS], ids=[c[0] for c in LAYOUTS])
def test_a_layout_table_around_the_notice_keeps_every_field_once(body):
    data = f"<html><body>{body}</body></html>".encode()
    result = run(data, filename="page.html").result
    notice = result.notices[0]
    assert (notice.title, notice.decision_maker, notice.decision, str(notice.decision_date)) == (
        "Library opening hours", "Cabinet", "To extend the opening hours.", "2024-03-01")
    assert read_document(data, path="page.html").text.count("Cabinet") == 1


def _deep(depth: int, tag: str = "div") -> bytes:
    return (f"<html><body><p>Decision Maker: Cabinet</p><p>Decision: To agree.</p>{f'<{tag}>' * depth}"
            f"Date of Decision: 1 March 2024{f'</{tag}>' * depth}<p>Published 2 March 2024</p></body></html>").encode()


@pytest.mark.parametrize(("data", "dropped"), [
    pytest.param(_deep(100), False, id="100-deep-read-whole"),
    pytest.param(_deep(300), True, id="300-deep-past-the-cap"),
    pytest.param(_deep(3000), True, id="3000-deep-past-the-parser"),
    pytest.param(_deep(300, "span"), True, id="300-inline-deep"),
    pytest.param(_nested_tables(200).replace(b"<body>", b"<body><p>Decision Maker: Cabinet</p>"), True,
                 id="200-nested-tables"),
])
def test_text_nested_too_deep_is_said_to_be_dropped(monkeypatch, data, dropped):
    """Past the depth cap (or libxml2's own limit) a page's deep text is left out, never silently:
    ``content_dropped`` on the file and needs_review on its notices; each element still visited once."""
    visits, elements = _visits(monkeypatch, data)
    assert visits <= elements
    result = run(data, filename="deep.html").result
    assert result.error is None
    assert ("content_dropped" in {w.code for w in result.warnings}) is dropped
    assert all(n.needs_review for n in result.notices) or not dropped
    if not dropped:
        assert str(result.notices[0].decision_date) == "2024-03-01"


@pytest.mark.parametrize("charset", ["idna", "undefined", "punycode", "utf-32", "base64", "x-unknown-charset"])
def test_a_declared_charset_python_cannot_use_is_treated_as_undeclared(charset):
    """Read as if the page declared nothing (a guess, said), never internal_error."""
    data = f'<html><head><meta charset="{charset}"></head><body><p>Decision Maker: Cabinet</p>'.encode()
    data += "<p>Decision: To spend £5,000 on the café.</p></body></html>".encode("cp1252")
    text, encoding, guessed = decode_page(data)
    assert (encoding, guessed) == ("windows-1252", True) and "£5,000 on the café" in text
    result = run(data, filename="page.html").result
    assert result.error is None and result.notices[0].decision_maker == "Cabinet"


def _hand_wrapped_page() -> bytes:
    """A notice's text wrapped by hand at about 80 characters and kept with a <br> per line."""
    text = ("Notice is hereby given that Councillor Ann Vale, Cabinet Member for the Harbour "
            "Environment has made the following executive decision on the above mentioned subject "
            "for the reason set out below. The decision was taken after the harbour users' group "
            "was consulted on the options for the new lighting and the moorings at the east quay, "
            "and after the harbour master reported on the state of the existing lamps and their "
            "cables along the whole length of the north wall and the slipway.")
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > 80:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return ("<html><body><h1>Harbour lighting</h1><p>" + "<br>".join(lines) + "</p>"
            "<p><b>Decision:</b> To replace the harbour lamps with LED lamps.</p></body></html>").encode()


def test_a_hand_wrapped_text_kept_with_a_break_per_line_runs_its_sentences_on():
    """As a text file's: the wrapped lines are one paragraph, so a sentence over two of them still
    names the decider ("... Cabinet Member for the Harbour" / "Environment has made ...")."""
    data = _hand_wrapped_page()
    document = read_document(data, path="wrapped.html")
    assert sum("wrapped" in line.hints for line in document.lines) >= 3
    notice = run(data, filename="wrapped.html").result.notices[0]
    assert notice.decision_maker == "Cabinet Member for the Harbour Environment"
