"""Build the bad-input corpus for archive runs: every kind of file an archive throws at us.

Usage: python -m tests.make_bad_corpus DIR
Returns (from build()) the expected outcome and error code per relative path, so a test can
check a batch run file by file. Built at test time: some entries (a 200 MB file, a symlink
loop, a file without read permission) cannot live in git.
"""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT_IS_ALL_POWERFUL = hasattr(os, "geteuid") and os.geteuid() == 0


def build(folder: Path) -> dict[str, tuple[str, str | None]]:
    """Write the corpus into ``folder``; return {relative path: (outcome, error code)}."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, tuple[str, str | None]] = {}

    def put(rel: str, data: bytes, outcome: str, code: str | None) -> Path:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[rel] = (outcome, code)
        return path

    put("empty.txt", b"", "failed", "empty_file")
    put("blank lines.txt", b"\n \n\t\n", "failed", "empty_file")
    put("random bytes.pdf", os.urandom(4096).replace(b"%PDF", b"%PDX"), "failed", "binary_file")
    good_pdf = (HERE / "fixtures" / "rendered" / "s004.headings.pdf").read_bytes()
    put("truncated.pdf", good_pdf[: len(good_pdf) // 3], "failed", "corrupt_file")
    shutil.copy(HERE / "fixtures" / "bad" / "encrypted.pdf", folder / "encrypted.pdf")
    expected["encrypted.pdf"] = ("failed", "encrypted")
    bomb = folder / "zip bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    expected["zip bomb.docx"] = ("failed", "too_large")
    with open(folder / "huge.txt", "wb") as handle:  # 200 MB, sparse: refused before it is read
        handle.truncate(200 * 1000 * 1000)
    expected["huge.txt"] = ("failed", "too_large")
    locked = put("no permission.txt", b"Decision Maker: Cabinet\nDecision: Agreed.\nDate of decision: 1/2/2020\n",
                 "failed", "unreadable_file")
    locked.chmod(0)
    if ROOT_IS_ALL_POWERFUL:  # root reads it anyway: then it must simply extract
        expected["no permission.txt"] = ("ok", None)
    loop = folder / "loop"
    loop.mkdir(exist_ok=True)
    if not (loop / "again").is_symlink():
        (loop / "again").symlink_to("..", target_is_directory=True)
    put("named like a file.pdf/inside.txt", (HERE.parent / "samples" / "s000.txt").read_bytes(), "ok", None)
    put("décision – 2012 № 5.txt", (HERE.parent / "samples" / "s004.txt").read_bytes(), "ok", None)
    put(".hidden.txt", b"Decision Maker: Cabinet\n", "skipped", "hidden_file")
    put("not a notice.txt", b"Shopping list\nEggs\nMilk\n", "needs_review", None)
    put("legacy.doc", (HERE / "fixtures" / "bad" / "legacy.doc").read_bytes(), "failed", "corrupt_file")
    return expected


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bad-corpus")
    for rel, (outcome, code) in sorted(build(target).items()):
        print(f"{outcome:<13} {code or '':<16} {rel}")
