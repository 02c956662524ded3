"""Ad screening in headless Chromium, in English and Urdu: an investigator uploads ads, reviews
the riskiest, raises a lead; the supervisor approves it; the investigator takes it into a new
inquiry, which holds the ad as evidence. The network page draws the ads, the shared number
and the suspect of the agency's investigation.

Screenshots of the queue, network and leads pages at 1280 and 375 px go to
RIHAI_SCREENSHOT_DIR when set (docs/screenshots/screening/ holds the last ones looked at).
Skipped where Chromium or Playwright is missing, unless RIHAI_REQUIRE_BROWSER=1.
"""

import json
from datetime import date

import pytest

from tests.browser import demo_fia_circle, signed_in_context
from tests.browser import shot as _shot

ADS = [
    {
        "id": "b1",
        "text": "Azad visa for Dubai, no interview. Pay advance fee 150,000 before the "
        "ticket, passport kept by agent. Call 0300-0000041",
        "source": "facebook",
        "url": "https://facebook.example/post/41",
        "posted_at": "2026-11-20T10:00:00",
    },
    {
        "id": "b2",
        "text": "Cook for Doha, visa free, pay fee in advance. WhatsApp 0300-0000041",
        "source": "olx",
    },
    {"id": "b3", "text": "Office assistant needed in Lahore, apply at the office", "source": "olx"},
]


def _world():
    """An FIA circle with an investigator and a supervisor, and a suspect of its own
    investigation who gives the number the ads give."""
    from rihai.justice import actions as justice
    from tests.base import make_user

    fia = demo_fia_circle()
    investigator = make_user(fia, "investigator")
    supervisor = make_user(fia, "supervisor")
    inv = justice.do_open_investigation(
        acting_user=investigator, complaint_number="C-41", complaint_date=date(2026, 1, 5)
    )
    justice.do_accuse_suspect(
        investigation=inv,
        acting_user=investigator,
        kind="person",
        role="recruiter",
        name_roman="Demo Recruiter",
        phone="0300-0000041",
    )
    return investigator, supervisor


def _both_widths(browser, live_server, user, language, path, name):  # noqa: F811
    for width in (1280, 375):
        context = signed_in_context(browser, live_server, user, language, width)
        page = context.new_page()
        page.goto(f"{live_server.url}{path}")
        if "networks/" in path:
            page.wait_for_selector("#network-graph canvas")
        _shot(page, f"{name}-{language}-{width}")
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ur"])
def test_from_upload_to_a_lead_in_an_investigation(browser, live_server, language, tmp_path):  # noqa: F811
    from rihai.justice.models import EvidenceItem, Investigation
    from rihai.screening.models import Ad, Lead, Network

    investigator, supervisor = _world()
    context = signed_in_context(browser, live_server, investigator, language, 1280)
    page = context.new_page()
    errors = []
    page.on(
        "console", lambda m: errors.append(f"{page.url} {m.text}") if m.type == "error" else None
    )

    # Upload: scored at once (Celery runs eagerly in the embedded default).
    ads_file = tmp_path / "ads.jsonl"
    ads_file.write_text("\n".join(json.dumps(a) for a in ADS) + "\n", encoding="utf-8")
    page.goto(f"{live_server.url}/screening/batches/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr")
    page.set_input_files("input[type=file]", str(ads_file))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/screening/batches/*/")
    assert Ad.objects.count() == 3

    # The queue, riskiest first; the riskiest ad's page; raise a lead to the circle.
    page.goto(f"{live_server.url}/screening/")
    top = Ad.objects.order_by("-score", "-id").first()
    page.click(f"a[href='/screening/ads/{top.pk}/']")
    page.check("input[name=decision][value=lead]")
    page.select_option("select[name=target_agency]", label="FIA Circle Demo")
    page.fill("textarea[name=note]", "Advance fee and passport kept: recruitment fraud.")
    page.click("main form button[type=submit]")
    lead = Lead.objects.get()
    assert lead.status == "proposed"

    network = Network.objects.get()
    page.goto(f"{live_server.url}/screening/networks/{network.pk}/")
    page.wait_for_selector("#network-graph canvas")
    assert "Demo Recruiter" in page.inner_text("main")
    context.close()

    # The supervisor approves and sends it.
    boss = signed_in_context(browser, live_server, supervisor, language, 1280).new_page()
    boss.goto(f"{live_server.url}/screening/leads/")
    boss.click("form[action$='/decide/'] button[value=yes]")
    lead.refresh_from_db()
    assert lead.status == "sent"
    boss.context.close()

    # The investigator takes it into a new inquiry: the investigation page opens.
    context = signed_in_context(browser, live_server, investigator, language, 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}/screening/leads/")
    page.select_option(f"#take-{lead.pk}", value="new")
    page.click("form.lead-take button[type=submit]")
    page.wait_for_url("**/justice/*/")
    inquiry = Investigation.objects.get(complaint_number=f"LEAD-{lead.pk}")
    assert inquiry.reference in page.inner_text("main")
    assert inquiry.stage == "inquiry"
    item = EvidenceItem.objects.get(investigation=inquiry)
    assert top.text in item.description and len(item.sha256) == 64
    lead.refresh_from_db()
    assert (lead.status, lead.investigation_id) == ("attached", inquiry.pk)
    context.close()

    # The drawing runs under the site's content security policy (scripts and styles from
    # 'self' only): the network page reports nothing a page without the drawing does not
    # (htmx's indicator style, refused on every page, is the base template's).
    def messages_on(part):
        return {e.split(" ", 1)[1] for e in errors if part in e.split(" ", 1)[0]}

    assert messages_on("/networks/") <= messages_on("/batches/"), errors

    _both_widths(browser, live_server, investigator, language, "/screening/", "queue")
    _both_widths(
        browser,
        live_server,
        investigator,
        language,
        f"/screening/networks/{network.pk}/",
        "network",
    )
    _both_widths(browser, live_server, investigator, language, "/screening/leads/", "leads")
