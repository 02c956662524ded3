"""What a case worker sees of the prosecution of their case: stage, next hearing, protection."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import actions, queries
from ..choices import ProtectionMeasure


@login_required
def case_summary(request, case_id):
    rows = queries.case_summaries(request.user, case_id)
    case = rows[0]["case"] if rows else None
    if case is not None:
        actions.log_personal_data_view(request.user, case)
    for row in rows:
        row["measure_labels"] = [ProtectionMeasure(m).label for m in row["protection_measures"]]
    return render(request, "justice/case_summary.html", {"rows": rows, "case_id": case_id})
