"""/api/docs/ works under the CSP: Swagger UI and its start-up script come from our origin."""

import re

from django.contrib.staticfiles import finders

from tests.base import RihaiTestCase


class ApiDocsTest(RihaiTestCase):
    def test_docs_page_references_only_same_origin_assets(self):
        self.sign_in(self.fia_case_worker)
        response = self.client.get("/api/docs/")
        self.assertEqual(response.status_code, 200)
        # Served under the site's policy (not exempted from it), which names no other origin.
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotRegex(policy, r"https?://|\*")
        html = response.content.decode()
        self.assertNotIn("<script>", html)  # no inline script: the CSP would refuse it
        self.assertNotIn("<style>", html)
        urls = re.findall(r'(?:src|href)="([^"]+)"', html)
        self.assertGreaterEqual(len(urls), 4, urls)
        for url in urls:
            self.assertTrue(url.startswith("/") and not url.startswith("//"), url)
        for url in urls:
            if url.startswith("/static/"):
                self.assertIsNotNone(finders.find(url.removeprefix("/static/")), url)
        script = next(u for u in urls if "script" in u and not u.startswith("/static/"))
        init = self.client.get(script.replace("&amp;", "&"))
        self.assertEqual(init.status_code, 200)
        self.assertIn("javascript", init["Content-Type"])
        self.assertIn(b"SwaggerUIBundle", init.content)

    def test_docs_need_sign_in(self):
        self.assertRefused("/api/docs/", [None])
