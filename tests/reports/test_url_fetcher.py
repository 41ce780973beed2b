"""The restricted URL fetcher: a report loads our fonts, static files and the stored
files it may show, and nothing else — at layout time and in write_pdf
(GHSA-jf6q-chmf-3h3v: WeasyPrint 69's write_pdf fetched XMP metadata with its
default fetcher, so this file fails on 69)."""

import contextlib
import re
import threading
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetchingError

from reports.pdf import thai_typography
from reports.pdf.render import html_to_pdf, render_document
from reports.pdf.url_fetcher import MAX_DATA_URL_CHARS, ReportURLFetcher, stored_file_url
from tests.reports.pdf_checks import pdf_fonts, pdf_text, squeeze

SECRET = "LISTENER-SECRET-7f3a"
PASSWD_LINE = "root:x:0:0"


class _Listener(BaseHTTPRequestHandler):
    """Answers anything with SECRET, and redirects /to-passwd and /to-self."""

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path.startswith("/to-passwd"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path.startswith("/to-self"):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_port}/secret")
            self.end_headers()
        else:
            body = f"<x>{SECRET}</x>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def _forbidden_urls(port: int) -> list[str]:
    return [
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/secret",
        f"http://127.0.0.1:{port}/to-passwd",
        f"http://127.0.0.1:{port}/to-self",
    ]


def _hostile_document(port: int) -> str:
    """Every way a document can make WeasyPrint fetch, at layout and in write_pdf."""
    urls = _forbidden_urls(port)
    tags = []
    for index, url in enumerate(urls):
        tags += [
            f'<link rel="stylesheet" href="{url}">',
            f'<link rel="attachment" href="{url}">',  # fetched by write_pdf
            f'<p><img src="{url}" alt=""> <a rel="attachment" href="{url}">แนบ {index}</a></p>',
            f'<div style="background: url({url})">พื้นหลัง</div>',
        ]
    imports = "".join(f'@import url("{url}");' for url in urls)
    return (
        f'<html lang="th"><head><style>{imports}{thai_typography.font_face_css()}'
        'body { font-family: "Laksaman"; font-size: 16pt; }</style></head>'
        f"<body><h1>รายงานการประชุม</h1>{''.join(tags)}</body></html>"
    )


def _pdf_bytes_and_streams(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated, so embedded files can be searched."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        with contextlib.suppress(zlib.error):  # not every stream is Flate
            parts.append(zlib.decompress(match.group(1)))
    return b"\n".join(parts)


def _assert_nothing_leaked(pdf: bytes) -> None:
    everything = _pdf_bytes_and_streams(pdf)
    assert PASSWD_LINE.encode() not in everything
    assert SECRET.encode() not in everything


def test_plain_weasyprint_fetches_them_so_the_checks_can_fail(listener):
    # Given WeasyPrint's default fetcher, the same document reaches the listener and
    # copies /etc/passwd into the PDF: the listener and the leak check both work.
    pdf = weasyprint.HTML(string=_hostile_document(listener.server_port)).write_pdf()
    assert listener.requests
    assert PASSWD_LINE.encode() in _pdf_bytes_and_streams(pdf)


def test_report_render_fetches_none_of_them(listener):
    # When a report with every kind of URL is rendered through the portal's pipeline
    rendered = html_to_pdf(_hostile_document(listener.server_port))
    # then the listener was never asked, and nothing of it or of /etc/passwd is in the PDF
    assert listener.requests == []
    _assert_nothing_leaked(rendered.content)
    # while the report itself still renders in the Thai font
    assert "รายงานการประชุม" in squeeze(pdf_text(rendered.content))


def test_write_pdf_attachments_go_through_the_restricted_fetcher(listener):
    # Given a laid-out report document (the fetcher lives on it)
    document = render_document(_hostile_document(listener.server_port))
    assert isinstance(document.url_fetcher, ReportURLFetcher)
    urls = _forbidden_urls(listener.server_port)
    # When write_pdf itself is asked to attach them (besides the document's own links)
    pdf = document.write_pdf(attachments=urls)
    # then none reached the listener, none is in the PDF, and our fetcher refused each
    assert listener.requests == []
    _assert_nothing_leaked(pdf)
    assert set(urls) <= set(document.url_fetcher.refused)
    assert not [url for url in document.url_fetcher.served if not url.startswith("file:")]


def test_write_pdf_xmp_metadata_goes_through_the_restricted_fetcher(listener):
    # WeasyPrint 69's write_pdf read XMP metadata with its default fetcher, whatever
    # fetcher the document had (GHSA-jf6q-chmf-3h3v): there this test fails.
    for url in _forbidden_urls(listener.server_port):
        document = render_document("<html><body><p>ข้อมูล</p></body></html>")
        with pytest.raises(URLFetchingError):
            document.write_pdf(xmp_metadata=[url])
        assert url in document.url_fetcher.refused
    assert listener.requests == []


def _svg_data_url(text: str, padding: int = 0) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
        f'<text x="0" y="30" font-family="Laksaman" font-size="20">{text}</text>'
        f"<!-- {'x' * padding} --></svg>"
    )
    return "data:image/svg+xml," + urllib.parse.quote(svg)


