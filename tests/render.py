"""Render a plain-text notice as PDF (reportlab) or Word (python-docx) in one of several layouts.

Used to build the committed PDF/Word fixtures (`python -m tests.render fixtures`) and, at eval
time, renderings of the dev corpus into a git-ignored folder (`python -m tests.render corpus
SRC OUT`): corpus texts are third-party and never committed in any form.

Layouts, as real decision records come:
  bold_labels    labels in bold, values after them
  table          "Label | value" rows in a two-column ruled table
  header_footer  a running header and a "Page N of M" footer on every page
  headings       every label as a heading of its own (Word: Heading 2)
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

LAYOUTS = ("bold_labels", "table", "header_footer", "headings")
HEADER_TEXT = "Record of decision - published under the Local Authorities (Executive Arrangements) Regulations"


@dataclass
class Block:
    """A label (or None) and the source lines of its value; blank lines kept as ''."""

    label: str | None
    inline: str | None
    lines: list[str]


def blocks(text: str) -> list[Block]:
    """Cut the notice into labelled blocks using the project's own lexicon (only to style them)."""
    from extractor.lexicon import line_value, load_lexicon
    from extractor.normalise import normalise_text

    lexicon = load_lexicon()
    out: list[Block] = []
    for raw in normalise_text(text).split("\n"):
        line = raw.rstrip()
        match = lexicon.match_line(line.strip()) if line.strip() else None
        if match is not None and line.strip()[match.label_end:].strip() == ".":
            match = None  # "Council." ending a wrapped sentence is prose, as the text reader reads it
        if (match is None and out and out[-1].label and not out[-1].inline and not out[-1].lines
                and line.strip().startswith("(") and line.strip().endswith(")")):
            out[-1].label += " " + line.strip()  # a label wrapped onto a second line: "(and any Dispensations Granted)"
            continue
        if match is not None and match.entry.kind in {"field", "other", "by_value", "fallback"}:
            # the label as printed, with a section number before it ("2. Minutes") kept
            printed = line.strip()[: match.label_end].strip()
            rest = line.strip()[match.label_end:].lstrip()
            if rest.startswith("?"):  # "Is Key decision?:" keeps its question mark
                printed, rest = printed + "?", rest[1:].lstrip()
            if rest.startswith(":"):
                printed += ":"  # the colon is the text's own evidence of a label: the rendering keeps it
            elif rest[:1] in "-–" and rest[:1]:
                printed += " " + rest[0]  # "Decision - Westminster City Council": a dash, not a colon
            out.append(Block(printed, line_value(match, line.strip()) or None, []))
        elif out:
            out[-1].lines.append(line)
        else:
            out.append(Block(None, None, [line]))
    return out


def _separator(label: str) -> str:
    """What joins a label to its value on one line: the label's own colon, else one."""
    return " " if label.endswith((":", "-", "–")) else ": "


def _label_text(block: Block, source_line: str | None = None) -> str:
    return block.label or ""


# -- PDF ---------------------------------------------------------------------------------------
def _fonts():
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(folder / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("VeraBd", str(folder / "VeraBd.ttf")))
        from reportlab.pdfbase.pdfmetrics import registerFontFamily

        registerFontFamily("Vera", normal="Vera", bold="VeraBd", italic="Vera", boldItalic="VeraBd")


def _source_lines(raw_lines: list[str]):
    """Yield (kind, text): 'text' lines and 'gap' for blank runs."""
    gap = False
    for line in raw_lines:
        if not line.strip():
            gap = True
            continue
        if gap:
            yield "gap", ""
            gap = False
        yield "text", line


FONTS = {  # family -> (regular, bold); the PDF standard fonts need no font files
    "Vera": ("Vera", "VeraBd"),
    "Times": ("Times-Roman", "Times-Bold"),
    "Courier": ("Courier", "Courier-Bold"),
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
}


