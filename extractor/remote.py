"""Inputs and outputs as fsspec URLs (``s3://``, ``gs://``, ``abfs://``, ``memory://``): read,
listed and written through fsspec, imported only when a URL is given (`make demo` never needs it).

A local path is not a URL here, nor is ``file://`` worth a detour: it is turned into the path it
names, so everything local keeps running through the plain-file code it always did. Writes are
atomic: object stores (S3, GCS, Azure) publish an object only when its upload completes, so the
object is written in place; any other file system gets a temporary name and a rename.
"""

from __future__ import annotations

import re
from typing import Any

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+)://")
OBJECT_STORES = {"s3", "s3a", "gs", "gcs", "abfs", "abfss", "az", "adl"}  # uploads that publish whole


def is_url(value: object) -> bool:
    """Whether ``value`` names a remote location (``file://`` is a local path, not a URL).

    >>> is_url("s3://bucket/notices/a.pdf"), is_url("notices/a.pdf"), is_url("file:///tmp/a.pdf")
    (True, False, False)
    """
    match = _SCHEME.match(str(value))
    return match is not None and match.group(1).lower() != "file"


def local_path(value: str) -> str:
    """``file:///tmp/a`` as ``/tmp/a``; anything else as given.

    >>> local_path("file:///tmp/a.txt"), local_path("a.txt")
    ('/tmp/a.txt', 'a.txt')
    """
    return value[len("file://"):] if value.lower().startswith("file://") else value


