"""Search terms (phones, CNICs, names) never reach the access or request logs."""

import logging
import re
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

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


ROOT = Path(__file__).resolve().parents[2]
# nginx variables that carry the query string or a URL with one (the referrer).
NGINX_QUERY_VARIABLES = ("$request ", '$request"', "$request_uri", "$args", "$query_string")
NGINX_QUERY_VARIABLES += ("$arg_", "$is_args", "$http_referer")


def _server_blocks(text: str) -> list[str]:
    blocks, start = [], text.find("server {")
    while start != -1:
        depth, i = 0, start
        while True:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0 and text[i] == "}":
                break
            i += 1
        blocks.append(text[start : i + 1])
        start = text.find("server {", i)
    return blocks


class DeployedLogFormatsTest(SimpleTestCase):
    """The filter above only sees Python's loggers; gunicorn's and nginx's own access lines
    are formatted by their configuration in deploy/, so that is what is checked here."""

    def test_gunicorn_access_line_carries_no_query_string_or_referrer(self):
        from gunicorn.config import Config
        from gunicorn.glogging import Logger

        conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
        cfg = Config()
        cfg.set("access_log_format", conf["access_log_format"])
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"/cases/?q={PHONE}",
            "PATH_INFO": "/cases/",
            "QUERY_STRING": f"q={PHONE}",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_REFERER": f"https://rihai.example.org/api/cases/?cnic={CNIC}",
            "REMOTE_ADDR": "127.0.0.1",
        }
        response = SimpleNamespace(status="200 OK", sent=10, headers=[("X-Request-ID", "r1")])
        request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
        logger = Logger(cfg)
        atoms = logger.atoms_wrapper_class(
            logger.atoms(response, request, environ, timedelta(milliseconds=5))
        )
        # Formatted as gunicorn does, without the logging filter: the format alone must hold.
        line = conf["access_log_format"] % atoms
        self.assertIn("/cases/", line)
        self.assertNotIn(PHONE, line)
        self.assertNotIn(CNIC, line)

    def test_every_nginx_server_logs_without_query_strings(self):
        text = (ROOT / "deploy" / "nginx" / "rihai.conf").read_text()
        formats = dict(re.findall(r"log_format\s+(\w+)\s+([^;]+);", text))
        self.assertTrue(formats)
        for name, body in formats.items():
            for variable in NGINX_QUERY_VARIABLES:
                self.assertNotIn(variable, body + " ", f"log_format {name} logs {variable}")
        servers = _server_blocks(text)
        self.assertGreaterEqual(len(servers), 2)
        for server in servers:
            # A server without its own access_log uses nginx's default "combined" format,
            # which logs "$request" (query string included) and the referrer.
            logs = re.findall(r"access_log\s+([^;]+);", server)
            self.assertTrue(logs, f"a server block has no access_log:\n{server[:200]}")
            for directive in logs:
                parts = directive.split()
                self.assertTrue(parts == ["off"] or parts[-1] in formats, directive)
            # nginx's error lines end with the request line (query string included) and
            # the referrer; only "crit" and worse carry none of a search's requests.
            levels = re.findall(r"error_log\s+\S+\s+(\w+);", server)
            self.assertTrue(levels, f"a server block has no error_log level:\n{server[:200]}")
            self.assertTrue(set(levels) <= {"crit", "alert", "emerg"}, levels)
