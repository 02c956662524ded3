"""A referral end to end in headless Chromium, in English and Urdu: the case worker refers a
consenting survivor to a shelter, the shelter accepts and admits her, its free beds go down,
and the case worker sees the referral in service. Screenshots at 1280 and 375 px go to
RIHAI_SCREENSHOT_DIR when set (docs/screenshots/referrals/ holds the last ones looked at).

Skipped where Chromium or Playwright is missing, unless RIHAI_REQUIRE_BROWSER=1.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation


def _world():
    """Flushed databases lose the rows migrations made: roles, a district and the audit head
    are made again here (idempotent); the rest is synthetic."""
    from rihai.accounts.models import Agency, Role, RolePermission
    from rihai.accounts.roles import install_default_roles
    from rihai.audit.models import AuditChainHead
    from rihai.cases.actions import do_open_case, do_record_consent, do_register_person
    from rihai.geo.models import District, Province
    from rihai.referrals.models import BedCapacity, Provider, ProviderService
    from tests.base import make_user

    install_default_roles(Role, RolePermission)
    AuditChainHead.objects.get_or_create(id=1)
    punjab, _ = Province.objects.get_or_create(
        iso_code="PK-PB", defaults={"code": "PK6", "name_en": "Punjab", "name_ur": "پنجاب"}
    )
    lahore = District.objects.filter(slug__startswith="lahore").first() or District.objects.create(
        code="PKBRW", province=punjab, name_en="Lahore", name_ur="لاہور", slug="lahore-browser"
    )
    fia = Agency.objects.create(
        name="Demo FIA Lahore", code="BFIA", agency_type="fia-ahtc", province=punjab
    )
    ngo = Agency.objects.create(
        name="Demo Dar-ul-Aman Lahore", code="BDUA", agency_type="shelter", province=punjab
    )
    worker = make_user(fia, "case-worker", username="browser-cw")
    staff = make_user(ngo, "service-provider", username="browser-sp")
    shelter = Provider.objects.create(
        name="Demo Dar-ul-Aman Lahore",
        name_ur="ڈیمو دارالامان لاہور",
        kind="womens-shelter",
        agency=ngo,
        province=punjab,
        district=lahore,
        eligible_sexes=["female"],
    )
    ProviderService.objects.create(provider=shelter, service_type="shelter")
    shelter.districts_served.set([lahore])
    BedCapacity.objects.create(provider=shelter, bed_type="women", capacity=2)
    person = do_register_person(
        acting_user=worker, name_roman="Demo Samina", sex="female", estimated_age=24
    )
    case = do_open_case(acting_user=worker, person=person)
    do_record_consent(
        case=case, person=person, recipient=ngo, purpose="shelter", acting_user=worker
    )
    return case, shelter, worker, staff


def _signed_in(browser, live_server, user, language, width):  # noqa: F811
    """A browser context signed in as ``user`` (two-factor verified), in ``language``."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="browser", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": live_server.url},
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
        ]
    )
    return context


def _shot(page, name):
    folder = os.environ.get("RIHAI_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _free_beds(page) -> str:
    return page.inner_text("table tbody tr:first-child td:nth-child(4)").strip()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_referral_from_consent_to_a_bed(browser, live_server, language):  # noqa: F811
    from rihai.referrals.choices import ReferralStatus
    from rihai.referrals.models import Placement, Referral

    case, shelter, worker, staff = _world()
    with translation.override(language):
        in_service = str(ReferralStatus.IN_SERVICE.label)
    for width in (1280, 375):
        Placement.objects.all().delete()
        Referral.objects.all().delete()
        suffix = f"{language}-{width}"

        # The case worker refers her, sharing the minimum (the form's default).
        worker_ctx = _signed_in(browser, live_server, worker, language, width)
        page = worker_ctx.new_page()
        page.goto(f"{live_server.url}/referrals/new/{case.pk}/")
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr")
        page.select_option("select[name=service_type]", "shelter")
        page.select_option("select[name=provider]", str(shelter.pk))
        page.fill("textarea[name=needs]", "Demo: a safe bed tonight; counselling.")
        _shot(page, f"refer-{suffix}")
        page.click("main form button[type=submit]")
        referral = Referral.objects.get()
        assert page.url.endswith(f"/referrals/{referral.pk}/")
        _shot(page, f"referred-{suffix}")

        # The shelter sees it, accepts it and admits her; a bed is taken.
        staff_ctx = _signed_in(browser, live_server, staff, language, width)
        spage = staff_ctx.new_page()
        spage.goto(f"{live_server.url}/referrals/services/{shelter.pk}/")
        assert _free_beds(spage) == "2"
        spage.goto(f"{live_server.url}/referrals/?box=incoming")
        _shot(spage, f"incoming-{suffix}")
        spage.click(f"a[href='/referrals/{referral.pk}/']")
        assert case.reference not in spage.inner_text("main")  # only what was shared
        spage.click(f"form[action='/referrals/{referral.pk}/accept/'] button")
        spage.select_option("select[name=bed_type]", "women")
        _shot(spage, f"accepted-{suffix}")
        spage.click(f"form[action='/referrals/{referral.pk}/admit/'] button")
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.IN_SERVICE
        assert Placement.objects.filter(referral=referral, discharged_on__isnull=True).exists()
        _shot(spage, f"admitted-{suffix}")
        spage.goto(f"{live_server.url}/referrals/services/{shelter.pk}/")
        assert _free_beds(spage) == "1"
        _shot(spage, f"beds-{suffix}")
        staff_ctx.close()

        # The case worker sees the update on the referral and in her notifications.
        page.goto(f"{live_server.url}/referrals/{referral.pk}/")
        assert in_service in page.inner_text("h1")
        _shot(page, f"update-seen-{suffix}")
        page.goto(f"{live_server.url}/notifications/")
        assert page.locator("li.unread").count() >= 1
        _shot(page, f"notifications-{suffix}")
        page.locator("li.unread button.link").first.click()  # the newest: admitted to a bed
        page.wait_for_url(f"**/referrals/{referral.pk}/")
        worker_ctx.close()
