"""The holds and erasure pages in headless Chromium, in English and Urdu at 1280 and 375 px:
a supervisor places a hold and lifts it with a reason; a case worker asks for an erasure and
a second supervisor carries it out. Screenshots go to RIHAI_SCREENSHOT_DIR when set
(docs/screenshots/ops/ holds the last ones looked at).

Skipped where Chromium or Playwright is missing, unless RIHAI_REQUIRE_BROWSER=1.
"""

import pytest

from tests.browser import demo_fia_circle, shot, signed_in_context


def _world():
    from rihai.cases.actions import do_open_case, do_register_person
    from tests.base import make_user

    fia = demo_fia_circle()
    worker = make_user(fia, "case-worker")
    supervisor = make_user(fia, "supervisor")
    second = make_user(fia, "supervisor", username="fdemo-supervisor-2")
    people = []
    for name in ("Samina Demo", "Rukhsana Demo"):
        person = do_register_person(
            acting_user=worker, name_roman=name, sex="female", estimated_age=24
        )
        do_open_case(acting_user=worker, person=person)
        people.append(person)
    return worker, supervisor, second, people


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ur"])
def test_holds_and_erasures_in_both_languages_and_widths(browser, live_server, language):
    from rihai.cases.models import Person
    from rihai.ops.models import ErasureRequest, LegalHold

    worker, supervisor, second, (held, erased) = _world()
    rtl = "rtl" if language == "ur" else "ltr"

    context = signed_in_context(browser, live_server, supervisor, language, 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}/retention/holds/")
    assert page.get_attribute("html", "dir") == rtl
    page.select_option("select[name=record_type]", "cases.person")
    page.fill("input[name=object_id]", f"P-{held.pk}")
    page.fill("textarea[name=reason]", "FIR 12/2027, Sessions Court Lahore")
    page.click("main form button[type=submit]")
    assert LegalHold.objects.filter(object_id=str(held.pk), lifted_on__isnull=True).exists()
    shot(page, f"holds-{language}-1280")
    context.close()

    context = signed_in_context(browser, live_server, supervisor, language, 375)
    page = context.new_page()
    page.goto(f"{live_server.url}/retention/holds/")
    page.click("details summary")
    shot(page, f"holds-{language}-375")
    page.fill("details textarea[name=reason]", "Judgment final, appeal window passed")
    page.click("details button[type=submit]")
    assert LegalHold.objects.get(object_id=str(held.pk)).lifted_on is not None
    context.close()

    for width in (1280, 375):
        context = signed_in_context(browser, live_server, worker, language, width)
        page = context.new_page()
        page.goto(f"{live_server.url}/retention/erasures/")
        if width == 1280:
            page.fill("input[name=person]", f"P-{erased.pk}")
            page.select_option("select[name=basis]", "consent-withdrawn")
            page.click("main form button[type=submit]")
        shot(page, f"erasures-asked-{language}-{width}")
        context.close()
    assert ErasureRequest.objects.filter(person=erased, status="pending").exists()

    for width in (1280, 375):
        context = signed_in_context(browser, live_server, second, language, width)
        page = context.new_page()
        page.goto(f"{live_server.url}/retention/erasures/")
        shot(page, f"erasures-to-decide-{language}-{width}")
        context.close()
    context = signed_in_context(browser, live_server, second, language, 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}/retention/erasures/")
    page.click("button[value=erase]")
    shot(page, f"erasures-done-{language}-1280")
    context.close()
    assert Person.objects.get(pk=erased.pk).name_roman == ""
