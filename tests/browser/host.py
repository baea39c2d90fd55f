"""A static host on 127.0.0.1 for built sites, behaving like the host the library deploys to.

GitHub Pages (the deployment target) compresses text with gzip and answers a missing
address with the site's own 404.html and status 404. This host does the same, so the
transfer sizes measured in the browser are the ones a reader's browser would receive.
"""

from __future__ import annotations

import gzip
import mimetypes
import sys
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Types a static host compresses on the fly (Pagefind's index files are gzipped already).
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
)
EXTRA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",
    ".webmanifest": "application/manifest+json",
}


def content_type(path: Path) -> str:
    known = EXTRA_TYPES.get(path.suffix)
    if known:
        return known
    if path.suffix.startswith(".pf_"):
        return "application/octet-stream"
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A page closed while its request was in flight: the browser hung up, not a bug.
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class StaticHost:
    """Serves folders under URL prefixes, e.g. ``{"/library/": site}``, in a thread."""

    def __init__(self, mounts: Mapping[str, Path]) -> None:
        self.mounts = sorted(mounts.items(), key=lambda item: -len(item[0]))
        self._gzipped: dict[tuple[Path, float], bytes] = {}
        self._lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host.answer(self, with_body=True)

            def do_HEAD(self) -> None:
                host.answer(self, with_body=False)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the browser records requests; keep pytest's output clean

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> StaticHost:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def resolve(self, url_path: str) -> tuple[HTTPStatus, Path | None, str | None]:
        """The file for a URL path: (status, file, redirect location)."""
        for prefix, folder in self.mounts:
            if not url_path.startswith(prefix) and url_path != prefix.rstrip("/"):
                continue
            if url_path == prefix.rstrip("/"):
                return HTTPStatus.MOVED_PERMANENTLY, None, prefix
            rel = unquote(url_path[len(prefix) :])
            root = folder.resolve()
            target = (root / rel).resolve()
            if target != root and root not in target.parents:
                return HTTPStatus.NOT_FOUND, None, None
            if target.is_dir():
                if rel and not url_path.endswith("/"):
                    return HTTPStatus.MOVED_PERMANENTLY, None, url_path + "/"
                target = target / "index.html"
            if target.is_file():
                return HTTPStatus.OK, target, None
            missing = root / "404.html"
            return HTTPStatus.NOT_FOUND, missing if missing.is_file() else None, None
        return HTTPStatus.NOT_FOUND, None, None

    def body(self, path: Path, accepts_gzip: bool) -> tuple[bytes, bool]:
        data = path.read_bytes()
        if not accepts_gzip or not content_type(path).startswith(COMPRESSIBLE):
            return data, False
        key = (path, path.stat().st_mtime)
        with self._lock:
            packed = self._gzipped.get(key)
        if packed is None:
            # Level 6: what common hosts and CDNs use for on-the-fly compression.
            packed = gzip.compress(data, compresslevel=6, mtime=0)
            with self._lock:
                self._gzipped[key] = packed
        return packed, True

    def answer(self, request: BaseHTTPRequestHandler, with_body: bool) -> None:
        status, path, location = self.resolve(urlsplit(request.path).path)
        if location is not None:
            request.send_response(status)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        if path is None:
            data, packed, kind = b"Not found", False, "text/plain"
        else:
            accepts = "gzip" in request.headers.get("Accept-Encoding", "")
            data, packed = self.body(path, accepts)
            kind = content_type(path)
        if kind.startswith("text/") or kind.endswith(("javascript", "json", "xml")):
            kind += "; charset=utf-8"
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(data)))
        if packed:
            request.send_header("Content-Encoding", "gzip")
        request.send_header("Vary", "Accept-Encoding")
        request.end_headers()
        if with_body:
            request.wfile.write(data)
