"""Importing an HTCDS document: the one path pages, the API and tests take.

Kept apart from ``htcds`` (the field map and document builders) so that ``htcds`` imports no
action: the import runs ``actions.do_import_htcds_case`` and reports every problem at the
document's own paths (``persons[1].x_rihai.bform``), not the action's ("persons[family 0]").
"""

from django.core.exceptions import ValidationError

from .actions import do_import_htcds_case
from .choices import MemberRole


def import_case(data: dict, *, acting_user):
    """Opens a case at ``acting_user``'s agency from an HTCDS document; all or nothing.

    Every problem in the document is reported at once as a ValidationError whose dict maps
    the path in the document (``persons[1].x_rihai.bform``) to messages, before anything is
    written. The persons and the case are created through ``actions.do_import_htcds_case``
    (``do_register_person`` and ``do_open_case`` inside, with their audit rows and a
    ``record-imported`` row), in one transaction. The case starts in screening: identification
    is the receiving agency's own decision.
    """
    try:
        return do_import_htcds_case(document=data, acting_user=acting_user)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(_document_paths(exc.message_dict, data)) from None


def _document_paths(errors: dict, data: dict) -> dict:
    """The action names persons by role ("persons[family 0]"); the document by position."""
    persons = data.get("persons") if isinstance(data, dict) else None
    if not isinstance(persons, list):
        return errors
    roles = [
        ((p.get("x_rihai") or {}).get("role") if isinstance(p, dict) else None)
        or (MemberRole.PRIMARY if i == 0 else MemberRole.FAMILY)
        for i, p in enumerate(persons)
    ]
    family_at = [i for i, role in enumerate(roles) if role != MemberRole.PRIMARY]
    renames = (
        {"persons[primary]": f"persons[{roles.index(MemberRole.PRIMARY)}]"}
        if (MemberRole.PRIMARY in roles)
        else {}
    )
    renames.update({f"persons[family {k}]": f"persons[{i}]" for k, i in enumerate(family_at)})
    out = {}
    for key, messages in errors.items():
        head, dot, rest = key.partition(".")
        out[renames.get(head, head) + dot + rest] = messages
    return out
