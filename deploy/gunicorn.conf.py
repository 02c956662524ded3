"""gunicorn settings for Rihai: threaded workers behind nginx (deploy/nginx/rihai.conf).

Why gthread behind a buffering proxy: nginx reads every request in full (headers and body)
and takes every response before gunicorn sees or sends a byte, so a slow or malicious client
(slow loris) ties up an nginx connection, which costs a few kilobytes, not a Python worker.
Behind that, threads let one process overlap the waits on PostgreSQL that dominate Rihai's
requests (docs/cases.md: 16 queries per case-list page). Sync workers would also be safe
behind nginx, but need one process (about 90 MB measured, docs/scaling.md) per concurrent request.

Every value can be set from the environment (GUNICORN_*), so moving from one machine size to
another is configuration. See docs/scaling.md for the figures behind the defaults.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# One process per core and a few threads each: requests mostly wait on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Longer than PostgreSQL's statement_timeout (30 s), so the database gives up first and the
# request ends with an error page rather than a killed worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 35))
graceful_timeout = 30
keepalive = 5  # nginx keeps its own connections to clients; this is the nginx-gunicorn hop
# Recycle workers now and then, so a slow leak never grows for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# Load the application once, then fork: less memory, and config/wsgi.py freezes the heap.
preload_app = True
# Headers and request lines: small limits; nginx already enforces the real ones.
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
# Access log without the query string (%(U)s is the path only): searches carry phone numbers
# and CNICs. Request ids are in the application's JSON log lines.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms "%({x-request-id}o)s"'
errorlog = "-"
# Trust X-Forwarded-* only from the local nginx.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 27 opens a control socket in the home directory by default; not needed here.
control_socket_disable = True


def on_starting(server):
    # /metrics adds up every worker's counters when they share this directory (emptied on
    # each start so counters of dead processes do not linger).
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            os.unlink(os.path.join(directory, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
