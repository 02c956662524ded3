"""The duplicate check is not an oracle: an attacker at another agency learns only "a possible
match exists elsewhere", the same answer for every guess, through the API and both pages;
every check is audited without the values; a user's checks are limited per hour."""

from django.core.cache import cache
from django.test import override_settings

from rihai.audit.models import AuditLog
from tests.base import make_user

from .helpers import CaseTestCase

CNIC, PHONE, PASSPORT = "42101-9876543-2", "0321-5550199", "KP7654321"


class DuplicateOracleTest(CaseTestCase):
    def setUp(self):
        cache.clear()
        self.held = self.person(
            self.ngo_case_worker,
            name_roman="Nargis Bibi Demo",
            name_ur="نرگس ڈیمو",
            parentage_relation="d/o",
            parentage_name="Rashid Demo",
            date_of_birth="1998-06-01",
            estimated_age=None,
            cnic=CNIC,
            phone=PHONE,
            passport=PASSPORT,
        )
        self.case(user=self.ngo_case_worker, person=self.held)
        # The attacker: a case worker of another agency with no cases at all.
        self.attacker = make_user(self.fia, "case-worker", username="fia-new-cw")

    def guesses(self):
        base = {"name_roman": "Nargis", "sex": "female"}
        yield {**base, "phone": PHONE}
        yield {**base, "phone": "+923215550199"}
        yield {**base, "cnic": CNIC}
        yield {**base, "cnic": CNIC.replace("-", "")}
        yield {**base, "passport": PASSPORT}
        yield {**base, "passport": PASSPORT.lower()}
        for year in (1996, 1997, 1998, 1999, 2000):
            yield {**base, "phone": PHONE, "date_of_birth": f"{year}-06-01"}
        for father in ("Rashid Demo", "Rasheed Demo", "Akram Demo", "Rashid"):
            yield {**base, "cnic": CNIC, "parentage_name": father}
        for relation in ("d/o", "w/o"):
            yield {**base, "phone": PHONE, "parentage_relation": relation}
        yield {**base, "name_roman": "Nargis Bibi Demo", "phone": PHONE}
        yield {**base, "name_ur": "نرگس", "passport": PASSPORT}
        yield {**base, "estimated_age": 28, "cnic": CNIC}

    def test_twenty_guesses_learn_only_that_a_match_exists_elsewhere(self):
        self.sign_in(self.attacker)
        answers = []
        guesses = list(self.guesses())
        self.assertGreaterEqual(len(guesses), 20)
        for guess in guesses:
            response = self.client.post(
                "/api/persons/duplicates/", guess, content_type="application/json"
            )
            self.assertEqual(response.status_code, 200, response.content)
            answers.append(response.json())
        # The same answer for every guess that matches elsewhere: nothing to compare.
        self.assertEqual(len({str(a) for a in answers}), 1, answers[:3])
        self.assertEqual((answers[0]["matches"], answers[0]["match_elsewhere"]), ([], True))
        for secret in ("TNGO", "score", "same-", "similar-", "birth", "Nargis", "100"):
            self.assertNotIn(secret, str(answers[0]))

    def test_the_pages_give_the_same_answer(self):
        self.sign_in(self.attacker)
        page = self.client.post(
            "/cases/new/",
            {
                "person-name_roman": "Nargis",
                "person-sex": "female",
                "person-phone": PHONE,
                "person-nationality": "PK",
                "case-destination_country": "PK",
                "case-recruiter_relation": "unknown",
                "case-recruitment_channel": "unknown",
            },
        ).content.decode()
        self.assertIn("A possible match exists in a record you may not see", page)
        for secret in ("TNGO", "Test NGO", "score 100", "Nargis Bibi"):
            self.assertNotIn(secret, page)
        # The attacker's own person page, with the same phone, says no more.
        mine = self.person(self.attacker, name_roman="Nargis Demo", phone=PHONE)
        page = self.client.get(f"/cases/persons/{mine.pk}/").content.decode()
        self.assertIn("A possible match exists in a record you may not see", page)
        for secret in ("TNGO", "Test NGO", "Nargis Bibi"):
            self.assertNotIn(secret, page)

    def test_every_check_is_audited_without_the_values(self):
        self.sign_in(self.attacker)
        self.client.post(
            "/api/persons/duplicates/",
            {"name_roman": "Nargis", "phone": PHONE, "cnic": CNIC},
            content_type="application/json",
        )
        row = AuditLog.objects.filter(event="duplicate-check").latest("id")
        self.assertEqual(row.acting_user, self.attacker)
        self.assertEqual(row.extra["kinds"], ["cnic", "phone", "name"])
        self.assertEqual((row.extra["elsewhere"], row.extra["visible_count"]), (True, 0))
        for secret in (CNIC, PHONE, "Nargis", "5550199", "9876543"):
            self.assertNotIn(secret, str(row.extra))

    @override_settings(RIHAI_DUPLICATE_CHECKS_PER_HOUR=3)
    def test_checks_beyond_the_hourly_limit_are_refused_and_audited(self):
        self.sign_in(self.attacker)
        codes = [
            self.client.post(
                "/api/persons/duplicates/", {"phone": PHONE}, content_type="application/json"
            ).status_code
            for _ in range(5)
        ]
        self.assertEqual(codes, [200, 200, 200, 429, 429])
        refused = AuditLog.objects.filter(event="duplicate-check-refused")
        self.assertEqual(
            [(r.acting_user, r.object_type, r.extra) for r in refused],
            [(self.attacker, "cases.person", {"kinds": ["phone"], "limit": 3})] * 2,
        )
        # Another user's budget is their own.
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            "/api/persons/duplicates/", {"phone": PHONE}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 200)

    def test_own_agency_matches_are_shown_in_full(self):
        self.sign_in(self.ngo_supervisor)
        answer = self.client.post(
            "/api/persons/duplicates/", {"phone": PHONE}, content_type="application/json"
        ).json()
        self.assertEqual([m["person_id"] for m in answer["matches"]], [self.held.pk])
        self.assertIs(answer["match_elsewhere"], False)


