"""The case workflow as one state machine: which moves exist, which need a reason, and which
need a second person.

Four eyes: every move into a decided state (identified victim, not a victim, closed) is a
request that someone other than the requester approves, supervisors included. The rule is
derived from the target state (``FOUR_EYES_STATES``), not declared per move, so a new move
into those states cannot forget it. Assistance is reached only from identification, so a case
receiving assistance always has an identification date (its HTCDS export says "actual victim").

Who may approve (``may_decide``): a user holding (case, approve) over the case, other than
the requester. Where the agency has no such user besides the requester (an agency with a
single supervisor), a supervisor of another agency in the same province may decide; they see
the request (reference, from, to, when) but not the case or its personal data
(``queries.fallback_requests``). Decided in docs/security.md "Four eyes".
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import CaseStatus

S = CaseStatus
FOUR_EYES_STATES = frozenset({S.IDENTIFIED, S.NOT_VICTIM, S.CLOSED})
REASON_STATES = frozenset({S.NOT_VICTIM, S.CLOSED})


@dataclass(frozen=True)
class Transition:
    source: str
    target: str

    @property
    def needs_second_person(self) -> bool:
        return self.target in FOUR_EYES_STATES

    @property
    def needs_reason(self) -> bool:
        return self.target in REASON_STATES


_MOVES = {
    S.SCREENING: (S.PRESUMED, S.NOT_VICTIM, S.CLOSED),
    S.PRESUMED: (S.IDENTIFIED, S.NOT_VICTIM, S.CLOSED),
    # Assistance only after identification: its export reports an identified victim, which
    # needs an identification date and a second person's approval.
    S.IDENTIFIED: (S.ASSISTANCE, S.CLOSED),
    S.NOT_VICTIM: (S.CLOSED, S.SCREENING),
    S.ASSISTANCE: (S.CLOSED,),
    S.CLOSED: (S.SCREENING,),  # reopen
}
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (source, target): Transition(source, target)
    for source, targets in _MOVES.items()
    for target in targets
}


def targets(status: str) -> list[str]:
    """The states a case in ``status`` may be asked to move to."""
    return [target for (source, target) in TRANSITIONS if source == status]


def transition(source: str, target: str) -> Transition:
    """The move from ``source`` to ``target``; a ValidationError if there is none."""
    move = TRANSITIONS.get((source, target))
    if move is None:
        raise ValidationError(
            {
                "to_status": _("A case cannot move from “%(a)s” to “%(b)s”.")
                % {
                    "a": CaseStatus(source).label,
                    "b": CaseStatus(target).label if target in CaseStatus.values else target,
                }
            }
        )
    return move


def apply(case, change) -> list[str]:
    """Moves ``case`` as the approved ``change`` says; returns the fields changed."""
    case.status = change.to_status
    case.status_reason = change.reason
    fields = ["status", "status_reason", "modified_on"]
    today = timezone.localdate()
    if change.to_status == S.IDENTIFIED:
        case.identified_on = today
        fields.append("identified_on")
    if change.to_status == S.CLOSED:
        case.closed_on = today
        fields.append("closed_on")
    if change.from_status == S.CLOSED:  # reopened
        case.closed_on = None
        fields.append("closed_on")
    case.save(update_fields=fields)
    return fields


def check_decider(change, user) -> None:
    """Four eyes: the requester never decides their own request."""
    if change.requested_by_id == user.pk:
        raise ValidationError(_("A request must be approved by someone other than who made it."))
