"""Likely existing records of a person being registered.

Candidates come only through keyed blind indexes (CNIC, B-Form, passport, phone, and the
phonetic key of the name), so the search touches a handful of rows however many persons the
system holds, and never decrypts anyone else's name to find them. Candidates are then scored
with RapidFuzz on transliterated names, parentage, and birth year.

What a user learns (``check_duplicates``, the one place that shapes the answer for the API
and both pages): the records they may see, in full; and for all the records they may not see
together, one yes/no — "a possible match exists that you may not see; ask through a referral
or an inquiry". No agency, no score, no reasons, no count: otherwise each guess of a phone,
CNIC, birth year or father's name would confirm a little more about someone held elsewhere.
Every check is audited (the identifier kinds used, counts; never the values) and limited per
user (``CHECKS_PER_HOUR``, a shared cache counter). Policy: docs/security.md.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from rihai.core import validators as v
from rihai.core.encryption import blind_index, blind_index_candidates
from rihai.core.transliterate import name_key, skeleton

from .models import Person
from .queries import person_ids_by_identifier, visible_persons

MAX_CANDIDATES = 200
THRESHOLD = 60


@dataclass
class Match:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)
    visible: bool = True

    def to_dict(self) -> dict:
        if not self.visible:  # never shaped alone: check_duplicates folds these into one flag
            raise ValueError("a match the user may not see has no output of its own")
        return {
            "visible": True,
            "person_id": self.person.pk,
            "name_roman": self.person.name_roman,
            "name_ur": self.person.name_ur,
            "birth_year": self.person.birth_year,
            "agency": self.person.agency.code,
            "score": self.score,
            "reasons": self.reasons,
        }


def _index_filter(field_name: str, normalised: str) -> Q:
    return (
        Q(**{f"{field_name}__in": blind_index_candidates(normalised)})
        if normalised
        else Q(pk__in=[])
    )


def _name_key_candidates(name: str) -> list[str]:
    key = name_key(name)
    return [blind_index("name:" + key, key=k) for k in _index_keys()] if key else []


def _index_keys():
    from django.conf import settings

    return settings.BLIND_INDEX_KEYS


def _birth_year(data: dict) -> int | None:
    if data.get("date_of_birth"):
        try:
            return int(str(data["date_of_birth"])[:4])
        except ValueError:
            return None
    if data.get("estimated_age") not in (None, ""):
        return timezone.localdate().year - int(data["estimated_age"])
    return None


def find_duplicates(user, data: dict, *, exclude_id: int | None = None) -> list[Match]:
    """Likely existing persons for ``data`` (the fields of the person being registered)."""
    name = data.get("name_roman") or data.get("name_ur") or ""
    exact = Q(pk__in=[])
    exact |= _index_filter("cnic_bidx", v.digits_only(data.get("cnic") or ""))
    exact |= _index_filter("bform_bidx", v.digits_only(data.get("bform") or ""))
    exact |= _index_filter("passport_bidx", v.normalise_passport(data.get("passport") or ""))
    exact |= _index_filter("phone_bidx", v.normalise_phone(data.get("phone") or ""))
    keys = set(_name_key_candidates(data.get("name_roman") or "")) | set(
        _name_key_candidates(data.get("name_ur") or "")
    )
    by_name = Q(name_key_bidx__in=keys) if keys else Q(pk__in=[])
    if data.get("sex"):
        by_name &= Q(sex=data["sex"])
    year = _birth_year(data)
    if year:
        by_name &= Q(birth_year__isnull=True) | Q(birth_year__range=(year - 3, year + 3))
    candidates = Person.objects.active().filter(exact | by_name).select_related("agency")
    if exclude_id:
        candidates = candidates.exclude(pk=exclude_id)
    candidates = list(candidates[:MAX_CANDIDATES])
    visible_ids = set(
        visible_persons(user).filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True)
    )
    matches = [m for m in (_score(c, data, name, year) for c in candidates) if m.score >= THRESHOLD]
    for match in matches:
        match.visible = match.person.pk in visible_ids
    return sorted(matches, key=lambda m: -m.score)


def _score(person: Person, data: dict, name: str, year: int | None) -> Match:
    reasons, score = [], 0
    for field_name, norm in (
        ("cnic", v.digits_only),
        ("bform", v.digits_only),
        ("passport", v.normalise_passport),
        ("phone", v.normalise_phone),
    ):
        theirs, ours = getattr(person, field_name), data.get(field_name) or ""
        if theirs and ours and norm(theirs) and norm(theirs) == norm(ours):
            reasons.append(f"same-{field_name}")
            score = 100
    their_name = skeleton(person.name_roman or person.name_ur or "")
    our_name = skeleton(name)
    if their_name and our_name:
        similarity = fuzz.token_set_ratio(their_name, our_name)
        if similarity >= 80:
            reasons.append("similar-name")
        score = max(score, int(similarity * 0.7))
    if data.get("parentage_name") and person.parentage_name:
        parent_similarity = fuzz.token_set_ratio(
            skeleton(person.parentage_name), skeleton(data["parentage_name"])
        )
        if parent_similarity >= 80:
            reasons.append("similar-parentage")
            score = min(100, score + 20)
    if year and person.birth_year:
        if abs(year - person.birth_year) <= 1:
            reasons.append("same-birth-year")
            score = min(100, score + 10)
    return Match(person=person, score=score, reasons=reasons)


SEARCH_CANDIDATES = 500
SEARCH_THRESHOLD = 75


def search_names(user, text: str) -> list[int]:
    """Ids of persons ``user`` may see whose name sounds like ``text`` (Urdu or Roman script).

    Names are ciphertext, so SQL cannot search them. The query's first name token is reduced to
    its phonetic key and looked up through ``name_key_bidx`` (an indexed blind index): only
    persons sharing that key are read and decrypted, at most ``SEARCH_CANDIDATES`` of them
    (newest first), and RapidFuzz ranks them on the whole name.
    """
    keys = _name_key_candidates(text)
    if not keys:
        return []
    candidates = (
        visible_persons(user)
        .filter(Q(name_key_bidx__in=keys) | Q(family_key_bidx__in=keys), merged_into__isnull=True)
        .only("pk", "name_roman", "name_ur")
        .order_by("-pk")[:SEARCH_CANDIDATES]
    )
    wanted = skeleton(text)
    found = []
    for person in candidates:
        theirs = skeleton(person.name_roman or person.name_ur or "")
        # partial: "Samina" finds "Samina Bibi Demo"; the key already matched the first name.
        if fuzz.partial_token_set_ratio(wanted, theirs) >= SEARCH_THRESHOLD:
            found.append(person.pk)
    return found


# ---------------------------------------------------------------- the policy on the answer

CHECKS_PER_HOUR = 60
IDENTIFIER_KINDS = ("cnic", "bform", "passport", "phone")
OTHER_KINDS = {
    "name": ("name_roman", "name_ur"),
    "parentage": ("parentage_name",),
    "birth": ("date_of_birth", "estimated_age"),
}


class TooManyChecks(Exception):
    """The user has used up their duplicate checks for this hour."""


@dataclass
class DuplicateReport:
    """What a user may learn from a duplicate check: their own matches and one flag."""

    matches: list[Match]
    elsewhere: bool

    def to_dict(self) -> dict:
        return {
            "matches": [m.to_dict() for m in self.matches],
            "match_elsewhere": self.elsewhere,
            "advice": ELSEWHERE_ADVICE() if self.elsewhere else "",
        }

    @property
    def visible_ids(self) -> list[int]:
        return [m.person.pk for m in self.matches]


def ELSEWHERE_ADVICE() -> str:  # noqa: N802 (a message, looked up in the user's language)
    return _(
        "A possible match exists in a record you may not see. Ask through a referral or an "
        "inquiry to the agencies you work with; the record's holder decides what to share."
    )


def kinds_used(data: dict) -> list[str]:
    kinds = [k for k in IDENTIFIER_KINDS if data.get(k)]
    kinds += [k for k, names in OTHER_KINDS.items() if any(data.get(n) for n in names)]
    return kinds


def _limit() -> int:
    return int(getattr(settings, "RIHAI_DUPLICATE_CHECKS_PER_HOUR", CHECKS_PER_HOUR))


def _count_check(user) -> bool:
    """Counts one check for ``user`` in this hour's window; False beyond the limit."""
    cache = caches[getattr(settings, "RIHAI_RATE_LIMIT_CACHE", "default")]
    window = int(timezone.now().timestamp() // 3600)
    key = f"rihai:dupcheck:{user.pk}:{window}"
    cache.add(key, 0, timeout=3700)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3700)
        used = 1
    return used <= _limit()


