"""A case worker's day in headless Chromium, in English and in Urdu: register a person (the
duplicate check finds an earlier record first), record the identification interview, ask for
identification, add a note, a task and a document; then a supervisor approves that request
and rejects another with a reason, and the worker finds the rejection in "my work".

Screenshots of the case work pages at 1280 and 375 px go to RIHAI_SCREENSHOT_DIR when set
(docs/screenshots/cases/ holds the last ones looked at). Skipped where Chromium or Playwright
is missing, unless RIHAI_REQUIRE_BROWSER=1 (CI sets it).
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from rihai.cases.casework.samples import tiny_pdf
from rihai.cases.models import Case, CaseDocument, CaseNote, CaseTask, StatusChange
from tests.browser import shot

PASSWORD = "test-pass-123456"  # synthetic users of this test only


@pytest.fixture
def world(transactional_db):
    """An FIA agency with a case worker and a supervisor (with a two-factor device), and an
    earlier registration of the same survivor for the duplicate check to find. An earlier
    transactional test's flush may have taken the rows migrations made: put them back."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from rihai.accounts.models import Agency, AgencyType, Role, RolePermission, Sex, User
    from rihai.accounts.roles import install_default_roles
    from rihai.audit.models import AuditChainHead
    from rihai.cases.actions import do_register_person
    from rihai.geo.gazetteer import load_gazetteer
    from rihai.geo.models import District, Province

    AuditChainHead.objects.get_or_create(id=1)
    if not Province.objects.exists():
        load_gazetteer(Province, District)
    install_default_roles(Role, RolePermission)
    punjab = Province.objects.get(iso_code="PK-PB")
    fia = Agency.objects.create(
        name="Browser FIA Lahore", code="BFIA", agency_type=AgencyType.FIA_AHTC, province=punjab
    )

    def user(username, role, first, last):
        return User.objects.create_user(
            username=username,
            password=PASSWORD,
            agency=fia,
            role=Role.objects.get(code=role),
            sex=Sex.FEMALE,
            first_name=first,
            last_name=last,
        )

    worker = user("day-worker", "case-worker", "Ayesha", "Demo")
    supervisor = user("day-supervisor", "supervisor", "Farah", "Demo")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    do_register_person(
        acting_user=worker,
        name_roman="Samina Demo",
        name_ur="ثمینہ ڈیمو",
        sex="female",
        estimated_age=24,
        province=punjab,
    )
    return {"worker": worker, "supervisor": supervisor, "device": device}


