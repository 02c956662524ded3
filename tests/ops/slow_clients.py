"""Slow clients against gunicorn, directly and behind nginx (deploy/nginx/rihai.conf).

Used by ``tests/ops/test_slow_clients.py`` (does a normal request get answered while slow
clients are connected?) and ``benchmarks/bench_slow_clients.py`` (how long it waits).

The nginx configuration is derived from the deployment's own site file at run time: its
HTTPS server block, with TLS taken out (plain HTTP on a loopback port), the upstream pointed
at the test's gunicorn and files kept in a scratch directory. Every slow-client directive
(timeouts, buffering, limits) is the recipe's own, so a change to the recipe is what is tested.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "rihai.conf"
# Ports of the ops worktree's range (8100 + 37, 38): no other engineer's server uses them.
GUNICORN_PORT = int(os.environ.get("SLOW_CLIENT_GUNICORN_PORT", 8137))
NGINX_PORT = int(os.environ.get("SLOW_CLIENT_NGINX_PORT", 8138))


def nginx_available() -> bool:
    return shutil.which("nginx") is not None


def _https_server_block(text: str) -> str:
    start = text.index("listen 443")
    start = text.rindex("server {", 0, start)
    depth, i = 0, start
    while True:
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
        i += 1


def nginx_config(workdir: Path, *, overrides: dict[str, str] | None = None) -> str:
    """The recipe's http-level zones and its HTTPS server, on plain HTTP in ``workdir``."""
    text = SITE.read_text()
    http_level = "\n".join(
        line
        for line in text.split("server {")[0].splitlines()
        if line.startswith(("limit_conn_zone", "limit_req_zone"))
    )
    server = _https_server_block(text)
    server = re.sub(r"\n\s*listen \[::\]:443 ssl;", "", server)
    server = re.sub(r"listen 443 ssl;", f"listen 127.0.0.1:{NGINX_PORT};", server)
    server = re.sub(r"\n\s*(http2 on|ssl_[a-z_]+ [^;]+);", "", server)
    server = re.sub(r"access_log [^;]+;", f"access_log {workdir}/access.log;", server)
    server = re.sub(r"error_log [^;]+;", f"error_log {workdir}/error.log warn;", server)
    for directive, value in (overrides or {}).items():
        server = re.sub(rf"{directive} [^;]+;", f"{directive} {value};", server)
    return f"""
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    {http_level}
    upstream rihai_app {{ server 127.0.0.1:{GUNICORN_PORT}; keepalive 16; }}
    {server}
}}
"""


def _wait_for_port(port: int, deadline: float = 60.0) -> None:
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port} after {deadline} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(*, workers: int = 1, threads: int = 2, worker_class: str = ""):
    """gunicorn with deploy/gunicorn.conf.py, sized small, on the test port, serving Rihai
    plus a path that reads whole bodies (``body_sink_wsgi``), as an upload view does."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "GUNICORN_BIND": f"127.0.0.1:{GUNICORN_PORT}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-c",
        "deploy/gunicorn.conf.py",
        "--access-logfile",
        "/dev/null",
    ]
    if worker_class:
        command += ["--worker-class", worker_class]
    process = subprocess.Popen(
        [*command, "tests.ops.body_sink_wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(GUNICORN_PORT)
        yield process
    finally:
        _stop(process)


@contextmanager
def nginx(*, overrides: dict[str, str] | None = None):
    workdir = Path(tempfile.mkdtemp(prefix="rihai-nginx-"))
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_config(workdir, overrides=overrides))
    check = subprocess.run(
        ["nginx", "-t", "-p", str(workdir), "-c", str(conf)], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx refuses the derived configuration:\n{check.stderr}")
    process = subprocess.Popen(
        ["nginx", "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(NGINX_PORT)
        yield process
    finally:
        _stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


class SlowClients:
    """``count`` connections that trickle a request a byte every ``gap`` seconds: headers
    that never end ("headers"), or a form body that never completes ("body")."""

    def __init__(self, port: int, count: int, *, kind: str = "headers", gap: float = 1.0):
        self.port, self.count, self.kind, self.gap = port, count, kind, gap
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def _one(self) -> None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        except OSError:
            return
        with sock:
            try:
                if self.kind == "body":
                    sock.sendall(
                        b"POST /__body_sink HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        b"Content-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: 100000\r\n\r\n"
                    )
                else:
                    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                while not self.stop.wait(self.gap):
                    sock.sendall(b"a" if self.kind == "body" else b"X-a: b\r\n")
            except OSError:
                return  # the server closed the connection: it defended itself

    def __enter__(self):
        for _ in range(self.count):
            thread = threading.Thread(target=self._one, daemon=True)
            thread.start()
            self.threads.append(thread)
        time.sleep(max(2 * self.gap, 1.0))  # every connection is open and trickling
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=10)


def normal_request(port: int, *, timeout: float) -> tuple[int | None, float]:
    """(status or None if no answer in ``timeout`` seconds, seconds waited)."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            head = sock.recv(64)
        status = int(head.split()[1]) if head.startswith(b"HTTP/") else None
    except (OSError, ValueError, IndexError):
        status = None
    return status, time.monotonic() - started
