"""Inputs and -o as s3:// URLs, against a real S3-compatible server (moto's) on loopback (run by
`test_remote.py` in a pytest process of its own).

The server runs in a thread of the test process on a port the system picks; the workers (forked
pool processes) reach it over TCP, as they would reach S3. Every example here is for development.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.remote import is_url, list_files, open_atomic

from .conftest import SAMPLES

RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"
INPUTS = {
    "in/s000.txt": (SAMPLES / "s000.txt").read_bytes(),
    "in/papers/meeting.pdf": (RENDERED / "meeting_record.headings.pdf").read_bytes(),
    "in/empty.txt": b"",
    "in/.hidden.txt": b"Decision Maker: Cabinet\n",
}


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A bucket ``notices`` on a moto server at 127.0.0.1:<free port>, with INPUTS in it (moto and
    fsspec imported here: the suite's doctest collection imports this module, and must not load them)."""
    import fsspec
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    saved = dict(fsspec.config.conf)
    fsspec.config.conf["s3"] = {"endpoint_url": f"http://{host}:{port}", "key": "testing", "secret": "testing",
                                "client_kwargs": {"region_name": "eu-west-2"}, "skip_instance_cache": True}
    fs = fsspec.filesystem("s3")
    fs.mkdir("notices")
    for name, data in INPUTS.items():
        fs.pipe_file(f"notices/{name}", data)
    local = tmp_path_factory.mktemp("same-files-on-disk")
    for name, data in INPUTS.items():
        (local / name).parent.mkdir(parents=True, exist_ok=True)
        (local / name).write_bytes(data)
    yield fs, local / "in"
    fsspec.config.conf.clear()
    fsspec.config.conf.update(saved)
    server.stop()


def _run(argv: list[str]) -> tuple[int, str]:
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        code = main(argv)
    return code, captured.getvalue()


URLS = [
    pytest.param("s3://bucket/a.pdf", True, id="s3-is-a-url"),
    pytest.param("memory://a.pdf", True, id="memory-is-a-url"),
    pytest.param("file:///tmp/a.pdf", False, id="file-is-a-local-path"),
    pytest.param("archive/a.pdf", False, id="relative-path"),
    pytest.param("C:/notices/a.pdf", False, id="drive-letter-is-no-scheme"),
]


@pytest.mark.parametrize(("value", "expected"), URLS)
def test_what_counts_as_a_url(value, expected):
    assert is_url(value) is expected


def _first_difference(got: bytes, expected: bytes) -> str:
    at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
    return f"from byte {at}: S3 run {got[max(0, at - 200):at + 300]!r} local run {expected[max(0, at - 200):at + 300]!r}"


def test_s3_round_trip(s3, tmp_path):
    fs, local_in = s3
    code, _ = _run(["extract", "s3://notices/in", "-r", "-o", "s3://notices/out", "--workers", "2", "-q",
                    "--parquet", "s3://notices/tables/notices.parquet"])
    assert code == 1  # the empty file fails, as it does from a disk
    local_out = tmp_path / "out"
    assert main(["extract", str(local_in), "-r", "-o", str(local_out), "--workers", "2", "-q"]) == 1
    names = sorted(str(p.relative_to(local_out)) for p in local_out.rglob("*.json") if p.name != "summary.json")
    assert sorted(p[len("notices/out/"):] for p in fs.find("notices/out") if not p.endswith("summary.json")
                  and not p.endswith("manifest.jsonl")) == names
    for name in names:  # the same bytes as a run from and to the disk, but for the source's path
        expected = (local_out / name).read_bytes().replace(str(local_in).encode(), b"s3://notices/in")
        got = fs.cat_file(f"notices/out/{name}")
        assert got == expected, (name, _first_difference(got, expected))
    manifest = [json.loads(line) for line in fs.cat_file("notices/out/manifest.jsonl").decode().splitlines()]
    assert sorted(r["path"] for r in manifest) == sorted(f"s3://notices/{n}" for n in INPUTS if ".hidden" not in n)
    assert not fs.exists("notices/out/.manifest-parts")  # folded into the manifest at the end
    import pyarrow.parquet as pq

    with fs.open("notices/tables/notices.parquet", "rb") as handle:
        table = pq.read_table(handle)
    assert sorted(table.column("source_path").to_pylist()) == sorted(
        ["s3://notices/in/s000.txt", "s3://notices/in/empty.txt"] + ["s3://notices/in/papers/meeting.pdf"] * 5)

    code, _ = _run(["extract", "s3://notices/in", "-r", "-o", "s3://notices/out", "--workers", "2", "-q"])
    manifest = [json.loads(line) for line in fs.cat_file("notices/out/manifest.jsonl").decode().splitlines()]
    redone = [r["path"] for r in manifest if not r["resumed"] and r["error_code"] != "empty_file"]
    assert redone == [] and len(manifest) == 3  # a second run redoes nothing it finished


