"""The daily digest: each agency's supervisors hear how many referrals wait and how many are late.

Counts and a link only, never who: the mail leaves Rihai's protection. One audit row per
agency mailed, with the counts.
"""

from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from rihai.accounts.models import User
from rihai.accounts.permissions import Scope
from rihai.audit.actions import record_audit

from .choices import ReferralStatus
from .events import ReferralEvent
from .models import Referral
from .notify import site_url
from .resources import Resource

SUBJECT = "Rihai: referrals today · رہائی: آج کے ریفرلز"
BODY = (
    "Referrals waiting for your agency's answer: {waiting} ({late_in} past the deadline).\n"
    "Referrals your agency sent that are not answered in time: {late_out}.\n"
    "{link}\n\n"
    "آپ کے ادارے کے جواب کے منتظر ریفرلز: {waiting} (ان میں سے {late_in} کی آخری تاریخ گزر چکی)۔\n"
    "آپ کے ادارے کے بھیجے ہوئے ریفرلز جن کا بروقت جواب نہیں آیا: {late_out}۔\n"
    "{link}\n"
)


def digest_counts(now=None) -> dict[int, dict]:
    """{agency id: {"waiting", "late_in", "late_out"}} for agencies with anything to report."""
    now = now or timezone.now()
    requested = Referral.objects.filter(status=ReferralStatus.REQUESTED)
    counts: dict[int, dict] = {}
    incoming = (
        requested.filter(to_agency__isnull=False)
        .values("to_agency")
        .annotate(waiting=Count("id"), late=Count("id", filter=Q(due_by__lt=now)))
    )
    for row in incoming:
        counts.setdefault(row["to_agency"], {"waiting": 0, "late_in": 0, "late_out": 0})
        counts[row["to_agency"]].update(waiting=row["waiting"], late_in=row["late"])
    for row in requested.filter(due_by__lt=now).values("from_agency").annotate(n=Count("id")):
        counts.setdefault(row["from_agency"], {"waiting": 0, "late_in": 0, "late_out": 0})
        counts[row["from_agency"]]["late_out"] = row["n"]
    return counts


def supervisors_of(agency_id: int) -> list[str]:
    return sorted(
        set(
            User.objects.filter(
                agency_id=agency_id,
                is_active=True,
                role__grants__resource=Resource.REFERRAL,
                role__grants__action="approve",
                role__grants__scope__gte=Scope.AGENCY,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def send_daily_digest(now=None) -> dict:
    """Mails every agency's supervisors their counts; returns {"agencies", "messages"}."""
    link = site_url() + reverse("referrals:list")
    messages, agencies = [], 0
    with transaction.atomic():
        for agency_id, c in sorted(digest_counts(now).items()):
            addresses = supervisors_of(agency_id)
            if not addresses:
                continue
            agencies += 1
            body = BODY.format(link=link, **c)
            messages += [(SUBJECT, body, None, [a]) for a in addresses]
            record_audit(
                event=ReferralEvent.DIGEST_SENT,
                agency_id=agency_id,
                object_type="accounts.agency",
                object_id=agency_id,
                extra={**c, "recipients": len(addresses)},
            )
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return {"agencies": agencies, "messages": len(messages)}
