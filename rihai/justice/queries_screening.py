"""What the investigation app tells ad screening's network drawing: which suspects give a
phone number or OEP licence seen in ads, in which investigations, linked to which survivors'
cases — in full only where the viewer may see them, otherwise as counts per agency.

The duplicate-check policy: someone who may not see a record learns only that a link exists
and whom to ask (the agency's name), never the record. Kept apart from ``queries.py`` (the
justice engineer's module); read-only.
"""

from collections import defaultdict

from django.db.models import Q

from rihai.cases import queries as cases_queries
from rihai.core.encryption import blind_index_candidates

from . import queries
from .models import Accused, Suspect, VictimLink


def suspects_for_contacts(user, *, phones: list[str], licences: list[str]) -> dict:
    """``phones`` in E.164, ``licences`` canonical (``0848/LHR``). Returns
    {"visible": [{suspect, keys, investigations: [(id, reference)], cases: [(id, reference)],
    cases_elsewhere: n}], "elsewhere": [{"agency": name, "suspects": n, "keys": [...]}]}.
    The caller audits the suspects it shows (their names are personal data)."""
    by_hash = {h: f"phone:{p}" for p in phones for h in blind_index_candidates(p)}
    if not by_hash and not licences:
        return {"visible": [], "elsewhere": []}
    found = list(
        Suspect.objects.filter(
            Q(phone_bidx__in=list(by_hash)) | Q(oep_licence__in=licences)
        ).values_list("pk", flat=True)[:200]
    )
    if not found:
        return {"visible": [], "elsewhere": []}
    suspects = list(Suspect.objects.filter(pk__in=found).select_related("agency"))
    visible_ids = set(
        queries.visible_suspects(user).filter(pk__in=found).values_list("pk", flat=True)
    )

    def keys_of(suspect) -> list[str]:
        keys = [by_hash[suspect.phone_bidx]] if suspect.phone_bidx in by_hash else []
        if suspect.oep_licence in licences:
            keys.append(f"licence:{suspect.oep_licence}")
        return keys

    shown_ids = [s.pk for s in suspects if s.pk in visible_ids]
    accused = Accused.objects.filter(suspect_id__in=shown_ids).select_related("investigation")
    seen_investigations = set(
        queries.visible_investigations(user)
        .filter(accused__suspect_id__in=shown_ids)
        .values_list("pk", flat=True)
    )
    investigations = defaultdict(dict)
    for row in accused:
        if row.investigation_id in seen_investigations:
            inv = row.investigation
            investigations[row.suspect_id][inv.pk] = inv.reference
    case_links = defaultdict(set)
    for link in VictimLink.objects.filter(
        investigation__accused__suspect_id__in=shown_ids
    ).values_list("investigation__accused__suspect_id", "case_id"):
        case_links[link[0]].add(link[1])
    all_cases = {c for ids in case_links.values() for c in ids}
    seen_cases = dict(
        cases_queries.visible_cases(user).filter(pk__in=all_cases).values_list("pk", "reference")
    )
    visible, elsewhere = [], defaultdict(lambda: {"suspects": 0, "keys": set()})
    for suspect in suspects:
        if suspect.pk in visible_ids:
            cases = sorted((c, seen_cases[c]) for c in case_links[suspect.pk] if c in seen_cases)
            visible.append(
                {
                    "suspect": suspect,
                    "keys": keys_of(suspect),
                    "investigations": sorted(investigations[suspect.pk].items()),
                    "cases": cases,
                    "cases_elsewhere": len(case_links[suspect.pk]) - len(cases),
                }
            )
        else:
            entry = elsewhere[suspect.agency.name]
            entry["suspects"] += 1
            entry["keys"].update(keys_of(suspect))
    return {
        "visible": visible,
        "elsewhere": [
            {"agency": name, "suspects": e["suspects"], "keys": sorted(e["keys"])}
            for name, e in sorted(elsewhere.items())
        ],
    }