def scheme(url: str) -> str:
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else "file"


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec file system for ``url`` and the path within it (credentials, endpoints and
    regions come from fsspec's own configuration and the environment, as every fsspec tool reads them)."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:  # pragma: no cover - the extra is not installed
        from .errors import OutputError

        raise OutputError("URLs need fsspec: pip install 'decision-extractor[remote]'") from None
    fs, path = url_to_fs(url)
    return fs, path


def unreachable() -> tuple[type[BaseException], ...]:
    """The exceptions that mean the store itself cannot be reached or refuses us (a server gone,
    a connection refused or timed out, no credentials), as opposed to one object missing: for
    these a run stops with exit 3 (finished files kept), not a traceback."""
    found: list[type[BaseException]] = [ConnectionError, TimeoutError]
    try:
        from botocore.exceptions import BotoCoreError

        found.append(BotoCoreError)
    except ImportError:  # pragma: no cover - no S3 support installed
        pass
    try:
        from aiohttp import ClientConnectionError

        found.append(ClientConnectionError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(found)


def join(root: str, relative: str) -> str:
    """``root`` (a URL) and a relative output name: ``s3://b/out`` + ``a/b.json``."""
    return root.rstrip("/") + "/" + relative.lstrip("/")


def read_bytes(url: str) -> bytes:
    fs, path = filesystem(url)
    data: bytes = fs.cat_file(path)
    return data


def exists(url: str) -> bool:
    fs, path = filesystem(url)
    return bool(fs.exists(path))


def list_files(url: str, *, recursive: bool) -> list[str]:
    """The files under a URL prefix, sorted, hidden names left out; a URL naming one file is itself."""
    fs, path = filesystem(url)
    if fs.isfile(path):
        return [url]
    found = fs.find(path, maxdepth=None if recursive else 1)
    prefix = url[: len(url) - len(path)] if url.endswith(path) else scheme(url) + "://"
    names = []
    for item in sorted(found):
        below = item[len(path.rstrip("/")) + 1:]
        if any(part.startswith(".") for part in below.split("/")):
            continue
        names.append(prefix + item)
    return names


def write_atomic(url: str, data: str | bytes) -> None:
    """Write a whole object so no reader sees half of it."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with open_atomic(url) as handle:
        handle.write(raw)


class open_atomic:
    """A binary file at ``url`` that appears only when closed without an error (streamed, so a
    large Parquet file never sits in memory)."""

    def __init__(self, url: str):
        self.url = url
        self.fs, self.path = filesystem(url)
        self.direct = scheme(url) in OBJECT_STORES
        folder, _, name = self.path.rpartition("/")
        self.tmp = self.path if self.direct else f"{folder}/.{name}.tmp" if folder else f".{name}.tmp"
        if folder and not self.direct:
            self.fs.makedirs(folder, exist_ok=True)
        self.handle = self.fs.open(self.tmp, "wb")

    def write(self, data: bytes) -> int:
        written: int = self.handle.write(data)
        return written

    def __enter__(self) -> open_atomic:
        return self

    def __exit__(self, kind: Any, value: Any, tb: Any) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def close(self) -> None:
        self.handle.close()
        if not self.direct:
            self.fs.mv(self.tmp, self.path)

    def abort(self) -> None:
        """Give up: an object store's upload is never completed; a temporary file is removed."""
        if self.direct and hasattr(self.handle, "discard"):
            self.handle.discard()  # fsspec's buffered upload: drop the parts, publish nothing
            self.handle.closed = True  # and never complete it when the object is collected
            return
        try:
            self.handle.close()
        finally:
            if not self.direct and self.fs.exists(self.tmp):
                self.fs.rm(self.tmp)


# -- http(s):// inputs: a web address is one file, fetched under the run's size and time limits --------
WEB = ("http", "https")
CHUNK = 1 << 16  # bytes read at a time while fetching (the size limit is checked between reads)


def is_web(value: object) -> bool:
    """Whether ``value`` is an ``http://`` or ``https://`` address (a file to fetch, never a folder).

    >>> is_web("https://example.gov.uk/x.pdf"), is_web("s3://bucket/x.pdf"), is_web("x.pdf")
    (True, False, False)
    """
    return is_url(value) and scheme(str(value)) in WEB


class FetchError(Exception):
    """A web address that could not be fetched: ``code`` is an error code (`errors.ERROR_CODES`)."""

    def __init__(self, code: str, message: str, size: int | None = None):
        super().__init__(message)
        self.code, self.message, self.size = code, message, size


def fetch(url: str, *, max_bytes: int, timeout: float) -> bytes:
    """The bytes at ``url``, read through fsspec's HTTP file system (the ``remote`` extra), or the
    standard library's urllib without it. More than ``max_bytes`` (announced or read) raises
    ``FetchError("too_large")``, more than ``timeout`` seconds for the whole fetch (0: none)
    ``FetchError("timeout")``, an HTTP error status or a server that cannot be reached
    ``FetchError("fetch_failed")`` saying which."""
    try:
        import aiohttp  # noqa: F401 - fsspec's HTTP file system needs it
        import fsspec  # noqa: F401
    except ImportError:
        return fetch_urllib(url, max_bytes=max_bytes, timeout=timeout)
    return _fetch_fsspec(url, max_bytes=max_bytes, timeout=timeout)


def _fetch_fsspec(url: str, *, max_bytes: int, timeout: float) -> bytes:
    import asyncio

    import aiohttp
    import fsspec

    fs = fsspec.filesystem("http", skip_instance_cache=True, client_kwargs={
        "timeout": aiohttp.ClientTimeout(total=timeout if timeout > 0 else None)})
    try:
        # streamed (block_size 0), and ``size`` given so fsspec asks for no HEAD first: its
        # HEAD turns every error status into FileNotFoundError, the GET keeps the status
        with fs.open(url, "rb", block_size=0, size=max_bytes + 1) as handle:
            announced = handle.r.headers.get("Content-Length", "") if hasattr(handle, "r") else ""
            if announced.isdigit() and int(announced) > max_bytes:
                raise FetchError("too_large", f"{announced} bytes, over the {max_bytes}-byte limit",
                                 int(announced))
            return _read_bounded(handle.read, url, max_bytes)
    except FetchError:
        raise
    except FileNotFoundError:
        raise FetchError("fetch_failed", "HTTP 404 Not Found") from None
    except aiohttp.ClientResponseError as exc:
        raise FetchError("fetch_failed", f"HTTP {exc.status} {exc.message}".rstrip()) from None
    except (asyncio.TimeoutError, TimeoutError, fsspec.exceptions.FSTimeoutError):
        raise FetchError("timeout", f"fetching took longer than {timeout:g} s") from None
    except (aiohttp.ClientError, OSError, ValueError) as exc:
        raise FetchError("fetch_failed", f"cannot fetch: {_reason(exc)}") from None


def fetch_urllib(url: str, *, max_bytes: int, timeout: float) -> bytes:
    """`fetch` through urllib (no extra needed): the time limit holds for each read and for the
    whole fetch, checked between reads."""
    import socket
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout if timeout > 0 else None
    try:
        with urllib.request.urlopen(url, timeout=timeout if timeout > 0 else None) as response:
            announced = response.headers.get("Content-Length")
            if announced and announced.isdigit() and int(announced) > max_bytes:
                raise FetchError("too_large", f"{announced} bytes, over the {max_bytes}-byte limit",
                                 int(announced))

            def read(size: int) -> bytes:
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError
                data: bytes = response.read(size)
                return data

            return _read_bounded(read, url, max_bytes)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError("fetch_failed", f"HTTP {exc.code} {exc.reason}".rstrip()) from None
    except (TimeoutError, socket.timeout):
        raise FetchError("timeout", f"fetching took longer than {timeout:g} s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise FetchError("timeout", f"fetching took longer than {timeout:g} s") from None
        raise FetchError("fetch_failed", f"cannot fetch: {_reason(exc.reason)}") from None
    except (OSError, ValueError) as exc:
        raise FetchError("fetch_failed", f"cannot fetch: {_reason(exc)}") from None


def _read_bounded(read: Any, url: str, max_bytes: int) -> bytes:
    """Read until the end, refusing past ``max_bytes`` (a server may send more than it announced)."""
    parts: list[bytes] = []
    total = 0
    while True:
        block = read(CHUNK)
        if not block:
            return b"".join(parts)
        total += len(block)
        if total > max_bytes:
            raise FetchError("too_large", f"over the {max_bytes}-byte limit", total)
        parts.append(block)


def _reason(exc: object) -> str:
    """An exception as a short reason ("connection refused"), on one line."""
    text = str(getattr(exc, "strerror", None) or exc) or type(exc).__name__
    return " ".join(text.split())[:200]
