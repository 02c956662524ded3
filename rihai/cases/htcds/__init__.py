"""A case as an HTCDS 2.0 JSON document, and back.

HTCDS 2.0 (Human Trafficking Case Data Standard by IOM, CC BY 4.0; the field list is in
``data/htcds/``, see ``SOURCES.txt`` there) names fields by table prefix: ``prs_`` person, ``vic_``
victim context, ``cas_`` case, ``hte_`` historic trafficking event, ``con_`` consent. The standard
has no JSON layout of its own, so the document is Rihai's (``format`` 1)::

    {"standard": "HTCDS", "standard_version": "2.0", "format": 1, "generator": "rihai",
     "case":    {cas_* fields, "x_rihai": {...}},
     "persons": [{prs_*, vic_*, con_* fields, "x_rihai": {...}}, ...],   # primary first
     "events":  [{hte_Type, hte_Country, hte_Date}, ...]}

**Mapped fields** (Rihai → HTCDS) are declared in ``CASE_FIELDS``, ``PERSON_FIELDS`` and
``EVENT_FIELDS``; an export holds no key that these and the ``x_rihai`` declarations do not
name (a test checks it), and every HTCDS name used is the standard's (a test reads the CSV).

**Rihai-only extensions** travel in ``x_rihai`` blocks (``CASE_EXTENSIONS``,
``PERSON_EXTENSIONS``): the exact values where the standard says less (bonded labour and
forced labour are both ``ForcedLabour``; CNIC, B-Form and passport share one
``prs_IdentityNumber``; Urdu-script names, parentage, guardian, disability, district and
province codes, the case reference, status, summary and dates). Import reads ``x_rihai`` first
and falls back to the standard fields, so a document from another HTCDS system imports too.

**Unmapped HTCDS fields** are listed with the reason in ``UNMAPPED``: organisation records,
perpetrators, referrals, case comments, support plans, event addresses and geolocation, and
person fields Rihai does not hold (e-mail, education, marital status...). An import accepts and
ignores them; any other key is refused, so a misspelt field is not silently dropped.

Export (``export_case``) gives decrypted personal data: the caller decides who may export and
writes the audit row (``actions.do_export_htcds_case`` does both). Import (``htcds_import.import_case``)
checks the document against ``HTCDS_JSON_SCHEMA`` and then Rihai's own rules (dates, CNIC,
districts...) before anything is written, reporting every problem by its path in the document
(``persons[0].prs_Birthdate``), and creates the persons and the case through the ordinary
actions in one transaction. ``to_htcds`` and ``from_htcds`` are the pure mapping underneath.
"""

from .export import (
    PURPOSE_GROUPS,
    export_case,
    limit_to_purpose,
    person_document,
    to_htcds,
    trafficking_status,
)
from .fieldmap import (
    CASE_EXTENSIONS,
    CASE_FIELDS,
    CHANNEL_TO_HTCDS,
    DECISION_ORG,
    ENVELOPE_FIELDS,
    EVENT_FIELDS,
    EXPLOITATION_TO_HTCDS,
    MEANS_TO_HTCDS,
    PERSON_EXTENSIONS,
    PERSON_FIELDS,
    PICKLISTS,
    RELATION_TO_HTCDS,
    SEX_TO_HTCDS,
    STANDARD,
    STANDARD_VERSION,
    UNMAPPED,
)
from .parse import from_htcds
from .schema import HTCDS_JSON_SCHEMA, schema_validator

__all__ = [
    "CASE_EXTENSIONS",
    "CASE_FIELDS",
    "CHANNEL_TO_HTCDS",
    "DECISION_ORG",
    "ENVELOPE_FIELDS",
    "EVENT_FIELDS",
    "EXPLOITATION_TO_HTCDS",
    "HTCDS_JSON_SCHEMA",
    "MEANS_TO_HTCDS",
    "PERSON_EXTENSIONS",
    "PERSON_FIELDS",
    "PICKLISTS",
    "PURPOSE_GROUPS",
    "RELATION_TO_HTCDS",
    "SEX_TO_HTCDS",
    "STANDARD",
    "STANDARD_VERSION",
    "UNMAPPED",
    "export_case",
    "from_htcds",
    "limit_to_purpose",
    "person_document",
    "schema_validator",
    "to_htcds",
    "trafficking_status",
]
