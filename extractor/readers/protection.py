"""Password-protected legacy files, found before the converter sees them.

LibreOffice headless cannot ask for a password: it fails such a file like a damaged one, so the
user would read "could not convert (damaged?)" for a file that is fine but locked. Reading the
file's own flag tells them what to do instead (remove the password), with the registered code
``encrypted``, and saves a converter round-trip.

- Word 97-2003 ``.doc``: an OLE2 compound file whose ``WordDocument`` stream starts with the FIB;
  its flags word says ``fEncrypted`` (RC4 or RC4 CryptoAPI) or ``fObfuscated`` (XOR). (An OLE file
  holding an ``EncryptedPackage`` stream, a password-protected .docx, is named in `read_document`.)
- OpenDocument ``.odt``: ``META-INF/manifest.xml`` lists ``encryption-data`` for each encrypted part.

Pure and total: any damage in the structures read here means "not known to be encrypted", and
the converter (or the damaged-file check) decides.
"""

from __future__ import annotations

import io
import struct
import zipfile

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_WORD_IDENT = 0xA5EC  # the FIB's first word in every Word 97-2003 document
_ENCRYPTED, _OBFUSCATED = 0x0100, 0x8000  # FIB flags: fEncrypted, fObfuscated (XOR)
_MANIFEST_LIMIT = 1 << 20  # a manifest is a few kilobytes; a larger one is not read


def encryption_reason(data: bytes, kind: str) -> str | None:
    """Why the file cannot be read without its password, or None when it is not known to be protected.

    >>> encryption_reason(b"{\\\\rtf1 x}", "rtf") is None
    True
    """
    if kind == "ole":
        return _ole_reason(data)
    if kind == "odt":
        return _odt_reason(data)
    return None


def _ole_reason(data: bytes) -> str | None:
    word = ole_streams(data).get("WordDocument")
    if word is None or len(word) < 12:
        return None
    ident, flags = struct.unpack_from("<H", word, 0)[0], struct.unpack_from("<H", word, 0x0A)[0]
    if ident != _WORD_IDENT:
        return None
    if flags & _OBFUSCATED and flags & _ENCRYPTED:
        return "a password-protected Word 97-2003 document (XOR obfuscation); remove the password first"
    if flags & _ENCRYPTED:
        return "a password-protected Word 97-2003 document (RC4 encryption); remove the password first"
    return None


def _odt_reason(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("META-INF/manifest.xml")
            if info.file_size > _MANIFEST_LIMIT:
                return None
            manifest = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError, NotImplementedError):
        return None
    if b"encryption-data" in manifest:
        return "a password-protected OpenDocument text (.odt); remove the password first"
    return None


def ole_streams(data: bytes, *, head: int = 512) -> dict[str, bytes]:
    """The first ``head`` bytes of each stream in an OLE2 compound file's regular sectors, by name
    (streams small enough to live in the mini stream are left out: the ones read here never do).
    Empty for anything that is not a sound compound file; never raises.

    >>> ole_streams(b"not ole")
    {}
    """
    try:
        return _streams(data, head)
    except (struct.error, IndexError, ValueError):
        return {}


def _streams(data: bytes, head: int) -> dict[str, bytes]:
    if len(data) < 512 or not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return {}
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        return {}
    size = 1 << shift
    count = (len(data) - size) // size  # sectors the file really has: every chain is bounded by it

    def sector(n: int) -> bytes:
        if not 0 <= n < count:
            raise ValueError("sector out of range")
        return data[(n + 1) * size:(n + 2) * size]

    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n not in (_FREE, _END)]
    difat, seen = struct.unpack_from("<I", data, 0x44)[0], 0
    while difat not in (_FREE, _END) and seen < count:  # the DIFAT chain, for files over ~7 MB
        entries = struct.unpack(f"<{size // 4}I", sector(difat))
        fat_sectors += [n for n in entries[:-1] if n not in (_FREE, _END)]
        difat, seen = entries[-1], seen + 1
    fat: list[int] = []
    for n in fat_sectors[:count]:
        fat += struct.unpack(f"<{size // 4}I", sector(n))

    def chain(start: int) -> list[int]:
        out: list[int] = []
        while start not in (_FREE, _END) and len(out) <= count:
            out.append(start)
            start = fat[start] if start < len(fat) else _END
        return out

    cutoff = struct.unpack_from("<I", data, 0x38)[0]
    directory = b"".join(sector(n) for n in chain(struct.unpack_from("<I", data, 0x30)[0]))
    streams: dict[str, bytes] = {}
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset:offset + 128]
        length, kind = struct.unpack_from("<HB", entry, 0x40)
        start, stream_size = struct.unpack_from("<II", entry, 0x74)
        if kind != 2 or not 2 <= length <= 64 or stream_size < cutoff:
            continue
        name = entry[:length - 2].decode("utf-16-le", "replace")
        body = b""
        for n in chain(start):
            body += sector(n)
            if len(body) >= head:
                break
        streams[name] = body[:head]
    return streams
