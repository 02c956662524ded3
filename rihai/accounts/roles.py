"""The default roles shipped with Rihai. Administrators may change grants later (audited).

Design: least privilege. Administrators manage people and agencies but see no survivor data;
analysts and auditors see aggregates and the audit trail, never personal data.
"""

from .permissions import Action as A
from .permissions import Resource as R
from .permissions import Scope as S

V, C, CH, AP, EX = A.VIEW, A.CREATE, A.CHANGE, A.APPROVE, A.EXPORT


def _grants(resources, actions, scope):
    return [(r, a, scope) for r in resources for a in actions]


CASEWORK = [R.PERSON, R.CASE, R.SCREENING, R.CONSENT, R.REFERRAL]

DEFAULT_ROLES: dict[str, dict] = {
    "administrator": {
        "name": "Administrator",
        "name_ur": "منتظم",
        "requires_mfa": True,
        "grants": _grants([R.USER, R.AGENCY], [V, C, CH], S.ALL)
        + _grants([R.SERVICE, R.REGISTRY, R.TRAINING], [V, C, CH], S.ALL)
        + [(R.REPORT, V, S.ALL)],
    },
    "supervisor": {
        "name": "Supervisor",
        "name_ur": "نگران",
        "requires_mfa": True,
        "grants": _grants(CASEWORK, [V, C, CH, AP], S.AGENCY)
        + _grants([R.CASE, R.PERSON], [EX], S.AGENCY)
        + _grants([R.INVESTIGATION], [V], S.AGENCY)
        + _grants([R.SERVICE, R.REGISTRY, R.TRAINING], [V], S.ALL)
        + [(R.REPORT, V, S.AGENCY), (R.AUDIT, V, S.AGENCY), (R.USER, V, S.AGENCY)],
    },
    "case-worker": {
        "name": "Case worker",
        "name_ur": "کیس ورکر",
        "requires_mfa": False,
        "grants": _grants(CASEWORK, [V, C, CH], S.OWN)
        + _grants([R.SERVICE, R.REGISTRY, R.TRAINING], [V], S.ALL),
    },
    "investigator": {
        "name": "Investigator",
        "name_ur": "تفتیشی افسر",
        "requires_mfa": True,
        "grants": _grants([R.PERSON, R.CASE, R.SCREENING, R.CONSENT], [V, C, CH], S.AGENCY)
        + _grants([R.INVESTIGATION], [V, C, CH], S.AGENCY)
        + _grants([R.AD], [V, CH], S.ALL)
        + _grants([R.REFERRAL], [V, C], S.AGENCY)
        + _grants([R.SERVICE, R.REGISTRY, R.TRAINING], [V], S.ALL),
    },
    "service-provider": {
        "name": "Service-provider staff",
        "name_ur": "خدمات فراہم کنندہ عملہ",
        "requires_mfa": False,
        "grants": _grants([R.REFERRAL], [V, CH], S.AGENCY)
        + _grants([R.PERSON, R.CASE], [V], S.AGENCY)
        + _grants([R.SERVICE], [V, CH], S.AGENCY)
        + _grants([R.TRAINING], [V], S.ALL),
    },
    "analyst": {
        "name": "Analyst",
        "name_ur": "تجزیہ کار",
        "requires_mfa": False,
        "grants": [(R.REPORT, V, S.ALL), (R.REPORT, EX, S.ALL), (R.TRAINING, V, S.ALL)],
    },
    "auditor": {
        "name": "Auditor",
        "name_ur": "آڈیٹر",
        "requires_mfa": True,
        "grants": [(R.AUDIT, V, S.ALL), (R.REPORT, V, S.ALL), (R.USER, V, S.ALL)],
    },
}


def install_default_roles(role_model, grant_model) -> None:
    """Creates the default roles and sets their grants exactly; safe to run again."""
    for code, spec in DEFAULT_ROLES.items():
        role, _ = role_model.objects.update_or_create(
            code=code,
            defaults={
                "name": spec["name"],
                "name_ur": spec["name_ur"],
                "requires_mfa": spec["requires_mfa"],
            },
        )
        grant_model.objects.filter(role=role).delete()
        grant_model.objects.bulk_create(
            [
                grant_model(role=role, resource=str(r), action=str(a), scope=int(s))
                for r, a, s in spec["grants"]
            ]
        )
