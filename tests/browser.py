"""Headless Chromium for the browser tests: one fixture and one screenshot helper.

The browser is the machine's Chromium (Debian's package; ``RIHAI_CHROMIUM`` names another),
driven by Playwright without downloading one. Tests skip where either is missing, unless
``RIHAI_REQUIRE_BROWSER=1`` (CI sets it). Screenshots go to ``RIHAI_SCREENSHOT_DIR`` when set.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("RIHAI_CHROMIUM") or shutil.which("chromium") or ""
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(monkeypatch):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM or not os.path.exists(CHROMIUM):
        if os.environ.get("RIHAI_REQUIRE_BROWSER") == "1":
            pytest.fail("RIHAI_REQUIRE_BROWSER=1 but Playwright or Chromium is missing")
        pytest.skip("Playwright or Chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # happen between its steps, never during one. monkeypatch restores the environment
    # afterwards: a leaked flag would reach the production settings checks that later tests
    # run in subprocesses.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def shot(page, name: str) -> None:
    folder = os.environ.get("RIHAI_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
