"""Running writes at the same moment on separate database connections (PostgreSQL only).

``at_once`` starts one thread per call, lines them up on a barrier so they really overlap, and
returns what each answered: its result, a ``ValidationError`` it was refused with, or the
unexpected exception (a deadlock, an integrity error: what would be a 500).
"""

import threading

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import TransactionTestCase

from rihai.accounts.models import Agency, AgencyType
from rihai.audit.models import AuditChainHead
from rihai.geo.models import Province


class Refused:
    def __init__(self, error: ValidationError):
        self.error = error

    def __repr__(self) -> str:
        return f"Refused({self.error.messages})"


def at_once(calls) -> tuple[list, list]:
    """Runs every zero-argument callable in ``calls`` in its own thread, all released together.
    Returns (answers, errors): answers in call order (a result or ``Refused``), errors the
    unexpected exceptions."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)
    errors: list = []

    def run(index, call):
        try:
            barrier.wait()
            answers[index] = call()
        except ValidationError as exc:
            answers[index] = Refused(exc)
        except Exception as exc:  # noqa: BLE001 - returned to the test, which fails on it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, errors


class ConcurrentTestCase(TransactionTestCase):
    """A fresh agency per test; skipped on SQLite (in-memory SQLite is one connection)."""

    serialized_rollback = True  # keep the roles and geography the migrations installed

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("needs PostgreSQL: concurrent connections")
        AuditChainHead.objects.get_or_create(id=1)
        self.agency = Agency.objects.create(
            name="Test FIA Lahore",
            code="TFIA",
            agency_type=AgencyType.FIA_AHTC,
            province=Province.objects.get(iso_code="PK-PB"),
        )


def signed_in_client(user):
    """A test client of its own (one per thread), signed in and two-factor verified."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
