"""Run options (extractor/options.py): one frozen, validated value from the command line and the
service down to the readers. A value is normalised or refused when the options are made, never
when the first PDF or scan arrives; the library, `text`, `evaluate`, batch runs and the service
all take the same options."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from extractor import extract
from extractor.cli import main
from extractor.evaluate import evaluate
from extractor.options import OptionError, RunOptions, run_options
from extractor.pipeline import extract_text

from .conftest import SAMPLES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCAN = FIXTURES / "scanned_s004.tif"  # a page image: read only through OCR
IMAGE_ONLY_PDF = FIXTURES / "bad" / "scan.pdf"  # a PDF page with no text layer

NORMALISED = [
    ({"ocr": "Never"}, "ocr", "never"),
    ({"ocr": " ALWAYS "}, "ocr", "always"),
    ({"ocr": "auto"}, "ocr", "auto"),
    ({"pdf_engine": "PDFium"}, "pdf_engine", "pdfium"),
    ({"pdf_engine": "pdfplumber"}, "pdf_engine", "pdfplumber"),
    ({"ocr_threads": 3}, "ocr_threads", 3),
    ({"max_bytes": 0}, "max_bytes", 0),
    ({"lexicon": ["a.toml", Path("b.toml")]}, "lexicon", ("a.toml", "b.toml")),
    ({"ocr_lang": "Eng+CYM"}, "ocr_lang", "eng+cym"),
]


@pytest.mark.parametrize("given, name, expected", NORMALISED, ids=[f"{n}={g[n]!s}" for g, n, _ in NORMALISED])
def test_values_are_normalised_when_the_options_are_made(given, name, expected):
    assert getattr(RunOptions(**given), name) == expected


REFUSED = [
    ({"ocr": "sometimes"}, "ocr 'sometimes' is not one of: auto, always, never"),
    ({"ocr": None}, "ocr None is not one of"),
    ({"pdf_engine": "bogus"}, "pdf_engine 'bogus' is not one of: pdfium, pdfplumber"),
    ({"ocr_threads": 0}, "ocr_threads must be"),
    ({"ocr_threads": 1.5}, "ocr_threads must be"),
    ({"ocr_threads": True}, "ocr_threads must be"),
    ({"max_bytes": -1}, "max_bytes must be"),
    ({"max_bytes": 1e6}, "max_bytes must be"),
    ({"lexicon": "one.toml"}, "lexicon must be a sequence"),
    ({"ocr_lang": "xx"}, "ocr_lang 'xx': Tesseract language pack xx is not installed .*apt-get install tesseract-ocr-xx"),
    ({"ocr_lang": "eng+xx+yy"}, "pack xx, yy is not installed .*tesseract-ocr-xx; apt-get install tesseract-ocr-yy"),
    ({"ocr_lang": "eng+"}, "'eng\\+' is not a Tesseract language"),
    ({"ocr_lang": "../eng"}, "is not a Tesseract language"),
    ({"ocr_lang": None}, "ocr_lang must be"),
]


@pytest.mark.parametrize("given, says", REFUSED, ids=[f"{k}={v!r}" for g, _ in REFUSED for k, v in g.items()])
def test_a_value_that_does_not_exist_fails_at_once(given, says):
    with pytest.raises(OptionError, match=says.replace("(", r"\(")):
        RunOptions(**given)


def test_options_are_frozen_and_travel_to_workers_unchanged():
    options = RunOptions(ocr="never", ocr_threads=2, lexicon=("x.toml",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.ocr = "always"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(options)) == options  # batch and service workers get them pickled


SHORTHANDS = [
    (None, {}, RunOptions()),
    (None, {"ocr": "NEVER"}, RunOptions(ocr="never")),
    (RunOptions(ocr="never"), {"ocr": None}, RunOptions(ocr="never")),
    (RunOptions(ocr="never", max_bytes=5), {"pdf_engine": "pdfplumber"},
     RunOptions(ocr="never", max_bytes=5, pdf_engine="pdfplumber")),
]


@pytest.mark.parametrize("options, changes, expected", SHORTHANDS,
                         ids=["defaults", "shorthand", "none-keeps", "shorthand-over-options"])
def test_keyword_shorthands_change_the_options_given(options, changes, expected):
    assert run_options(options, **changes) == expected


def test_pdf_engine_bogus_fails_before_any_file_is_read():
    """Even a text file: the option is wrong whatever arrives, so it fails when given."""
    for call in (lambda: extract(SAMPLES / "s000.txt", pdf_engine="bogus"),
                 lambda: extract_text(SAMPLES / "s000.txt", pdf_engine="bogus"),
                 lambda: evaluate(SAMPLES, pdf_engine="bogus")):
        with pytest.raises(OptionError, match="bogus"):
            call()


OCR_OFF = [
    (SCAN, "never"), (SCAN, "Never"), (SCAN, "NEVER"),
]


@pytest.mark.parametrize("path, ocr", OCR_OFF, ids=[o for _, o in OCR_OFF])
def test_ocr_never_in_any_case_never_ocrs_a_scan(path, ocr):
    assert extract(path, ocr=ocr).error.code == "unsupported_format"
    assert extract(path, options=RunOptions(ocr=ocr)).error.code == "unsupported_format"


def test_ocr_never_leaves_a_pdf_page_without_text_unread():
    result = extract(IMAGE_ONLY_PDF, ocr="Never")
    assert "no_text_layer" in [w.code for w in result.warnings] and result.notices[0].needs_review


SIZES = [
    ("path", lambda: extract(SAMPLES / "s000.txt", options=RunOptions(max_bytes=100))),
    ("bytes", lambda: extract((SAMPLES / "s000.txt").read_bytes(), filename="s.txt", options=RunOptions(max_bytes=100))),
    ("text", lambda: extract(text="Decision: " + "x" * 200, options=RunOptions(max_bytes=100))),
]


@pytest.mark.parametrize("call", [c for _, c in SIZES], ids=[i for i, _ in SIZES])
def test_the_size_limit_is_one_option_for_every_input(call):
    assert call().error.code == "too_large"


def test_the_size_limit_is_the_same_in_the_library_and_on_the_command_line():
    from extractor.commands.parser import build_parser

    args = build_parser().parse_args(["extract", "x.txt"])
    assert int(args.max_size * 1024 * 1024) == RunOptions().max_bytes


def test_the_ocr_thread_share_is_each_files_own(monkeypatch):
    """The share travels with each file to the OCR reader (no process-wide setting): a later file
    with the default (one thread per core) does not inherit an earlier file's share."""
    from extractor.readers import ocr

    seen: list[int | None] = []
    real = ocr.ocr_pages
    monkeypatch.setattr(ocr, "ocr_pages",
                        lambda images, options, path: seen.append(options.ocr_threads) or real(images, options, path))
    scan = FIXTURES / "scanned_s004.tif"
    extract(scan, options=RunOptions(ocr_threads=2))
    extract(scan)
    assert seen == [2, None]
    assert not hasattr(ocr, "_page_threads") and not hasattr(ocr, "set_page_threads")


