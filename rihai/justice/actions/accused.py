"""Where an accused stands (arrested, on bail, absconding, proclaimed offender, acquitted,
convicted), and an investigator's decision on a suspect ↔ survivor's-account link."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.cases.queries_recruiters import access_recruiter
from rihai.core.actions import action

from .. import queries
from ..choices import AccusedStatus as A
from ..choices import LinkDecision, Stage
from ..linking_recruiters import recruiter_basis
from ..models import Accused, RecruiterLinkDecision, StageEvent, Suspect
from ._common import _check_date

# The stage an investigation must have reached for each status, and the statuses an accused
# may come from (a proclamation follows absconding; bail follows arrest).
NEEDS_STAGE = {
    A.ARRESTED: Stage.FIR,
    A.ON_BAIL: Stage.FIR,
    A.ABSCONDING: Stage.FIR,
    A.PROCLAIMED: Stage.FIR,
    A.DISCHARGED: Stage.FIR,
    A.ACQUITTED: Stage.JUDGMENT,
    A.CONVICTED: Stage.JUDGMENT,
}
FROM = {
    A.ON_BAIL: {A.ARRESTED},
    A.PROCLAIMED: {A.ABSCONDING},
}
FINAL = {A.ACQUITTED, A.CONVICTED, A.DISCHARGED}


@action
def do_record_accused_status(
    *, accused: Accused, status: str, on, acting_user: User, note: str = ""
) -> Accused:
    """Records an accused's new status and its date.

    Refused: an unknown status; a date in the future, before the complaint, before the stage it
    needs (an arrest before the FIR; a conviction or acquittal before the judgment), or before
    the current status; bail without an arrest, a proclamation without absconding; any change
    after an acquittal, conviction or discharge.
    """
    investigation = queries.access_investigation(
        acting_user, accused.investigation_id, "change", for_update=True
    )
    accused = (
        Accused.objects.select_for_update().filter(investigation=investigation).get(pk=accused.pk)
    )
    if status not in A.values or status == A.NAMED:
        raise ValidationError({"status": _("Unknown status.")})
    if accused.status in FINAL:
        raise ValidationError(
            {
                "status": _("This accused's case is closed (%(status)s).")
                % {"status": accused.get_status_display()}
            }
        )
    allowed_from = FROM.get(status)
    if allowed_from and accused.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("“%(new)s” needs the accused to be “%(old)s” first.")
                % {"new": A(status).label, "old": ", ".join(str(A(s).label) for s in allowed_from)}
            }
        )
    _check_date(
        on,
        field="on",
        not_before=investigation.complaint_date,
        too_early=_("This date is before the complaint."),
    )
    needed = NEEDS_STAGE[status]
    reached = StageEvent.objects.filter(investigation=investigation, stage=needed).first()
    if reached is None:
        if needed == Stage.JUDGMENT:
            message = _("No conviction or acquittal before the judgment is recorded.")
        else:
            message = _("Record the FIR before the accused's arrest, bail or absconding.")
        raise ValidationError({"status": message})
    if on < reached.on:
        raise ValidationError(
            {
                "on": _("This date is before the %(stage)s (%(day)s).")
                % {"stage": Stage(needed).label, "day": reached.on.isoformat()}
            }
        )
    if accused.status_since and on < accused.status_since:
        raise ValidationError({"on": _("This date is before the accused's current status.")})
    old = accused.status
    accused.status, accused.status_since = status, on
    accused.save(update_fields=["status", "status_since"])
    record_audit(
        event="accused-status-recorded",
        acting_user=acting_user,
        obj=investigation,
        extra={"accused": accused.pk, "from": old, "to": status, "on": on.isoformat()},
    )
    return accused


@action
def do_decide_recruiter_link(
    *, suspect: Suspect, account_id: int, decision: str, acting_user: User
) -> RecruiterLinkDecision:
    """An investigator confirms or rejects that a suspect is a recruiter a survivor named.

    The suspect must be theirs to change and the account's case one they may see (the cases
    app's access function; another agency's account raises RecordNotFound, the same as a
    missing one). Nothing is merged or copied between the two records.
    """
    suspect = queries.access_suspect(acting_user, suspect.pk, "change", for_update=True)
    account = access_recruiter(acting_user, account_id)
    if decision not in LinkDecision.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    basis = recruiter_basis(suspect, account)
    if not basis:
        raise ValidationError({"account": _("These records share no identifier or name.")})
    link, _created = RecruiterLinkDecision.objects.update_or_create(
        suspect=suspect,
        account=account,
        defaults={
            "decision": decision,
            "basis": basis,
            "decided_by": acting_user,
            "decided_on": timezone.now(),
        },
    )
    record_audit(
        event="recruiter-link-decided",
        acting_user=acting_user,
        obj=suspect,
        extra={
            "account": account.pk,
            "case": account.case_id,
            "decision": decision,
            "basis": basis,
        },
    )
    return link
