"""Background tasks of the foundation."""

import os
import socket

from celery import shared_task


@shared_task(name="rihai.core.probe")
def probe(token: str) -> dict:
    """Answers where it ran: the worker's process and host. Readiness checks and the test
    that proves a real worker (not the web process) ran a task use it."""
    return {"token": token, "pid": os.getpid(), "host": socket.gethostname()}
