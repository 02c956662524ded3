"""Every change to persons and cases: one public ``do_*`` action each (``rihai.core.actions``).

Each action is keyword-only and durable-atomic, re-checks the acting user's scope on the
record it changes through ``queries.lock_case`` / ``queries.lock_person`` (row locked with
``select_for_update``; another agency's record raises ``RecordNotFound``), validates, changes,
and writes its audit row, in that order. Steps shared by several actions live in ``steps.py``;
a combination of steps (register a person and open a case) is an action of its own.

One module per noun: ``persons``, ``case_records`` (opening, facts, family, assignment,
restriction), ``status`` (the four-eyes workflow), ``assessments`` (identification
screening), ``consent``, ``exchange`` (HTCDS), ``lists`` (the case list's columns, saved
searches and export), ``casework`` (notes, documents, tasks, flags), ``recruiters`` (a
survivor's account of who recruited them), ``reads`` (the audit row of a view). Callers use
``from rihai.cases import actions`` and ``actions.do_*``.
"""

from .. import steps
from .assessments import do_record_screening
from .case_records import (
    do_add_family_member,
    do_open_case,
    do_reassign_case,
    do_register_family_member,
    do_register_person_and_open_case,
    do_set_case_restriction,
    do_update_case_facts,
)
from .casework import (
    do_add_document,
    do_add_note,
    do_add_task,
    do_lift_flag,
    do_raise_flag,
    do_set_task_done,
)
from .consent import do_record_consent, do_revoke_consent
from .exchange import do_export_htcds_case, do_import_htcds_case
from .lists import do_delete_search, do_export_case_list, do_save_list_columns, do_save_search
from .persons import do_merge_persons, do_register_person, do_reveal_identifier, do_update_person
from .reads import log_personal_data_view
from .recruiters import do_record_recruiter
from .status import do_decide_status_change, do_request_status_change

# Kept importable under their old names for the demo and pages.
PERSON_FIELDS = steps.PERSON_FIELDS
CASE_FACT_FIELDS = steps.CASE_FACT_FIELDS
female_case_workers = steps.female_case_workers

__all__ = [
    "CASE_FACT_FIELDS",
    "PERSON_FIELDS",
    "do_add_document",
    "do_add_family_member",
    "do_add_note",
    "do_add_task",
    "do_decide_status_change",
    "do_delete_search",
    "do_export_case_list",
    "do_export_htcds_case",
    "do_import_htcds_case",
    "do_lift_flag",
    "do_merge_persons",
    "do_open_case",
    "do_raise_flag",
    "do_reassign_case",
    "do_record_consent",
    "do_record_recruiter",
    "do_record_screening",
    "do_register_family_member",
    "do_register_person",
    "do_register_person_and_open_case",
    "do_request_status_change",
    "do_reveal_identifier",
    "do_revoke_consent",
    "do_save_list_columns",
    "do_save_search",
    "do_set_case_restriction",
    "do_set_task_done",
    "do_update_case_facts",
    "do_update_person",
    "female_case_workers",
    "log_personal_data_view",
]
