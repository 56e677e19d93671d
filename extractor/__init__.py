"""decision-extractor: UK council decision notices to validated, structured JSON.

The public API is the pipeline's verbs::

    >>> import extractor
    >>> result = extractor.extract(b"Decision Maker: Cabinet\\nDate of decision: 13/06/2012", filename="n.txt")
    >>> result.notices[0].decision_maker, str(result.notices[0].decision_date)
    ('Cabinet', '2012-06-13')

Names are loaded on first use, so `decision-extractor --version` starts without pydantic.
"""

from importlib import import_module
from typing import Any

from ._version import SCHEMA_VERSION, __version__

_EXPORTS = {
    "extract": "pipeline", "extract_record": "pipeline", "extract_text": "pipeline",
    "extract_many": "runs.many", "notices_bag": "runs.many",
    "ExtractorError": "errors", "InputError": "errors", "RunOptions": "options", "OptionError": "options",
    "Contact": "models", "ExtractionResult": "models", "ExtractionWarning": "models", "Notice": "models",
    "OtherSection": "models", "Source": "models", "Span": "models",
}

__all__ = ["SCHEMA_VERSION", "__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