def check_duplicates(user, data: dict, *, exclude_id: int | None = None) -> DuplicateReport:
    """The duplicate check as users get it (API, register page, person page): rate-limited,
    audited, and shaped by the policy above. Raises TooManyChecks beyond the hourly limit
    (audited too)."""
    from rihai.audit.actions import record_audit
    from rihai.audit.journal import record_read

    kinds = kinds_used(data)
    if not _count_check(user):
        record_audit(
            event="duplicate-check-refused",
            acting_user=user,
            object_type="cases.person",
            extra={"kinds": kinds, "limit": _limit()},
        )
        raise TooManyChecks
    found = find_duplicates(user, data, exclude_id=exclude_id)
    report = DuplicateReport(
        matches=[m for m in found if m.visible], elsewhere=any(not m.visible for m in found)
    )
    # A search shows personal data: audited through the journal, off the chain's head lock.
    record_read(
        event="duplicate-check",
        acting_user=user,
        object_type="cases.person",
        object_id=exclude_id or "",
        extra={
            "kinds": kinds,
            "visible": report.visible_ids[:100],
            "visible_count": len(report.matches),
            "elsewhere": report.elsewhere,
        },
    )
    return report


REFERENCE_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*-\d{4}-\d{1,6}$")


def search_filters(user, text: str) -> dict:
    """Turns the list page's search box into exact filters; never scans ciphertext.

    A case reference matches exactly; a CNIC, B-Form, passport or phone number through its
    blind index; anything else is a name, matched in ``search_names`` over the
    bounded set of persons sharing the name's phonetic key.
    """
    text = (text or "").strip()[:120]
    if not text:
        return {}
    if REFERENCE_SHAPE.match(text):
        return {"reference": text}
    ids = person_ids_by_identifier(text)
    if ids is None:
        ids = search_names(user, text)
    return {"person_ids": ids}


