"""The JSON Schema an imported HTCDS document must meet, and its errors reported by path."""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from rihai.core.validators import NO_NUL

from ..choices import (
    CaseStatus,
    ExploitationType,
    MeansOfControl,
    MemberRole,
    ParentageRelation,
    PersonSex,
    RecruiterRelation,
    RecruitmentChannel,
)
from .fieldmap import PICKLISTS, STANDARD, STANDARD_VERSION, UNMAPPED

# ---------------------------------------------------------------- JSON Schema (used by import)

_COUNTRY = {"type": "string", "pattern": "^[A-Z]{2}$"}
_DATE = {"type": ["string", "null"], "format": "date"}  # "" counts as no date
_IDENTITY_13 = {"type": "string", "pattern": r"^(\d{5}-?\d{7}-?\d)?$"}
_SUBDIVISION = {"type": ["string", "null"], "pattern": "^[A-Z]{2}-[A-Z0-9]{1,3}$"}
_DISTRICT = {"type": ["string", "null"], "pattern": "^[A-Z0-9]{1,8}$"}


def _text(max_length: int | None = None, *, nullable: bool = True) -> dict:
    schema = {"type": ["string", "null"] if nullable else "string"}
    if max_length:
        schema["maxLength"] = max_length
    return schema


def _one_of(values, *, nullable: bool = True) -> dict:
    return {"enum": [*values, None] if nullable else list(values)}


def _many_of(values) -> dict:
    return {"type": "array", "items": {"enum": list(values)}, "uniqueItems": True}


def _accepted_and_ignored(*prefixes: str) -> dict:
    return {name: {} for name in UNMAPPED if name.startswith(prefixes)}


_PERSON_EXTENSION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "role": _one_of(MemberRole.values),
        "relation_to_primary": _text(40),
        "name_ur": _text(120),
        "name_roman": _text(120),
        "parentage_relation": _one_of([*ParentageRelation.values, ""]),
        "parentage_name": _text(120),
        "sex": _one_of(PersonSex.values),
        "estimated_age": {"type": ["integer", "null"], "minimum": 0, "maximum": 120},
        "cnic": _IDENTITY_13,
        "bform": _IDENTITY_13,
        "passport": _text(20, nullable=False),
        "phone": _text(30, nullable=False),
        "province": _SUBDIVISION,
        "district": _DISTRICT,
        "languages": {"type": "array", "items": _text(8, nullable=False), "maxItems": 10},
        "has_disability": {"type": "boolean"},
        "disability_notes": _text(),
        "guardian_name": _text(120),
        "guardian_relation": _text(40),
        "guardian_phone": _text(30, nullable=False),
    },
}
_CASE_EXTENSION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "reference": _text(40),
        "agency": _text(40),
        "status": _one_of(CaseStatus.values),
        "exploitation_types": _many_of(ExploitationType.values),
        "means_of_control": _many_of(MeansOfControl.values),
        "recruiter_relation": _one_of(RecruiterRelation.values),
        "recruitment_channel": _one_of(RecruitmentChannel.values),
        "destination_country": _COUNTRY,
        "route": {"type": "array", "items": _COUNTRY, "maxItems": 20},
        "is_transnational": {"type": "boolean"},
        "exploitation_start": _DATE,
        "province": _SUBDIVISION,
        "district": _DISTRICT,
        "summary": _text(),
        "opened_on": _DATE,
        "identified_on": _DATE,
        "closed_on": _DATE,
    },
}
_PERSON_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "prs_FirstName": _text(120),
        "prs_SecondName": _text(120),
        "prs_Birthdate": _DATE,
        "prs_Gender": _one_of(PICKLISTS["prs_Gender"]),
        "prs_Citizenship": {"type": "array", "items": _COUNTRY, "maxItems": 5},
        "prs_IdentityNumber": _text(20),
        "prs_MobilePhone": _text(30),
        "prs_MailingStreet": _text(),
        "prs_MailingCity": _text(80),
        "prs_MailingState": _text(80),
        "prs_MailingCountry": {"type": ["string", "null"], "pattern": "^([A-Z]{2})?$"},
        "prs_PrimaryLanguage": _text(8),
        "prs_SecondaryLanguage": _text(8),
        "vic_TraffickingStatus": _one_of(PICKLISTS["vic_TraffickingStatus"]),
        "vic_TraffickingStatusDecisionMakingOrg": _one_of(
            PICKLISTS["vic_TraffickingStatusDecisionMakingOrg"]
        ),
        # "Unacquainted" too: the standard's list spells it "Unaquainted".
        "vic_RelationshipToTrafficker": _one_of(
            [*PICKLISTS["vic_RelationshipToTrafficker"], "Unacquainted"]
        ),
        "vic_MethodOfRecruitment": _many_of(PICKLISTS["vic_MethodOfRecruitment"]),
        "vic_RecruitmentWebsitesAndApps": _many_of(PICKLISTS["vic_RecruitmentWebsitesAndApps"]),
        "vic_MethodsOfControl": _many_of(PICKLISTS["vic_MethodsOfControl"]),
        "vic_TypeOfExploitation": _many_of(PICKLISTS["vic_TypeOfExploitation"]),
        "vic_TypeOfSexExploitation": _many_of(PICKLISTS["vic_TypeOfSexExploitation"]),
        "vic_AgeWhenTrafficked": {"type": ["integer", "null"], "minimum": 0, "maximum": 120},
        "con_Consent": {"type": ["boolean", "null"]},
        "x_rihai": _PERSON_EXTENSION_SCHEMA,
        **_accepted_and_ignored("prs_", "vic_", "per_", "con_"),
    },
}
_EVENT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["hte_Type"],
    "properties": {
        "hte_Type": _one_of(PICKLISTS["hte_Type"], nullable=False),
        "hte_Country": _COUNTRY,
        "hte_Date": _DATE,
        **_accepted_and_ignored("hte_"),
    },
}
HTCDS_JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://rihai.org/schemas/htcds-2.0-case-format-1.json",
    "title": "A case as an HTCDS 2.0 document (Rihai format 1)",
    "type": "object",
    "required": ["standard", "standard_version", "persons"],
    "properties": {
        "standard": {"const": STANDARD},
        "standard_version": {"const": STANDARD_VERSION},
        "format": {"type": "integer", "minimum": 1},
        "generator": _text(40),
        "case": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "cas_Status": _one_of(PICKLISTS["cas_Status"]),
                "cas_ReasonForCaseClosure": _text(),
                "x_rihai": _CASE_EXTENSION_SCHEMA,
                **_accepted_and_ignored("cas_", "cco_", "spl_"),
            },
        },
        "persons": {"type": "array", "items": _PERSON_SCHEMA, "minItems": 1, "maxItems": 30},
        "events": {"type": "array", "items": _EVENT_SCHEMA, "maxItems": 30},
        # Organisation records and other systems' metadata at the top level are ignored.
    },
}


