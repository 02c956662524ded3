"""The public site in headless Chromium, in English and Urdu at 375 px: send a report, follow
it with its code and add to it, check an offer, look up a recruiter. Screenshots go to
RIHAI_SCREENSHOT_DIR when set (docs/screenshots/portal/ holds the last ones looked at).

Skipped where Chromium or Playwright is missing, unless RIHAI_REQUIRE_BROWSER=1 (CI sets it).
"""

import re

import pytest

from rihai.portal.models import Report, ReportAddition
from tests.browser import shot


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
    shot(page, f"home-{language}-375")

    page.goto(f"{live_server.url}/help/report/")
    page.check("input[name=kind][value=abroad]")
    page.fill("textarea[name=what_happened]", "Demo: an agent asked 200000 rupees for a Dubai job.")
    a, b = re.search(r"(\d+) \+ (\d+)", page.inner_text("label[for=id_answer]")).groups()
    page.fill("input[name=answer]", str(int(a) + int(b)))
    shot(page, f"report-{language}-375")
    page.click("main button[type=submit]")
    code = page.inner_text(".code").strip()
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", code)
    shot(page, f"report-sent-{language}-375")
    assert Report.objects.count() == 1

    page.goto(f"{live_server.url}/help/report/status/")
    page.fill("input[name=code]", code)
    page.click("main button[type=submit]")
    page.fill("textarea[name=text]", "Demo: he now uses another number.")
    page.click("main button[type=submit]")
    assert page.locator("p.ok[role=status]").count() == 1
    shot(page, f"status-{language}-375")
    assert ReportAddition.objects.count() == 1

    page.goto(f"{live_server.url}/help/check-offer/")
    page.fill(
        "textarea[name=text]", "Azad visa for Saudia, advance fee 50,000. WhatsApp 0300-0000012"
    )
    page.click("main button[type=submit]")
    assert page.locator("ul.flags li").count() >= 2
    assert "+923000000012" in page.inner_text("main")
    shot(page, f"check-{language}-375")

    page.goto(f"{live_server.url}/help/recruiter/")
    page.fill("input[name=query]", "1234/LHR")
    page.click("main button[type=submit]")
    assert page.locator("section.result li").count() >= 1
    shot(page, f"recruiter-{language}-375")
    context.close()