def render_pdf(text: str, out: Path, layout: str, font: str = "Vera") -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _fonts()
    regular, bold = FONTS[font]
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14, spaceAfter=3)
    label_style = ParagraphStyle("label", parent=body, fontName=bold)
    heading = ParagraphStyle("heading", parent=body, fontName=bold, fontSize=13, leading=18, spaceBefore=4)

    def para(line: str, style=body):
        return Paragraph(html.escape(line.strip(), quote=False), style)

    story = []
    rows: list[list] = []

    def flush_rows():
        if rows:
            # splitInRow: a value longer than a page flows on inside its cell, as Word's does
            table = Table([r[:] for r in rows], colWidths=[55 * mm, 115 * mm], splitInRow=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
            story.append(Spacer(1, 8))
            rows.clear()

    for block in blocks(text):
        if layout == "table" and block.label:
            cell = []
            if block.inline:
                cell.append(para(block.inline))
            for kind, line in _source_lines(block.lines):
                cell.append(Spacer(1, 10) if kind == "gap" else para(line))
            rows.append([para(block.label, label_style), cell or ""])
            continue
        flush_rows()
        if block.label:
            if layout == "headings":
                story.append(para(block.label, heading))
                if block.inline:
                    story.append(para(block.inline))
            else:
                value = html.escape(block.inline, quote=False) if block.inline else ""
                sep = _separator(block.label) if block.inline else ""
                story.append(Paragraph(f"<b>{html.escape(block.label, quote=False)}</b>{sep}{value}", body))
        for kind, line in _source_lines(block.lines):
            story.append(Spacer(1, 10) if kind == "gap" else para(line))
    flush_rows()

    def furniture(canvas, doc):
        if layout != "header_footer":
            return
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, HEADER_TEXT)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=22 * mm, bottomMargin=20 * mm, title="Decision notice")
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


# -- Word --------------------------------------------------------------------------------------
def render_docx(text: str, out: Path, layout: str) -> None:
    import docx

    document = docx.Document()

    def add_lines(lines: list[str], container=document):
        for line in lines:
            stripped = line.strip()
            bullet = stripped[:1] in {"·", "•", "▪"} or stripped.startswith("- ")
            if bullet:
                container.add_paragraph(stripped.lstrip("·•▪- ").strip(), style="List Bullet")
            else:
                container.add_paragraph(stripped)

    table = None
    for block in blocks(text):
        if layout == "table" and block.label:
            if table is None:
                table = document.add_table(rows=0, cols=2)
                table.style = "Table Grid"
            row = table.add_row().cells
            row[0].text = ""
            row[0].paragraphs[0].add_run(block.label).bold = True
            cell = row[1]
            first = True
            values = ([block.inline] if block.inline else []) + block.lines
            while values and not values[-1].strip():
                values.pop()
            for line in values:
                target = cell.paragraphs[0] if first else cell.add_paragraph()
                target.add_run(line.strip())
                first = False
            continue
        if table is not None:
            document.add_paragraph("")
            table = None
        if block.label:
            if layout == "headings":
                document.add_heading(block.label, level=2)
                if block.inline:
                    document.add_paragraph(block.inline)
            else:
                p = document.add_paragraph()
                p.add_run(block.label + (_separator(block.label) if block.inline else "")).bold = True
                if block.inline:
                    p.add_run(block.inline)
        add_lines(block.lines)
    if layout == "header_footer":
        section = document.sections[0]
        section.header.paragraphs[0].text = HEADER_TEXT
        section.footer.paragraphs[0].text = "Printed copy: check the website for the current version"
    document.save(str(out))


# -- HTML pages --------------------------------------------------------------------------------------
PAGE_SHAPES = ("moderngov", "cms", "definitions")
_CHROME_TOP = ('<a class="skip-link" href="#content">Skip to main content</a>\n'
               '<div id="cookie-banner" class="cookie-consent"><p>We use cookies to make this site work. '
               '<button>Accept</button></p></div>\n'
               '<header class="site-header"><a href="/">Ashdown Borough Council</a>'
               '<nav><ul><li><a href="/">Home</a></li><li><a href="/councillors">Councillors</a></li>'
               '<li><a href="/decisions">Decisions</a></li></ul></nav>'
               '<form role="search"><input name="q"><button>Search</button></form></header>\n'
               '<ol class="breadcrumb"><li><a href="/">Home</a></li><li>Decisions</li></ol>\n')