COMMANDS = [
    (["text", str(SCAN), "--ocr", "Never"], 1, "unsupported_format"),
    (["text", str(SAMPLES / "s000.txt"), "--ocr", "NEVER", "--pdf-engine", "PDFium"], 0, ""),
    (["extract", str(SCAN), "--ocr", "never", "-q"], 1, "unsupported_format"),
    (["extract", str(SAMPLES / "s000.txt"), "--pdf-engine", "bogus"], 2, "invalid choice: 'bogus'"),
    (["text", str(SAMPLES / "s000.txt"), "--ocr", "sometimes"], 2, "invalid choice: 'sometimes'"),
    (["extract", str(SAMPLES / "s000.txt"), "--ocr-lang", "eng+xx"], 2,
     "error: ocr_lang 'eng+xx': Tesseract language pack xx is not installed"),
    (["text", str(SAMPLES / "s000.txt"), "--ocr-lang", "xx"], 2, "apt-get install tesseract-ocr-xx"),
    (["evaluate", str(SAMPLES), "--ocr-lang", "xx"], 2, "apt-get install tesseract-ocr-xx"),
    (["text", str(SCAN), "--ocr-lang", "eng"], 0, ""),
]


@pytest.mark.parametrize("argv, code, says", COMMANDS,
                         ids=["text-never", "text-any-case", "extract-never", "extract-bogus-engine", "text-bogus-ocr",
                              "extract-missing-pack", "text-missing-pack", "evaluate-missing-pack", "text-eng"])
