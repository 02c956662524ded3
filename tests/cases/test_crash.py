"""A crash in the middle of writes leaves nothing half-written (PostgreSQL only).

Starts the application under gunicorn on the test database, fires registrations and case
creations from several threads, SIGKILLs the whole server while they run, starts it again and
checks the invariants: no person without a case unless registered alone, no person or case
without its audit row, no family member without the audit row that added them, and the audit
chain verifies (``manage.py audit_verify``). Skipped on SQLite (the server needs a database
other processes can reach); CI runs it in its PostgreSQL pass.
"""

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from rihai.audit.models import AuditLog
from rihai.cases.models import Case, CaseMember, Person
from tests.base import make_user

from .concurrent import ConcurrentTestCase, signed_in_client

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("RIHAI_CRASH_TEST_PORT", "8137"))
CSRF = "crashtestcsrftoken0123456789abcd"  # an unmasked 32-character CSRF secret
ALONE = "اکیلی"  # the Urdu name given to persons registered without a case


class Server:
    """gunicorn serving config.wsgi with the test settings on the test database."""

    def __init__(self, database_name: str):
        settings = connection.settings_dict
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{database_name}"
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
        self.env.update(DATABASE_URL=url, DATABASE_CONN_MAX_AGE="0")
        self.process = None

    def start(self):
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{PORT}"]
        command += ["-w", "2", "--threads", "4", "--timeout", "60", "--log-level", "warning"]
        # A session of its own: SIGKILL goes to the master and its workers, nothing else.
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise AssertionError("gunicorn did not answer /healthz within 90 s")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def request(method, path, body=None, cookie=""):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Cookie": cookie, "X-CSRFToken": CSRF, "Content-Type": "application/json"}
    try:
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class CrashTest(ConcurrentTestCase):
    def test_sigkill_during_writes_leaves_every_record_whole(self):
        worker = make_user(self.agency, "case-worker")
        client = signed_in_client(worker)
        cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"
        server = Server(connection.settings_dict["NAME"])
        server.start()
        statuses, stop = [], threading.Event()

        def fire(thread_number):
            n = 0
            while not stop.is_set():
                n += 1
                person = {"name_roman": f"Demo {thread_number}-{n}", "sex": "female"}
                try:
                    if n % 3 == 0:  # registered alone: the one kind of person without a case
                        alone = {**person, "name_ur": ALONE}
                        statuses.append(request("POST", "/api/persons/", alone, cookie)[0])
                        continue
                    status, body = request("POST", "/api/cases/", {"person": person}, cookie)
                    statuses.append(status)
                    if status == 201 and n % 3 == 2:
                        kin = {"name_roman": f"Demo Kin {thread_number}-{n}", "sex": "male"}
                        url = f"/api/cases/{json.loads(body)['id']}/family/"
                        family = {"person": kin, "relation": "brother"}
                        statuses.append(request("POST", url, family, cookie)[0])
                except OSError:
                    statuses.append("cut")  # the server died under this request

        threads = [threading.Thread(target=fire, args=(t,)) for t in range(6)]
        try:
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 60
            while sum(s == 201 for s in statuses) < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
            server.kill()  # mid-write: six clients are sending as it dies
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
            server.start()
            after = request(
                "POST", "/api/persons/", {"name_roman": "Demo After", "sex": "female"}, cookie
            )
            self.assertEqual(after[0], 201, after[1])
        finally:
            stop.set()
            server.stop()
        self.assertGreaterEqual(sum(s == 201 for s in statuses), 20, statuses)
        self.assertNotIn(500, statuses)
        self.assert_invariants()

    def assert_invariants(self):
        created = set(
            AuditLog.objects.filter(event="record-created").values_list("object_type", "object_id")
        )
        in_a_case = set(CaseMember.objects.values_list("person_id", flat=True))
        for person in Person.objects.all():
            self.assertIn(("cases.person", str(person.pk)), created, f"{person} has no audit row")
            alone = person.name_ur == ALONE or person.name_roman == "Demo After"
            if not alone:
                self.assertIn(person.pk, in_a_case, f"{person} was left without a case")
        for case_id in Case.objects.values_list("pk", flat=True):
            self.assertIn(("cases.case", str(case_id)), created, f"case {case_id}: no audit row")
        added = {
            (row.object_id, row.extra.get("added_person"))
            for row in AuditLog.objects.filter(event="record-changed", object_type="cases.case")
        }
        for member in CaseMember.objects.filter(role="family"):
            self.assertIn((str(member.case_id), member.person_id), added, member)
        call_command("audit_verify", stdout=open(os.devnull, "w"))  # noqa: SIM115
