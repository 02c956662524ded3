"""A half-signed-in session (password passed, second factor not yet) reaches only two-factor
set-up, verification, sign-out and the language switch: checked over every URL of the URL
conf, so a URL added tomorrow is checked the day it exists."""

import re
import uuid

from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.accounts.middleware import HALF_SIGNED_IN_VIEWS
from tests.base import RihaiTestCase

_CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>([^)]*)\)")
_SAMPLES = {"int": "1", "uuid": str(uuid.UUID(int=1)), "path": "x", "slug": "x", "str": "x"}


def _concrete(route: str) -> str:
    route = _CONVERTER.sub(lambda m: _SAMPLES.get(m.group(1) or "str", "x"), route)

    def group(m):
        first = m.group(1).split("|")[0]
        return first if re.fullmatch(r"[\w-]+", first) else "1"

    route = _NAMED_GROUP.sub(group, route)
    for token in ("^", "$", r"\Z", r"\A", "(?:", ")?", "?"):
        route = route.replace(token, "")
    return "/" + route.replace("\\", "")


def every_url() -> list[str]:
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            else:
                found.append(_concrete(route))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class HalfSignedInEverywhereTest(RihaiTestCase):
    def assert_held_at_two_factor(self, user):
        urls = every_url()
        resolved = [u for u in urls if view_name(u)]
        # The walk must really cover the URL conf, or this test proves nothing.
        self.assertGreater(len(resolved), 40, urls)
        self.assertIn("/accounts/password/", resolved)
        self.client.force_login(user)  # password passed; no second factor
        for url in resolved:
            if view_name(url) in HALF_SIGNED_IN_VIEWS:
                continue
            for method in ("get", "post"):
                response = getattr(self.client, method)(url)
                if url.startswith("/api/"):
                    self.assertEqual(response.status_code, 403, f"{method} {url}")
                    self.assertIn(b"Two-factor", response.content, f"{method} {url}")
                else:
                    self.assertEqual(response.status_code, 302, f"{method} {url}")
                    self.assertTrue(
                        response["Location"].startswith("/accounts/two-factor/"),
                        f"{method} {url} -> {response['Location']}",
                    )

    def test_user_with_a_device_reaches_nothing_before_verifying(self):
        TOTPDevice.objects.create(user=self.fia_case_worker, name="phone", confirmed=True)
        self.assert_held_at_two_factor(self.fia_case_worker)

    def test_user_who_must_enrol_reaches_nothing_before_enrolling(self):
        self.assert_held_at_two_factor(self.fia_investigator)

    def test_only_two_factor_sign_out_and_language_are_open(self):
        self.assertEqual(
            HALF_SIGNED_IN_VIEWS,
            {"accounts:mfa-verify", "accounts:mfa-setup", "accounts:logout", "set_language"},
        )
        self.client.force_login(self.fia_investigator)
        self.assertEqual(self.client.get("/accounts/two-factor/setup/").status_code, 200)
        self.assertEqual(self.client.post("/accounts/logout/").status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)
