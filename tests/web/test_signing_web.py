"""Signing from the web page, without a browser: a returned PDF is uploaded with the same CSRF protection and size
limit as every other change, every page is filed (matched, stale, foreign, unrecognised, unsigned), the status follows,
and the executed documents and the closing book are offered once every page is in (and nothing else is served)."""
from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from conftest import NORTHWIND
from returned import as_it_went_out, body_page, signature_pages, signed_pdf, stale_and_foreign
from test_server import csrf, request
from webtest import Server

DEAL = "northwind_2026"


@pytest.fixture(scope="module")
def served(tmp_path_factory, built_sets):
    """The example deal and its built set (the session's build, copied) behind a server."""
    root = tmp_path_factory.mktemp("signing-web")
    (root / "term_sheets").mkdir()
    shutil.copy(NORTHWIND, root / "term_sheets" / NORTHWIND.name)
    shutil.copytree(built_sets[DEAL], root / "output" / DEAL)
    server = Server(root / "term_sheets", root / "output")
    server.token = {"X-CSRF-Token": csrf(server)}
    yield server
    server.stop()


def upload(server, name: str, data: bytes, headers=None):
    status, _, body = request(f"{server.url}/api/deals/{DEAL}/signed?file={quote(name)}", data,
                              {"Content-Type": "application/pdf", **(server.token if headers is None else headers)})
    return status, json.loads(body) if body.startswith(b"{") else body


def test_an_upload_is_protected_like_every_change(served, tmp_path):
    set_dir = served.output / DEAL
    page = signature_pages(set_dir)[0]
    assert upload(served, "a.pdf", signed_pdf(set_dir, [page]), headers={})[0] == 403  # no CSRF token
    assert too_large(served) == (413, b"request larger than 2,000,000 bytes\n")
    status, body = upload(served, "notes.txt", b"these are my notes")
    assert status == 400 and body["error"] == ["notes.txt is not a PDF: drop the signed pages as PDF files"]
    (served.folder / "unbuilt.yaml").write_text(NORTHWIND.read_text(encoding="utf-8").replace(
        f"id: {DEAL}", "id: unbuilt"), encoding="utf-8")
    status, _, body = request(f"{served.url}/api/deals/unbuilt/signed?file=a.pdf", signed_pdf(set_dir, [page]),
                              {"Content-Type": "application/pdf", **served.token})
    assert status == 404 and b"build it first" in body
    assert not (served.output / f"{DEAL}.signatures").exists()  # nothing was collected


def test_pages_are_filed_then_the_executed_set_and_the_book_are_offered(served):
    set_dir = served.output / DEAL
    pages = signature_pages(set_dir)
    *first, last = pages
    returned = [("scans.pdf", signed_pdf(set_dir, first)), ("wrong.pdf", stale_and_foreign(last)),
                ("body.pdf", body_page(set_dir, last["file"])), ("emailed.pdf", as_it_went_out(set_dir, last))]
    outcomes = []
    for name, data in returned:
        status, body = upload(served, name, data)
        assert status == 200, body
        outcomes += [p["outcome"] for p in body["pages"]]
    assert outcomes == ["matched"] * len(first) + ["stale", "foreign", "unrecognised", "unsigned"]
    state = body["state"]
    assert not state["complete"] and state["signed"] == len(first) and state["pages"] == len(pages)
    assert state["counts"] == {"matched": len(first), "accompanying": 0, "stale": 1, "foreign": 1, "unrecognised": 1,
                               "unsigned": 1}
    assert [f["source"] for f in state["filings"]][-4:] == ["wrong.pdf", "wrong.pdf", "body.pdf", "emailed.pdf"]
    outstanding = [(d["key"], p["signatory"]) for d in state["documents"] for p in d["pages"] if not p["signed"]]
    assert outstanding == [(last["document"], last["signatory"])]
    waiting = next(p for d in state["documents"] for p in d["pages"] if not p["signed"])
    assert waiting["stale"] and waiting["stale"][0].startswith("wrong.pdf, page 1: signed on an earlier draft")
    assert state["book"] is None and len(state["executed"]) == len(state["documents"]) - 1
    status, _, body = request(f"{served.url}/api/deals/{DEAL}/book", {}, served.token)
    assert status == 400 and f"outstanding: " in json.loads(body)["error"][0]

    again = upload(served, "scans.pdf", returned[0][1])[1]
    assert all(p["again"] for p in again["pages"])  # the same pages twice: filed once
    status, body = upload(served, "late.pdf", signed_pdf(set_dir, [last]))
    assert [p["outcome"] for p in body["pages"]] == ["matched"] and body["state"]["complete"]
    status, _, body = request(f"{served.url}/api/deals/{DEAL}/book", {}, served.token)
    made = json.loads(body)
    assert status == 200 and made["state"]["book"] == {"pdf": made["pdf"], "zip": made["zip"]}
    book = download(served, made["pdf"])
    assert len(PdfReader(io.BytesIO(book)).pages) == made["pages"]
    names = zipfile.ZipFile(io.BytesIO(download(served, made["zip"]))).namelist()
    executed = [e["file"] for e in made["state"]["executed"]]
    assert set(executed) <= set(names) and len(executed) == len(made["state"]["documents"])
    store = served.output / f"{DEAL}.signatures"
    assert download(served, executed[0]) == (store / "executed" / executed[0]).read_bytes()
    for other in ("signatures.json", "log.jsonl", "../northwind_2026.yaml", f"pages/{'0' * 64}.pdf"):
        status, _, _ = request(f"{served.url}/deals/{DEAL}/signing/{quote(other, safe='')}")
        assert status == 404, other
    status, _, html = request(f"{served.url}/deals/{DEAL}/signing")
    data = json.loads(re.search(rb'id="page-data">(.*?)</script>', html, re.S).group(1))
    assert data["state"]["complete"] and data["state"]["book"]["pdf"] == made["pdf"]


def too_large(server) -> tuple[int, bytes]:
    """A 2.1 MB upload is refused on its Content-Length, before its body is read (or even sent)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("POST", f"/api/deals/{DEAL}/signed?file=big.pdf")
    for key, value in (("Content-Length", "2100000"), ("Content-Type", "application/pdf"), *server.token.items()):
        connection.putheader(key, value)
    connection.endheaders()
    response = connection.getresponse()
    try:
        return response.status, response.read()
    finally:
        connection.close()


def download(server, name: str) -> bytes:
    status, headers, body = request(f"{server.url}/deals/{DEAL}/signing/{quote(name)}")
    assert status == 200 and headers["content-disposition"].startswith("attachment"), name
    return body