class CnicRefusalIsADuplicateCheckTest(CaseTestCase):
    """ "A person with this CNIC is already registered" answers the same question as the check:
    registering, editing a person and opening a case (even one refused later, all rolled back)
    are counted against the same hourly budget and audited, and beyond it every CNIC gets one
    answer, held or not."""

    base = {"name_roman": "Demo Probe", "sex": "female", "nationality": "PK"}
    setUp = DuplicateOracleTest.setUp

    def checks(self):
        rows = AuditLog.objects.filter(
            event__startswith="duplicate-check", acting_user=self.attacker
        )
        return [(r.event, r.extra) for r in rows.order_by("id")]

    def probes(self, mine):
        """Three doors, each with the held CNIC and one nobody holds."""
        for held in (True, False):  # a CNIC nobody holds is set once: the next one is new
            yield self.client.patch(
                f"/api/persons/{mine}/",
                {"cnic": CNIC if held else "42101-1111111-9"},
                content_type="application/json",
            )
            yield self.client.post(
                "/api/persons/",
                {**self.base, "cnic": CNIC if held else "42101-2222222-9"},
                content_type="application/json",
            )
            yield self.client.post(  # refused after the CNIC check: nothing is written
                "/api/cases/",
                {
                    "person": {**self.base, "cnic": CNIC if held else "42101-3333333-9"},
                    "assigned_to": 999999,
                },
                content_type="application/json",
            )

    @override_settings(RIHAI_DUPLICATE_CHECKS_PER_HOUR=100)
    def test_each_cnic_refusal_is_audited_even_when_rolled_back(self):
        self.sign_in(self.attacker)
        mine = self.client.post("/api/persons/", self.base, content_type="application/json")
        codes = [r.status_code for r in self.probes(mine.json()["id"])]
        self.assertEqual(codes[:3], [409, 409, 409])
        rows = self.checks()
        self.assertEqual(len(rows), 6, rows)
        self.assertEqual(
            [extra["found"] for _e, extra in rows], [True, True, True, False, False, False]
        )
        for event, extra in rows:
            self.assertEqual((event, extra["kinds"]), ("duplicate-check", ["cnic"]))
            self.assertNotIn("9876543", str(extra))

    @override_settings(RIHAI_DUPLICATE_CHECKS_PER_HOUR=2)
    def test_beyond_the_limit_every_cnic_gets_one_answer(self):
        self.sign_in(self.attacker)
        mine = self.client.post("/api/persons/", self.base, content_type="application/json")
        for _ in range(2):  # the budget goes on the check
            self.client.post(
                "/api/persons/duplicates/", {"phone": PHONE}, content_type="application/json"
            )
        answers = [(r.status_code, r.content) for r in self.probes(mine.json()["id"])]
        self.assertEqual({code for code, _body in answers}, {429}, answers)
        self.assertEqual(len({body for _code, body in answers}), 1)
        refused = [e for e, _x in self.checks() if e == "duplicate-check-refused"]
        self.assertEqual(len(refused), 6)


class OneBudgetForEveryDoorTest(CaseTestCase):
    """The API, the register page and the person page are one duplicate check: each is audited
    and counted against the same hourly budget, so switching door buys no extra guesses."""

    setUp = DuplicateOracleTest.setUp

    def register_page(self):
        return self.client.post(
            "/cases/new/",
            {
                "person-name_roman": "Nargis",
                "person-sex": "female",
                "person-phone": PHONE,
                "person-nationality": "PK",
                "case-destination_country": "PK",
                "case-recruiter_relation": "unknown",
                "case-recruitment_channel": "unknown",
            },
        ).content.decode()

    @override_settings(RIHAI_DUPLICATE_CHECKS_PER_HOUR=3)
    def test_three_doors_share_one_budget_and_each_is_audited(self):
        mine = self.person(self.attacker, name_roman="Nargis Demo", phone=PHONE)
        self.sign_in(self.attacker)
        api = self.client.post(
            "/api/persons/duplicates/", {"phone": PHONE}, content_type="application/json"
        )
        self.assertEqual(api.status_code, 200)
        self.assertIn("A possible match exists", self.register_page())
        self.assertIn(
            "A possible match exists",
            self.client.get(f"/cases/persons/{mine.pk}/").content.decode(),
        )
        rows = AuditLog.objects.filter(event="duplicate-check", acting_user=self.attacker)
        self.assertEqual(rows.count(), 3)
        # The budget is spent, whichever door comes next.
        self.assertNotIn("A possible match exists", self.register_page())
        self.assertIn("Too many duplicate checks", self.register_page())
        person_page = self.client.get(f"/cases/persons/{mine.pk}/").content.decode()
        self.assertNotIn("A possible match exists", person_page)
        api = self.client.post(
            "/api/persons/duplicates/", {"phone": PHONE}, content_type="application/json"
        )
        self.assertEqual(api.status_code, 429)
        refused = AuditLog.objects.filter(
            event="duplicate-check-refused", acting_user=self.attacker
        )
        self.assertEqual(refused.count(), 4)
