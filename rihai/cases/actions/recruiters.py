"""Recording a survivor's account of who recruited them (``RecruiterAccount``) on a case."""

from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.core.actions import action

from .. import queries, steps
from ..models import Case, RecruiterAccount

RECRUITER_FIELDS = ("role", "name_roman", "name_ur", "cnic", "phone", "agency_named", "oep_licence")


@action
def do_record_recruiter(*, case: Case, acting_user: User, **fields) -> RecruiterAccount:
    """Adds one recruiter, sub-agent, employer or transporter the survivor named on ``case``.

    The case is re-read locked within the user's scope (another agency's case raises
    RecordNotFound); the values are validated before anything is saved.
    """
    steps.require_grant(acting_user, "change")
    steps.reject_unknown(fields, RECRUITER_FIELDS)
    case = queries.lock_case(acting_user, case, "change")
    values = {k: (v or "").strip() for k, v in fields.items()}
    account = RecruiterAccount(case=case, recorded_by=acting_user, **values)
    account.full_clean()
    account.save()
    record_audit(
        event="recruiter-recorded",
        acting_user=acting_user,
        obj=case,
        extra={"recruiter": account.pk, "role": account.role},
    )
    return account
