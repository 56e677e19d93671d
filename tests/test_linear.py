"""Work grows with the input, not with its square (issue 30): each case is segmented at n and 2n
lines and the steps are counted (lines read, characters joined), never timed. Doubling the input
may at most about double the work (2.5x allows for the fixed cost of the first lines)."""

import pytest

from extractor.pipeline import run
from extractor.segment import _Cutter


def _lower_run(n: int) -> tuple[bytes, str]:
    """A notice, then n lines that each start lower-case (each one "runs on" from the one before)."""
    lines = "".join(f"and then item {k} of the list goes on\n" for k in range(n))
    return f"Decision Maker: Cabinet\nDecision: agreed\n{lines}".encode(), "notice.txt"


def _one_row_of_cells(n: int) -> tuple[bytes, str]:
    """A web page whose one table row holds n cells of lower-case words (each cell a line)."""
    cells = "".join(f"<td>cell {k} of the row</td>" for k in range(n))
    return f"<html><body><p>Decision Maker: Cabinet</p><table><tr>{cells}</tr></table></body></html>".encode(), "page.html"


def _work(monkeypatch, data: bytes, name: str) -> int:
    """Lines the segmenter read plus characters it joined into logical lines, for one file."""
    count = [0]
    content, logical = _Cutter.content, _Cutter.logical

    def counted_content(self, i):
        count[0] += 1
        return content(self, i)

    def counted_logical(self, i, **kwargs):
        text = logical(self, i, **kwargs)
        count[0] += len(text)
        return text

    monkeypatch.setattr(_Cutter, "content", counted_content)
    monkeypatch.setattr(_Cutter, "logical", counted_logical)
    try:
        result = run(data, filename=name).result
    finally:
        monkeypatch.undo()
    assert result.error is None
    return count[0]


@pytest.mark.parametrize("make", [_lower_run, _one_row_of_cells], ids=["lines-starting-lower-case", "one-row-of-cells"])
def test_segmenting_is_linear_in_lines(monkeypatch, make):
    small, large = _work(monkeypatch, *make(1000)), _work(monkeypatch, *make(2000))
    assert large <= 2.5 * small, (small, large)


def test_an_element_with_200000_attributes_is_read_with_its_first_256(monkeypatch):
    """libxml2 compares each new attribute with every one before it: a tag of 200,000 attributes ran
    to the time limit. The parser now gets at most MAX_ATTRIBUTES an element (counted, not timed)."""
    import lxml.html

    from extractor.readers import html

    attributes = " ".join(f"data-a{n}=x" for n in range(200_000))
    data = f'<html><body><div class="notice" {attributes}>Decision Maker: Cabinet</div></body></html>'.encode()
    seen = []
    parse = lxml.html.document_fromstring

    def counted(text, *args, **kwargs):
        root = parse(text, *args, **kwargs)
        seen.extend(len(el.attrib) for el in root.iter() if isinstance(el.tag, str))
        return root

    monkeypatch.setattr(lxml.html, "document_fromstring", counted)
    result = run(data, filename="page.html").result
    assert max(seen) == html.MAX_ATTRIBUTES
    assert result.error is None and result.notices[0].decision_maker == "Cabinet"


def _mht(parts: int) -> bytes:
    """A single-file web archive (.mht) whose page comes after ``parts`` other parts (images)."""
    others = b"".join(b"--XX\r\nContent-Type: image/png\r\nContent-Location: a%d.png\r\n\r\n<p>picture %d</p>\r\n"
                      % (k, k) for k in range(parts))
    return (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="XX"\r\n\r\n' + others
            + b"--XX\r\nContent-Type: text/html\r\n\r\n<p>Decision Maker: Cabinet</p><p>Decision: agreed</p>\r\n--XX--\r\n")


def test_an_mht_of_20000_parts_is_read_as_its_page_not_as_its_mime_source(monkeypatch):
    """Issue 30: an MHT of 20,000 parts ran to the time limit: its page part came after the first
    8 KiB, so the whole MIME source was read (and segmented) as text. Now the page is found
    whatever comes before it: the segmenter's work is the page's, the same at 20,000 parts as at 2."""
    small, large = _work(monkeypatch, _mht(2), "page.mht"), _work(monkeypatch, _mht(20_000), "page.mht")
    assert large == small, (small, large)
    result = run(_mht(20_000), filename="page.mht").result
    assert result.source.format == "html" and result.notices[0].decision_maker == "Cabinet"


def _many_runs(n: int) -> str:
    """A notice whose unlabelled text is n runs apart by labelled one-line fields (each run read by
    position): the assembler places each run among the sections once, not by searching them all."""
    parts = ["Decision details", "", "Footway lighting at Cray Meadow", ""]
    for k in range(n):
        parts += [f"Wards affected: Ward {k}", "", f"Paragraph {k} says something about the matter at hand.", ""]
    return "\n".join(parts)


@pytest.mark.parametrize("n", [200, 400], ids=lambda n: f"{n}-runs")
def test_assembling_is_linear_in_sections(monkeypatch, n):
    """Sections compared with each other while assembling (a list.index over them per run made a
    long document quadratic): at 2n runs at most about twice as many as at n."""
    from extractor.sections import Segment

    counts = []
    for size in (n, 2 * n):
        count = [0]
        equal = Segment.__eq__

        def counted(self, other, equal=equal, count=count):
            count[0] += 1
            return equal(self, other)

        monkeypatch.setattr(Segment, "__eq__", counted)
        run(text=_many_runs(size))
        monkeypatch.setattr(Segment, "__eq__", equal)
        counts.append(count[0])
    assert counts[1] <= 2.5 * counts[0] + 10, counts


def _flat_work(monkeypatch, data: bytes) -> int:
    """Characters reflow's look-backs read (a sentence's end before a bare label, the words a
    flattened table header may start at) for one one-line file."""
    from extractor import reflow

    count = [0]
    sentence_end, names = reflow._SENTENCE_END, reflow.run_together_names

    class Counted:
        def search(self, text, pos=0, endpos=None):
            count[0] += (len(text) if endpos is None else endpos) - pos
            return sentence_end.search(text, pos, len(text) if endpos is None else endpos)

    def counted_names(text, lexicon):
        count[0] += len(text)
        return names(text, lexicon)

    monkeypatch.setattr(reflow, "_SENTENCE_END", Counted())
    monkeypatch.setattr(reflow, "run_together_names", counted_names)
    try:
        result = run(data, filename="flat.txt").result
    finally:
        monkeypatch.undo()
    assert result.error is None
    return count[0]


def _numbered_items(n: int) -> bytes:
    return ("Summary of the decision. Decision 1. That " * n).encode()


def _long_text_before_dated_entries(n: int) -> bytes:
    return ("Word " * n + "Date Decision Detail 4 May 2024 Ferry Road Agreed. 5 May 2024 Mill Lane Agreed. "
            "6 May 2024 Quay Street Agreed.").encode()


@pytest.mark.parametrize("make", [_numbered_items, _long_text_before_dated_entries],
                         ids=["numbered-items-after-labels", "long-text-before-dated-entries"])
def test_cutting_a_flattened_page_is_linear(monkeypatch, make):
    """A page flattened into one line is cut at its items and entries (reflow): what it looks back
    at before each stays bounded, so one hostile line of n items costs n, not n squared."""
    small, large = (_flat_work(monkeypatch, make(n)) for n in (1000, 2000))
    assert 0 < small and large <= 2.5 * small, (small, large)