def test_s3_inputs_stream_jsonl_in_input_order(s3):
    code, out = _run(["extract", "s3://notices/in/s000.txt", "s3://notices/in/empty.txt", "--jsonl", "-q"])
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [(l["source"]["path"], l["error"] and l["error"]["code"]) for l in lines] == [
        ("s3://notices/in/s000.txt", None), ("s3://notices/in/empty.txt", "empty_file")]
    assert lines[0]["source"]["sha256"] is not None


def test_listing_leaves_hidden_names_out(s3):
    assert list_files("s3://notices/in", recursive=False) == ["s3://notices/in/empty.txt", "s3://notices/in/s000.txt"]


def test_an_aborted_upload_publishes_nothing(s3):
    fs, _ = s3
    with pytest.raises(RuntimeError):
        with open_atomic("s3://notices/tmp/half.json") as handle:
            handle.write(b"{" * (6 * 1024 * 1024))  # past one part: a multipart upload is under way
            raise RuntimeError("killed")
    assert not fs.exists("notices/tmp/half.json")


def test_a_web_archive_on_s3_is_expanded_record_by_record(s3, tmp_path):
    """A .warc.gz on the store is listed record by record, as one on disk is (issue 30: it was one
    unsupported_format input): the page read, the damaged record one corrupt_file row, the run on."""
    import gzip

    fs, _ = s3
    page = b"<html><body><p>Decision Maker: Cabinet</p><p>Decision: To agree the budget.</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page

    def record(n: int, uri: bool = True) -> bytes:
        headers = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{n}>\r\n"
                   f"WARC-Date: 2024-02-01T09:30:00Z\r\n"
                   + (f"WARC-Target-URI: https://ashdown.example.gov.uk/d/{n}\r\n" if uri else "")
                   + f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
        return gzip.compress(headers.encode() + http + b"\r\n\r\n")

    fs.pipe_file("notices/warcs/crawl.warc.gz", record(1) + record(2, uri=False) + record(3))
    out = tmp_path / "out"
    code, _ = _run(["extract", "s3://notices/warcs", "-o", str(out), "--workers", "1", "-q"])
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert code == 1
    assert [(r["outcome"] != "failed", r["error_code"]) for r in rows] == [
        (True, None), (False, "corrupt_file"), (True, None)]
    assert {r["archive"] for r in rows} == {"s3://notices/warcs/crawl.warc.gz"}
    assert rows[0]["url"] == "https://ashdown.example.gov.uk/d/1" and rows[0]["sha256"]
    result = json.loads((out / rows[2]["output"]).read_text(encoding="utf-8"))
    assert result["notices"][0]["decision_maker"] == "Cabinet"


@contextlib.contextmanager
def _own_store():
    """A moto server of this test's own (stopped by the test), fsspec pointed at it meanwhile; one
    attempt per request and short timeouts, so a server that is gone is found at once."""
    import fsspec
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    saved = dict(fsspec.config.conf)
    fsspec.config.conf["s3"] = {"endpoint_url": f"http://{host}:{port}", "key": "testing", "secret": "testing",
                                "client_kwargs": {"region_name": "eu-west-2"}, "skip_instance_cache": True,
                                "config_kwargs": {"retries": {"max_attempts": 1}, "connect_timeout": 5,
                                                  "read_timeout": 5}}
    with contextlib.suppress(FileExistsError):  # moto's state is the process's: a bucket made earlier is there
        fsspec.filesystem("s3").mkdir("dying")
    stopped = [False]

    def stop() -> None:
        if not stopped[0]:
            server.stop()
            stopped[0] = True

    try:
        yield stop
    finally:
        stop()
        fsspec.config.conf.clear()
        fsspec.config.conf.update(saved)


def test_a_store_gone_before_the_run_is_exit_3_in_one_line(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "s000.txt").write_bytes(INPUTS["in/s000.txt"])
    with _own_store() as stop:
        stop()
        code, _ = _run(["extract", str(tmp_path / "in"), "-o", "s3://dying/out", "--workers", "1", "-q"])
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err and "cannot" in err