def test_a_large_data_url_is_refused_a_small_one_loads():
    small = _svg_data_url("SMALLDATA")
    large = _svg_data_url("LARGEDATA", padding=MAX_DATA_URL_CHARS)
    assert len(small) < MAX_DATA_URL_CHARS < len(large)
    document = render_document(
        f'<html><body><img src="{small}" alt=""><img src="{large}" alt=""></body></html>'
    )
    text = pdf_text(document.write_pdf())
    assert small in document.url_fetcher.served
    assert large in document.url_fetcher.refused
    assert "SMALLDATA" in text
    assert "LARGEDATA" not in text


def test_the_report_font_is_fetched_and_embedded():
    document = render_document(
        f"<html><head><style>{thai_typography.font_face_css()}"
        'body { font-family: "Laksaman"; }</style></head><body>ผลการดำเนินงาน</body></html>'
    )
    pdf = document.write_pdf()
    font_urls = {Path(path).as_uri() for path in thai_typography.font_files().values()}
    assert font_urls & set(document.url_fetcher.served)
    assert document.url_fetcher.refused == []
    assert [font["name"].split("+")[-1] for font in pdf_fonts(pdf)] == ["Laksaman"]


def test_static_files_load_and_nothing_beside_them(settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "extra.css").write_text('h1::after { content: "STATICCSS"; }')
    (tmp_path / "private.css").write_text('h1::before { content: "PRIVATECSS"; }')
    settings.STATICFILES_DIRS = [static]
    settings.STATIC_ROOT = None
    inside = (static / "extra.css").as_uri()
    # ".." out of the static directory is judged by where it points
    traversal = static.as_uri() + "/../private.css"
    document = render_document(
        f'<html><head><link rel="stylesheet" href="{inside}">'
        f'<link rel="stylesheet" href="{traversal}"></head><body><h1>หัวข้อ</h1></body></html>'
    )
    text = pdf_text(document.write_pdf())
    assert "STATICCSS" in text
    assert "PRIVATECSS" not in text
    assert traversal in document.url_fetcher.refused


def test_only_the_stored_files_the_report_may_show_load(settings, tmp_path):
    # Given two stored files, through the storage API (a folder here, S3 in production)
    settings.MEDIA_ROOT = tmp_path / "media"
    names = {}
    for key, word in (("allowed", "ALLOWEDFILE"), ("other", "OTHERFILE")):
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
            f'<text x="0" y="30" font-size="20">{word}</text></svg>'
        )
        names[key] = default_storage.save(f"photos/{key}.svg", ContentFile(svg.encode()))
    images = "".join(
        f'<img src="{url}" alt="">'
        for url in (
            stored_file_url(names["allowed"]),
            stored_file_url(names["other"]),
            Path(default_storage.path(names["other"])).as_uri(),  # its path on this machine
        )
    )

    # When a report that may show only the first is rendered
    document = render_document(
        f"<html><body>{images}</body></html>", stored_files=[names["allowed"]]
    )

    # Then only that one loads: the other is refused by name and by path
    text = pdf_text(document.write_pdf())
    assert "ALLOWEDFILE" in text
    assert "OTHERFILE" not in text
    assert stored_file_url(names["other"]) in document.url_fetcher.refused
