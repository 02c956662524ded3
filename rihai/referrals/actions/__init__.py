"""Every change in the referral mechanism: one ``@action`` each, atomic, scope re-checked, audited.

Order inside each action: lock the record in the acting user's scope (``RecordNotFound`` if it
is not theirs), validate (a ``ValidationError`` saying why and what to do instead, nothing
saved), change, audit, notify the other side (e-mail after commit).
"""

from ._common import RESIDENTIAL, log_referral_view, response_hours
from .directory import do_create_provider, do_set_bed_capacity, do_update_provider
from .plans import (
    do_add_plan_item,
    do_close_support_plan,
    do_open_support_plan,
    do_update_plan_item,
)
from .referrals import (
    do_accept_referral,
    do_decline_referral,
    do_refer_case,
    do_withdraw_referral,
)
from .service import (
    do_admit_to_shelter,
    do_complete_referral,
    do_discharge_from_shelter,
    do_record_service,
    do_start_service,
)
from .transfers import (
    do_accept_transfer,
    do_approve_transfer,
    do_cancel_transfer,
    do_decline_transfer,
    do_request_transfer,
)

__all__ = [
    "RESIDENTIAL",
    "do_accept_referral",
    "do_add_plan_item",
    "do_close_support_plan",
    "do_open_support_plan",
    "do_update_plan_item",
    "do_accept_transfer",
    "do_approve_transfer",
    "do_cancel_transfer",
    "do_decline_transfer",
    "do_request_transfer",
    "do_admit_to_shelter",
    "do_complete_referral",
    "do_create_provider",
    "do_decline_referral",
    "do_discharge_from_shelter",
    "do_record_service",
    "do_refer_case",
    "do_set_bed_capacity",
    "do_start_service",
    "do_update_provider",
    "do_withdraw_referral",
    "log_referral_view",
    "response_hours",
]
