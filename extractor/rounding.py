"""Boxes rounded to two decimal places, as ``round(x, 2)`` gives them, with less work.

A PDF's every line box and every value's box is rounded to hundredths of a point. Python's
``round(x, 2)`` writes the float out as decimal digits and reads them back, each time; this
finds the same float by arithmetic whenever that provably gives it, and asks ``round`` otherwise.
"""

from __future__ import annotations

_NEAR = 2.0 ** 40  # below this, a float times 100 is off its exact value by at most 2**-13


def round2(x: float) -> float:
    """``round(x, 2)``, for a float far enough (0.01 of a hundredth) from half a hundredth.

    ``y = x * 100.0`` is 100x rounded once, so within 2**-13 of it while ``|y| < 2**40``; when
    ``y`` is within 0.49 of a whole number ``r``, 100x is within 0.5 of ``r``, which is then the
    one nearest whole number (no tie to break), so the decimal ``round`` reads back is r/100 and
    the float it reads is the one nearest r/100: IEEE's ``r / 100.0``. ``r`` zero (where ``round``
    keeps the sign of a negative zero), an int (``round`` keeps it an int), NaN, infinities and
    near-ties go to ``round`` itself."""
    y = x * 100.0
    if -_NEAR < y < _NEAR and type(x) is float:
        whole = (y + 0.5) // 1.0
        if whole and -0.49 < y - whole < 0.49:
            return whole / 100.0
    return round(x, 2)
