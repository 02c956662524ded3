"""Optimistic concurrency for editable records (persons, case facts): no silent overwrite.

A record carries a ``version`` raised by every edit. A reader gets it as the ETag (API) or a
hidden form field; an edit sent with it (``If-Match`` / the form) is checked under the row lock
inside the action. If someone saved in between, the edit is refused with ``StaleVersion``,
which names the fields they changed (read from the audit rows of the edits since, which carry
the version they produced) — the API answers 412, the page shows it above the form.
"""

import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from rihai.audit.models import AuditEvent, AuditLog

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,10})"?\s*$')


class StaleVersion(ValidationError):
    """The record changed since the client read it: ``changed`` names what changed."""

    def __init__(self, *, current: int, changed: list[str], labels: list[str]):
        self.current, self.changed = current, changed
        what = ", ".join(str(label) for label in labels) or _("its status or links")
        super().__init__(
            _(
                "Someone else changed this record since you opened it (changed: %(what)s). "
                "Nothing was saved: reload it, check the changes and make your edit again."
            )
            % {"what": what},
            code="stale",
        )


def etag(record: models.Model) -> str:
    return f'"{record.version}"'


def parse_if_match(header: str | None) -> int | None:
    """The version an ``If-Match`` header names (``"3"``, ``W/"3"`` or ``3``); None if absent.
    A header that names no version raises ValidationError (a 400, not a silent overwrite)."""
    if header is None or header.strip() in ("", "*"):
        return None
    match = _ETAG.match(header)
    if match is None:
        raise ValidationError({"If-Match": _('Send the ETag you read, e.g. "3".')})
    return int(match.group(1))


def check_version(record: models.Model, expected: int | None) -> None:
    """Under the record's row lock: refuses the edit if ``expected`` is not the current
    version. ``None`` (a client that sent no version) edits only the fields it names."""
    if expected is None or int(expected) == record.version:
        return
    changed = changed_since(record, int(expected))
    labels = []
    for name in changed:
        try:
            labels.append(record._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a non-field name (exploitation_types) stays as it is
            labels.append(name.replace("_", " "))
    raise StaleVersion(current=record.version, changed=changed, labels=labels)


def changed_since(record: models.Model, version: int) -> list[str]:
    """Names of the fields edited after ``version`` (from the edits' audit rows)."""
    rows = AuditLog.objects.filter(
        event=AuditEvent.RECORD_CHANGED,
        object_type=record._meta.label_lower,
        object_id=str(record.pk),
        extra__version__gt=version,
    ).values_list("extra", flat=True)
    return sorted({name for extra in rows for name in extra.get("fields", [])})


def bump(record: models.Model) -> None:
    """Raises the version of a locked record about to be saved."""
    record.version += 1
