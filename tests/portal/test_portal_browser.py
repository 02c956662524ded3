"""The public site in headless Chromium, in English and Urdu at 375 px: send a report, follow
it with its code and add to it, check an offer, look up a recruiter. Screenshots go to
RIHAI_SCREENSHOT_DIR when set (docs/screenshots/portal/ holds the last ones looked at).

Skipped where Chromium or Playwright is missing, unless RIHAI_REQUIRE_BROWSER=1 (CI sets it).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from rihai.portal.models import Report, ReportAddition

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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
    if sync_playwright is None or not os.path.exists(CHROMIUM):
        if os.environ.get("RIHAI_REQUIRE_BROWSER") == "1":
            pytest.fail("RIHAI_REQUIRE_BROWSER=1 but Playwright or Chromium is missing")
        pytest.skip("Playwright or Chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own database
    # calls happen between its steps, never during one.
    # monkeypatch restores the environment afterwards: a leaked flag would reach the
    # production settings checks that later tests run in subprocesses.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _shot(page, name):
    folder = os.environ.get("RIHAI_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def chain_head(transactional_db):
    """An earlier transactional test's flush may have taken the rows migrations made; the
    public site needs only the audit chain's head (districts and agencies are optional)."""
    from rihai.audit.models import AuditChainHead

    AuditChainHead.objects.get_or_create(id=1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chain_head")
@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_person_reports_follows_checks_and_looks_up(browser, live_server, language):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()

    page.goto(f"{live_server.url}/help/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr")
    _shot(page, f"home-{language}-375")

    page.goto(f"{live_server.url}/help/report/")
    page.check("input[name=kind][value=abroad]")
    page.fill("textarea[name=what_happened]", "Demo: an agent asked 200000 rupees for a Dubai job.")
    a, b = re.search(r"(\d+) \+ (\d+)", page.inner_text("label[for=id_answer]")).groups()
    page.fill("input[name=answer]", str(int(a) + int(b)))
    _shot(page, f"report-{language}-375")
    page.click("main button[type=submit]")
    code = page.inner_text(".code").strip()
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", code)
    _shot(page, f"report-sent-{language}-375")
    assert Report.objects.count() == 1

    page.goto(f"{live_server.url}/help/report/status/")
    page.fill("input[name=code]", code)
    page.click("main button[type=submit]")
    page.fill("textarea[name=text]", "Demo: he now uses another number.")
    page.click("main button[type=submit]")
    assert page.locator("p.ok[role=status]").count() == 1
    _shot(page, f"status-{language}-375")
    assert ReportAddition.objects.count() == 1

    page.goto(f"{live_server.url}/help/check-offer/")
    page.fill(
        "textarea[name=text]", "Azad visa for Saudia, advance fee 50,000. WhatsApp 0300-0000012"
    )
    page.click("main button[type=submit]")
    assert page.locator("ul.flags li").count() >= 2
    assert "+923000000012" in page.inner_text("main")
    _shot(page, f"check-{language}-375")

    page.goto(f"{live_server.url}/help/recruiter/")
    page.fill("input[name=query]", "1234/LHR")
    page.click("main button[type=submit]")
    assert page.locator("section.result li").count() >= 1
    _shot(page, f"recruiter-{language}-375")
    context.close()
