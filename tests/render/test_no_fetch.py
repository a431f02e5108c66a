"""The PDF renderer opens the bundled fonts and stylesheet and nothing else (issue 11): a local HTTP server counts
every request, and file:// URLs name a file outside templates/_shared/ whose bytes must never reach the PDF."""
from __future__ import annotations

import hashlib
import http.server
import os
import threading

import pytest

from assembler.layout.html import css_string, document_html
from assembler.layout.pdf import EPOCH, ResourceRefused, render_pdf
from assembler.document.blocks import Block, Run


@pytest.fixture
def server():
    """A local HTTP server that records every path asked of it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"p { color: red }")

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", requests
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def page(body: str, head: str = "") -> str:
    return (f'<!DOCTYPE html><html><head><link rel="stylesheet" href="print.css">{head}</head>'
            f"<body><p>x</p>{body}</body></html>")


@pytest.mark.parametrize("kind", ["img", "link", "css-url", "css-import", "font-face", "object", "iframe"])
def test_no_web_address_is_ever_requested(server, kind):
    base, requests = server
    url = f"{base}/{kind}"
    body, head = {
        "img": (f'<img src="{url}">', ""),
        "link": ("", f'<link rel="stylesheet" href="{url}">'),
        "css-url": (f'<p style="background-image: url({url})">y</p>', ""),
        "css-import": ("", f"<style>@import url({url});</style>"),
        "font-face": ("", f"<style>@font-face {{ font-family: X; src: url({url}) }} p {{ font-family: X }}</style>"),
        "object": (f'<object data="{url}"></object>', ""),
        "iframe": (f'<embed src="{url}">', ""),
    }[kind]
    try:
        render_pdf(page(body, head), "t")
    except ResourceRefused as exc:
        assert url in str(exc)
    assert requests == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "/etc/passwd", "fonts/../../../../../../etc/passwd",
                                 "file://localhost/etc/hostname", "../_shared_other/print.css"])
def test_no_file_outside_the_bundle_is_read(tmp_path, url):
    with pytest.raises(ResourceRefused) as info:
        render_pdf(page(f'<img src="{url}">', f'<link rel="stylesheet" href="{url}">'), "t")
    assert "nothing was fetched" in str(info.value)


def test_the_bundled_stylesheet_and_fonts_and_data_images_are_served():
    png = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAA"
           "AABJRU5ErkJggg==")
    pdf = render_pdf(page(f'<img src="{png}">'), "t")
    import io

    from pypdf import PdfReader

    fonts = PdfReader(io.BytesIO(pdf.data)).pages[0]["/Resources"]["/Font"]
    assert any(str(f.get_object()["/BaseFont"]).endswith("+House-Serif") for f in fonts.values())  # print.css, bundled font
    assert b"/Image" in pdf.data  # the data: image was drawn


def test_a_title_cannot_inject_css_into_a_bookmark(server):
    base, requests = server
    title = f'Evil"; background-image: url({base}/title); x: "\\'
    html = document_html("t", [Block("title", [Run("T")], "Title", bookmark=(1, title))], "2000-01-01", "a")
    assert f"url({base}/title)" in html  # the text is there, as text of a CSS string
    render_pdf(html, "t")
    assert requests == []
    assert css_string('a"b\\c\n') == "a\\22 b\\5c c\\a "


def test_source_date_epoch_of_the_caller_changes_nothing(monkeypatch):
    """fontTools (used when HarfBuzz's subsetter is missing) stamps SOURCE_DATE_EPOCH into every subset font; the
    caller's value used to win over ours (18 of 31 files changed). Force the fontTools path and vary it."""
    import weasyprint.pdf.fonts as fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    html = page("<p>Hello § world</p>")
    digests = set()
    for value in (None, "1700000000", "0"):
        if value is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        digests.add(hashlib.sha256(render_pdf(html, "t").data).hexdigest())
        assert os.environ.get("SOURCE_DATE_EPOCH") == value  # the caller's environment is left as it was
    assert len(digests) == 1
    assert EPOCH == "946684800"
