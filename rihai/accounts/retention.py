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
- ``accounts.failed-sign-in``: failed sign-ins and lockouts (``axes``' failure log and its
  running counters), from the attempt.

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
    return AccessFailureLog.objects.filter(attempt_time__lt=cutoff)


def _delete(candidates, pk) -> bool:
    deleted, _per_model = candidates.filter(pk=pk).delete()
    return bool(deleted)


def delete_session(pk, cutoff) -> bool:
    return _delete(expired_sessions(cutoff), pk)


def delete_sign_in(pk, cutoff) -> bool:
    return _delete(expired_sign_ins(cutoff), pk)


def delete_failed_sign_in(pk, cutoff) -> bool:
    """The failure and, once it is old, the running counter of the same username and address
    (axes keeps one counter row per pair; it is reset by a success, or never)."""
    failure = expired_failed_sign_ins(cutoff).filter(pk=pk).first()
    if failure is None:
        return False
    AccessAttempt.objects.filter(
        username=failure.username, ip_address=failure.ip_address, attempt_time__lt=cutoff
    ).delete()
    failure.delete()
    return True
