"""Every public page, in English and Urdu at 375 px, checked by axe-core against the WCAG 2.1
A and AA rules in headless Chromium (at 1280 px too, with screenshots to RIHAI_SCREENSHOT_DIR
when set); and each page under 150 KB transferred without cache.

axe-core is vendored (tests/portal/vendor/, version and licence noted there), never fetched.
Skipped where Chromium or Playwright is missing, unless RIHAI_REQUIRE_BROWSER=1.
"""

from pathlib import Path

import pytest

from tests.browser import shot as _shot
from tests.portal.test_portal_browser import chain_head  # noqa: F401 (fixture)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_BUDGET = 150 * 1024
PAGES = [
    "/help/",
    "/help/report/",
    "/help/report/status/",
    "/help/check-offer/",
    "/help/recruiter/",
    "/help/safe-migration/",
]


def _violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ' (' + v.impact + '): '"
        " + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')))",
        WCAG_21_AA,
    )
    return list(found)


def _context(browser, live_server, language, width=375):  # noqa: F811
    # bypass_csp: the page's policy rightly refuses an injected script; only axe is injected.
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return context


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chain_head")
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_public_pages_pass_wcag_21_aa_rules(browser, live_server, language, width):  # noqa: F811
    context = _context(browser, live_server, language, width)
    page = context.new_page()
    problems = {}
    for url in PAGES:
        page.goto(live_server.url + url)
        name = url.strip("/").replace("help", "").strip("/").replace("/", "-") or "home"
        _shot(page, f"{name}-{language}-{width}")
        problems[url] = _violations(page)
    # The answers too: a checked offer and a recruiter looked up.
    page.goto(live_server.url + "/help/check-offer/")
    page.fill(
        "textarea[name=text]", "Azad visa for Saudia, advance fee 50,000. WhatsApp 0300-0000012"
    )
    page.click("main button[type=submit]")
    _shot(page, f"check-offer-answer-{language}-{width}")
    problems["check-offer answer"] = _violations(page)
    page.goto(live_server.url + "/help/recruiter/")
    page.fill("input[name=query]", "1234/LHR")
    page.click("main button[type=submit]")
    _shot(page, f"recruiter-answer-{language}-{width}")
    problems["recruiter answer"] = _violations(page)
    context.close()
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chain_head")
@pytest.mark.parametrize("language", ["en", "ur"])
def test_each_public_page_is_under_150_kb_without_cache(browser, live_server, language):  # noqa: F811
    sizes = {}
    for url in PAGES:
        # A new context for each page: an empty cache, as on a phone opening it the first time.
        context = _context(browser, live_server, language)
        page = context.new_page()
        loaded = []
        page.on("response", lambda response, loaded=loaded: loaded.append(response))
        page.goto(live_server.url + url, wait_until="networkidle")
        sizes[url] = sum(len(r.body()) for r in loaded if r.ok)
        context.close()
    print(language, sizes)
    assert {u: s for u, s in sizes.items() if s > PAGE_BUDGET} == {}, sizes
