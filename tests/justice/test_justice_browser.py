"""An investigation in headless Chromium, in English and Urdu: a case worker records who
recruited a survivor; an investigator opens a complaint, moves it through FIR, arrest, charge
sheet and trial to judgment, links the survivor's case as a victim (with protection measures
everyone must honour), names a suspect (Urdu script only) who is found in the survivor's
account (Roman Urdu) and confirms the link, records the accused's arrest and conviction and the
outcome. Screenshots at 1280 and 375 px go to RIHAI_SCREENSHOT_DIR when set
(docs/screenshots/justice/ holds the last ones looked at).

Skipped where Chromium or Playwright is missing, unless RIHAI_REQUIRE_BROWSER=1.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import demo_fia_circle, signed_in_context
from tests.browser import shot as _shot


def _world():
    from rihai.cases.actions import do_open_case, do_register_person
    from tests.base import make_user

    fia = demo_fia_circle()
    worker = make_user(fia, "case-worker")
    investigator = make_user(fia, "investigator")
    person = do_register_person(
        acting_user=worker, name_roman="Samina Demo", sex="female", estimated_age=24
    )
    case = do_open_case(acting_user=worker, person=person)
    return worker, investigator, case


def _console_errors(browser, live_server, user, language, path):  # noqa: F811
    found = set()
    context = signed_in_context(browser, live_server, user, language, 1280)
    page = context.new_page()
    page.on("console", lambda m: found.add(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    context.close()
    return found


def _day(days_ago):
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ur"])
def test_from_complaint_to_judgment_with_a_recruiter_linked(browser, live_server, language):  # noqa: F811
    from rihai.cases.models import RecruiterAccount
    from rihai.justice.models import Accused, Investigation, RecruiterLinkDecision, VictimLink

    worker, investigator, case = _world()
    errors, bad_responses = [], []

    def watch(page):
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on(
            "response",
            lambda r: (
                bad_responses.append(r.url)
                if r.status >= 400 and not r.url.endswith("/favicon.ico")
                else None
            ),
        )

    # The case worker records whom the survivor named.
    context = signed_in_context(browser, live_server, worker, language, 1280)
    page = context.new_page()
    watch(page)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr")
    page.click("#recruiters summary")
    form = "#recruiters form"
    page.select_option(f"{form} select[name=role]", "sub-agent")
    page.fill(f"{form} input[name=name_roman]", "Shahid Demo")
    page.fill(f"{form} input[name=phone]", "0333-9999999")
    page.fill(f"{form} input[name=agency_named]", "Demo Overseas")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("#recruiters td:has-text('Shahid Demo')")
    assert RecruiterAccount.objects.count() == 1
    context.close()

    # The investigator opens the complaint and walks it to judgment.
    context = signed_in_context(browser, live_server, investigator, language, 1280)
    page = context.new_page()
    watch(page)
    page.goto(f"{live_server.url}/justice/new/")
    page.fill("input[name=complaint_number]", "C-2026-7")
    page.fill("input[name=complaint_date]", _day(90))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/justice/*/")
    inv = Investigation.objects.get()
    for stage, days_ago in (("fir", 80), ("arrest", 75), ("challan", 60), ("trial", 40)):
        page.select_option("form[action$='/stage/'] select[name=stage]", stage)
        page.fill("form[action$='/stage/'] input[name=on]", _day(days_ago))
        if stage == "fir":
            page.fill("form[action$='/stage/'] input[name=fir_number]", "FIR-12/2026")
        page.click("form[action$='/stage/'] button[type=submit]")
        page.wait_for_load_state()
        inv.refresh_from_db()
        assert inv.stage == stage, (
            stage,
            page.inner_text(".messages") if page.query_selector(".messages") else "",
        )

    # The survivor's case, found by its reference, linked as a victim with protection measures.
    victim_form = "form[action$='/victims/']"
    page.fill(f"{victim_form} input[name=case_reference]", case.reference.lower())
    page.check(f"{victim_form} input[name=protection_measures][value=in-camera]")
    page.check(f"{victim_form} input[name=protection_measures][value=address-withheld]")
    page.click(f"{victim_form} button[type=submit]")
    page.wait_for_load_state()
    link = VictimLink.objects.get()
    assert (link.investigation_id, link.case_id) == (inv.pk, case.pk)
    assert sorted(link.protection_measures) == ["address-withheld", "in-camera"]
    honour = page.inner_text("[role=note]")  # shown to everyone who must honour them
    assert case.reference in honour
    assert ("In-camera hearing" if language == "en" else "بند کمرے میں سماعت") in honour, honour

    page.click("summary:has-text('%s')" % ("Name a suspect" if language == "en" else "مشتبہ"))
    suspect_form = "form[action$='/suspects/']"
    page.select_option(f"{suspect_form} select[name=role]", "sub-agent")
    page.fill(f"{suspect_form} input[name=name_ur]", "شاہد ڈیمو")
    page.fill(f"{suspect_form} input[name=phone]", "0300-1112223")
    page.click(f"{suspect_form} button[type=submit]")
    page.wait_for_load_state()
    accused = Accused.objects.get()

    # Arrested (before judgment a conviction is refused on the page).
    status_form = f"form[action$='/accused/{accused.pk}/status/']"
    page.click(f"td:has({status_form}) summary")
    page.select_option(f"{status_form} select", "arrested")
    page.fill(f"{status_form} input[type=date]", _day(75))
    page.click(f"{status_form} button[type=submit]")
    page.wait_for_load_state()
    accused.refresh_from_db()
    assert accused.status == "arrested"

    # The suspect's page finds the survivor's account across scripts; confirm it.
    page.goto(f"{live_server.url}/justice/suspects/{accused.suspect_id}/")
    assert case.reference in page.inner_text("#recruiter-accounts")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        _shot(page, f"suspect-{language}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("#recruiter-accounts form:has(input[value=confirmed]) button")
    page.wait_for_load_state()
    assert RecruiterLinkDecision.objects.get().decision == "confirmed"

    page.goto(f"{live_server.url}/justice/{inv.pk}/")
    page.select_option("form[action$='/stage/'] select[name=stage]", "judgment")
    page.fill("form[action$='/stage/'] input[name=on]", _day(10))
    page.click("form[action$='/stage/'] button[type=submit]")
    page.wait_for_load_state()
    inv.refresh_from_db()
    assert inv.stage == "judgment"
    page.select_option("form[action$='/outcome/'] select[name=outcome]", "conviction")
    page.fill("form[action$='/outcome/'] input[name=on]", _day(10))
    page.fill("form[action$='/outcome/'] input[name=sentence]", "Demo: 7 years")
    page.click("form[action$='/outcome/'] button[type=submit]")
    page.wait_for_load_state()
    inv.refresh_from_db()
    assert inv.outcome == "conviction"
    page.click(f"td:has({status_form}) summary")
    page.select_option(f"{status_form} select", "convicted")
    page.fill(f"{status_form} input[type=date]", _day(10))
    page.click(f"{status_form} button[type=submit]")
    page.wait_for_load_state()
    accused.refresh_from_db()
    assert accused.status == "convicted"
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        _shot(page, f"investigation-{language}-{width}")
    context.close()

    context = signed_in_context(browser, live_server, worker, language, 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        _shot(page, f"case-recruiters-{language}-{width}")
    # The case worker sees the prosecution's stage and the measures to honour, not its suspects.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/justice/cases/{case.pk}/")
    summary = page.inner_text("main")
    assert inv.reference in summary
    assert ("In-camera hearing" if language == "en" else "بند کمرے میں سماعت") in summary
    assert "شاہد" not in summary and "Shahid" not in summary
    context.close()
    # Every page of the site logs the same console errors in this headless browser (see the
    # screening browser test); what matters is that these pages add none of their own.
    baseline = _console_errors(browser, live_server, worker, language, "/")
    # The browser asks for /favicon.ico on its own (404); every other response is checked.
    baseline.add("Failed to load resource: the server responded with a status of 404 (Not Found)")
    assert set(errors) <= baseline, set(errors) - baseline
    assert bad_responses == [], bad_responses
