"""What the history tab says of an audit row beyond who, which event and when: only coded
values named here (status moves, the decision, which fields changed, a flag's kind). Any other
key of ``extra`` is left out, so nothing a later event puts there reaches the page unread."""

from django.core.exceptions import FieldDoesNotExist

from ..choices import CaseStatus
from ..models import Case, Person, StatusChange
from .choices import FlagKind


def _status(code) -> str:
    return str(CaseStatus(code).label) if code in CaseStatus.values else ""


def _field(name) -> str:
    for model in (Person, Case):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return ""


def describe(row) -> dict:
    """{"move": (from, to) labels or None, "decision": label, "fields": [labels], "flag": label}"""
    extra = row.extra or {}
    out = {"move": None, "decision": "", "fields": [], "flag": ""}
    if _status(extra.get("from")) and _status(extra.get("to")):
        out["move"] = (_status(extra["from"]), _status(extra["to"]))
    if extra.get("decision") in StatusChange.Decision.values:
        out["decision"] = str(StatusChange.Decision(extra["decision"]).label)
    if isinstance(extra.get("fields"), list):
        out["fields"] = [label for label in map(_field, extra["fields"][:20]) if label]
    if row.event in ("flag-raised", "flag-lifted") and extra.get("kind") in FlagKind.values:
        out["flag"] = str(FlagKind(extra["kind"]).label)
    return out
