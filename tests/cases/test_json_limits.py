"""JSON nested absurdly deep is a clear 400 or form error, never a server error, and saves
nothing (json.loads alone raises RecursionError near 1,000 levels)."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from rihai.cases.models import Case
from rihai.core.json_input import MAX_DEPTH, too_deep

from .helpers import CaseTestCase


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_depth_is_counted_on_lists_and_objects():
    assert not too_deep(json.loads(nested(MAX_DEPTH)))
    assert too_deep(json.loads(nested(MAX_DEPTH + 1)))
    assert not too_deep({"a": [{"b": "[[[[[["}]})  # brackets in strings are text
    deep_object = json.loads('{"a":' * 40 + "1" + "}" * 40)
    assert too_deep(deep_object) and not too_deep(deep_object, limit=40)


class DeepJsonTest(CaseTestCase):
    def test_api_refuses_deep_json_with_400(self):
        self.sign_in(self.fia_case_worker)
        before = Case.objects.count()
        for body in (nested(100_000), '{"document": ' + nested(200) + "}"):
            response = self.client.post(
                "/api/cases/import-htcds/", body, content_type="application/json"
            )
            self.assertEqual(response.status_code, 400, body[:20])
            self.assertIn("nested more than 32 levels", response.json()["detail"])
        response = self.client.post(
            "/api/cases/",
            nested(5000),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="ur",
        )
        self.assertEqual(response.status_code, 400)
        self.assertRegex(response.json()["detail"], "[\u0600-\u06ff]")
        self.assertEqual(Case.objects.count(), before)

    def test_page_import_refuses_deep_json_in_both_languages(self):
        self.sign_in(self.fia_case_worker)
        before = Case.objects.count()
        for payload in (nested(100_000), nested(MAX_DEPTH + 1)):
            response = self.client.post(
                "/cases/import/", {"file": SimpleUploadedFile("x.json", payload.encode())}
            )
            self.assertContains(response, "nested more than 32 levels")
        self.client.cookies["django_language"] = "ur"
        response = self.client.post(
            "/cases/import/", {"file": SimpleUploadedFile("x.json", nested(5000).encode())}
        )
        self.assertContains(response, "32")
        self.assertNotContains(response, "nested more than")
        self.assertEqual(Case.objects.count(), before)
