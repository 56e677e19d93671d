"""The one place the package version is written (read by pyproject and the result's `extractor`)."""

from typing import Final

__version__ = "0.1.0"
SCHEMA_VERSION: Final = "1.1"  # CHANGELOG.md says what each schema version changed
