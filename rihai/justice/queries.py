"""Reading investigations, suspects and evidence: every read starts here (fail-closed)."""

from django.db.models import Prefetch, QuerySet

from rihai.accounts.access import RecordNotFound, scoped
from rihai.cases import queries as cases_queries
from rihai.cases.masking import mask

from .models import (
    Accused,
    CustodyEntry,
    EvidenceItem,
    Investigation,
    Offence,
    OffenceVersion,
    Suspect,
    VictimLink,
)
from .resources import Resource


def visible_investigations(user, action: str = "view") -> QuerySet:
    return scoped(Investigation.objects.all(), user, Resource.INVESTIGATION, action)


def access_investigation(user, investigation_id, action: str = "view", *, for_update=False):
    """The investigation if ``user`` may do ``action`` to it; else RecordNotFound."""
    qs = visible_investigations(user, action)
    if for_update:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=investigation_id)
    except (Investigation.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def investigation_detail(user, investigation_id) -> Investigation:
    """One investigation with everything its page shows, in a fixed number of queries."""
    access_investigation(user, investigation_id)
    return (
        visible_investigations(user)
        .select_related("agency", "investigating_officer", "district")
        .prefetch_related(
            "stage_events",
            "hearings",
            Prefetch(
                "offences__offence_version",
                queryset=OffenceVersion.objects.select_related("offence"),
            ),
            Prefetch("accused", queryset=Accused.objects.select_related("suspect")),
            Prefetch(
                "evidence",
                queryset=EvidenceItem.objects.prefetch_related(
                    Prefetch("custody", queryset=CustodyEntry.objects.select_related("holder"))
                ),
            ),
            Prefetch("victim_links", queryset=VictimLink.objects.select_related("case")),
        )
        .get(pk=investigation_id)
    )


def investigation_list(user, *, stage: str = "") -> QuerySet:
    qs = visible_investigations(user).select_related("agency", "investigating_officer", "district")
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("-created_on", "-id")


def visible_suspects(user, action: str = "view") -> QuerySet:
    """Suspects recorded by an agency whose investigations the user may see."""
    return scoped(Suspect.objects.all(), user, Resource.INVESTIGATION, action)


def access_suspect(user, suspect_id, action: str = "view", *, for_update=False) -> Suspect:
    qs = visible_suspects(user, action)
    if for_update:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=suspect_id)
    except (Suspect.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def access_evidence(user, evidence_id, action: str = "view", *, for_update=False):
    """An evidence item of an investigation the user may do ``action`` to."""
    qs = EvidenceItem.objects.filter(investigation__in=visible_investigations(user, action))
    if for_update:
        qs = qs.select_for_update()
    try:
        return qs.select_related("investigation").get(pk=evidence_id)
    except (EvidenceItem.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def access_victim_link(user, link_id, action: str = "view", *, for_update=False) -> VictimLink:
    qs = VictimLink.objects.filter(investigation__in=visible_investigations(user, action))
    if for_update:
        qs = qs.select_for_update()
    try:
        return qs.select_related("investigation", "case").get(pk=link_id)
    except (VictimLink.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def victim_identity(user, case):
    """What an investigation needs of a victim's case: reference, name, masked CNIC (or None).

    Read through the cases app's access function, so an investigator who may no longer see
    the case gets nothing but the link itself. Support notes, medical records and the case
    summary are never read here. The CNIC is masked as on the person's page: the full value
    only through the person's audited reveal (cases.masking).
    """
    try:
        visible = cases_queries.access_case(user, case.pk)
    except RecordNotFound:
        return None
    person = cases_queries.primary_person(visible)
    return {
        "case_reference": visible.reference,
        "case_status": visible.get_status_display(),
        "name_roman": person.name_roman if person else "",
        "name_ur": person.name_ur if person else "",
        "cnic": mask(person.cnic) if person else "",
    }


def case_summaries(user, case_id) -> list[dict]:
    """For a case the user may see: the stage, next hearing and protection measures of each
    linked investigation. Never evidence, suspects or offences' details."""
    if not user.can(Resource.JUSTICE_SUMMARY, "view"):
        raise RecordNotFound
    case = cases_queries.access_case(user, case_id)
    links = (
        VictimLink.objects.filter(case=case)
        .select_related("investigation__agency")
        .order_by("investigation__created_on")
    )
    return [
        {
            "case": case,
            "investigation_reference": link.investigation.reference,
            "agency": link.investigation.agency,
            "stage": link.investigation.stage,
            "stage_label": link.investigation.get_stage_display(),
            "next_hearing": link.investigation.next_hearing,
            "protection_measures": list(link.protection_measures),
        }
        for link in links
    ]


def offences() -> QuerySet:
    """The catalogue is public law: no scope, but callers check the ``offence`` grant."""
    return Offence.objects.prefetch_related("versions").order_by("law", "code")


def linked_investigations(suspect: Suspect) -> QuerySet:
    return Investigation.objects.filter(accused__suspect=suspect)


def cases_in_investigations(case_ids) -> set[int]:
    """The ids among ``case_ids`` linked to any investigation: retention and erasure hold them
    (a survivor's record stays while a prosecution may rely on it). Not scoped: it answers
    yes or no about ids the caller already holds, and reveals no investigation."""
    return set(
        VictimLink.objects.filter(case_id__in=list(case_ids)).values_list("case_id", flat=True)
    )
