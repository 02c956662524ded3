"""The home page's "my work" from the cases app: each count equals the rows of the page it
links to, for every role; nothing of another agency's or another worker's is counted."""

import re
from datetime import timedelta

from django.utils import timezone

from rihai.cases import actions
from rihai.cases.actions import casework as ca
from rihai.cases.models import CaseTask

from .helpers import CaseTestCase

TODAY = timezone.localdate


class MyWorkTest(CaseTestCase):
    def setUp(self):
        worker = self.fia_case_worker
        self.case_ = self.case()
        for days in (0, 3, 6, 20):
            ca.do_add_task(
                case=self.case_,
                title=f"Demo task in {days} days",
                due_on=TODAY() + timedelta(days=days),
                assigned_to=worker,
                acting_user=worker,
            )
        overdue = ca.do_add_task(
            case=self.case_,
            title="Demo overdue",
            due_on=TODAY(),
            assigned_to=worker,
            acting_user=worker,
        )
        CaseTask.objects.filter(pk=overdue.pk).update(due_on=TODAY() - timedelta(days=2))
        done = ca.do_add_task(
            case=self.case_,
            title="Demo done",
            due_on=TODAY(),
            assigned_to=worker,
            acting_user=worker,
        )
        ca.do_set_task_done(task=done, done=True, acting_user=worker)
        # A rejected request of the worker's, and a case given to them by the supervisor.
        change = actions.do_request_status_change(
            case=self.case_, to_status="closed", reason="Demo", acting_user=worker
        )
        actions.do_decide_status_change(
            change=change, approve=False, reason="Not yet", acting_user=self.fia_supervisor
        )
        given = self.case(user=self.fia_supervisor)
        actions.do_reassign_case(case=given, assigned_to=worker, acting_user=self.fia_supervisor)
        # Another agency's task: never counted.
        theirs = self.case(user=self.ngo_case_worker, person=self.person(self.ngo_case_worker))
        ca.do_add_task(
            case=theirs,
            title="Demo",
            due_on=TODAY(),
            assigned_to=self.ngo_case_worker,
            acting_user=self.ngo_case_worker,
        )

    def work(self, user):
        self.sign_in(user)
        body = self.client.get("/").content.decode()
        found = re.findall(r'href="(/cases/my-work/[^"]+)"><div class="stat">(\d+)</div>', body)
        return {url: int(count) for url, count in found}

    def rows_on(self, url):
        body = self.client.get(url).content.decode()
        return body.count('<li class="row">')

    def test_counts_match_the_lists_for_every_role(self):
        expected = {
            "/cases/my-work/tasks-overdue/": 1,
            "/cases/my-work/tasks-due/": 3,  # today, in 3 and 6 days; not in 20, not the done one
            "/cases/my-work/requests-rejected/": 1,
            "/cases/my-work/new-assignments/": 1,
        }
        self.assertEqual(self.work(self.fia_case_worker), expected)
        for url, count in expected.items():
            self.assertEqual(self.rows_on(url), count, url)
        for user in (self.fia_supervisor, self.fia_investigator, self.ngo_case_worker):
            for url, count in self.work(user).items():
                self.assertEqual(self.rows_on(url), count, f"{user.username} {url}")
        self.assertEqual(self.work(self.ngo_case_worker)["/cases/my-work/tasks-due/"], 1)

    def test_a_rejected_request_shows_why(self):
        self.sign_in(self.fia_case_worker)
        self.assertContains(self.client.get("/cases/my-work/requests-rejected/"), "Not yet")

    def test_roles_without_cases_see_no_case_work(self):
        for user in (self.fia_analyst, self.fia_auditor):
            self.assertEqual(self.work(user), {})
            self.assertEqual(self.client.get("/cases/my-work/tasks-due/").status_code, 403)

    def test_a_task_on_a_case_no_longer_visible_is_not_counted(self):
        actions.do_reassign_case(
            case=self.case_, assigned_to=self.fia_investigator, acting_user=self.fia_supervisor
        )
        # The worker opened the case, so it stays theirs (created_by): still counted.
        self.assertEqual(self.work(self.fia_case_worker)["/cases/my-work/tasks-due/"], 3)
