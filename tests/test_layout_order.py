"""Two shortcuts of the page layout, each checked against the plain reading it replaces:
`in_reading_order` (a page's words sorted with keys made in C) against
``sorted(words, key=reading_order)``, and `_Band` (the words of a table row found by bisecting
their heights) against `_inside` over every word of the page."""

from __future__ import annotations

import math
import random

import pytest

from extractor.readers.gaps import in_reading_order, reading_order
from extractor.readers.layout import _Band, _inside
from extractor.words import Word

NAN, INF = math.nan, math.inf


def _word(n: int, top: float, x0: float) -> Word:
    return Word(f"w{n}", x0, top, x0 + 5.0, top + 8.0)


def _random_words(seed: int, count: int) -> list[Word]:
    rng = random.Random(seed)  # ties on purpose: tops on a coarse grid, repeated lefts
    return [_word(n, rng.choice([10.0, 10.4, 10.6, 22.0, 35.5, 36.49, -3.5]), rng.choice([5.0, 40.0, 40.0, 91.25]))
            for n in range(count)]


ORDERS = {
    "none": [],
    "one": [_word(0, 12.0, 3.0)],
    "ties": [_word(0, 10.2, 40.0), _word(1, 9.8, 40.0), _word(2, 10.0, 5.0)],
    "halves round to even": [_word(0, 10.5, 1.0), _word(1, 11.5, 0.0), _word(2, 9.5, 2.0)],
    "not a number left": [_word(0, 5.0, NAN), _word(1, 5.0, 2.0), _word(2, 5.0, 1.0)],
    "infinite left": [_word(0, 5.0, INF), _word(1, 5.0, -INF)],
    "random 50": _random_words(1, 50),
    "random 400": _random_words(2, 400),
}


@pytest.mark.parametrize("name", list(ORDERS))
def test_in_reading_order_is_the_sort_by_reading_order(name):
    words = ORDERS[name]
    assert in_reading_order(words) == sorted(words, key=reading_order)
    assert in_reading_order(tuple(words)) == sorted(words, key=reading_order)


@pytest.mark.parametrize("top", [NAN, INF])
def test_in_reading_order_raises_as_the_sort_does(top):
    words = [_word(0, 3.0, 1.0), _word(1, top, 2.0)]
    with pytest.raises(Exception) as sorted_error:
        sorted(words, key=reading_order)
    with pytest.raises(type(sorted_error.value), match=str(sorted_error.value)):
        in_reading_order(words)


HEIGHTS = {
    "ordered": [1.0, 2.0, 3.0, 4.0, 5.0],
    "shuffled with ties": [5.0, 1.0, 3.0, 3.0, 2.0, 5.0, 4.0],
    "a height not a number": [3.0, NAN, 1.0, 2.0],
    "infinite heights": [INF, 1.0, -INF, 2.0],
    "none": [],
}
BOXES = [(0.0, 2.0, 10.0, 4.0), (0.0, 3.0, 10.0, 3.0), (0.0, 4.0, 10.0, 2.0), (0.0, -INF, 10.0, INF),
         (0.0, NAN, 10.0, 4.0), (0.0, 2.0, 10.0, NAN), (0.0, 5.0, 10.0, 9.0), (0.0, 0.0, 10.0, 0.5),
         (2.0, 1.0, 3.0, 5.0)]


@pytest.mark.parametrize("name", list(HEIGHTS))
@pytest.mark.parametrize("box", BOXES)
def test_a_band_finds_what_inside_finds_over_every_word(name, box):
    ys = HEIGHTS[name]
    xs = [float(i) for i in range(len(ys))]
    band = _Band(ys)
    assert _inside(box, band.indexes(box), xs, ys) == _inside(box, range(len(ys)), xs, ys)
    taken = {0, 3}
    free = [i for i in range(len(ys)) if i not in taken]
    assert _inside(box, band.free(box, taken), xs, ys) == _inside(box, free, xs, ys)
