"""Case work test helpers: the synthetic files and a note, document, task and flag on a case."""

from rihai.cases.casework.samples import tiny_pdf, tiny_png

__all__ = ["casework_values", "tiny_pdf", "tiny_png"]


def casework_values(t, case) -> dict:
    """A note, document, task and flag on ``case``: values for the role matrix's URLs."""
    from datetime import timedelta

    from django.utils import timezone

    from rihai.cases.actions import casework as ca

    user = t.fia_case_worker
    ca.do_add_note(case=case, kind="call", text="Demo call", acting_user=user)
    document = ca.do_add_document(case=case, title="Demo", data=tiny_png(), acting_user=user)
    task = ca.do_add_task(
        case=case,
        title="Demo task",
        due_on=timezone.localdate() + timedelta(days=1),
        assigned_to=user,
        acting_user=user,
    )
    flag = ca.do_raise_flag(case=case, kind="security", reason="Demo", acting_user=user)
    return {
        "<str:document_id>": document.public_id,
        "<int:task_id>": task.pk,
        "<int:flag_id>": flag.pk,
    }