def test_reading_commands_use_the_options(argv, code, says, capsys):
    assert main(argv) == code
    assert says in capsys.readouterr().err


@pytest.mark.parametrize("command", [["extract", "x.txt"], ["text", "x.txt"], ["evaluate", "gold/"]],
                         ids=lambda c: c[0])
def test_every_reading_command_spells_the_options_the_same(command):
    from extractor.commands.parser import build_parser
    from extractor.commands.parser import run_options as _run_options

    args = build_parser().parse_args([*command, "--ocr", "Never", "--pdf-engine", "PDFium", "--ocr-lang", "ENG+cym"])
    assert _run_options(args) == RunOptions(ocr="never", pdf_engine="pdfium", ocr_lang="eng+cym")
    defaults = build_parser().parse_args(command)
    assert _run_options(defaults) == RunOptions()


SERVICE = [
    ("/v1/extract?filename=n.txt&ocr=sometimes", SAMPLES / "s000.txt", 422, "invalid_request"),
    ("/v1/text?filename=n.txt&pdf_engine=bogus", SAMPLES / "s000.txt", 422, "invalid_request"),
    ("/v1/extract?filename=scan.tif&ocr=Never", SCAN, 415, "unsupported_format"),
    ("/v1/text?filename=scan.tif&ocr=NEVER", SCAN, 415, "unsupported_format"),
    ("/v1/text?filename=n.txt&ocr=never&pdf_engine=PDFium", SAMPLES / "s000.txt", 200, None),
    ("/v1/extract?filename=scan.tif&ocr_lang=eng%2Bxx", SCAN, 422, "invalid_request"),
    ("/v1/text?filename=scan.tif&ocr_lang=xx", SCAN, 422, "invalid_request"),
    ("/v1/text?filename=scan.tif&ocr_lang=ENG", SCAN, 200, None),
]


@pytest.mark.parametrize("url, path, status, code", SERVICE,
                         ids=["extract-bogus-ocr", "text-bogus-engine", "extract-never", "text-never", "text-any-case",
                              "extract-missing-pack", "text-missing-pack", "text-eng"])
def test_the_service_takes_the_same_options_per_request(url, path, status, code):
    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from fastapi.testclient import TestClient

    from extractor.service import ServiceConfig, create_app

    with TestClient(create_app(ServiceConfig(workers=1))) as client:
        response = client.post(url, content=path.read_bytes())
    assert response.status_code == status
    if code is not None:
        assert response.json()["code"] == code
    if "ocr_lang=" in url and status == 422:  # says which pack is missing and how to install it
        assert "apt-get install tesseract-ocr-xx" in response.json()["detail"]


