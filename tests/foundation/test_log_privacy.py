"""Search terms (phones, CNICs, names) never reach the access or request logs."""

import logging

from django.test import SimpleTestCase

from rihai.core.log_privacy import REMOVED, StripSearchQueries, scrub

PHONE, CNIC = "03001234567", "35202-1234567-1"


class ScrubTest(SimpleTestCase):
    def test_search_parameters_are_removed_from_request_lines(self):
        for line in (
            f'"GET /cases/?q={PHONE} HTTP/1.1" 200 512',
            f'"GET /api/cases/?page=2&cnic={CNIC} HTTP/1.1" 200 99',
            f'"GET /accounts/two-factor/?next=/cases/%3Fq%3D{PHONE} HTTP/1.1" 302 0',
            f'"GET /accounts/login/?next=%252Fcases%252F%253Fphone%253D{PHONE} HTTP/1.1" 200 1',
        ):
            cleaned = scrub(line)
            self.assertNotIn(PHONE, cleaned)
            self.assertNotIn(CNIC, cleaned)
            self.assertIn(REMOVED, cleaned)

    def test_harmless_query_strings_stay(self):
        line = '"GET /audit/?page=3&event=login HTTP/1.1" 200 10'
        self.assertEqual(scrub(line), line)


class LoggerTest(SimpleTestCase):
    def capture(self, logger_name, msg, args):
        records = []
        handler = logging.Handler()
        handler.emit = lambda record: records.append(record.getMessage())
        logger = logging.getLogger(logger_name)
        logger.addHandler(handler)
        try:
            logger.warning(msg, args) if isinstance(args, dict) else logger.warning(msg, *args)
        finally:
            logger.removeHandler(handler)
        return records[0]

    def test_runserver_and_request_loggers_are_filtered(self):
        for name in ("django.server", "django.request"):
            message = self.capture(name, '"%s" %s %s', (f"GET /cases/?q={PHONE} HTTP/1.1", 200, 5))
            self.assertNotIn(PHONE, message, name)

    def test_gunicorn_access_atoms_are_filtered(self):
        atoms = {
            "r": f"GET /cases/?q={PHONE} HTTP/1.1",
            "q": f"q={PHONE}",
            "U": "/cases/",
            "s": 200,
        }
        message = self.capture("gunicorn.access", "%(r)s %(q)s %(U)s %(s)s", atoms)
        self.assertNotIn(PHONE, message)
        self.assertIn("/cases/", message)

    def test_filter_is_installed_once_per_logger(self):
        for name in ("django.server", "gunicorn.access"):
            filters = [
                f for f in logging.getLogger(name).filters if isinstance(f, StripSearchQueries)
            ]
            self.assertEqual(len(filters), 1)
