"""Every change to investigations, suspects and evidence: one ``@action`` ``do_*`` each.

Each action re-checks the acting user's scope on the record it changes (locked with
``select_for_update``), validates with bilingual errors before saving anything, and writes its
audit row in the same transaction. Steps shared by several actions are private functions.
"""

from .accused import do_decide_recruiter_link, do_record_accused_status
from .evidence import do_add_evidence, do_record_custody
from .investigations import (
    do_charge_offence,
    do_link_victim_case,
    do_open_investigation,
    do_record_compensation_paid,
    do_record_outcome,
    do_record_stage,
    do_schedule_hearing,
    do_set_protection_measures,
)
from .leads import do_open_inquiry_from_lead
from .reads import log_personal_data_view
from .suspects import do_accuse_suspect, do_decide_suspect_link

__all__ = [
    "do_open_inquiry_from_lead",
    "do_accuse_suspect",
    "do_add_evidence",
    "do_charge_offence",
    "do_decide_recruiter_link",
    "do_decide_suspect_link",
    "do_link_victim_case",
    "do_open_investigation",
    "do_record_accused_status",
    "do_record_compensation_paid",
    "do_record_custody",
    "do_record_outcome",
    "do_record_stage",
    "do_schedule_hearing",
    "do_set_protection_measures",
    "log_personal_data_view",
]
