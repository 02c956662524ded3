"""Suspects accused in an investigation, and an investigator's decision on a suspected link
between two suspects (never merged silently)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.core.actions import action

from .. import queries
from ..choices import (
    LinkDecision,
    SuspectKind,
    SuspectRole,
)
from ..linking import match_basis
from ..models import (
    Accused,
    Investigation,
    Suspect,
    SuspectLinkDecision,
)
from ._common import SUSPECT_FIELDS, _matches_a_survivor


@action
def do_accuse_suspect(
    *,
    investigation: Investigation,
    acting_user: User,
    suspect: Suspect | None = None,
    possible_victim: bool = False,
    non_punishment_considered: bool = False,
    non_punishment_note: str = "",
    **suspect_fields,
) -> Accused:
    """Names a suspect (an existing record of this agency, or a new one) in the investigation.

    Non-punishment (PTPA s.6): a person who may be a victim compelled to act — marked so, or
    whose CNIC or phone is a registered survivor's — is recorded only when the investigator
    states that the principle was considered, and why they remain a suspect.
    """
    investigation = queries.access_investigation(
        acting_user, investigation.pk, "change", for_update=True
    )
    unknown = set(suspect_fields) - SUSPECT_FIELDS
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in sorted(unknown)})
    if suspect is not None:
        if suspect_fields:
            raise ValidationError(_("Give an existing suspect or a new one's details, not both."))
        suspect = queries.access_suspect(acting_user, suspect.pk, "change")
        if suspect.agency_id != investigation.agency_id:
            raise RecordNotFound
    else:
        suspect_fields.setdefault("kind", SuspectKind.PERSON)
        suspect_fields.setdefault("role", SuspectRole.OTHER)
        suspect = Suspect(agency=investigation.agency, created_by=acting_user, **suspect_fields)
        suspect.full_clean()
    survivor_match = suspect.kind == SuspectKind.PERSON and _matches_a_survivor(suspect)
    if possible_victim or survivor_match:
        if not non_punishment_considered or not (non_punishment_note or "").strip():
            raise ValidationError(
                {
                    "non_punishment_considered": _(
                        "This person may be a victim of trafficking (PTPA s.6: a victim is not "
                        "criminally liable for acts they were compelled to commit). Record that "
                        "the non-punishment principle was considered, and why they remain a suspect."
                    )
                }
            )
        possible_victim = True
    if suspect.pk and Accused.objects.filter(investigation=investigation, suspect=suspect).exists():
        raise ValidationError({"suspect": _("This suspect is already named in the investigation.")})
    if suspect.pk is None:
        suspect.save()
    accused = Accused.objects.create(
        investigation=investigation,
        suspect=suspect,
        possible_victim=possible_victim,
        non_punishment_considered=non_punishment_considered and possible_victim,
        non_punishment_note=(non_punishment_note or "").strip() if possible_victim else "",
        added_by=acting_user,
    )
    record_audit(
        event="suspect-accused",
        acting_user=acting_user,
        obj=investigation,
        extra={
            "suspect": suspect.pk,
            "possible_victim": possible_victim,
            "survivor_match": survivor_match,
        },
    )
    return accused


@action
def do_decide_suspect_link(
    *, suspect: Suspect, other: Suspect, decision: str, acting_user: User
) -> SuspectLinkDecision:
    """An investigator confirms or rejects that two suspect records are the same suspect.

    Both records must be within the user's scope: a match in another circle is shown only as
    "ask this circle", and that circle decides. Nothing is merged.
    """
    first = queries.access_suspect(acting_user, suspect.pk, "change", for_update=True)
    second = queries.access_suspect(acting_user, other.pk, "change", for_update=True)
    if decision not in LinkDecision.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    if first.pk == second.pk:
        raise ValidationError({"other": _("A suspect cannot be linked to itself.")})
    basis = match_basis(first, second)
    if not basis:
        raise ValidationError({"other": _("These records share no identifier or name.")})
    if first.pk > second.pk:
        first, second = second, first
    link, _created = SuspectLinkDecision.objects.update_or_create(
        first=first,
        second=second,
        defaults={
            "decision": decision,
            "basis": basis,
            "decided_by": acting_user,
            "decided_on": timezone.now(),
        },
    )
    record_audit(
        event="suspect-link-decided",
        acting_user=acting_user,
        obj=first,
        extra={"other": second.pk, "decision": decision, "basis": basis},
    )
    return link
