"""bench/instructions.py reads callgrind's totals and weighs them into a cycle estimate."""

from __future__ import annotations

import pytest

from bench.instructions import cycle_estimate, event_totals

PLAIN = "version: 1\ncmd: python round.py\nevents: Ir\nfn=(1) main\n3 7\nsummary: 1685123456\n"
SIMULATED = ("events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim\nfn=(1) main\n"
             "1 2 3 4 5 6 7 8 9 10 11 12 13 14\ntotals: 1000 400 200 3 5 2 1 1 0 90 4 20 2\n")

# the summary in the header, cost lines (which open with digits) right below it
HEADER = "events: Ir\nsummary: 1685123456\n3 7\n4 9\n"

CASES = [
    ("plain count", PLAIN, {"Ir": 1685123456}, 1685123456),
    ("summary above the costs", HEADER, {"Ir": 1685123456}, 1685123456),
    # 1000 + 10 * (3 + 5 + 2) + 100 * (1 + 1 + 0) + 10 * (4 + 2): reads and branches weigh nothing
    ("caches and branches", SIMULATED, {"Ir": 1000, "Dr": 400, "Dw": 200, "I1mr": 3, "D1mr": 5, "D1mw": 2,
                                        "ILmr": 1, "DLmr": 1, "DLmw": 0, "Bc": 90, "Bcm": 4, "Bi": 20, "Bim": 2},
     1000 + 100 + 200 + 60),
]


@pytest.mark.parametrize("written,events,estimate", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_callgrind_totals_are_read_by_name_and_weighed(written, events, estimate):
    assert event_totals(written) == events
    assert cycle_estimate(events) == estimate


def test_an_output_without_totals_reads_as_none():
    assert event_totals("events: Ir\nfn=(1) main\n3 7\n") is None
