"""Fixtures for the web tests (imported by name into each test module): a real server and a real browser: uvicorn on a free loopback port in a thread of the test
process, over a temporary deals folder, and Debian's Chromium driven by Playwright (installed by .ci/run)."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, folder: Path, output: Path, **options) -> None:
        import uvicorn

        from assembler.web.app import create_app

        self.folder, self.output, self.port = folder, output, free_port()
        self.app = create_app(folder, output, **options)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def deals_folder(tmp_path):
    folder = tmp_path / "term_sheets"
    folder.mkdir()
    return folder


@pytest.fixture
def server(tmp_path, deals_folder):
    s = Server(deals_folder, tmp_path / "output")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for the tests of a module (each works on its own deal in the one deals folder)."""
    root = tmp_path_factory.mktemp("served")
    (root / "term_sheets").mkdir()
    s = Server(root / "term_sheets", root / "output")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("no /usr/bin/chromium here (apt-get install chromium, as .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request, tmp_path):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    try:
        yield page
    finally:
        context.close()


@contextmanager
def pictured_on_failure(page, folder: Path):
    """On a failure, keep what the browser showed (a full-page screenshot) and say where it is."""
    try:
        yield
    except BaseException:
        picture = folder / "failure.png"
        page.screenshot(path=str(picture), full_page=True)
        print(f"\nscreenshot of the failure: {picture}; page errors: {page.errors}")
        raise


def screenshot(page, name: str) -> None:
    """Save a picture of the page to docs/img/ when ASSEMBLE_SCREENSHOTS=1 (how the README's pictures are made)."""
    if os.environ.get("ASSEMBLE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        # the test's folders are temporary: the picture names them as a server started in the project would
        # (term_sheets/, output/); the page itself shows the real path
        page.evaluate("""() => document.querySelectorAll('[data-local-path]').forEach(node => {
            node.textContent = node.textContent.replace(/\\/+$/, '').split('/').pop() + '/'; })""")
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def path_of(dotted: str) -> list:
    """"investors[1].address.lines[0]" -> ["investors", 1, "address", "lines", 0]"""
    out: list = []
    for part in dotted.replace("]", "").split("."):
        name, *indexes = part.split("[")
        out.append(name)
        out += [int(i) for i in indexes]
    return out
