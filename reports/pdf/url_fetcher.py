"""The only way a report's PDF may load anything: our fonts, static files and allowed stored files.

A report is HTML we render on the worker, which can reach the database, Redis and
every file the worker can read. WeasyPrint's own fetcher loads whatever a URL names
(``file:///etc/passwd``, ``http://127.0.0.1:6379/``, a redirect to either), so any
URL that slips into a report — through a template, a user's text or a future kind —
would be fetched from inside our network and could end up in the PDF. This fetcher
serves an allow-list instead and refuses everything else:

- the report font files found by :func:`thai_typography.font_files`;
- files under the static directories (``STATICFILES_DIRS`` and ``STATIC_ROOT``);
- the stored files (storage names) the report kind says it shows, as
  ``stored:<name>`` URLs (:func:`stored_file_url`) read through the storage API, so
  they load from an object store as well as from a folder;
- ``data:`` URLs up to :data:`MAX_DATA_URL_CHARS`, so a document cannot make us
  decode an arbitrarily large payload.

No network scheme is served at all, so redirects never happen. A refused URL is
logged and skipped by WeasyPrint (the rest of the report still renders).

It subclasses WeasyPrint's public ``URLFetcher`` (not a plain function): WeasyPrint 70
hands the document's fetcher to ``write_pdf`` too (attachments, XMP metadata,
user stylesheets), and expects that class there.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse

from reports.pdf import thai_typography

logger = logging.getLogger(__name__)

# The charts are inline SVG; a data: URL is at most a small logo or icon.
MAX_DATA_URL_CHARS = 256 * 1024


STORED_SCHEME = "stored"


class RefusedURL(PermissionError):
    """A report tried to load something that is not on the allow-list."""


def stored_file_url(name: str) -> str:
    """The URL a report's HTML gives a stored file (an evaluation photo, say)."""
    return f"{STORED_SCHEME}:{quote(name)}"


def _normal(path: str | os.PathLike) -> Path:
    # abspath collapses "..": a path is judged by where it points, not how it is spelled.
    return Path(os.path.abspath(path))


def static_roots() -> list[Path]:
    roots = [
        _normal(entry[1] if isinstance(entry, tuple) else entry)
        for entry in settings.STATICFILES_DIRS
    ]
    if settings.STATIC_ROOT:
        roots.append(_normal(settings.STATIC_ROOT))
    return roots


class ReportURLFetcher(URLFetcher):
    """Serves only the project's fonts, static files and the listed stored files."""

    def __init__(self, *, stored_files: Iterable[str] = (), storage: Storage | None = None) -> None:
        # No network protocol, no redirects: the checks below are the whole policy,
        # and WeasyPrint's own protocol filter is a second lock on the same door.
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self._storage = storage or default_storage
        self._stored = set(stored_files)
        self._files = {_normal(path) for path in thai_typography.font_files().values()}
        self._roots = static_roots()
        # What this render asked for, for the log and the tests.
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        try:
            response = self._fetch_allowed(url, headers)
        except RefusedURL as error:
            self.refused.append(url)
            logger.warning("report PDF: refused %s (%s)", url[:200], error)
            raise
        self.served.append(url)
        return response

    def _fetch_allowed(self, url: str, headers) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            if len(url) > MAX_DATA_URL_CHARS:
                raise RefusedURL(f"data: URL of {len(url)} characters")
            return super().fetch(url, headers)
        if scheme == STORED_SCHEME:
            return self._fetch_stored(unquote(url.partition(":")[2]))
        if scheme != "file":
            raise RefusedURL(f"scheme {scheme!r} is never fetched")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL("file URL on another host")
        path = _normal(unquote(parts.path))
        allowed = path in self._files or any(path.is_relative_to(root) for root in self._roots)
        if not allowed or not path.is_file():
            raise RefusedURL("not a report font, static file or allowed stored file")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.open("rb"), headers={"Content-Type": content_type}
        )

    def _fetch_stored(self, name: str) -> URLFetcherResponse:
        # Only the names the report kind listed, compared as given: no path is built.
        if name not in self._stored:
            raise RefusedURL("not a stored file this report may show")
        try:
            with self._storage.open(name, "rb") as stored:  # a photo or logo: small
                body = stored.read()
        except (FileNotFoundError, OSError) as error:
            raise RefusedURL(f"stored file missing: {error}") from error
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            stored_file_url(name), body=body, headers={"Content-Type": content_type}
        )
