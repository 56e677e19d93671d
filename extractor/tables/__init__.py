"""Tables and lists of decisions, read as one notice per entry.

Pages that list decisions print them as a table (a header row of column names, then one row per
decision) or as a list whose entries repeat one pattern ("Decision 2024/15 - Fleet replacement -
3 March 2024"). Flattened to text, a row's cells stand on one line (apart by tabs, pipes or runs
of spaces, or run together with single spaces) or on lines of their own. Read as prose, such a
page is one notice of mixed cells. Here the header row says what each column holds, and every
entry becomes a set of labelled sections (one per cell, labelled by its column) that the
assembler reads as any other notice; what the page says once above the table is shared by all.

Column names are data (``[tables]`` in words.toml, then the lexicon's own labels and guesses).

One module per job:
- `model`: the `Table` read: its columns and its rows;
- `cells`: how one flattened line reads as cells;
- `headers`: a header row or column of names, and the field each name gives its column;
- `rows`: the rows under a header, by position or by the kind of value each cell holds;
- `lists`: lists of decisions with no header (dashed entries, blocks of one shape);
- `find`: `find_table`, which of these a document is, if any;
- `notices`: `assemble_table`, one notice per entry with the page around it as their header.
"""

from .find import find_table
from .model import Table
from .notices import assemble_table, form_segments

__all__ = ["Table", "assemble_table", "find_table", "form_segments"]
