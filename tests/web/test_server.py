"""The web server without a browser: safe by default (hosts, CSRF, sizes, paths, password), pages that load nothing
from another site, and the live check well under the 300 ms a keystroke may take."""
from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path
import time
import urllib.error
import urllib.request

import pytest

from assembler.cli import main
from assembler.web.app import STATIC, create_app  # noqa: F401 (the web extra is installed)

from conftest import FOCUS, NORTHWIND
from webtest import Server, deals_folder, server  # noqa: F401 (fixtures)


def request(url: str, data=None, headers=None, method=None):
    body = None if data is None else (data if isinstance(data, bytes) else json.dumps(data).encode())
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf(server) -> str:
    _, _, body = request(f"{server.url}/")
    return re.search(rb'name="csrf-token" content="([^"]+)"', body).group(1).decode()


@pytest.fixture
def with_examples(deals_folder):
    for path in (FOCUS, NORTHWIND):
        shutil.copy(path, deals_folder / path.name)
    return deals_folder


def test_pages_list_the_deals_and_load_nothing_from_another_site(server, with_examples):
    status, headers, body = request(f"{server.url}/")
    assert status == 200 and b"focus_1999" in body and b"northwind_2026" in body
    assert "default-src 'self'" in headers["content-security-policy"]
    used = set()
    for page in ("/", "/new", "/deals/focus_1999", "/deals/focus_1999/build", "/deals/focus_1999/changes",
                 "/deals/focus_1999/signing"):
        status, _, body = request(server.url + page)
        assert status == 200, page
        links = re.findall(rb'(?:src|href)="([^"]*)"', body)
        assert links and all(link.startswith((b"/", b"#")) for link in links), (page, links)
        used |= {link.decode() for link in links if link.startswith(b"/static/")}
    assets = {f"/static/{p.name}" for p in STATIC.iterdir()}
    assert used <= assets and {a for a in assets if a.endswith(".js")} <= used  # every script is loaded by a page
    for asset in sorted(assets):
        status, _, body = request(server.url + asset)
        assert status == 200 and not re.search(rb"https?://(?!www\.w3\.org/2000/svg)", body), asset


def test_a_new_deal_starts_in_the_structure_asked_for(server):
    """/new?structure=KEY: the same skeleton as `assemble new NAME --structure KEY`; an unknown one says the choices."""
    import html

    from assembler.termsheet.skeleton import skeleton

    status, _, body = request(f"{server.url}/new?structure=units_warrant_series")
    shown = html.unescape(re.search(r'<textarea id="yaml"[^>]*>(.*?)</textarea>', body.decode(), re.S).group(1))
    assert status == 200 and shown == skeleton("new_deal", "units_warrant_series")
    status, _, body = request(f"{server.url}/new?structure=bonds")
    assert status == 400 and b"no structure &#39;bonds&#39;: choose one of shares, shares_and_warrants" in body


def test_unknown_host_is_refused(server):
    status, _, body = request(f"{server.url}/", headers={"Host": "attacker.example"})
    assert status == 400 and b"unknown host" in body


def test_changes_need_the_csrf_token_and_this_origin(server, with_examples):
    text = FOCUS.read_text(encoding="utf-8")
    status, _, _ = request(f"{server.url}/api/check", {"text": text})
    assert status == 403
    token = csrf(server)
    status, _, _ = request(f"{server.url}/api/check", {"text": text},
                           {"X-CSRF-Token": token, "Origin": "http://attacker.example"})
    assert status == 403
    status, _, body = request(f"{server.url}/api/check", {"text": text, "name": "focus_1999"},
                              {"X-CSRF-Token": token, "Origin": server.url, "Content-Type": "application/json"})
    result = json.loads(body)
    assert status == 200 and result["valid"] and result["figures"]["twenty"]["value"] == "6.54%"


