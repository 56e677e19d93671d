import codecs

import pytest

from extractor.errors import InputError
from extractor.readers import read_document, sniff_format
from extractor.readers.text import decode

TEXT = "Decision Maker: Cabinet\nReason – £106,000 “saved”\n"

ENCODINGS = [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf-16 with BOM", TEXT.encode("utf-16"), "utf-16"),
    ("utf-16-le without BOM", TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be without BOM", TEXT.encode("utf-16-be"), "utf-16-be"),
    ("windows-1252", TEXT.encode("cp1252"), "windows-1252"),
]


@pytest.mark.parametrize("data, encoding", [c[1:] for c in ENCODINGS], ids=[c[0] for c in ENCODINGS])
def test_encodings_are_detected(data, encoding):
    text, found = decode(data)
    assert found == encoding
    assert text.lstrip("\ufeff") == TEXT


def test_windows_1252_is_flagged_as_guessed():
    doc = read_document(TEXT.encode("cp1252"))
    assert doc.encoding == "windows-1252"
    assert doc.warnings == ("encoding_guessed",)
    assert "£106,000 “saved”" in doc.text


BAD = [
    ("empty", b"", "empty_file"),
    ("whitespace only", b" \n\t\r\n", "empty_file"),
    ("nbsp only", "\u00a0\n".encode(), "empty_file"),
    ("binary with NULs", bytes(range(256)) * 4, "binary_file"),
    ("control characters", b"\x01\x02\x03\x04\x05\x06 text" * 50, "binary_file"),
    ("truncated pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "corrupt_file"),
    ("broken zip", b"PK\x03\x04\x14\x00\x06\x00", "corrupt_file"),
    ("damaged legacy doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "corrupt_file"),
    ("broken png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "corrupt_file"),
    ("gzip (a web archive)", b"\x1f\x8b\x08\x00" + b"\x00" * 16, "unsupported_format"),
    ("broken utf-16", codecs.BOM_UTF16_LE + b"\x00\xd8", "decode_error"),
]


@pytest.mark.parametrize("data, code", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_raises_a_coded_error(data, code):
    with pytest.raises(InputError) as info:
        read_document(data, path="x.txt")
    assert info.value.code == code
    assert "\n" not in str(info.value) and "x.txt" in str(info.value)


def test_damaged_legacy_doc_is_refused_before_the_converter():
    with pytest.raises(InputError) as info:
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    assert "OLE" in str(info.value)


def test_magic_bytes_win_over_extension():
    assert sniff_format(b"%PDF-1.4") == "pdf"
    assert sniff_format(b"Decision details\n") == "text"
    assert sniff_format(b"<!DOCTYPE html><html>") == "html"
