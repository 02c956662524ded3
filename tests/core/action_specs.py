"""Specs of the core actions, run by tests/core/test_action_specs.py."""

from tests.action_contract import ActionSpec


def mark_notifications_read(t):
    from rihai.core.models import Notification

    mine = Notification.objects.create(
        recipient=t.fia_case_worker, kind="status-approved", target_type="cases.case", target_id=1
    )
    theirs = Notification.objects.create(
        recipient=t.ngo_case_worker, kind="status-approved", target_type="cases.case", target_id=2
    )
    return ActionSpec(
        allowed={"acting_user": t.fia_case_worker, "ids": [mine.pk]},
        other_agency={"acting_user": t.fia_case_worker, "ids": [theirs.pk]},
        event="notification-read",
        audited_object=lambda _result, kwargs: Notification.objects.get(pk=kwargs["ids"][0]),
        other_records=[theirs],
    )


SPECS = {"rihai.core.actions.do_mark_notifications_read": mark_notifications_read}
