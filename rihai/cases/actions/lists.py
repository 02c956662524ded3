"""Actions of the case list: the user's columns, saved searches, and exporting the list.

Exporting passes every person of every case through the consent gate (``consent_gate``), as
a single case's export does; the file carries only the columns the purpose allows (research:
no personal data at all). All cases pass or nothing leaves.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import action

from .. import queries, steps
from ..consent_gate import require_disclosure_basis
from ..models import CaseListSettings, SavedSearch

# Optional columns of the case list, in their order on the page; the reference always shows.
LIST_COLUMNS = ("person", "status", "exploitation", "case_worker", "opened", "where", "age")
DEFAULT_COLUMNS = ("person", "status", "exploitation", "case_worker", "opened")
# The filter form's own fields: the only things a saved search keeps.
SEARCH_FIELDS = (
    "q",
    "status",
    "exploitation_type",
    "mine",
    "open",
    "awaiting_approval",
    "created_from",
    "created_to",
    "sort",
)
EXPORT_LIMIT = 500


@action
def do_save_list_columns(*, acting_user: User, columns) -> CaseListSettings:
    """Keeps the user's choice of columns (known codes only, in the page's order)."""
    steps.require_grant(acting_user, "view")
    chosen = [c for c in LIST_COLUMNS if c in set(columns)]
    settings, _created = CaseListSettings.objects.select_for_update().get_or_create(
        user=acting_user
    )
    settings.columns = chosen
    settings.save(update_fields=["columns"])
    record_audit(
        event="list-columns-saved", acting_user=acting_user, obj=settings, extra={"n": len(chosen)}
    )
    return settings


@action
def do_save_search(*, acting_user: User, name: str, query: dict) -> SavedSearch:
    """Saves the list's filter under ``name``: only the filter form's fields, as typed."""
    steps.require_grant(acting_user, "view")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    kept = [
        (key, value)
        for key in SEARCH_FIELDS
        for value in (query.getlist(key) if hasattr(query, "getlist") else [query.get(key)])
        if value not in (None, "")
    ]
    if not kept:
        raise ValidationError({"name": _("There is no filter to save.")})
    search = SavedSearch.objects.create(user=acting_user, name=name[:80], query=urlencode(kept))
    record_audit(event="search-saved", acting_user=acting_user, obj=search)
    return search


@action
def do_delete_search(*, acting_user: User, search: SavedSearch) -> None:
    """Deletes one of the user's saved searches; another user's is not found."""
    mine = SavedSearch.objects.select_for_update().filter(pk=search.pk, user=acting_user)
    if not mine.exists():
        raise RecordNotFound
    record_audit(event="search-deleted", acting_user=acting_user, obj=search)
    mine.delete()


@action
def do_export_case_list(
    *,
    acting_user: User,
    case_ids: list[int],
    purpose: str,
    legal_basis: str = "",
    legal_reference: str = "",
    override_reason: str = "",
) -> list[dict]:
    """The listed cases as rows for a file, each person through the consent gate."""
    steps.require_grant(acting_user, "export")
    if len(case_ids) > EXPORT_LIMIT:
        raise ValidationError(
            _("At most %(n)s cases at a time: narrow the filter.") % {"n": EXPORT_LIMIT}
        )
    rows = []
    for case_id in case_ids:
        case = queries.lock_case(acting_user, case_id, "export")
        fields = set()
        for member in case.members.select_related("person"):
            basis = require_disclosure_basis(
                case=case,
                person=member.person,
                recipient=None,
                purpose=purpose,
                acting_user=acting_user,
                legal_basis=legal_basis,
                legal_reference=legal_reference,
                override_reason=override_reason,
            )
            fields = set(basis.fields)
        person = queries.primary_person(case)
        row = {
            "reference": case.reference if "reference" in fields else "",
            "status": case.status,
            "exploitation": " ".join(e.exploitation_type for e in case.exploitations.all()),
            "opened": timezone.localdate(case.created_on).isoformat(),
            "province": case.province.iso_code if case.province_id else "",
            "child": bool(person and person.is_child),
        }
        if "name" in fields and person is not None:
            row["name_roman"], row["name_ur"] = person.name_roman, person.name_ur
        rows.append(row)
        record_audit(
            event=AuditEvent.RECORD_EXPORTED,
            acting_user=acting_user,
            obj=case,
            extra={"purpose": purpose, "list": True},
        )
    return rows


__all__ = [
    "do_delete_search",
    "do_export_case_list",
    "do_save_list_columns",
    "do_save_search",
]
