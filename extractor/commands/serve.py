"""`serve`: the HTTP service (needs the 'service' extra), with its key, lexicons and templates
checked before it starts."""

from __future__ import annotations

import argparse
import os

from .shell import EXIT_OK, EXIT_USAGE, lexicon_error, say, templates_error


def serve_command(args: argparse.Namespace) -> int:
    try:
        from ..service import API_KEY_ENV, ServiceConfig, serve
    except ImportError:  # pragma: no cover - the extra is not installed
        say("error: the service needs its extra: pip install 'decision-extractor[service]'")
        return EXIT_USAGE
    key = args.api_key or os.environ.get(API_KEY_ENV) or None
    if key is None and args.host not in {"127.0.0.1", "localhost", "::1"}:
        say(f"warning: serving on {args.host} without an API key")
    if (args.lexicon and lexicon_error(args.lexicon)) or (args.templates and templates_error(args.templates)):
        return EXIT_USAGE
    config = ServiceConfig(templates=tuple(args.templates), max_upload_bytes=int(args.max_upload * 1024 * 1024), timeout=args.timeout,
                           workers=max(1, args.workers), api_key=key, lexicon=tuple(args.lexicon),
                           max_memory_mb=args.max_memory, max_connections=max(0, args.max_connections),
                           header_timeout=args.header_timeout, upload_timeout=args.upload_timeout)
    serve(args.host, args.port, config)
    return EXIT_OK
