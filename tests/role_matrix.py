"""A role matrix driven by an app's URL confs: a new URL is checked the day it is added.

Subclass ``RoleMatrixBase`` with a ``RihaiTestCase`` world:

    class JusticeRoleMatrixTest(RoleMatrixBase, JusticeTestCase):
        url_modules = [(justice_urls, "/justice/"), (justice_api_urls, "/api/")]
        exempt = {"api-offences": "the offences catalogue: law, no one's data"}

        def url_values(self):  # one value per URL parameter, records of self.fia
            return {"<int:investigation_id>": self.investigation.pk}

        def outsiders(self):   # users who must be refused every URL
            return [None, self.fia_analyst, self.fia_auditor, self.fia_administrator]

        def other_agency_users(self):  # users refused every URL naming a record
            return [self.ngo_supervisor, self.ngo_investigator]

Every pattern must be a URLPattern with a test value for each parameter; a URL is refused when
it answers 401, 403, 404 or 405, or sends the user to sign in.

Two lists say where a URL is let off, each with its reason, so the exception is read where it is
made: ``exempt`` (holds no personal data: refused to the anonymous only) and ``shared_records``
(names a record that every agency's users may reach, such as a public ad: not refused to other
agencies). App-specific rules (a case worker's own cases, a supervisor's read-only view) are
further tests in the subclass, written with ``matrix_urls`` and ``assert_refused``.
"""

from django.urls import URLPattern

REFUSED = {401, 403, 404, 405}


class RoleMatrixBase:
    url_modules: list = []  # [(urls module, prefix)]
    exempt: dict[str, str] = {}  # URL name: why it holds no personal data
    shared_records: dict[str, str] = {}  # URL name: why other agencies may reach its record
    methods = ("get", "post")
    min_urls = 1  # how many URLs the outsiders test must at least have walked
    min_record_urls = 1  # likewise for the other-agency test

    def url_values(self) -> dict[str, object]:
        return {}

    def outsiders(self) -> list:
        return [None]

    def other_agency_users(self) -> list:
        return []

    def matrix_urls(self):
        """(name, url, names a record) for every pattern of the URL confs."""
        values = self.url_values()
        for module, prefix in self.url_modules:
            for pattern in module.urlpatterns:
                assert isinstance(pattern, URLPattern), f"nested URL conf in {module.__name__}"
                route = prefix + str(pattern.pattern)
                url = route
                for placeholder, value in values.items():
                    url = url.replace(placeholder, str(value))
                assert "<" not in url, f"no test value for a parameter of {route}"
                yield pattern.name, url, route != url

    def is_refused(self, url: str, user, method: str) -> bool:
        """Whether ``user`` (None: anonymous), signed in afresh, is refused ``method url``."""
        self.client.logout()
        if user is not None:
            self.sign_in(user)
        response = getattr(self.client, method)(url)
        if response.status_code in REFUSED:
            return True
        return response.status_code == 302 and "/accounts/login/" in response["Location"]

    def assert_refused(self, url: str, user, method: str) -> None:
        if not self.is_refused(url, user, method):
            who = user.username if user else "anonymous"
            self.fail(f"{who} was not refused {method.upper()} {url}")

    def assert_reached(self, url: str, user, method: str = "get") -> None:
        """The other direction: a matrix that refuses everyone proves nothing."""
        if self.is_refused(url, user, method):
            who = user.username if user else "anonymous"
            self.fail(f"{who} was refused {method.upper()} {url}")

    def test_every_url_refuses_outsiders(self):
        seen = 0
        for name, url, _record in self.matrix_urls():
            users = [None] if name in self.exempt else self.outsiders()
            for user in users:
                for method in self.methods:
                    self.assert_refused(url, user, method)
            seen += name not in self.exempt
        self.assertGreaterEqual(seen, self.min_urls)

    def test_every_record_url_refuses_other_agencies(self):
        seen = 0
        for name, url, names_record in self.matrix_urls():
            if not names_record or name in self.exempt or name in self.shared_records:
                continue
            for user in self.other_agency_users():
                for method in self.methods:
                    self.assert_refused(url, user, method)
            seen += 1
        self.assertGreaterEqual(seen, self.min_record_urls)
