"""The users ``bench_load.py`` drives through locust: case workers, investigators and analysts.

Not run on its own: ``bench_load.py`` writes the plan (signed-in sessions, the case and person
ids each user may open) to the file named by ``RIHAI_BENCH_PLAN`` and picks the mix with
``RIHAI_BENCH_MIX`` ("read" or "write"). Every user thinks 1-3 s between requests, as a person
at a screen does. Any answer other than the expected status is a failure (locust's default).
"""

import itertools
import json
import os
import random
import secrets

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["RIHAI_BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
MIX = os.environ.get("RIHAI_BENCH_MIX", "read")
_accounts = {role: itertools.cycle(PLAN["users"][role]) for role in PLAN["users"]}
_names = ["Samina", "Nasreen", "Shazia", "Kiran", "Imran", "Bilal", "Akram", "Naveed", "Zainab"]


class RihaiUser(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self):
        account = next(_accounts[self.role])
        self.cases = account["cases"] or [0]
        self.persons = account["persons"] or [0]
        self.references = account["references"] or [""]
        csrf = secrets.token_hex(16)
        self.client.cookies.set("sessionid", account["session"])
        self.client.cookies.set("csrftoken", csrf)
        self.client.headers.update({"X-CSRFToken": csrf, "Accept-Language": "en"})
        self.opened = []  # cases this user registered, still in screening

    def case_id(self):
        return random.choice(self.cases)  # noqa: S311


class CaseWorker(RihaiUser):
    role = "case-worker"
    weight = 7

    @task(4)
    def list_page(self):
        self.client.get("/cases/", name="/cases/")

    @task(2)
    def search(self):
        reference = random.choice(self.references)  # noqa: S311
        self.client.get(f"/cases/?q={reference}", name="/cases/?q=")

    @task(4)
    def open_case(self):
        self.client.get(f"/cases/{self.case_id()}/", name="/cases/[id]/")

    @task(2)
    def api_list(self):
        self.client.get("/api/cases/", name="/api/cases/")

    @task(2)
    def api_case(self):
        self.client.get(f"/api/cases/{self.case_id()}/", name="/api/cases/[id]/")

    @task(2)
    def person(self):
        person = random.choice(self.persons)  # noqa: S311
        self.client.get(f"/cases/persons/{person}/", name="/cases/persons/[id]/")

    @task(4 if MIX == "write" else 0)
    def register(self):
        n = random.randrange(10**9)  # noqa: S311
        body = {
            "person": {
                "name_roman": f"{random.choice(_names)} Load {n}",  # noqa: S311
                "sex": "female",
                "estimated_age": 20 + n % 30,
                "phone": f"0301-{n % 10**7:07d}",
            },
            "exploitation_types": ["forced-labour"],
            "destination_country": "SA",
            "summary": "Synthetic case registered by the load benchmark.",
        }
        with self.client.post(
            "/api/cases/", json=body, name="POST /api/cases/", catch_response=True
        ) as response:
            if response.status_code == 201:
                self.opened.append(response.json()["id"])
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(3 if MIX == "write" else 0)
    def change_status(self):
        if not self.opened:
            return self.register()
        case_id = self.opened.pop()
        self.client.post(
            f"/api/cases/{case_id}/status/",
            json={"to_status": "presumed", "reason": ""},
            name="POST /api/cases/[id]/status/",
        )


class Investigator(RihaiUser):
    role = "investigator"
    weight = 2

    @task(3)
    def api_list(self):
        self.client.get("/api/cases/?status=presumed", name="/api/cases/?status=")

    @task(3)
    def open_case(self):
        self.client.get(f"/cases/{self.case_id()}/", name="/cases/[id]/")

    @task(2)
    def investigations(self):
        self.client.get("/justice/", name="/justice/")


class Analyst(RihaiUser):
    role = "analyst"
    weight = 1

    @task
    def home(self):
        self.client.get("/", name="/")
