"""Templates: what an archive's notices of one layout share, learned and applied.

A council's folder is a handful of templates repeated for years: the same labels, letterhead
and boxes, different values. One module per job:

- `model.py`   the `Template` value (labels, furniture, how many notices taught it) and the
  line key both learning and matching compare lines by
- `store.py`   read and write templates files (TOML, readable and editable by hand)
- `match.py`   which template, if any, a document was printed from (share of its lines present)
- `apply.py`   read a document through a template: its labels extend the lexicon for that
  document, its furniture lines are marked so they never become a title or a value
- `learn.py`   teach templates from corrected notices (gold folders, a desk's corrections)
- `discover.py` find templates among a run's own notices (lines recurring in the same role)
- `rows.py`    a flattened table's rows the lexicon does not know, by what recurs across notices
- `read.py`    the pipeline's one call: read a document through the template it matches
- `found.py`   a folder run's pre-pass: templates found in a bounded sample of its inputs
- `teach.py`   the desk's teach button: a run's corrections learned into a templates file, and
  the notices of the run that file now reads differently
- `mark.py`    say in a result which template read it, and where it and the general reader disagree
- `cache.py`   a file's cache key by the template that read it: a re-run after teaching re-reads
  only the files the new knowledge matches
"""

from .apply import read_through
from .discover import discover
from .learn import learn_gold, learn_corrections
from .match import match_template
from .model import OTHER_FIELD, Template, TemplateError, line_key
from .store import load_templates, read_templates, templates_text, write_templates

__all__ = ["OTHER_FIELD", "Template", "TemplateError", "discover", "learn_corrections", "learn_gold", "line_key",
           "load_templates", "match_template", "read_templates", "read_through", "templates_text", "write_templates"]
