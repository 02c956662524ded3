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


def signed_in_context(browser, live_server, user, language, width):
    """A browser context signed in as ``user`` (password and two-factor already passed), in
    ``language``, ``width`` pixels wide."""
    from django.test import Client
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
            {"name": "sessionid", "value": session.session_key, "url": live_server.url},
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )
    return context


def demo_fia_circle():
    """The roles, the audit chain head, a province and an FIA circle ("FIA Circle Demo") for a
    browser test's world: an earlier transactional test's flush may have taken what the
    migrations made."""
    from rihai.accounts.models import Agency, AgencyType, Role, RolePermission
    from rihai.accounts.roles import install_default_roles
    from rihai.audit.models import AuditChainHead
    from rihai.geo.models import Province

    AuditChainHead.objects.get_or_create(id=1)
    install_default_roles(Role, RolePermission)
    province = Province.objects.first() or Province.objects.create(
        code="PK6", iso_code="PK-PB", name_en="Punjab", name_ur="پنجاب"
    )
    return Agency.objects.create(
        name="FIA Circle Demo", code="FDEMO", agency_type=AgencyType.FIA_AHTC, province=province
    )
