"""HTML → PDF with the Thai pipeline, reporting progress while WeasyPrint lays out pages."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import weasyprint

from reports.pdf import archival as archival_pdf
from reports.pdf import thai_typography
from reports.pdf.url_fetcher import ReportURLFetcher

PROGRESS_LOGGER = logging.getLogger("weasyprint.progress")
_LAYOUT_PAGE = re.compile(r"Creating layout - Page (\d+)")


@dataclass
class RenderedPdf:
    content: bytes
    page_count: int


class _PageProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page n" log lines into progress callbacks."""

    def __init__(self, callback: Callable[[int], None], every_seconds: float = 0.5) -> None:
        super().__init__(logging.INFO)
        self.callback, self.every, self.last = callback, every_seconds, 0.0

    def emit(self, record: logging.LogRecord) -> None:
        match = _LAYOUT_PAGE.search(record.getMessage())
        if match and time.monotonic() - self.last >= self.every:
            self.last = time.monotonic()
            self.callback(int(match.group(1)))


def render_document(
    html: str, *, base_url: str | None = None, stored_files: Iterable[str] = ()
) -> weasyprint.Document:
    """Lay out ``html`` with the restricted fetcher.

    The document keeps that fetcher, and WeasyPrint 70 uses it in ``write_pdf`` as
    well (attachments, XMP metadata): 69 fetched those with its default fetcher
    (GHSA-jf6q-chmf-3h3v), so no restriction could hold there.
    """
    fetcher = ReportURLFetcher(stored_files=stored_files)
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()


def html_to_pdf(
    html: str,
    *,
    base_url: str | None = None,
    on_page: Callable[[int], None] | None = None,
    thai_pipeline: bool = True,
    stored_files: Iterable[str] = (),
    archival: archival_pdf.ArchivalRecord | None = None,
) -> RenderedPdf:
    """Render ``html``; ``thai_pipeline=False`` is plain WeasyPrint (for the benchmark only).

    With ``archival`` the file is PDF/A-3b with the record's metadata and data attached
    (see ``reports.pdf.archival``).

    ``stored_files`` are the storage names of the files the report may show; nothing
    else outside our fonts and static files is ever loaded (see ``url_fetcher``).
    """
    if thai_pipeline:
        thai_typography.install()
        html = thai_typography.mark_word_boundaries(html)
    token = thai_typography.enabled.set(thai_pipeline)
    handler = None
    previous_level = PROGRESS_LOGGER.level
    if on_page is not None:
        handler = _PageProgress(on_page)
        PROGRESS_LOGGER.addHandler(handler)
    PROGRESS_LOGGER.setLevel(logging.INFO if on_page else logging.WARNING)
    # WeasyPrint's progress lines are for us, not for the worker's log.
    propagate, PROGRESS_LOGGER.propagate = PROGRESS_LOGGER.propagate, False
    try:
        document = render_document(html, base_url=base_url, stored_files=stored_files)
        options = archival_pdf.apply(document, archival) if archival is not None else {}
        content = document.write_pdf(**options)
    finally:
        thai_typography.enabled.reset(token)
        PROGRESS_LOGGER.propagate = propagate
        if handler is not None:
            PROGRESS_LOGGER.removeHandler(handler)
        PROGRESS_LOGGER.setLevel(previous_level)
    return RenderedPdf(content=content, page_count=len(document.pages))