def test_batch_workers_read_with_the_runs_options_and_their_share_of_the_cores(tmp_path):
    """What reaches the pipeline in a worker is the run's options, plus the worker's share of the
    cores for a scan's pages (workers x threads never exceed the machine)."""
    from extractor.batch import Options, Progress, discover, run_batch
    from extractor.pipeline import extract_record
    from extractor.readers.ocr import share_of_cores

    seen = tmp_path / "seen"

    def spy(source, **kwargs):  # runs in a forked worker: it leaves what it was given in a file
        with open(seen, "a", encoding="utf-8") as handle:
            handle.write(repr(kwargs["options"]) + "\n")
        return extract_record(source, **kwargs)

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(2):
        (folder / f"{n}.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    inputs = discover([str(folder)], recursive=False, with_outputs=True)
    run = RunOptions(ocr="Never", lexicon=())
    summary = run_batch(inputs, Options(output=tmp_path / "out", workers=2, timeout=600, run=run), emit=print,
                        progress=Progress(len(inputs), quiet=True), extract=spy)
    assert summary.total == 2 and not summary.by_outcome.get("failed")
    expected = repr(run.replace(ocr_threads=share_of_cores(2)))
    assert seen.read_text(encoding="utf-8").splitlines() == [expected, expected]


# -- defaults spelled in options.py alone -----------------------------------------------------------
PACKAGE = Path(__file__).resolve().parent.parent / "extractor"
SPELLED_DEFAULTS = {f.default for f in dataclasses.fields(RunOptions) if isinstance(f.default, str)}  # auto, pdfium, eng


def _signature_defaults(path: Path) -> list[str]:
    """The functions of a module whose parameters default to an option's default value spelled
    out (``ocr: str = "auto"``), as ``name:line``: a second default that can drift from options.py."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if isinstance(default, ast.Constant) and default.value in SPELLED_DEFAULTS:
                    found.append(f"{getattr(node, 'name', 'lambda')}:{node.lineno} = {default.value!r}")
    return found


MODULES = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "options.py")


def test_the_signature_check_finds_a_spelled_default(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('def read(data, *, ocr: str = "auto", engine=None, lang="eng"):\n    pass\n')
    assert _signature_defaults(module) == ["read:1 = 'auto'", "read:1 = 'eng'"]
    assert SPELLED_DEFAULTS == {"auto", "pdfium", "eng"}


@pytest.mark.parametrize("module", MODULES)
def test_no_module_but_options_spells_an_option_default_in_a_signature(module):
    """Readers, shells and the library take a `RunOptions` (or None, meaning its defaults): the
    defaults are written in options.py only, so they cannot disagree."""
    assert _signature_defaults(PACKAGE / module) == []


READERS = [
    ("image-ocr-never", SCAN, RunOptions(ocr="never"), "unsupported_format"),
    ("pdf-ocr-never", IMAGE_ONLY_PDF, RunOptions(ocr="NEVER"), "no_text_layer"),
    ("pdf-plumber-ocr-never", IMAGE_ONLY_PDF, RunOptions(ocr="never", pdf_engine="pdfplumber"), "no_text_layer"),
    ("image-defaults", SCAN, RunOptions(), "CABINET"),
]


@pytest.mark.parametrize("path, options, says", [r[1:] for r in READERS], ids=[r[0] for r in READERS])
def test_the_readers_take_the_options_value(path, options, says):
    """read_document gets the one RunOptions value (no option strings of its own) and hands it to
    the PDF and image readers."""
    from extractor.errors import InputError
    from extractor.readers import read_document

    try:
        document = read_document(path.read_bytes(), path=path.name, options=options)
    except InputError as exc:
        assert exc.code == says
    else:
        assert says in document.text or says in document.warnings


LIBRARY = [  # (keyword arguments of extract_many, what the options error names)
    ({"ocr_lang": "eng+xx"}, "xx"),
    ({"ocr": "sometimes"}, "sometimes"),
    ({"pdf_engine": "bogus"}, "bogus"),
]


@pytest.mark.parametrize(("given", "named"), LIBRARY, ids=["missing-pack", "bogus-ocr", "bogus-engine"])
def test_extract_many_takes_the_same_options_and_fails_before_any_file(given, named, tmp_path):
    from extractor import extract_many
    from extractor.options import OptionError

    with pytest.raises(OptionError, match=named):
        next(iter(extract_many([str(tmp_path / "never-read.txt")], workers=1, **given)))
