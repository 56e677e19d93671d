"""The one place the package version is written (read by pyproject and the result's `extractor`)."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1"