@contextlib.contextmanager
def _store_process(tmp_path: Path):
    """A moto server in a process of its own (so it can die as a server does: SIGKILL, its socket
    closed with it; a thread's socket would live on in every worker forked meanwhile), bucket
    ``killed`` made; yields the process. fsspec pointed at it meanwhile, one attempt a request."""
    import signal
    import socket
    import subprocess
    import sys
    import time

    import fsspec

    with socket.socket() as probe:  # a free port (the server binds it a moment later)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / f"moto-{port}.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    saved = dict(fsspec.config.conf)
    fsspec.config.conf["s3"] = {"endpoint_url": f"http://127.0.0.1:{port}", "key": "testing", "secret": "testing",
                                "client_kwargs": {"region_name": "eu-west-2"}, "skip_instance_cache": True,
                                "config_kwargs": {"retries": {"max_attempts": 1}, "connect_timeout": 5,
                                                  "read_timeout": 5}}
    try:
        for _ in range(600):  # until it answers (a slow machine takes seconds to import moto)
            assert server.poll() is None, (tmp_path / f"moto-{port}.log").read_text()
            with socket.socket() as knock:
                if knock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        fsspec.filesystem("s3").mkdir("killed")
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGKILL)
        server.wait()
        log.close()
        fsspec.config.conf.clear()
        fsspec.config.conf.update(saved)


FILES = 24


def _notices(folder: Path) -> list[Path]:
    folder.mkdir()
    for n in range(FILES):
        (folder / f"n{n:02d}.txt").write_text(f"Decision Maker: Cabinet\nDecision: to agree item {n}.\n",
                                              encoding="utf-8")
    return sorted(folder.iterdir())


@pytest.mark.parametrize(("where", "when"), [
    pytest.param("inputs", 5, id="inputs-on-the-store"),
    pytest.param("output", 5, id="output-on-the-store"),
    pytest.param("output", FILES, id="output-on-the-store-killed-after-the-last-file"),
    pytest.param("parquet", 5, id="parquet-table-on-the-store"),
    pytest.param("parquet-dask", 5, id="parquet-table-on-the-store-from-a-pool-run"),
])
def test_a_store_killed_mid_run_is_exit_3_in_one_line_and_a_resume_completes_it(tmp_path, capsys, monkeypatch,
                                                                                where, when):
    """Issue 30: the S3 server dying while the run is under way gave a traceback and exit 1. The
    server is killed (SIGKILL) from inside the run when the fifth file is reported (no race with
    the machine's speed). Now: exit 3 and one line, the manifest so far consistent (a local -o:
    whole rows, each input at most once), and a re-run with a server back completes it."""
    import signal

    import fsspec

    from extractor.runs.summary import Progress

    paths = _notices(tmp_path / "in")
    source = "s3://killed/in" if where == "inputs" else str(tmp_path / "in")
    out = "s3://killed/out" if where == "output" else str(tmp_path / "out")
    extra = ["--parquet", "s3://killed/tables/notices.parquet"] if where.startswith("parquet") else []
    if where == "parquet-dask":  # the client-driven run (`cluster.py`), on a local pool: inputs as URLs
        source = "s3://killed/in"
    expected = sorted(f"{source}/{p.name}" for p in paths)
    with _store_process(tmp_path) as server:
        fs = fsspec.filesystem("s3")
        for path in paths:
            fs.pipe_file(f"killed/in/{path.name}", path.read_bytes())
        reported = Progress.update

        def update(self, record):
            reported(self, record)
            if self.done == when:
                server.send_signal(signal.SIGKILL)
                server.wait()

        with monkeypatch.context() as patch:
            patch.setattr(Progress, "update", update)
            code, _ = _run(["extract", source, "-o", out, "--workers", "2", "-q", *extra])
        err = capsys.readouterr().err
    assert code == 3, err
    assert "Traceback" not in err and "error:" in err and "resume" in err, err
    if out.startswith(str(tmp_path)):  # the manifest on disk: whole rows of finished inputs, none twice
        rows = [json.loads(line) for line in (tmp_path / "out" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
        assert when <= len(rows) <= FILES and len({r["path"] for r in rows}) == len(rows)
        assert {r["path"] for r in rows} <= set(expected) and all(r["outcome"] == "ok" for r in rows)
    with _store_process(tmp_path):  # a server back (a new one: the killed one's objects went with it)
        fs = fsspec.filesystem("s3")
        for path in paths:
            fs.pipe_file(f"killed/in/{path.name}", path.read_bytes())
        code, _ = _run(["extract", source, "-o", out, "--workers", "2", "-q", *extra])
        assert code == 0, capsys.readouterr().err
        manifest = (fs.cat_file("killed/out/manifest.jsonl").decode() if where == "output"
                    else (tmp_path / "out" / "manifest.jsonl").read_text(encoding="utf-8"))
        rows = [json.loads(line) for line in manifest.splitlines()]
        assert sorted(r["path"] for r in rows) == expected  # every input, once
        assert all(r["outcome"] == "ok" for r in rows)
        if extra:
            assert fs.exists("killed/tables/notices.parquet")
