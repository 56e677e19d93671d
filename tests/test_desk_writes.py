"""The review desk's writes under concurrency and its readers of files the project wrote (issue 30):
"Add to lexicon" from several clients keeps every acknowledged label (a file lock around the read,
add and write; temporary files of unique names), and page images have a pixel cap."""

from __future__ import annotations

import threading
import warnings

import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from extractor.review import open_run  # noqa: E402
from extractor.review.app import create_app  # noqa: E402
from extractor.review.teach import read_user_lexicon  # noqa: E402

from .review_run import make_run  # noqa: E402

WORDS = ["amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron", "ivory", "juniper"]


@pytest.fixture(scope="module")
def desk_run(tmp_path_factory):
    return make_run(tmp_path_factory.mktemp("desk"))


@pytest.mark.parametrize(("desks", "clients"), [
    pytest.param(1, 2, id="two-clients-one-desk"),
    pytest.param(2, 2, id="two-desks-on-one-run"),
    pytest.param(1, 4, id="four-clients-one-desk"),
])
def test_concurrent_add_to_lexicon_keeps_every_label(desk_run, desks, clients):
    """Clients adding labels at once: every call answered 201, every acknowledged label in the file."""
    _, out = desk_run
    (out / "lexicon.toml").unlink(missing_ok=True)
    apps = [create_app(open_run(out)) for _ in range(desks)]
    barrier = threading.Barrier(clients)
    answers: list[int] = []
    wanted = [[f"Signing {word} officer {c}" for word in WORDS] for c in range(clients)]

    def add(c: int) -> None:
        with TestClient(apps[c % desks], raise_server_exceptions=False) as client:
            barrier.wait()
            for label in wanted[c]:
                answers.append(client.post("/api/lexicon", json={"field": "decision_maker", "label": label}).status_code)

    threads = [threading.Thread(target=add, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert answers == [201] * (clients * len(WORDS))
    kept = read_user_lexicon(out / "lexicon.toml")["decision_maker"]
    assert kept == {label for labels in wanted for label in labels}
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(("width", "height"), [
    pytest.param(595, 842, id="a4"),
    pytest.param(2, 1000, id="two-by-a-thousand-points"),
    pytest.param(1000, 2, id="a-thousand-by-two-points"),
    pytest.param(14400, 14400, id="largest-pdf-page"),
])
def test_a_page_image_has_a_pixel_cap(tmp_path, width, height):
    """Whatever the page's shape, its image holds at most MAX_PIXELS (a 2 x 1,000 pt page was drawn
    1,100 px across: 550,000 px down, 4.2 GB) and at most WIDTH across."""
    import pypdfium2 as pdfium
    from PIL import Image

    from extractor.review.pages import MAX_PIXELS, WIDTH, fit, page_png

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(width, height)
    source = tmp_path / "strip.pdf"
    pdf.save(str(source))
    pdf.close()
    with Image.open(page_png(tmp_path, source, "ab12", "pdf", 1)) as image:
        assert image.width * image.height <= MAX_PIXELS and image.width <= WIDTH
        scale = fit(width, height)  # the page's shape is kept, to a pixel
        assert abs(image.width - width * scale) <= 1 and abs(image.height - height * scale) <= 1
