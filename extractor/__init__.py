"""decision-extractor: UK council decision notices to validated, structured JSON.

The public API is the pipeline's verbs::

    >>> import extractor
    >>> result = extractor.extract(b"Decision Maker: Cabinet\\nDate of decision: 13/06/2012", filename="n.txt")
    >>> result.notices[0].decision_maker, str(result.notices[0].decision_date)
    ('Cabinet', '2012-06-13')
"""

from ._version import SCHEMA_VERSION, __version__
from .errors import ExtractorError, InputError
from .models import Contact, ExtractionResult, ExtractionWarning, Notice, OtherSection, Source, Span
from .pipeline import extract, extract_text

__all__ = [
    "SCHEMA_VERSION",
    "Contact",
    "ExtractionResult",
    "ExtractionWarning",
    "ExtractorError",
    "InputError",
    "Notice",
    "OtherSection",
    "Source",
    "Span",
    "__version__",
    "extract",
    "extract_text",
]
