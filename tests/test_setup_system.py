"""scripts/setup-system.sh: idempotent, asks before sudo when not root, never prompts under CI or
without a terminal. Run against stub commands (id, sudo, apt-get) on a private PATH."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "setup-system.sh"


LANGS = 'printf "List of available languages in \\"/usr/share/tessdata/\\" (%s):\\n" {n}; printf "%s\\n" {packs}'


def _stubs(tmp_path: Path, uid: int, tesseract: bool, extra: dict[str, str] | None = None,
           packs: tuple[str, ...] = ("cym", "eng", "osd")) -> tuple[Path, Path]:
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    for tool in ("env", "python3"):
        (bin_dir / tool).symlink_to(shutil.which(tool) if tool == "env" else sys.executable)
    stubs = {"id": f"echo {uid}", "sudo": f'echo "sudo $*" >> {log}', "apt-get": f'echo "apt-get $*" >> {log}'}
    stubs["chromium"] = "true"  # present: these cases are about Tesseract (the browser is asked for the same way)
    if tesseract:  # the system tools present: Tesseract (with its language packs) and LibreOffice
        stubs["tesseract"] = LANGS.format(n=len(packs), packs=" ".join(packs) or '""')
        stubs["soffice"] = "true"
    stubs.update(extra or {})
    for name, body in stubs.items():
        (bin_dir / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return bin_dir, log


def _run(tmp_path: Path, *, uid: int, tesseract: bool, tty: bool, answer: str = "", ci: bool = False,
         extra: dict[str, str] | None = None, packs: tuple[str, ...] = ("cym", "eng", "osd")):
    bin_dir, log = _stubs(tmp_path, uid, tesseract, extra, packs)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), **({"CI": "true"} if ci else {})}
    stdin = subprocess.DEVNULL
    if tty:
        leader, follower = pty.openpty()
        os.write(leader, answer.encode() + b"\n")
        stdin = follower
    done = subprocess.run([shutil.which("bash"), str(SCRIPT)], env=env, stdin=stdin, capture_output=True, text=True,
                          timeout=60)
    if tty:
        os.close(leader)
        os.close(follower)
    calls = log.read_text().splitlines() if log.exists() else []
    return done, calls


INSTALL = "install -y -qq tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym"


@pytest.mark.parametrize("uid, tesseract, tty, answer, ci, code, call, asks", [
    (1000, True, True, "", False, 0, None, False),
    (0, False, False, "", False, 0, f"apt-get -o DPkg::Lock::Timeout=900 {INSTALL}", False),
    (1000, False, True, "n", False, 1, None, True),
    (1000, False, True, "y", False, 0, f"sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 {INSTALL}", True),
    (1000, False, False, "", True, 0, f"sudo -n env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 {INSTALL}", False),
    (1000, False, False, "", False, 0, "sudo -n env", False),
], ids=["nothing-missing", "root", "user-says-no", "user-says-yes", "ci", "no-terminal"])
def test_setup_system(tmp_path, uid, tesseract, tty, answer, ci, code, call, asks):
    done, calls = _run(tmp_path, uid=uid, tesseract=tesseract, tty=tty, answer=answer, ci=ci)
    assert done.returncode == code, done.stderr
    if call is None:
        assert calls == []
    else:
        assert any(c.startswith(call) for c in calls), calls
    assert ("? [y/N]" in done.stderr) is asks
    if not tesseract:
        assert "tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym" in done.stderr  # says what it would install
    else:
        assert done.stderr == ""


def test_asks_for_the_uno_bridge_where_dpkg_lacks_it(tmp_path):
    """LibreOffice present but not python3-uno (dpkg says so): the bridge is installed, alone; with
    it installed, nothing is."""
    dpkg = "echo -n 'unknown ok not-installed'; exit 1"
    done, calls = _run(tmp_path, uid=0, tesseract=True, tty=False, extra={"dpkg-query": dpkg})
    assert done.returncode == 0, done.stderr
    assert [c for c in calls if " install " in c] == ["apt-get -o DPkg::Lock::Timeout=900 install -y -qq python3-uno"]
    (tmp_path / "again").mkdir()
    done, calls = _run(tmp_path / "again", uid=0, tesseract=True, tty=False,
                       extra={"dpkg-query": "echo -n 'install ok installed'"})
    assert (done.returncode, calls, done.stderr) == (0, [], "")


PACKS = [
    (("eng", "osd"), ["tesseract-ocr-cym"]),
    (("cym", "osd"), ["tesseract-ocr-eng"]),
    ((), ["tesseract-ocr-eng", "tesseract-ocr-cym"]),
]


@pytest.mark.parametrize("packs, installs", PACKS, ids=["no-welsh", "no-english", "no-packs"])
def test_installs_the_language_packs_tesseract_lacks(tmp_path, packs, installs):
    """Tesseract there, but not every language pack the project reads with (English, and Welsh
    for --ocr-lang eng+cym): those packs are installed, alone."""
    done, calls = _run(tmp_path, uid=0, tesseract=True, tty=False, packs=packs,
                       extra={"dpkg-query": "echo -n 'install ok installed'"})
    assert done.returncode == 0, done.stderr
    assert [c for c in calls if " install " in c] == [
        f"apt-get -o DPkg::Lock::Timeout=900 install -y -qq {' '.join(installs)}"]
