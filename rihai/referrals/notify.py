"""Telling the other side of a referral: a notification in the app and an e-mail with a link.

E-mails carry no personal data: no name, no need, no agency's view of the case; only that
something waits and the link to it, behind sign-in and the same access rules as any page.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from rihai.accounts.models import User
from rihai.accounts.permissions import Scope

from .models import Notification, Referral
from .resources import Resource

SUBJECT = "Rihai: a referral needs your attention · رہائی: ایک ریفرل آپ کی توجہ کا منتظر ہے"
BODY = (
    "Something changed on a referral in Rihai. Sign in to see it:\n{link}\n\n"
    "رہائی میں ایک ریفرل پر کچھ تبدیل ہوا ہے۔ دیکھنے کے لیے سائن اِن کریں:\n{link}\n"
)


def site_url() -> str:
    return settings.RIHAI_SITE_URL.rstrip("/")


def recipients_of(referral: Referral, agency_id: int) -> list[str]:
    """E-mail addresses of the agency's active staff who can open this referral: those who read
    all the agency's referrals, and the one person on that side it belongs to (own scope)."""
    owner = (
        referral.referred_by_id if agency_id == referral.from_agency_id else referral.handled_by_id
    )
    readers = User.objects.filter(agency_id=agency_id, is_active=True).exclude(email="")
    grant = {"role__grants__resource": Resource.REFERRAL, "role__grants__action": "view"}
    # One filter() call: the grant conditions must hold on the same grant row.
    addresses = set(
        readers.filter(**grant, role__grants__scope__gte=Scope.AGENCY).values_list(
            "email", flat=True
        )
    )
    if owner:
        addresses |= set(readers.filter(**grant, pk=owner).values_list("email", flat=True))
    return sorted(addresses)


def notify(referral: Referral, *, agency_id: int | None, event: str) -> None:
    """Records a notification for ``agency_id`` and mails its staff once the transaction commits."""
    if agency_id is None:  # a listed provider outside Rihai: the hand-off happens outside
        return
    Notification.objects.create(agency_id=agency_id, referral=referral, event=event)
    link = site_url() + reverse("referrals:detail", args=[referral.pk])
    addresses = recipients_of(referral, agency_id)
    if not addresses:
        return
    # One message per person, so staff never see each other's address; after commit, so a
    # referral that rolled back never mails anyone, and a mail outage never undoes a referral.
    messages = [(SUBJECT, BODY.format(link=link), None, [address]) for address in addresses]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def notify_transfer(transfer, *, agency_id: int, event: str) -> None:
    """Tells an agency's supervisors that a case transfer waits for them or was decided."""
    Notification.objects.create(agency_id=agency_id, transfer=transfer, event=event)
    link = site_url() + reverse("referrals:transfer", args=[transfer.pk])
    addresses = sorted(
        set(
            User.objects.filter(
                agency_id=agency_id,
                is_active=True,
                role__grants__resource="case",
                role__grants__action="approve",
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    messages = [(SUBJECT_TRANSFER, BODY.format(link=link), None, [a]) for a in addresses]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


SUBJECT_TRANSFER = (
    "Rihai: a case transfer needs your attention · رہائی: کیس کی منتقلی آپ کی توجہ کی منتظر ہے"
)
