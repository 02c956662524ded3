"""Errors that reach Django: JSON on the API, bilingual pages with navigation elsewhere, and a
body over the size cap refused before it is read."""

from unittest import mock

from django.core.files.uploadhandler import StopUpload
from django.test import override_settings

from rihai.core.uploads import LimitedUploadHandler
from tests.base import RihaiTestCase


class ErrorAnswersTest(RihaiTestCase):
    def test_unknown_api_url_answers_json_in_both_languages(self):
        self.sign_in(self.fia_case_worker)
        response = self.client.get("/api/no-such-thing/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertEqual(body["detail"], "Not found.")
        self.assertNotEqual(body["detail_ur"], body["detail"])

    def test_unknown_page_is_bilingual_with_navigation(self):
        self.sign_in(self.fia_case_worker)
        self.client.cookies["django_language"] = "ur"
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        page = response.content.decode()
        self.assertIn('dir="rtl"', page)
        self.assertIn('class="mainnav"', page)
        self.assertNotIn("This page does not exist", page)  # translated

    def test_server_error_on_the_api_is_json_without_the_exception_text(self):
        self.sign_in(self.fia_case_worker)
        self.client.raise_request_exception = False
        with mock.patch(
            "rihai.cases.api.CaseListApi.get", side_effect=RuntimeError("secret detail")
        ):
            response = self.client.get("/api/cases/")
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertNotIn("secret detail", response.content.decode())
        self.assertIn("detail_ur", response.json())

    def test_server_error_on_a_page_is_the_bilingual_page(self):
        self.sign_in(self.fia_case_worker)
        self.client.raise_request_exception = False
        with mock.patch("rihai.core.views.render", side_effect=RuntimeError("secret detail")):
            response = self.client.get("/")
        self.assertEqual(response.status_code, 500)
        self.assertNotIn("secret detail", response.content.decode())
        self.assertIn("Something went wrong", response.content.decode())

    @override_settings(RIHAI_MAX_REQUEST_BYTES=1000)
    def test_a_body_over_the_cap_is_refused_before_it_is_read(self):
        self.sign_in(self.fia_case_worker)
        with mock.patch("rihai.cases.api.CaseListApi.post") as view:
            response = self.client.post(
                "/api/cases/", data="x" * 5000, content_type="application/json"
            )
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json()["detail"], "The request is too large.")
        view.assert_not_called()

    @override_settings(RIHAI_MAX_REQUEST_BYTES=1000)
    def test_an_upload_without_a_declared_length_stops_at_the_cap(self):
        handler = LimitedUploadHandler()
        handler.receive_data_chunk(b"x" * 600, 0)
        with self.assertRaises(StopUpload):
            handler.receive_data_chunk(b"x" * 600, 600)