def _context(browser, live_server, language, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return context


def _sign_in(page, live_server, username, device=None):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if device is not None:
        from django_otp.oath import TOTP

        page.wait_for_url(re.compile(r"/accounts/two-factor/"))
        page.fill("input[name=token]", f"{TOTP(device.bin_key).token():06d}")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/" not in page.url, (page.url, page.inner_text("main")[:500])


def _submit(page, form_selector):
    with page.expect_navigation():
        page.click(f"main {form_selector} button[type=submit]")


def _request_status(page, to_status, reason=""):
    page.select_option("select[name=to_status]", to_status)
    if reason:
        page.fill("textarea[name=reason]", reason)
    with page.expect_navigation():
        page.click("form[action$='/status/'] button[type=submit]")
    # Closing and "not a victim" ask first, on a page saying what will happen.
    confirm = page.locator("main form input[name=confirmed][value='1']")
    if confirm.count():
        with page.expect_navigation():
            page.click("main form:has(input[name=confirmed]) button[type=submit]")


# serialized_rollback: the rows migrations made (roles, districts, content types) are put back
# afterwards, and the flush does not recreate content types under the next test's restore.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_case_workers_day(browser, live_server, world, language):
    base = live_server.url
    page = _context(browser, live_server, language).new_page()
    _sign_in(page, live_server, "day-worker")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr")

    # Register: the duplicate check runs first and finds the earlier record.
    page.goto(f"{base}/cases/new/")
    page.fill("input[name='person-name_roman']", "Samina Demo")
    page.fill("input[name='person-name_ur']", "ثمینہ ڈیمو")
    page.select_option("select[name='person-sex']", "female")
    page.fill("input[name='person-estimated_age']", "24")
    page.check("input[name='case-exploitation_types'][value='forced-labour']")
    with page.expect_navigation():
        page.click("main form.stack button[name=step][value=check]")
    assert page.locator("section.warn").count() == 1, "the duplicate check found nothing"
    page.check("input[name='confirm_new_person']")
    with page.expect_navigation():
        page.click("main form.stack button[name=step][value=register]")
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.order_by("-id").first()
    case_url = f"{base}/cases/{case.pk}/"

    # The identification interview, then presumed, then ask for identification.
    page.goto(f"{case_url}screening/")
    boxes = page.locator("main form input[type=checkbox]")
    for i in range(min(8, boxes.count())):
        boxes.nth(i).check()
    _submit(page, "form")
    assert case.assessments.exists()
    page.goto(case_url)
    _request_status(page, "presumed")
    _request_status(page, "identified")
    assert StatusChange.objects.filter(
        case=case, to_status="identified", decision="pending"
    ).exists()

    # A note, a task and a document, each on its tab.
    page.goto(f"{case_url}notes/")
    page.select_option("select[name=kind]", "visit")
    page.fill("textarea[name=text]", "Demo: visited her at the shelter; she asked about her wages.")
    page.check("input[name=confidential]")
    _submit(page, "form[method=post]")
    assert CaseNote.objects.filter(case=case, confidential=True).count() == 1
    assert "wages" in page.content()

    page.goto(f"{case_url}tasks/")
    page.fill("input[name=title]", "Demo: book the medical examination")
    page.fill("input[name=due_on]", (timezone.localdate() + timedelta(days=2)).isoformat())
    _submit(page, "form[method=post]")
    assert CaseTask.objects.filter(case=case).count() == 1

    page.goto(f"{case_url}documents/")
    page.fill("input[name=title]", "Demo medical report")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}],
    )
    _submit(page, "form[method=post]")
    assert CaseDocument.objects.filter(case=case).count() == 1
    with page.expect_download() as download:
        page.click(".row-actions a:not([target])")
    assert Path(download.value.path()).read_bytes() == tiny_pdf()

    page.goto(f"{case_url}flags/")
    page.select_option("select[name=kind]", "interpreter")
    page.fill("textarea[name=reason]", "Demo: speaks Saraiki only")
    _submit(page, "form[method=post]")
    assert page.locator(".flag-strip .flag-interpreter").count() == 1

    # The supervisor approves identification...
    sup = _context(browser, live_server, language).new_page()
    _sign_in(sup, live_server, "day-supervisor", world["device"])
    sup.goto(case_url)
    with sup.expect_navigation():
        sup.click("form[action*='/decide/'] button[name=approve][value='1']")
    case.refresh_from_db()
    assert case.status == "identified"

    # ...the worker asks to close the case, and the supervisor rejects it with a reason.
    page.goto(case_url)
    _request_status(page, "closed", "Demo: she has gone home")
    sup.goto(case_url)
    reason = sup.locator("form[action*='/decide/'] [name$=reason]")
    if reason.count():  # where the decision form asks for the reason of a rejection
        reason.first.fill("Demo: the support plan is not finished")
    with sup.expect_navigation():
        sup.click("form[action*='/decide/'] button[name=approve][value='0']")
    rejected = StatusChange.objects.get(case=case, to_status="closed")
    assert rejected.decision == "rejected"

    # The worker's home page counts the rejection and links to it.
    page.goto(f"{base}/")
    link = page.locator("a[href='/cases/my-work/requests-rejected/']")
    assert link.locator(".stat").inner_text().strip() == "1"
    with page.expect_navigation():
        link.click()
    assert case.reference in page.content()

    # Screenshots of the new pages, desktop and phone.
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for tab in ("notes", "documents", "tasks", "flags", "history"):
            page.goto(f"{case_url}{tab}/")
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, tab
            shot(page, f"{tab}-{language}-{width}")
        page.goto(case_url)
        shot(page, f"case-{language}-{width}")
        page.goto(f"{base}/cases/my-work/requests-rejected/")
        shot(page, f"work-rejected-{language}-{width}")
        page.goto(f"{base}/")
        shot(page, f"home-{language}-{width}")
