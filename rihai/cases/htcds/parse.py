"""An HTCDS document read back into Rihai's fields (``from_htcds``), every problem reported by
its path in the document; nothing is written here (``htcds_import`` does that)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rihai.core.validators import digits_only
from rihai.geo.models import District, Province

from ..choices import (
    ExploitationType,
    MemberRole,
    PersonSex,
    RecruiterRelation,
    RecruitmentChannel,
)
from ..models import Case, Person
from .fieldmap import (
    CASE_EXTENSIONS,
    CHANNEL_FROM_HTCDS,
    EXPLOITATION_FROM_HTCDS,
    MEANS_FROM_HTCDS,
    PERSON_EXTENSIONS,
    RELATION_FROM_HTCDS,
    SEX_FROM_HTCDS,
)
from .schema import _Errors, _nul_errors, _schema_errors

# ---------------------------------------------------------------- import


def _pick(choices: dict, value, path: str, errors: _Errors):
    if value in (None, ""):
        return None
    if value not in choices:
        errors.add(path, _("Unknown value “%(value)s”.") % {"value": str(value)[:40]})
        return None
    return choices[value]


def _geo(x: dict, doc: dict, path: str, errors: _Errors) -> dict:

    out = {}
    province = None
    if x.get("province"):
        province = Province.objects.filter(iso_code=x["province"]).first()
        if province is None:
            errors.add(f"{path}.x_rihai.province", _("Unknown province."))
    elif doc.get("prs_MailingState"):
        province = Province.objects.filter(name_en__iexact=doc["prs_MailingState"]).first()
    if province:
        out["province"] = province
    district = None
    if x.get("district"):
        district = District.objects.filter(code=x["district"]).first()
        if district is None:
            errors.add(f"{path}.x_rihai.district", _("Unknown district."))
    elif doc.get("prs_MailingCity") and province:
        district = District.objects.filter(
            province=province, name_en__iexact=doc["prs_MailingCity"]
        ).first()
    if district:
        out["district"] = district
    return out


def _person_fields(doc: dict, index: int, errors: _Errors) -> tuple[dict, str, str]:
    """Rihai's person fields from one ``persons[index]`` entry, checked by the model's rules."""

    path = f"persons[{index}]"
    x = doc.get("x_rihai") or {}
    name_roman = x.get("name_roman")
    if name_roman is None:
        name_roman = " ".join(p for p in (doc.get("prs_FirstName"), doc.get("prs_SecondName")) if p)
    sex = x.get("sex") or SEX_FROM_HTCDS.get(doc.get("prs_Gender"))
    citizenship = doc.get("prs_Citizenship") or []
    identity = doc.get("prs_IdentityNumber") or ""
    std_languages = [
        lang for lang in (doc.get("prs_PrimaryLanguage"), doc.get("prs_SecondaryLanguage")) if lang
    ]
    fields = {
        "name_roman": name_roman or "",
        "name_ur": x.get("name_ur") or "",
        "parentage_relation": x.get("parentage_relation") or "",
        "parentage_name": x.get("parentage_name") or "",
        "sex": sex or PersonSex.UNKNOWN,
        "date_of_birth": doc.get("prs_Birthdate") or "",
        "estimated_age": x.get("estimated_age"),
        "nationality": citizenship[0] if citizenship else "PK",
        "cnic": x.get("cnic", identity if _looks_like_cnic(identity) else ""),
        "bform": x.get("bform") or "",
        "passport": x.get(
            "passport", identity if identity and not _looks_like_cnic(identity) else ""
        ),
        "phone": x.get("phone") or doc.get("prs_MobilePhone") or "",
        "address": doc.get("prs_MailingStreet") or "",
        "languages": x.get("languages") or std_languages,
        "has_disability": bool(x.get("has_disability", False)),
        "disability_notes": x.get("disability_notes") or "",
        "guardian_name": x.get("guardian_name") or "",
        "guardian_relation": x.get("guardian_relation") or "",
        "guardian_phone": x.get("guardian_phone") or "",
        **_geo(x, doc, path, errors),
    }
    # Where each field was read from, so an error names the place to correct.
    sources = {name: f"x_rihai.{name}" for name in PERSON_EXTENSIONS}
    sources.update(
        date_of_birth="prs_Birthdate",
        nationality="prs_Citizenship",
        address="prs_MailingStreet",
    )
    for name, standard, used_extension in (
        ("name_roman", "prs_FirstName", "name_roman" in x),
        ("sex", "prs_Gender", bool(x.get("sex"))),
        ("cnic", "prs_IdentityNumber", "cnic" in x),
        ("passport", "prs_IdentityNumber", "passport" in x),
        ("phone", "prs_MobilePhone", bool(x.get("phone"))),
        ("province", "prs_MailingState", bool(x.get("province"))),
        ("district", "prs_MailingCity", bool(x.get("district"))),
        ("languages", "prs_PrimaryLanguage", bool(x.get("languages"))),
    ):
        if not used_extension:
            sources[name] = standard
    try:
        Person(**fields).full_clean(exclude=["agency", "created_by"])
    except ValidationError as exc:
        errors.add_model_errors(exc, path, {k: f"{path}.{v}" for k, v in sources.items()})
    role = x.get("role") or (MemberRole.PRIMARY if index == 0 else MemberRole.FAMILY)
    return fields, role, (x.get("relation_to_primary") or "")[:40]


def _looks_like_cnic(value: str) -> bool:

    return len(digits_only(value)) == 13 and not any(ch.isalpha() for ch in value)


def _case_facts(document: dict, first: dict, first_path: str, errors: _Errors) -> tuple:
    """Case facts and exploitation types, from ``case.x_rihai`` or else the standard fields."""

    x = (document.get("case") or {}).get("x_rihai") or {}
    sources = {name: f"case.x_rihai.{name}" for name in CASE_EXTENSIONS}
    types = x.get("exploitation_types")
    if types is None:
        types = [
            t
            for t in (
                _pick(EXPLOITATION_FROM_HTCDS, v, f"{first_path}.vic_TypeOfExploitation", errors)
                for v in first.get("vic_TypeOfExploitation") or []
            )
            if t
        ]
        if "RemoteInteractiveServices" in (first.get("vic_TypeOfSexExploitation") or []):
            types = [
                ExploitationType.ONLINE_SEXUAL if t == ExploitationType.SEXUAL else t for t in types
            ]
    means = x.get("means_of_control")
    if means is None:
        sources["means_of_control"] = f"{first_path}.vic_MethodsOfControl"
        means = [
            m for m in (MEANS_FROM_HTCDS[v] for v in first.get("vic_MethodsOfControl") or []) if m
        ]
    relation = x.get("recruiter_relation") or RELATION_FROM_HTCDS.get(
        first.get("vic_RelationshipToTrafficker")
    )
    channels = first.get("vic_MethodOfRecruitment") or []
    channel = x.get("recruitment_channel") or (
        CHANNEL_FROM_HTCDS[channels[0]] if channels else None
    )
    events = document.get("events") or []
    route = x.get("route")
    if route is None:
        sources["route"] = "events"
        route = [
            e["hte_Country"] for e in events if e["hte_Type"] == "Transit" and e.get("hte_Country")
        ]
    exploitation_at = next(
        (i for i, e in enumerate(events) if e["hte_Type"] == "Exploitation"), None
    )
    exploitation = events[exploitation_at] if exploitation_at is not None else {}
    if not x.get("destination_country"):
        sources["destination_country"] = f"events[{exploitation_at}].hte_Country"
    if not x.get("exploitation_start"):
        sources["exploitation_start"] = f"events[{exploitation_at}].hte_Date"
    facts = {
        "means_of_control": list(dict.fromkeys(means)),
        "recruiter_relation": relation or RecruiterRelation.UNKNOWN,
        "recruitment_channel": channel or RecruitmentChannel.UNKNOWN,
        "destination_country": x.get("destination_country")
        or exploitation.get("hte_Country")
        or "PK",
        "route": route,
        "exploitation_start": x.get("exploitation_start") or exploitation.get("hte_Date") or None,
        "summary": x.get("summary") or "",
    }
    if x.get("province"):
        province = Province.objects.filter(iso_code=x["province"]).first()
        if province is None:
            errors.add("case.x_rihai.province", _("Unknown province."))
        else:
            facts["province"] = province
    if x.get("district"):
        district = District.objects.filter(code=x["district"]).first()
        if district is None:
            errors.add("case.x_rihai.district", _("Unknown district."))
        else:
            facts["district"] = district
    try:
        Case(**facts).full_clean(exclude=["agency", "created_by", "reference", "assigned_to"])
    except ValidationError as exc:
        errors.add_model_errors(exc, "case", sources)
    return facts, list(dict.fromkeys(types)), x


def from_htcds(document) -> dict:
    """Rihai's fields from an HTCDS document; ValidationError with a path for every problem.

    First the shape and coded values (``HTCDS_JSON_SCHEMA``); if those are right, Rihai's own
    rules (real and plausible dates, CNIC and phone formats, known districts, a district in its
    province...). Nothing is written. Returns ``{"primary": fields, "family": [(fields,
    relation)], "facts": {...}, "exploitation_types": [...], "source": {...}}``.
    """
    errors = _Errors()
    if not isinstance(document, dict):
        raise ValidationError({"document": [_("The document must be a JSON object.")]})
    _nul_errors(document, errors)
    _schema_errors(document, errors)
    errors.raise_if_any()  # the checks below rely on the shape
    persons = document["persons"]
    primary, primary_index, family = None, 0, []
    for index, doc in enumerate(persons):
        fields, role, relation = _person_fields(doc, index, errors)
        if role == MemberRole.PRIMARY:
            if primary is not None:
                errors.add(
                    f"persons[{index}].x_rihai.role",
                    _("Only one person can be the primary survivor."),
                )
            primary, primary_index = fields, index
        else:
            family.append((fields, relation or "family"))
    if primary is None:
        errors.add("persons", _("No person is marked as the primary survivor."))
    first = persons[primary_index]
    facts, types, x = _case_facts(document, first, f"persons[{primary_index}]", errors)
    errors.raise_if_any()
    return {
        "primary": primary,
        "family": family,
        "facts": facts,
        "exploitation_types": types,
        "source": {
            "reference": str(x.get("reference") or "")[:40],
            "status": x.get("status") or "",
            "trafficking_status": str(first.get("vic_TraffickingStatus") or "")[:40],
            "agency": str(x.get("agency") or "")[:40],
        },
    }