def test_request_size_is_limited(server):
    """A body announced over the limit is refused before it is read (the client need not even send it)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("POST", "/api/check")
    for key, value in (("Content-Length", "2100000"), ("X-CSRF-Token", csrf(server)),
                       ("Content-Type", "application/json")):
        connection.putheader(key, value)
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413 and b"larger than" in response.read()
    connection.close()


@pytest.mark.parametrize("path", ["/deals/..%2F..%2Fetc%2Fpasswd", "/deals/%2Fetc%2Fpasswd", "/deals/nope",
                                  "/deals/focus_1999/files/..%2F..%2Fterm_sheets%2Ffocus_1999.yaml",
                                  "/deals/focus_1999/files/focus_1999.yaml"])
def test_paths_stay_inside_the_deals_folder(server, with_examples, path):
    status, _, body = request(server.url + path)
    assert status in (400, 404), (path, status)
    assert b"FOCUS Enhancements" not in body and b"root:" not in body


def test_a_link_out_of_the_folder_is_not_followed(server, with_examples, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("deal: {id: secret, title: Secret}\n", encoding="utf-8")
    (with_examples / "secret.yaml").symlink_to(outside)
    status, _, body = request(f"{server.url}/deals/secret")
    assert status == 404 and b"outside the deals folder" in body


def test_save_writes_the_deal_and_create_refuses_to_overwrite(server, with_examples):
    token = {"X-CSRF-Token": csrf(server)}
    text = FOCUS.read_text(encoding="utf-8").replace("Raptor Global Portfolio Ltd.", "Raptor Global Fund Ltd.")
    status, _, _ = request(f"{server.url}/api/deals/focus_1999", {"text": text}, token)
    assert status == 200 and (with_examples / "focus_1999.yaml").read_text(encoding="utf-8") == text
    status, _, body = request(f"{server.url}/api/deals", {"text": text}, token)
    assert status == 400 and b"already exists" in body
    status, _, body = request(f"{server.url}/api/deals", {"text": text.replace("id: focus_1999", "id: focus_copy")}, token)
    assert status == 200 and json.loads(body)["url"] == "/deals/focus_copy"
    assert (with_examples / "focus_copy.yaml").is_file()


def test_a_password_protects_every_page(deals_folder, tmp_path):
    s = Server(deals_folder, tmp_path / "out", password="s3cret", hosts={"127.0.0.1"})
    try:
        status, headers, _ = request(f"{s.url}/")
        assert status == 401 and headers["WWW-Authenticate"].startswith("Basic")
        wrong = base64.b64encode(b"x:nope").decode()
        assert request(f"{s.url}/", headers={"Authorization": f"Basic {wrong}"})[0] == 401
        right = base64.b64encode(b"anyone:s3cret").decode()
        assert request(f"{s.url}/", headers={"Authorization": f"Basic {right}"})[0] == 200
    finally:
        s.stop()


def test_a_token_signs_in_once_and_a_cookie_keeps_it(deals_folder, tmp_path):
    s = Server(deals_folder, tmp_path / "out", token="t0ken", hosts={"127.0.0.1"})
    try:
        assert request(f"{s.url}/")[0] == 401
        status, headers, _ = request(f"{s.url}/?token=t0ken")
        assert status == 303 and headers["location"] == "/" and "HttpOnly" in headers["set-cookie"]
        cookie = headers["set-cookie"].split(";")[0]
        assert request(f"{s.url}/", headers={"Cookie": cookie})[0] == 200
        assert request(f"{s.url}/", headers={"Cookie": "assemble_token=guess"})[0] == 401
    finally:
        s.stop()


def test_serving_beyond_this_computer_needs_a_password(capsys, monkeypatch):
    monkeypatch.delenv("ASSEMBLE_SERVE_PASSWORD", raising=False)
    assert main(["serve", "term_sheets", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "reachable from other computers" in err and "--password" in err


def test_the_live_check_is_fast(server, with_examples):
    """What each keystroke costs on the server: well under 300 ms (the page adds its own drawing)."""
    token = {"X-CSRF-Token": csrf(server)}
    text = FOCUS.read_text(encoding="utf-8")
    request(f"{server.url}/api/check", {"text": text}, token)  # warm: the calendars are built once
    times = []
    for cents in range(10):  # the last closing price typed, one keystroke after another
        started = time.perf_counter()
        status, _, body = request(f"{server.url}/api/edit", {"text": text, "ops": [
            {"op": "set", "path": ["market_price", "closing_prices", "1999-11-30"], "value": f"1.8{cents}"}]}, token)
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200
    result = json.loads(body)["check"]
    assert result["valid"] and result["figures"]["market"][0]["days"][-1] == {"date": "1999-11-30", "price": "$1.89"}
    assert result["figures"]["prices"][0]["value"] == "$1.928"  # (1.875 + 1.9375 + 2 + 1.9375 + 1.89) / 5
    print(f"edit + check round trips: {[round(t) for t in times]} ms")
    assert sorted(times)[len(times) // 2] < 300


def test_findings_link_to_their_page_and_term_sheet_warnings_to_their_line():
    from jinja2 import Environment, PackageLoader, select_autoescape

    from assembler.web.deals import Status

    pages = Environment(loader=PackageLoader("assembler.web", "templates"), autoescape=select_autoescape(["html"]))
    last = {"error": [], "findings": [
        {"severity": "accepted", "check": "governing-law", "message": "differs from the agreement", "excerpt": "New York",
         "file": "03_warrant_W-1_A.pdf", "page": 9, "reason": "negotiated <so>", "line": 0, "text": ""},
        {"severity": "warning", "check": "", "message": "", "excerpt": "", "file": "", "page": 0, "reason": "",
         "line": 141, "text": "ts.yaml:141:3: capitalization.outstanding_common: warning: at or above 20%"}]}
    html = pages.get_template("build.html").render(name="acme", status=Status("acme", "acme.yaml", valid=True),
                                                   files=[], last=last, csrf="x", version="0", title="t")
    assert '<a href="#page-03_warrant_W-1_A.pdf-9" class="page-link">03_warrant_W-1_A.pdf, page 9</a>' in html
    assert '<a href="/deals/acme#line-141">term sheet line 141</a>' in html
    assert "negotiated &lt;so&gt;" in html  # escaped


def test_a_port_in_use_is_a_located_error(capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "term_sheets", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_the_deals_page_names_a_folder_under_the_working_directory_by_its_relative_path(tmp_path, monkeypatch):
    from assembler.web.app import shown_path

    monkeypatch.chdir(tmp_path)
    assert shown_path((tmp_path / "term_sheets").resolve()) == "term_sheets/"
    assert shown_path(Path("/elsewhere/deals")) == "/elsewhere/deals"
