"""The accounts app's retention rules: sessions and sign-in logs (declared in ``plugin.py``,
run by ``manage.py purge``).

They hold no survivor's data, but they are traces of people: who signed in, from which
address and browser, when, and who failed to. They are deleted, row by row, each with its
audit row (the audit chain itself keeps ids and event types only):

- ``accounts.session``: a session some days after it expired (Django no longer accepts it;
  the row only says that a user was signed in). Its key is a bearer secret while it lives, so
  ``purge`` names it in the ledger and the audit row only by a hash.
- ``accounts.sign-in``: successful sign-ins and sign-outs (``axes``' access log: username,
  IP address, user agent), from the sign-in;
- ``accounts.failed-sign-in``: failed sign-ins and lockouts: ``axes``' running counter per
  username and address (``AccessAttempt``), from its last attempt, with any failure-log rows
  of the same pair. The counters are what axes writes (its failure log is off by default);
  they were once reached only through the failure log, so they were never deleted.

No manual hold: an inquiry into a sign-in exports the log it needs (an auditor's copy) before
the period ends; a hold would need a grant no role has on these rows.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session


def expired_sessions(cutoff):
    return Session.objects.filter(expire_date__lt=cutoff)


def expired_sign_ins(cutoff):
    return AccessLog.objects.filter(attempt_time__lt=cutoff)


def expired_failed_sign_ins(cutoff):
    """Lockout counters whose last failed attempt is older than the period."""
    return AccessAttempt.objects.filter(attempt_time__lt=cutoff)


def _delete(candidates, pk) -> bool:
    deleted, _per_model = candidates.filter(pk=pk).delete()
    return bool(deleted)


def delete_session(pk, cutoff) -> bool:
    return _delete(expired_sessions(cutoff), pk)


def delete_sign_in(pk, cutoff) -> bool:
    return _delete(expired_sign_ins(cutoff), pk)


def delete_failed_sign_in(pk, cutoff) -> bool:
    """The counter and the failure-log rows of the same username and address that are old
    too (axes keeps one counter per pair; a success resets it, an invented username never)."""
    attempt = expired_failed_sign_ins(cutoff).filter(pk=pk).first()
    if attempt is None:
        return False
    AccessFailureLog.objects.filter(
        username=attempt.username, ip_address=attempt.ip_address, attempt_time__lt=cutoff
    ).delete()
    attempt.delete()
    return True
