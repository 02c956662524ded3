"""Every URL of the URL conf is checked for who may reach it, the day it is added.

Two rules over the whole URL conf (not one app's list): the anonymous visitor is refused every
URL but the public ones listed here, GET and POST; and every URL is in some app's role matrix
(``tests/*/test_role_matrix.py`` and other ``RoleMatrixBase`` subclasses) or listed below with
the test file that checks its roles. A URL added to any URL conf fails this test until it is
placed in one or the other."""

import importlib
from pathlib import Path

from django.urls import URLResolver, get_resolver, resolve

from tests.base import RihaiTestCase
from tests.role_matrix import REFUSED, RoleMatrixBase

from .test_half_signed_in import _concrete

ROOT = Path(__file__).resolve().parents[2]

# Reached without an account, by design.
PUBLIC = {
    "set_language": "the language switch",
    "accounts:login": "signing in",
    "admin:login": "sends to the staff sign-in",
    "admin:logout": "signing out: shows nothing",
    "portal:home": "the public site (tests/portal/test_portal.py)",
    "portal:report": "the public site: reporting anonymously",
    "portal:status": "the public site: following a report with its code",
    "portal:check-offer": "the public site: screening an offer's text",
    "portal:recruiter": "the public site: the OEP register",
    "portal:guidance": "the public site: safe-migration guidance",
    "ops:healthz": "a liveness probe: no data (tests/ops/test_health.py)",
    "ops:readyz": "a readiness probe: component states only (tests/ops/test_health.py)",
}

# URLs in no role matrix, by route (exact, or a prefix where it ends in "*"): the test file
# that checks their roles (it must name the URL), and why they need no matrix of their own.
COVERED_ELSEWHERE = {
    "": ("tests/foundation/test_role_matrix.py", "/", "the home page: every signed-in user"),
    "i18n/setlang/": ("tests/foundation/test_i18n.py", "setlang", "the language switch"),
    "accounts/login/": ("tests/foundation/test_signin.py", "/accounts/login/", "signing in"),
    "accounts/logout/": ("tests/foundation/test_half_signed_in.py", "/accounts/logout/", "own"),
    "accounts/password/": ("tests/foundation/test_signin.py", "/accounts/password/", "own"),
    "accounts/two-factor/": (
        "tests/foundation/test_half_signed_in.py",
        "/accounts/two-factor/",
        "one's own second factor",
    ),
    "accounts/two-factor/setup/": (
        "tests/foundation/test_half_signed_in.py",
        "/accounts/two-factor/setup/",
        "one's own second factor",
    ),
    "accounts/two-factor/codes/": (
        "tests/foundation/test_enrolment_codes.py",
        "/accounts/two-factor/codes/",
        "administrators and supervisors issue codes: roles checked there",
    ),
    "audit/": ("tests/foundation/test_audit_page.py", "/audit/", "auditors and supervisors"),
    "audit/unusual/": (
        "tests/foundation/test_audit_unusual.py",
        "/audit/unusual/",
        "auditors and supervisors",
    ),
    "admin/*": (
        "tests/foundation/test_admin.py",
        "/admin/",
        "administrators only (test_role_matrix.py, test_admin_escalation.py)",
    ),
    "api/me/": ("tests/foundation/test_role_matrix.py", "/api/me/", "one's own grants"),
    "api/agencies/": (
        "tests/foundation/test_geo_and_agencies.py",
        "/api/agencies/",
        "agency names: no personal data",
    ),
    "api/schema/": ("tests/foundation/test_role_matrix.py", "/api/schema/", "the API's shape"),
    "api/docs/": ("tests/foundation/test_api_docs.py", "/api/docs/", "the API's documentation"),
    "healthz": ("tests/ops/test_health.py", "/healthz", "a probe"),
    "readyz": ("tests/ops/test_health.py", "/readyz", "a probe"),
    "metrics": ("tests/ops/test_health.py", "/metrics", "token or address only"),
    "notifications/": (
        "tests/referrals/test_notifications.py",
        "/notifications/",
        "one's own notifications",
    ),
    "notifications/read/": (
        "tests/referrals/test_notifications.py",
        "/notifications/read/",
        "one's own notifications",
    ),
    "help/*": ("tests/portal/test_portal.py", "/help/", "the public site"),
}


def every_pattern():
    """(route, pattern) for every URL pattern of the URL conf, nested includes walked."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route, pattern

    return list(walk(get_resolver().url_patterns, ""))


def role_matrices() -> list[type]:
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if "RoleMatrixBase" in path.read_text(encoding="utf-8"):
            importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return [cls for cls in subclasses(RoleMatrixBase) if cls.url_modules]


def _covered_elsewhere(route: str) -> bool:
    return route in COVERED_ELSEWHERE or any(
        key.endswith("*") and route.startswith(key[:-1]) for key in COVERED_ELSEWHERE
    )


class RouteCoverageTest(RihaiTestCase):
    def test_every_url_is_in_a_role_matrix_or_listed_with_its_test(self):
        in_matrix = {
            id(pattern)
            for matrix in role_matrices()
            for module, _prefix in matrix.url_modules
            for pattern in module.urlpatterns
        }
        patterns = every_pattern()
        self.assertGreater(len(patterns), 200)  # the walk really covers the URL conf
        self.assertGreater(len(in_matrix), 150)
        unplaced = [
            route
            for route, pattern in patterns
            if id(pattern) not in in_matrix and not _covered_elsewhere(route)
        ]
        self.assertEqual(unplaced, [], "add these to a role matrix, or list them here")
        for _prefix, (test_file, url, _why) in COVERED_ELSEWHERE.items():
            path = ROOT / test_file
            self.assertTrue(path.exists(), test_file)
            self.assertIn(url, path.read_text(encoding="utf-8"), f"{test_file} never tries {url}")

    def test_the_anonymous_reach_only_the_public_urls(self):
        reached = set()
        for route, _pattern in every_pattern():
            url = _concrete(route)
            try:
                name = resolve(url).view_name
            except Exception:  # noqa: BLE001, S112 - a sample that does not resolve: nothing served
                continue
            for method in ("get", "post"):
                self.client.logout()
                response = getattr(self.client, method)(url)
                refused = response.status_code in REFUSED or (
                    response.status_code == 302
                    and "/login/" in response["Location"]
                    and name != "admin:login"
                )
                if not refused:
                    reached.add(name)
        self.assertEqual(sorted(reached - set(PUBLIC)), [], "reached without signing in")
        self.assertGreaterEqual(len(reached), 8, reached)  # the public site really answered