_CHROME_END = ('<aside class="sidebar"><h2>Related</h2><ul><li>Forward plan</li><li>Meetings</li></ul></aside>\n'
               '<footer><p>Contact us | Accessibility | Privacy</p><p>© Ashdown Borough Council</p></footer>\n'
               '<script>window.dataLayer = [{"page": "decision"}];</script>\n')


def render_html(text: str, out: Path, shape: str, encoding: str = "utf-8", declare: bool = True) -> None:
    """A saved council web page: site chrome around the notice, which is laid out as
    moderngov  a ``<main>`` with a ``th|td`` table of labels and values, as ModernGov's Decision details
    cms        a content ``<div>`` with each label as an ``<h2>`` heading and paragraphs under it
    definitions  an ``<article>`` (no ``<main>``) with ``dt``/``dd`` pairs and bold inline labels
    Saved in ``encoding`` (Windows-1252 pages are common), with or without a ``<meta charset>``."""
    esc = html.escape
    body: list[str] = []
    rows: list[str] = []

    def value_html(block: Block) -> str:
        parts, para = [], []
        for line in ([block.inline] if block.inline else []) + block.lines:
            if not line.strip():
                if para:
                    parts.append("<p>" + "<br>".join(para) + "</p>")
                    para = []
                continue
            para.append(esc(line.strip()))
        if para:
            parts.append("<p>" + "<br>".join(para) + "</p>")
        return "".join(parts)

    def flush_rows() -> None:
        if rows:
            body.append("<table class=\"mgTable\">" + "".join(rows) + "</table>")
            rows.clear()

    for block in blocks(text):
        if block.label and shape == "moderngov":
            rows.append(f"<tr><th>{esc(block.label)}</th><td>{value_html(block)}</td></tr>")
            continue
        flush_rows()
        if block.label and shape == "cms":
            body.append(f"<h2>{esc(block.label)}</h2>{value_html(block)}")
        elif block.label:  # definitions
            if block.inline or not block.lines:
                sep = _separator(block.label) if block.inline else ""
                body.append(f"<p><strong>{esc(block.label)}</strong>{sep}{esc(block.inline or '')}</p>"
                            + value_html(Block(None, None, block.lines)))
            else:
                body.append(f"<dl><dt>{esc(block.label)}</dt><dd>{value_html(block)}</dd></dl>")
        else:
            body.append(value_html(block))
    flush_rows()
    content = "\n".join(body)
    if shape == "moderngov":
        content = f'<main id="content"><div class="mgContent">{content}</div></main>'
    elif shape == "cms":
        content = f'<div id="content" class="page-content">{content}</div>'
    else:
        content = f"<article>{content}</article>"
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">' if declare else ""
    page = (f"<!DOCTYPE html>\n<html lang=\"en\"><head>{meta}<title>Decision details</title>"
            f"<style>body {{ font-family: sans-serif }}</style></head>\n<body>\n{_CHROME_TOP}{content}\n"
            f"{_CHROME_END}</body></html>\n")
    out.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))


