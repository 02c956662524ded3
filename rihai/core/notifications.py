"""Notifications any app can send: ``notify(recipient=..., kind=..., obj=...)`` inside the
action that causes them, so the row commits (or not) with the change.

An app declares its kinds in its ``plugin.py`` (``notification_kinds={code: label}``); the label
is what the user reads. The optional e-mail (``RIHAI_NOTIFY_BY_EMAIL``) carries the same label
and a link, never personal data, and is sent only once the transaction has committed.
"""

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from .models import Notification
from .plugins import notification_kinds


class UnknownNotificationKindError(LookupError):
    """The kind is declared by no installed app's ``plugin.py``: a programming error."""


def notify(*, recipient, kind: str, obj: models.Model, email: bool = True) -> Notification | None:
    """Records a notification for ``recipient`` about ``obj``; None for no recipient or an
    inactive one (nobody reads it). ``email=False`` for an app that sends its own message."""
    if kind not in notification_kinds():
        raise UnknownNotificationKindError(kind)
    if recipient is None or not recipient.is_active:
        return None
    note = Notification.objects.create(
        recipient=recipient, kind=kind, target_type=obj._meta.label_lower, target_id=obj.pk
    )
    if email and getattr(settings, "RIHAI_NOTIFY_BY_EMAIL", False) and recipient.email:
        transaction.on_commit(lambda: _send_email(note))
    return note


def label_of(note: Notification) -> str:
    return str(notification_kinds().get(note.kind, note.kind))


def link_of(note: Notification) -> str:
    """The object's page (``get_absolute_url``), or "" if it has none or is gone."""
    try:
        model = apps.get_model(note.target_type)
        obj = model._default_manager.filter(pk=note.target_id).first()
        return obj.get_absolute_url() if obj and hasattr(obj, "get_absolute_url") else ""
    except (LookupError, NoReverseMatch):
        return ""


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read__isnull=True).count()


def _send_email(note: Notification) -> None:
    base = getattr(settings, "RIHAI_SITE_URL", "").rstrip("/")
    send_mail(
        subject=_("Rihai: %(what)s") % {"what": label_of(note)},
        message=_("%(what)s\n\nOpen Rihai to see it: %(link)s")
        % {"what": label_of(note), "link": base + "/notifications/"},
        from_email=None,
        recipient_list=[note.recipient.email],
        fail_silently=True,
    )
