"""Finding the same suspect across investigations: CNIC, phone, OEP licence and name keys.

Matching is on blind indexes only (no decryption of other records). Within the user's scope a
match is shown in full and offered for confirmation; a match in another agency is shown only as
"a link exists, ask this circle" — the agency's name and the kind of match, never the other
record's names or ids.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from .choices import LinkBasis, LinkDecision
from .models import Suspect, SuspectLinkDecision


def match_basis(first: Suspect, second: Suspect) -> list[str]:
    basis = []
    if first.cnic_bidx and first.cnic_bidx == second.cnic_bidx:
        basis.append(LinkBasis.CNIC.value)
    if first.phone_bidx and first.phone_bidx == second.phone_bidx:
        basis.append(LinkBasis.PHONE.value)
    if first.oep_licence and first.oep_licence == second.oep_licence:
        basis.append(LinkBasis.LICENCE.value)
    if first.name_key_bidx and first.name_key_bidx == second.name_key_bidx:
        basis.append(LinkBasis.NAME.value)
    return basis


@dataclass(frozen=True)
class Match:
    basis: list[str]
    agency_name: str
    suspect: Suspect | None = None  # only when the user may see it
    decision: str = ""  # confirmed / rejected / "" (not yet decided)

    @property
    def strong(self) -> bool:
        """An identifier in common, not only a similar name."""
        return any(b != LinkBasis.NAME for b in self.basis)


def _candidates(suspect: Suspect):
    conditions = Q()
    for field in ("cnic_bidx", "phone_bidx", "name_key_bidx", "oep_licence"):
        value = getattr(suspect, field)
        if value:
            conditions |= Q(**{field: value})
    if not conditions:
        return Suspect.objects.none()
    return Suspect.objects.filter(conditions).exclude(pk=suspect.pk).select_related("agency")[:200]


def matches_for(user, suspect: Suspect) -> tuple[list[Match], list[Match]]:
    """(matches the user may see, matches elsewhere as 'ask this circle'), strongest first.

    ``suspect`` must already have been read through ``queries.access_suspect``.
    """
    from .queries import visible_suspects

    candidates = list(_candidates(suspect))
    visible_ids = set(
        visible_suspects(user)
        .filter(pk__in=[c.pk for c in candidates])
        .values_list("pk", flat=True)
    )
    decisions = {
        (d.first_id, d.second_id): d.decision
        for d in SuspectLinkDecision.objects.filter(Q(first=suspect) | Q(second=suspect))
    }
    mine, elsewhere = [], {}
    for other in candidates:
        basis = match_basis(suspect, other)
        if not basis:
            continue
        pair = (min(suspect.pk, other.pk), max(suspect.pk, other.pk))
        if other.pk in visible_ids:
            decision = decisions.get(pair, "")
            if decision == LinkDecision.REJECTED:
                continue
            mine.append(Match(basis, str(other.agency), other, decision))
        else:
            # One row per agency: the other circle's records are not counted or listed.
            key = other.agency_id
            known = elsewhere.get(key)
            merged = sorted(set(basis) | set(known.basis if known else []))
            elsewhere[key] = Match(merged, str(other.agency))
    order = lambda m: (not m.strong, m.agency_name)  # noqa: E731
    return sorted(mine, key=order), sorted(elsewhere.values(), key=order)


def search_conditions(text: str) -> Q | None:
    """Exact search through blind indexes: a CNIC, a phone, an OEP licence, else a name (its
    phonetic key, the same in Urdu script and Roman Urdu). None for an empty query."""
    from rihai.core import validators as v
    from rihai.core.encryption import blind_index_candidates
    from rihai.core.transliterate import name_key

    from .validators import _OEP_LICENCE, normalise_licence

    text = (text or "").strip()[:120]
    if not text:
        return None
    digits = v.digits_only(text)
    has_letters = any(ch.isalpha() for ch in text)
    if len(digits) == 13 and not has_letters:
        return Q(cnic_bidx__in=blind_index_candidates(digits))
    if not has_letters and len(digits) >= 10:
        phone = v.normalise_phone(text)
        return Q(phone_bidx__in=blind_index_candidates(phone)) if phone else Q(pk__in=[])
    if _OEP_LICENCE.match(normalise_licence(text)):
        return Q(oep_licence=normalise_licence(text))
    key = name_key(text)
    if not key:
        return Q(pk__in=[])
    return Q(name_key_bidx__in=blind_index_candidates("name:" + key))


def search(user, text: str, *, limit: int = 50) -> tuple[list[Suspect], list[str]]:
    """(suspects the user may see, names of other agencies holding a match)."""
    from .queries import visible_suspects

    conditions = search_conditions(text)
    if conditions is None:
        return [], []
    mine = list(visible_suspects(user).filter(conditions).select_related("agency")[:limit])
    # An agency is "elsewhere" when it holds more matching rows than the user may see. Two
    # counts per agency over the matching rows only: excluding by NOT IN visible_suspects()
    # hashed the whole circle (59,000 rows at full size) whenever anything matched, and a
    # correlated NOT EXISTS probed once per matching row (thousands for a common name).
    total = _per_agency(Suspect.objects.filter(conditions))
    seen = _per_agency(visible_suspects(user).filter(conditions))
    hidden = [agency for agency, count in total.items() if count > seen.get(agency, 0)]
    elsewhere = sorted(
        set(
            Suspect.objects.filter(conditions, agency_id__in=hidden[:20])
            .values_list("agency__name", flat=True)
            .distinct()
        )
    )
    return mine, elsewhere


def _per_agency(suspects) -> dict[int, int]:
    return dict(
        suspects.order_by()
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
