"""Reads of users and agencies for other apps: fail-closed where they expose people."""

from django.contrib.auth.models import AnonymousUser

from rihai.accounts import queries
from rihai.accounts.models import User
from tests.base import RihaiTestCase


class QueriesTest(RihaiTestCase):
    def test_users_who_can_hold_cases_are_active_members_with_the_grant(self):
        holders = set(queries.users_who_can_hold_cases(self.fia))
        self.assertIn(self.fia_case_worker, holders)
        self.assertNotIn(self.fia_analyst, holders)
        self.assertNotIn(self.ngo_case_worker, holders)
        User.objects.filter(pk=self.fia_case_worker.pk).update(is_active=False)
        self.assertNotIn(self.fia_case_worker, set(queries.users_who_can_hold_cases(self.fia)))

    def test_people_lists_are_empty_without_a_grant_or_a_user(self):
        for nobody in (None, AnonymousUser(), self.fia_case_worker, self.fia_analyst):
            self.assertFalse(queries.users_visible_to(nobody).exists())
            self.assertFalse(queries.enrolment_code_candidates(nobody).exists())
        supervisor_sees = set(queries.users_visible_to(self.fia_supervisor))
        self.assertTrue(
            supervisor_sees and all(u.agency_id == self.fia.pk for u in supervisor_sees)
        )

    def test_agencies_by_scope(self):
        self.assertEqual(set(queries.agencies_for(self.fia_administrator)), {self.fia, self.ngo})
        self.assertFalse(queries.agencies_for(self.fia_case_worker).exists())
        self.assertFalse(queries.agencies_for(None).exists())
