"""`round2` gives what ``round(x, 2)`` gives, float for float and sign for sign: the old form is
the oracle, over a table of tricky values and a sweep of the values a page's boxes hold."""

from __future__ import annotations

import math
import random
import struct

import pytest

from extractor.rounding import round2


def _same(x: float | int) -> None:
    expected, got = round(x, 2), round2(x)
    # repr tells 0.0 from -0.0, an int from a float, and every float from its neighbours
    assert (type(got), repr(got)) == (type(expected), repr(expected)), x


_TRICKY = {
    "a float32 box edge": struct.unpack("=f", struct.pack("=f", 71.123456))[0],
    "a tie that is not one in binary": 2.675,
    "an exact tie rounds to even": 0.125,
    "an exact tie rounds to even, up": 0.375,
    "just under a tie": math.nextafter(0.125, 0.0),
    "just over a tie": math.nextafter(0.125, 1.0),
    "a whole number": 612.0,
    "hundredths already": 56.78,
    "negative": -12.345678,
    "negative, rounding to zero": -0.001,
    "positive, rounding to zero": 0.004,
    "zero": 0.0,
    "negative zero": -0.0,
    "the smallest that rounds away from zero": 0.005000000000000001,
    "a tiny subnormal": 5e-324,
    "past the fast path's bound": 2.0 ** 40,
    "huge": 1.7976931348623157e308,
    "infinity": math.inf,
    "minus infinity": -math.inf,
    "not a number": math.nan,
    "an int (round keeps it one)": 12,
    "a negative int": -3,
    "True (an int)": True,
}


@pytest.mark.parametrize("value", list(_TRICKY.values()), ids=list(_TRICKY))
def test_round2_is_round_to_two_places(value: float) -> None:
    _same(value)


def test_round2_on_a_sweep_of_page_coordinates() -> None:
    """Float32 edges (PDFium's boxes), a page height minus one (the layout's tops), arbitrary
    doubles and every exact hundredth and half-hundredth over a page's width."""
    rng = random.Random(29)
    values: list[float] = []
    for _ in range(20000):
        edge = struct.unpack("=f", struct.pack("=f", rng.uniform(-50.0, 1300.0)))[0]
        values += [edge, 792.0 - edge, rng.uniform(-1e6, 1e6), rng.uniform(-1.0, 1.0)]
    values += [k / 100 for k in range(-1000, 100000)] + [k / 200 for k in range(-1000, 200000, 7)]
    values += [(k + 0.5) / 100 for k in range(-1000, 1000)]
    for value in values:
        _same(value)


class _Float(float):
    """A float subclass: ``round`` answers for it (the fast path takes plain floats only)."""


def test_round2_leaves_a_float_subclass_to_round() -> None:
    _same(_Float(3.14159))