# ---------------------------------------------------------------- an exact CNIC match

# The policy (docs/security.md): a CNIC already registered to an active person is registered
# again only by an explicit decision of the user (``duplicate_acknowledged``), never silently,
# and two registrations of one CNIC at the same moment cannot both pass the check.
#
# The refusal answers "someone, somewhere, holds this CNIC": a duplicate check by another door
# (a registration, a person's edit, a case opened with a bad case worker after the check, all
# rolled back). So it is counted against the same hourly budget as ``check_duplicates`` and
# audited like it, and the audit row outlives the action's rollback (``on_rollback``).


class DuplicateCnic(ValidationError):
    """The CNIC belongs to a registered person and the user did not confirm a new record."""


class TooManyCnicChecks(DuplicateCnic):
    """The user has used up their duplicate checks for this hour: no CNIC is checked."""


def lock_identity(cnic: str) -> None:
    """Serialises every registration and edit that sets this CNIC (PostgreSQL: a transaction
    advisory lock keyed by its blind index, released at commit). Re-entrant in one transaction.
    In the lock order it belongs to the record's own rows: before the counter and the chain."""
    digits = v.digits_only(cnic or "")
    if not digits or connection.vendor != "postgresql":
        return  # SQLite: one writer at a time already
    digest = hashlib.sha256(("cnic-lock:" + blind_index(digits)).encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
        )


def refuse_unacknowledged_cnic(
    cnic: str, *, acknowledged: bool, acting_user, exclude_id=None
) -> None:
    """Raises ``DuplicateCnic`` if an active person already holds ``cnic`` and the user did not
    acknowledge it. Call under ``lock_identity`` so the answer holds until commit, inside the
    action: the check is counted and audited (``_audit_cnic_check``) like any duplicate check,
    and beyond the hourly limit every CNIC is refused alike (``TooManyCnicChecks``)."""
    digits = v.digits_only(cnic or "")
    if not digits or acknowledged:
        return
    if not _count_check(acting_user):
        _audit_cnic_check(
            acting_user, "duplicate-check-refused", {"kinds": ["cnic"], "limit": _limit()}
        )
        raise TooManyCnicChecks(
            {"cnic": _("Too many duplicate checks this hour; try again later.")},
            code="too-many-checks",
        )
    holders = Person.objects.active().filter(_index_filter("cnic_bidx", digits))
    if exclude_id is not None:
        holders = holders.exclude(pk=exclude_id)
    found = holders.exists()
    _audit_cnic_check(
        acting_user, "duplicate-check", {"kinds": ["cnic"], "exact_cnic": True, "found": found}
    )
    if found:
        raise DuplicateCnic(
            {
                "cnic": _(
                    "A person with this CNIC is already registered. Check the possible "
                    "duplicates; register a new record only if you confirm it is needed."
                )
            },
            code="duplicate-cnic",
        )


def _audit_cnic_check(user, event: str, extra: dict) -> None:
    """The check's audit row (kinds and the answer, never the value): written in the action's
    transaction, and written again after it should the action roll back — whether the CNIC
    refused it or a later step did, the check happened and its answer reached the user."""
    from rihai.audit.journal import record_read
    from rihai.core.actions import on_rollback

    def write():
        record_read(event=event, acting_user=user, object_type="cases.person", extra=extra)

    write()
    on_rollback(write)
