"""The scoring models page: the model in use and its figures, candidates with theirs next to
the model in use on the same held-out ads, retrain and switch (thin; writes in actions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.accounts.access import RecordNotFound, require

from .actions_models import do_switch_model
from .models.scoring_models import ScoringModel
from .resources import Resource

FIGURES = ("n", "precision", "recall", "f1", "roc_auc", "pr_auc")


def _can_manage(user) -> bool:
    from rihai.accounts.permissions import Scope

    return user.scope_for(Resource.AD, "approve") == Scope.ALL


@login_required
def models_page(request):
    require(request.user, Resource.AD, "view")
    rows = list(ScoringModel.objects.defer("document").order_by("-trained_on", "-id")[:50])
    active = next((m for m in rows if m.status == ScoringModel.Status.ACTIVE), None)
    return render(
        request,
        "screening/models.html",
        {
            "rows": [
                {
                    "model": m,
                    "figures": [
                        (
                            k,
                            m.figures.get("candidate", {}).get(k),
                            m.figures.get("current", {}).get(k),
                        )
                        for k in FIGURES
                    ],
                }
                for m in rows
            ],
            "active": active,
            "can_manage": _can_manage(request.user),
        },
    )


@login_required
@require_POST
def model_train(request):
    if not _can_manage(request.user):
        raise RecordNotFound
    from .tasks import train_model

    try:
        train_model.delay(request.user.pk)
    except ValidationError as exc:  # eager (the embedded default): the action's own refusal
        messages.error(request, " ".join(exc.messages))
        return redirect("screening:models")
    messages.success(request, _("Retraining started; the candidate appears here when done."))
    return redirect("screening:models")


@login_required
@require_POST
def model_switch(request):
    if not _can_manage(request.user):
        raise RecordNotFound
    chosen = request.POST.get("model", "shipped")
    model = None
    if chosen != "shipped":
        model = ScoringModel.objects.filter(pk=chosen if chosen.isdigit() else 0).first()
        if model is None:
            raise RecordNotFound
    try:
        do_switch_model(scoring_model=model, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The scoring model was switched. New ads are scored with it."))
    return redirect("screening:models")