def schema_validator():

    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def _is_date(value) -> bool:

        if not isinstance(value, str) or value == "":
            return True
        return len(value) == 10 and bool(date.fromisoformat(value))

    return Draft202012Validator(HTCDS_JSON_SCHEMA, format_checker=checker)


def _json_path(parts) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "document"


_TYPE_NAMES = {
    "object": lambda: _("an object"),
    "array": lambda: _("a list"),
    "string": lambda: _("text"),
    "integer": lambda: _("a whole number"),
    "number": lambda: _("a number"),
    "boolean": lambda: _("true or false"),
}


def _nul_errors(document, errors: "_Errors") -> None:
    """A NUL character in any text or key is an error at its path: no field holds one, and
    PostgreSQL refuses it in text and JSON columns (the import was a server error)."""
    stack = [((), document)]
    while stack:
        parts, item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            errors.add(_json_path(parts), NO_NUL)
        elif isinstance(item, dict):
            for key, child in item.items():
                if "\x00" in key:
                    errors.add(_json_path([*parts, key]), NO_NUL)
                stack.append(((*parts, key), child))
        elif isinstance(item, list):
            stack.extend(((*parts, i), child) for i, child in enumerate(item))


def _schema_errors(document, errors: "_Errors") -> None:
    """Adds one message per problem the schema finds, keyed by its path in the document."""
    for error in sorted(schema_validator().iter_errors(document), key=lambda e: e.json_path):
        path = _json_path(error.absolute_path)
        keyword, expected, value = error.validator, error.validator_value, error.instance
        if keyword == "required":
            for name in expected:
                if name not in value:
                    errors.add(
                        _json_path([*error.absolute_path, name]), _("This field is required.")
                    )
        elif keyword == "additionalProperties":
            known = error.schema.get("properties", {})
            for name in value:
                if name not in known:
                    errors.add(_json_path([*error.absolute_path, name]), _("Unknown field."))
        elif keyword == "const" and path in ("standard", "standard_version"):
            errors.add(path, _("This is not an HTCDS 2.0 document."))
        elif keyword in ("enum", "const"):
            errors.add(path, _("Unknown value “%(value)s”.") % {"value": str(value)[:40]})
        elif keyword == "type":
            kinds = [expected] if isinstance(expected, str) else expected
            kind = next((k for k in kinds if k != "null"), "string")
            errors.add(path, _("Expected %(kind)s.") % {"kind": _TYPE_NAMES[kind]()})
        elif keyword == "format":
            errors.add(path, _("Enter a real date as YYYY-MM-DD."))
        elif keyword == "pattern" and expected == _COUNTRY["pattern"]:
            errors.add(path, _("Use a two-letter country code (ISO 3166-1), e.g. AE."))
        elif keyword == "pattern" and expected == _IDENTITY_13["pattern"]:
            errors.add(path, _("Enter a 13-digit number in the form 12345-1234567-1."))
        elif keyword == "pattern":
            errors.add(path, _("This is not in the expected form."))
        elif keyword == "maxLength":
            errors.add(path, _("At most %(n)d characters.") % {"n": expected})
        elif keyword == "minItems":
            errors.add(path, _("The document names no person."))
        elif keyword == "maxItems":
            errors.add(path, _("At most %(n)d items.") % {"n": expected})
        elif keyword == "uniqueItems":
            errors.add(path, _("A value is listed twice."))
        elif keyword in ("minimum", "maximum"):
            errors.add(path, _("Out of range."))
        else:  # a keyword added to the schema without a message here
            errors.add(path, _("This value is not valid."))


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(str(message))

    def add_model_errors(self, exc: ValidationError, path: str, sources: dict[str, str]) -> None:
        """Model validation errors, each under the document path its field was read from
        (``sources``: field name -> path; ``path`` for the rest)."""
        for name, messages in exc.message_dict.items():
            key = path if name == NON_FIELD_ERRORS else sources.get(name, f"{path}.{name}")
            for message in messages:
                self.add(key, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
