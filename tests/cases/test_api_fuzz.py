"""The API fuzzed from its own published schema (schemathesis), as two roles, bounded.

For every operation of ``/api/schema/``, schemathesis draws a few requests (valid and
near-valid bodies, queries, headers such as ``Idempotency-Key`` and ``If-Match``); half of them
name a real case or person of the signed-in user's agency, so the requests reach the actions,
not only the 404. Each answer must not be a server error, and its status must be one the schema
documents for that operation, so a generated client is never surprised. The number of examples
per operation is ``RIHAI_FUZZ_EXAMPLES`` (3 by default: the whole run stays under a few
minutes on two cores; CI may raise it).
"""

import json
import os

import schemathesis
import yaml
from hypothesis import HealthCheck, Phase, given, settings

from .helpers import CaseTestCase

EXAMPLES = int(os.environ.get("RIHAI_FUZZ_EXAMPLES", "3"))
JSON = "application/json"


class ApiFuzzTest(CaseTestCase):
    def setUp(self):
        super().setUp()
        self.client.raise_request_exception = False  # a crash must come back as a 500 here
        self.sign_in(self.fia_case_worker)
        self.schema_dict = yaml.safe_load(self.client.get("/api/schema/").content)
        self.schema = schemathesis.openapi.from_dict(self.schema_dict)
        case = self.case()
        self.known = {
            "case_id": case.pk,
            "person_id": case.members.get(role="primary").person_id,
            "change_id": 1,
            "consent_id": 1,
        }

    def test_case_worker_gets_no_server_error_and_only_documented_statuses(self):
        self.fuzz(self.fia_case_worker)

    def test_analyst_gets_no_server_error_and_only_documented_statuses(self):
        self.fuzz(self.fia_analyst)

    def fuzz(self, user):
        self.client.logout()
        self.sign_in(user)
        problems: list[str] = []
        self.answers: list[int | None] = []
        operations = [result.ok() for result in self.schema.get_all_operations()]
        self.assertGreater(len(operations), 20)
        for operation in operations:
            self.fuzz_operation(operation, problems)
        self.assertEqual(problems, [], f"{len(problems)} undocumented or failed answers")
        # The run reached the actions, not only the refusals.
        self.assertGreater(len(self.answers), len(operations))

    def fuzz_operation(self, operation, problems):
        documented = set(operation.definition.raw.get("responses", {}))
        counter = {"n": 0}

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: problems are collected
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            counter["n"] += 1
            if counter["n"] % 2:
                for name in case.path_parameters or {}:
                    if name in self.known:
                        case.path_parameters[name] = self.known[name]
            status = self.send(case)
            self.answers.append(status)
            if status is None:
                return
            label = f"{case.method} {operation.path} -> {status}"
            if status >= 500:
                problems.append(f"{label}: server error")
            elif str(status) not in documented and "default" not in documented:
                problems.append(f"{label}: not in the schema ({sorted(documented)})")

        run()

    def send(self, case):
        path = case.formatted_path
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": str(v) for k, v in (case.headers or {}).items()
        }
        method = case.method.lower()
        query = {k: v for k, v in (case.query or {}).items() if v is not None}
        body = case.body if not _not_set(case.body) else None
        if method == "get":
            return self.client.get(path, query, **headers).status_code
        try:  # every body of this API has the same shape in JSON, forms and multipart
            data = json.dumps(body) if body is not None else ""
        except TypeError:
            return None  # a file's bytes: uploads are tested on their own
        if query:
            from urllib.parse import urlencode

            path = f"{path}?{urlencode(query, doseq=True)}"
        call = getattr(self.client, method)
        return call(path, data, content_type=JSON, **headers).status_code


def _not_set(value) -> bool:
    return type(value).__name__ == "NotSet"
