"""The published OpenAPI schema describes what the API really answers (clients are generated
from it): real responses, including their nulls, are validated against it."""

import jsonschema
import yaml

from .helpers import CaseTestCase


def _json_schema(node):
    """OpenAPI 3.0 schema -> JSON Schema: ``nullable: true`` becomes "or null"."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


class ApiSchemaTest(CaseTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.fia_case_worker)
        response = self.client.get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        self.openapi = yaml.safe_load(response.content)
        self.components = _json_schema(self.openapi["components"])

    def assert_matches(self, path, template, data):
        answer = self.openapi["paths"][template]["get"]["responses"]["200"]
        schema = _json_schema(answer["content"]["application/json"]["schema"])
        jsonschema.validate(data, {**schema, "components": self.components})

    def test_case_list_detail_and_person_match_the_schema_with_nulls(self):
        # No province, district or age: the fields the schema must allow to be null.
        person = self.person(province=None, estimated_age=None)
        case = self.case(person=person)
        listing = self.client.get("/api/cases/").json()
        self.assertIn("results", listing)  # a page, not a bare list
        self.assert_matches("/api/cases/", "/api/cases/", listing)
        detail = self.client.get(f"/api/cases/{case.pk}/").json()
        self.assert_matches(f"/api/cases/{case.pk}/", "/api/cases/{case_id}/", detail)
        person_data = self.client.get(f"/api/persons/{person.pk}/").json()
        self.assertIsNone(person_data["age"])
        self.assertIsNone(person_data["province"])
        self.assert_matches(f"/api/persons/{person.pk}/", "/api/persons/{person_id}/", person_data)
