"""Telling the other side of a referral or a case transfer: a notification in the app for each
person who may open the record (``rihai.core.notifications``: the bell, read and unread), and
an e-mail with a link.

Neither carries personal data: no name, no need, no agency's view of the case; only what
happened and the link to it, behind sign-in and the same access rules as any page.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from rihai.accounts.models import User
from rihai.accounts.permissions import Scope
from rihai.core.notifications import notify as notify_user

from .models import Referral
from .resources import Resource

SUBJECT = "Rihai: a referral needs your attention · رہائی: ایک ریفرل آپ کی توجہ کا منتظر ہے"
SUBJECT_TRANSFER = (
    "Rihai: a case transfer needs your attention · رہائی: کیس کی منتقلی آپ کی توجہ کی منتظر ہے"
)
BODY = (
    "Something changed on a referral in Rihai. Sign in to see it:\n{link}\n\n"
    "رہائی میں ایک ریفرل پر کچھ تبدیل ہوا ہے۔ دیکھنے کے لیے سائن اِن کریں:\n{link}\n"
)


def site_url() -> str:
    return settings.RIHAI_SITE_URL.rstrip("/")


def readers_of(referral: Referral, agency_id: int) -> list[User]:
    """The agency's active staff who can open this referral: those who read all the agency's
    referrals, and the one person on that side it belongs to (own scope)."""
    owner = (
        referral.referred_by_id if agency_id == referral.from_agency_id else referral.handled_by_id
    )
    staff = User.objects.filter(agency_id=agency_id, is_active=True)
    grant = {"role__grants__resource": Resource.REFERRAL, "role__grants__action": "view"}
    # One filter() call: the grant conditions must hold on the same grant row.
    readers = staff.filter(**grant, role__grants__scope__gte=Scope.AGENCY)
    if owner:
        readers = readers | staff.filter(**grant, pk=owner)
    return list(readers.distinct().order_by("pk"))


def recipients_of(referral: Referral, agency_id: int) -> list[str]:
    """E-mail addresses of ``readers_of``."""
    return sorted({u.email for u in readers_of(referral, agency_id) if u.email})


def transfer_deciders(agency_id: int) -> list[User]:
    """The agency's active supervisors: who approves, accepts or declines a case transfer."""
    return list(
        User.objects.filter(
            agency_id=agency_id,
            is_active=True,
            role__grants__resource="case",
            role__grants__action="approve",
        )
        .distinct()
        .order_by("pk")
    )


def notify(referral: Referral, *, agency_id: int | None, event: str) -> None:
    """Notifies the agency's readers of the referral and mails them once the transaction commits."""
    if agency_id is None:  # a listed provider outside Rihai: the hand-off happens outside
        return
    _tell(readers_of(referral, agency_id), referral, event, SUBJECT)


def notify_transfer(transfer, *, agency_id: int, event: str) -> None:
    """Tells an agency's supervisors that a case transfer waits for them or was decided."""
    _tell(transfer_deciders(agency_id), transfer, event, SUBJECT_TRANSFER)


def _tell(users: list[User], record, event: str, subject: str) -> None:
    for user in users:
        notify_user(recipient=user, kind=str(event), obj=record, email=False)
    link = site_url() + record.get_absolute_url()
    # One message per person, so staff never see each other's address; after commit, so a
    # change that rolled back never mails anyone, and a mail outage never undoes it.
    messages = [(subject, BODY.format(link=link), None, [u.email]) for u in users if u.email]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
