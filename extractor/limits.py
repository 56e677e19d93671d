"""The documented limits on what one file may cost, in one place (the README's reliability
section lists them): past each, the file fails with ``too_large`` instead of taking the
memory or the disk of a whole run."""

from __future__ import annotations

MAX_FILE_BYTES = 100 * 1024 * 1024  # one input file, before it is read (--max-size; RunOptions.max_bytes)
MAX_PART_BYTES = 64 * 1024 * 1024  # one decompressed part of a Word file, or one PDF content stream
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all decompressed parts of one Word file, or all PDF content streams
MAX_TEXT_CHARS = 20_000_000  # the text one document may yield (about 10,000 dense pages)
