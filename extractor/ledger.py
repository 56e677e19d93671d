"""`runs.ledger` under the name earlier callers import (``from extractor.ledger import Ledger``,
``from extractor import ledger``): the same module object, not a copy, so a caller that sets one
of its values (a test's smaller ``PAGE``) sets it for the engine too."""

import sys

from .runs import ledger

sys.modules[__name__] = ledger
