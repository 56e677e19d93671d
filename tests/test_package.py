"""The package as published: a wheel built from a clean clone installs in a fresh venv and runs;
its metadata; pdfplumber optional; `make demo` installs only what the demo needs; mypy in `make test`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES


def _clean_copy(target: Path) -> Path:
    """The project's tracked files only (what a clean clone has), without build leftovers."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the wheel test builds from the git checkout's files")
    source = _clean_copy(tmp_path_factory.mktemp("clone"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "-w", str(dist), str(source)], check=True, capture_output=True, timeout=300)
    (built,) = dist.glob("decision_extractor-*.whl")
    return built


def test_the_wheel_installs_in_a_fresh_venv_and_runs(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    # the dependencies come from this environment (offline), the package only from the wheel
    fresh_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                capture_output=True, text=True, check=True).stdout.strip()
    Path(fresh_site, "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "work"
    (work / "samples").mkdir(parents=True)
    shutil.copy(SAMPLES / "s004.txt", work / "samples" / "s004.txt")
    # the wheel alone: no PYTHONPATH of the caller's may put a checkout in front of it
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(python), "-m", "extractor", "extract", "samples/s004.txt"], cwd=work,
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["notices"][0]["call_in_deadline"] == "2011-05-25"
    where = subprocess.run([str(python), "-c", "import extractor, extractor.output as o; print(extractor.__file__); "
                            "print(o.packaged_schema('notice-line.schema.json') == o.schemas()['notice-line.schema.json'])"],
                           cwd=work, capture_output=True, text=True, check=True, env=env).stdout.split()
    assert where[0].startswith(fresh_site) and where[1] == "True"
    assert (venv / "bin" / "decision-extractor").exists()


def test_the_wheel_carries_what_a_published_package_has(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (meta_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = Parser().parsestr(archive.read(meta_name).decode("utf-8"))
    for member in ["extractor/py.typed", "extractor/__main__.py", "extractor/schemas/extraction-result.schema.json",
                   "extractor/schemas/notice-line.schema.json", "extractor/data/labels.toml",
                   "extractor/static/swagger-ui/swagger-ui-bundle.js", "extractor/static/swagger-ui/swagger-ui.css"]:
        assert member in names, member
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert meta["License-Expression"] == "Apache-2.0"
    assert "Typing :: Typed" in meta.get_all("Classifier")
    urls = {u.split(",")[0] for u in meta.get_all("Project-URL") or []}
    assert urls in ({"Homepage", "Source", "Issues", "Changelog"}, set())  # all four, or none until published
    requires = meta.get_all("Requires-Dist")
    assert [r for r in requires if r.startswith("pdfplumber")] == ['pdfplumber>=0.11; extra == "pdfplumber"']
    assert "pdfplumber" in meta.get_all("Provides-Extra")


def test_no_project_urls_until_published_and_the_readme_says_so():
    """Made-up addresses in published metadata mislead; until there is a public home there are
    none, and the README says where they will come from."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n[project.urls]" not in pyproject
    assert "no project URLs until it is published" in readme


def test_changelog_names_the_schema_versions():
    from extractor import SCHEMA_VERSION

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"### Schema {SCHEMA_VERSION}" in changelog and "### Schema 1\n" in changelog


BLOCK_PDFPLUMBER = "import sys; sys.modules['pdfplumber'] = None; sys.modules['pdfminer'] = None; "


@pytest.mark.parametrize("args, code, says", [
    (["extract", "tests/fixtures/rendered/s000.header_footer.pdf"], 0, ""),
    (["extract", "tests/fixtures/rendered/s000.header_footer.pdf", "--pdf-engine", "pdfplumber"], 2,
     "pip install 'decision-extractor[pdfplumber]'"),
], ids=["pdfium", "pdfplumber-asked"])
def test_pdfplumber_is_optional(args, code, says):
    script = BLOCK_PDFPLUMBER + f"from extractor.cli import main; sys.exit(main({args!r}))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == code, done.stderr
    assert says in done.stderr


def _dry_run(target: str, tmp_path: Path) -> str:
    if shutil.which("make") is None:
        pytest.fail("make is needed")
    return subprocess.run(["make", "-n", target, f"VENV={tmp_path / 'novenv'}"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


def test_make_demo_installs_only_the_package(tmp_path):
    commands = _dry_run("demo", tmp_path)
    assert "pip install --quiet -e ." in commands and "[test]" not in commands and "[service]" not in commands


def test_make_test_runs_the_type_checker(tmp_path):
    assert "-m mypy" in _dry_run("test", tmp_path)


def test_no_module_is_excused_from_type_checking():
    """mypy checks every module of extractor/: none is excused by an override (issue 29 brought
    the last three, assemble, lexicon and segment, under it)."""
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    excused = {module for override in config.get("overrides", []) if override.get("ignore_errors")
               for module in override["module"]}
    assert excused == set()