def html_plan(doc_id: str) -> tuple[str, str, bool]:
    """A fixed page shape and encoding per corpus document: three shapes, UTF-8 and Windows-1252
    (declared, or left for the reader to guess)."""
    n = sum(map(ord, doc_id))
    encoding, declare = (("utf-8", True), ("windows-1252", True), ("windows-1252", False))[n // 3 % 3]
    return PAGE_SHAPES[n % 3], encoding, declare


def render_legacy(source_folder: Path, out: Path, fmt: str) -> bool:
    """Convert every rendering in ``source_folder`` to ``fmt`` in one LibreOffice start-up; False without it.
    .rtf is made from the .docx renderings, .doc from the .rtf ones (LibreOffice's .docx -> .doc
    export drops python-docx's tables, its .rtf -> .doc export keeps them)."""
    import subprocess
    import tempfile

    from extractor.readers.legacy import soffice

    binary = soffice()
    if binary is None:
        return False
    _fresh(out)
    filt = {"doc": "doc:MS Word 97", "rtf": "rtf"}[fmt]
    with tempfile.TemporaryDirectory(prefix="dx-render-") as profile:
        subprocess.run([binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", filt, "--outdir", str(out),
                        *map(str, sorted(source_folder.glob("*.docx" if fmt == "rtf" else "*.rtf")))],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
    for extra in source_folder.glob("*.json"):
        shutil.copy(extra, out / extra.name)
    return True


# -- command line ------------------------------------------------------------------------------
FIXTURE_PLAN = {  # committed fixtures: our own notices only (seeds and invented templates)
    "s000": ("bold_labels", "header_footer"),
    "s004": ("header_footer", "headings"),
    "officer_record": ("table",),
    "member_decision": ("headings", "table"),
    "wrapped_record": ("bold_labels",),
    "meeting_record": ("header_footer", "headings"),
    "portfolio_holder_notice": ("bold_labels",),
    "delegated_record": ("table",),
    "executive_decision": ("header_footer",),
}


def _fresh(folder: Path) -> Path:
    """An empty folder: renderings of an earlier run are removed, never mixed in."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def _gold_documents(source: Path):
    """(id, gold path) for every gold answer in a corpus folder."""
    for gold in sorted(source.glob("*.gold.json")):
        yield gold.name[: -len(".gold.json")], gold


def _notice_text(source: Path, doc_id: str) -> str:
    """The text a rendering is made from: the corpus `.txt`, or for a document kept in another
    format (a saved page `.html`) the text the extractor reads from it."""
    txt = source / f"{doc_id}.txt"
    if txt.exists():
        return txt.read_text(encoding="utf-8")
    from extractor.evaluate import gold_documents
    from extractor.pipeline import extract_text

    original = next(doc for ident, doc, _ in gold_documents(source) if ident == doc_id)
    return extract_text(original)


def layout_for(doc_id: str) -> str:
    """A fixed layout per corpus document, spread over all layouts."""
    return LAYOUTS[sum(map(ord, doc_id)) % len(LAYOUTS)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.render", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fixtures", help="regenerate the committed PDF/Word fixtures")
    corpus = sub.add_parser("corpus", help="render a gold folder as PDF and Word into OUT/pdf, OUT/docx")
    corpus.add_argument("source", type=Path)
    corpus.add_argument("out", type=Path)
    corpus.add_argument("--scans", action="store_true", help="also OUT/image (clean) and OUT/image-noisy")
    corpus.add_argument("--legacy", action="store_true", help="also OUT/rtf and OUT/doc (needs LibreOffice)")
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parent
    if args.command == "fixtures":
        out = here / "fixtures" / "rendered"
        out.mkdir(parents=True, exist_ok=True)
        for stem, layouts in FIXTURE_PLAN.items():
            src = here.parent / "samples" / f"{stem}.txt"
            if not src.exists():
                src = here / "fixtures" / "notices" / f"{stem}.txt"
            text = src.read_text(encoding="utf-8")
            for layout in layouts:
                render_pdf(text, out / f"{stem}.{layout}.pdf", layout)
                render_docx(text, out / f"{stem}.{layout}.docx", layout)
        _extra_fixtures(here)
        print(f"wrote {out}")
        return 0
    for fmt in ("pdf", "docx"):
        folder = _fresh(args.out / fmt)
        for doc_id, gold in _gold_documents(args.source):
            text = _notice_text(args.source, doc_id)
            (render_pdf if fmt == "pdf" else render_docx)(text, folder / f"{doc_id}.{fmt}", layout_for(doc_id))
            shutil.copy(gold, folder / gold.name)
            meta = args.source / f"{doc_id}.meta.json"
            if meta.exists():
                shutil.copy(meta, folder / meta.name)
    folder = _fresh(args.out / "html")
    for doc_id, gold in _gold_documents(args.source):
        text = _notice_text(args.source, doc_id)
        shape, encoding, declare = html_plan(doc_id)
        render_html(text, folder / f"{doc_id}.html", shape, encoding, declare)
        shutil.copy(gold, folder / gold.name)
    if args.legacy:
        for fmt, source in (("rtf", "docx"), ("doc", "rtf")):
            if not render_legacy(args.out / source, args.out / fmt, fmt):
                print(f"LibreOffice is not installed: no {fmt} renderings", file=sys.stderr)
    if args.scans:
        for kind, noisy in (("image", False), ("image-noisy", True)):
            folder = _fresh(args.out / kind)
            for doc_id, gold in _gold_documents(args.source):
                scan_images(args.out / "pdf" / f"{doc_id}.pdf", folder / doc_id, noisy=noisy)
                shutil.copy(gold, folder / gold.name)
    print(f"wrote {args.out}/pdf, docx, html" + (", rtf, doc" if args.legacy else ""))
    return 0




def render_as(text: str, fmt: str, path: Path) -> Path:
    """``text`` written as ``fmt`` at ``path``: "txt" as it is, or "LAYOUT.pdf" / ".docx" / ".html"
    rendered in that layout; an existing file is kept (the table tests render each once)."""
    if not path.exists():
        if fmt == "txt":
            path.write_text(text, encoding="utf-8")
        else:
            layout, suffix = fmt.split(".")
            {"pdf": render_pdf, "docx": render_docx, "html": render_html}[suffix](text, path, layout)
    return path

# -- reader feature and bad-file fixtures --------------------------------------------------------
def word_features(out: Path) -> None:
    """A .docx with what Word notices carry: numbering, a text box, a content control, a table
    between paragraphs, a soft line break and a tab, a header and a footer."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Ashdown Borough Council - officer decision"
    document.sections[0].footer.paragraphs[0].text = "Ashdown Borough Council"
    document.sections[0].footer.add_paragraph("Page 1")
    document.add_heading("Decision details", level=1)
    document.add_paragraph("Closure of Mill Road car park")
    p = document.add_paragraph()
    p.add_run("Decision Maker:").bold = True
    p.add_run("\tHead of Parking Services")
    document.add_paragraph("Date of decision: 4 May 2022")
    document.add_heading("Decision", level=2)
    document.add_paragraph("That the car park be closed for resurfacing:", style="List Number")
    document.add_paragraph("from 1 June 2022; and", style="List Number")
    document.add_paragraph("until 30 June 2022.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Reasons for the decision"
    table.cell(0, 1).text = "The surface is unsafe."
    table.cell(1, 0).text = "Wards affected"
    table.cell(1, 1).text = "Mill Ward"
    p = document.add_paragraph("Contact: Ann Other, Parking Manager")
    run = p.add_run()
    run.add_break()
    run.add_text("Email: ann.other@ashdown.example.gov.uk")
    box = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>Report author: Sam Writer</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    document.add_paragraph("Publication date: 5 May 2022")._p.append(box)
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent>'
        "<w:p><w:r><w:t>Effective from: 13 May 2022</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(len(document.element.body) - 1, sdt)
    document.save(str(out))


def bad_files(folder: Path, good_pdf: Path) -> None:
    """The bad and odd files every reader must refuse cleanly, each with its stable code."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    folder.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(folder / "encrypted.pdf"), pagesize=A4, encrypt="secret-password")
    c.drawString(72, 720, "Decision Maker: Cabinet")
    c.save()
    c = canvas.Canvas(str(folder / "scan.pdf"), pagesize=A4)  # no text layer: shapes only
    c.rect(72, 400, 400, 300, fill=1)
    for y in range(420, 700, 12):
        c.line(80, y, 460, y)
    c.save()
    data = good_pdf.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (folder / "not_a_zip.docx").write_bytes(b"Decision Maker: Cabinet\nThis is plain text named .docx\n")
    (folder / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (folder / "pdf_named.txt").write_bytes(data)
    import zipfile

    with zipfile.ZipFile(folder / "plain_zip.docx", "w") as z:
        z.writestr("readme.txt", "not a Word document")


def _justified(c, lines: list[str], x: float, y: float, width: float, size: float = 10) -> float:
    """Draw lines justified to ``width`` (all but the last), as typeset PDFs set paragraphs."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for n, line in enumerate(lines):
        text = c.beginText(x, y)
        text.setFont("Vera", size)
        spaces = line.count(" ")
        if n < len(lines) - 1 and spaces:
            text.setWordSpace((width - stringWidth(line, "Vera", size)) / spaces)
        text.textLine(line)
        c.drawText(text)
        y -= size * 1.3
    return y


def layout_pdfs(folder: Path) -> None:
    """Hand-set PDFs: a paragraph with words hyphenated at line ends, and a two-column page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _fonts()
    c = canvas.Canvas(str(folder / "hyphenated.pdf"), pagesize=A4)
    c.setFont("Vera", 10)
    c.drawString(72, 760, "Decision Maker: Cabinet")
    c.drawString(72, 740, "Date of decision: 2 March 2023")
    c.drawString(72, 712, "Reasons for the decision:")
    _justified(c, [
        "The digital programme will support the transfor-",
        "mation of customer services across the borough and",
        "depends on the continued co-",
        "operation of partners. Savings are expected in the",
        "second year.",
    ], 72, 696, 260)
    c.save()

    c = canvas.Canvas(str(folder / "two_columns.pdf"), pagesize=A4)
    left = ["Decision Maker: Cabinet", "Date of decision: 9 January 2024", "Decision:",
            "That the library opening hours", "set out in the report be", "adopted from 1 April 2024",
            "for a trial period of one", "year, and reviewed after", "six months by the Cabinet."]
    right = ["Reasons for the decision:", "Visitor numbers fell on", "weekday mornings while", "evening use rose, and the",
             "new hours follow demand", "without extra cost to the", "Council's budget.", "Alternative options considered:",
             "Keeping the present hours.", "Rejected: it does not meet", "the demand that was shown."]
    y = 760
    for text in left:
        c.setFont("Vera", 10)
        c.drawString(72, y, text)
        y -= 14
    y = 760
    for text in right:
        c.setFont("Vera", 10)
        c.drawString(320, y, text)
        y -= 14
    c.save()


LEGACY_FIXTURES = ("s000.bold_labels", "officer_record.table", "member_decision.headings", "s004.header_footer")


def legacy_fixtures(rendered: Path, out: Path) -> None:
    """Some Word fixtures as .rtf, .odt and .doc (from the .rtf), in grouped LibreOffice runs."""
    import subprocess
    import tempfile

    from extractor.readers.legacy import soffice

    binary = soffice()
    if binary is None:
        print("LibreOffice is not installed: legacy fixtures not regenerated", file=sys.stderr)
        return
    out = _fresh(out)
    with tempfile.TemporaryDirectory(prefix="dx-render-") as profile:
        base = [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore", "--convert-to"]
        sources = [str(rendered / f"{name}.docx") for name in LEGACY_FIXTURES]
        for filt in ("rtf", "odt"):
            subprocess.run([*base, filt, "--outdir", str(out), *sources], check=True, capture_output=True, timeout=600)
        rtfs = [str(out / f"{name}.rtf") for name in LEGACY_FIXTURES]
        subprocess.run([*base, "doc:MS Word 97", "--outdir", str(out), *rtfs], check=True, capture_output=True,
                       timeout=600)


def _extra_fixtures(here: Path) -> None:
    rendered = here / "fixtures" / "rendered"
    legacy_fixtures(rendered, here / "fixtures" / "legacy")
    layout_pdfs(here / "fixtures")
    scan_fixtures(here / "fixtures")
    word_features(here / "fixtures" / "word_features.docx")
    bad_files(here / "fixtures" / "bad", rendered / "s004.headings.pdf")



def scan_pages(pdf_path: Path, *, dpi: int, skew: float = 0.0, speckle: int = 0, seed: str = "") -> list:
    """A PDF rendering as a scanner would give it: greyscale pages at `dpi`, turned by up to
    `skew` degrees, with one dark speck per `speckle` pixels (0: none). Seeded: same input, same scan."""
    import random

    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed or pdf_path.name)
    pdf = pdfium.PdfDocument(str(pdf_path))
    pages = []
    for i in range(len(pdf)):
        image = pdf[i].render(scale=dpi / 72).to_pil().convert("L")
        if skew:
            image = image.rotate(rng.uniform(-skew, skew), expand=False, fillcolor=255, resample=Image.BICUBIC)
        if speckle:
            pixels = image.load()
            for _ in range(image.width * image.height // speckle):
                pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.choice((0, 90))
        image.info["dpi"] = (dpi, dpi)
        pages.append(image)
    pdf.close()
    return pages


def save_scan(pages: list, out: Path, kind: str, dpi: int) -> Path:
    """Save scanned pages as `kind`: png (bilevel, first page only), tif (bilevel, group 4, every page),
    jpg (greyscale JPEG, first page), jpeg-tif (JPEG-compressed multi-page TIFF) or pdf (image-only)."""
    bilevel = [page.point(lambda v: 255 if v > 160 else 0).convert("1") for page in pages]
    if kind == "png":
        out = out.with_name(out.name + ".png")
        bilevel[0].save(out, dpi=(dpi, dpi), optimize=True)
    elif kind == "tif":
        out = out.with_name(out.name + ".tif")
        bilevel[0].save(out, save_all=True, append_images=bilevel[1:], dpi=(dpi, dpi), compression="group4")
    elif kind == "jpg":
        out = out.with_name(out.name + ".jpg")
        pages[0].save(out, quality=55, dpi=(dpi, dpi))
    elif kind == "jpeg-tif":
        out = out.with_name(out.name + ".tif")
        pages[0].save(out, save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="jpeg")
    elif kind == "pdf":  # greyscale JPEG pages
        out = out.with_name(out.name + ".pdf")
        pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi, quality=40)
    elif kind == "bilevel-pdf":  # CCITT group 4 pages, as office scanners make them
        out = out.with_name(out.name + ".pdf")
        bilevel[0].save(out, format="PDF", save_all=True, append_images=bilevel[1:], resolution=dpi)
    else:
        raise ValueError(kind)
    return out


def scan_images(pdf_path: Path, out: Path, *, noisy: bool) -> None:
    """A PDF rendering scanned: clean (300 dpi TIFF) or noisy (200 dpi, skewed, speckled, JPEG)."""
    if noisy:
        pages = scan_pages(pdf_path, dpi=200, skew=0.8, speckle=400)
        save_scan(pages, out.parent / out.stem, "jpg" if len(pages) == 1 else "jpeg-tif", 200)
    else:
        pages = scan_pages(pdf_path, dpi=300)
        out = out.with_name(out.name + ".tif")
        pages[0].save(out, save_all=True, append_images=pages[1:], dpi=(300, 300), compression="tiff_deflate")


# Committed scan fixtures (our own notices only): notice, layout, font, dpi, skew, speckle, saved as
SCAN_PLAN = (
    ("officer_record", "table", "Times", 300, 0.0, 0, "png"),
    ("member_decision", "headings", "Courier", 300, 0.6, 0, "tif"),
    ("wrapped_record", "bold_labels", "Helvetica", 200, 0.0, 900, "jpg"),
    ("moderngov_member", "bold_labels", "Vera", 200, 0.5, 0, "pdf"),
    ("s000", "header_footer", "Times", 200, 0.7, 700, "bilevel-pdf"),
    ("officer_notice", "table", "Helvetica", 200, 0.4, 3000, "jpeg-tif"),
)


def scan_fixtures(folder: Path) -> None:
    """Scans of our own notices in several fonts, resolutions and kinds of damage (tests/fixtures/scans),
    and the bilevel two-page TIFF of s004 the OCR unit tests use."""
    import pypdfium2 as pdfium
    import tempfile

    pdf = pdfium.PdfDocument(str(folder / "rendered" / "s004.headings.pdf"))
    pages = [pdf[i].render(scale=300 / 72).to_pil().convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")
             for i in range(len(pdf))]
    pages[0].save(folder / "scanned_s004.tif", save_all=True, append_images=pages[1:], dpi=(300, 300),
                  compression="group4")
    pdf.close()
    out = _fresh(folder / "scans")
    root = folder.parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        for stem, layout, font, dpi, skew, speckle, kind in SCAN_PLAN:
            src = root / "samples" / f"{stem}.txt"
            if not src.exists():
                src = folder / "notices" / f"{stem}.txt"
            rendered = Path(tmp) / f"{stem}.pdf"
            render_pdf(src.read_text(encoding="utf-8"), rendered, layout, font)
            pages = scan_pages(rendered, dpi=dpi, skew=skew, speckle=speckle)
            name = f"{stem}.{font.lower()}-{dpi}dpi" + ("-skew" if skew else "") + ("-speckle" if speckle else "")
            save_scan(pages, out / name, kind, dpi)


if __name__ == "__main__":
    sys.exit(main())
