"""Model management: retrain from reviewed decisions plus base data, compare with the model in
use on the same held-out ads, and switch only by an explicit, audited choice.

Both need ``(ad, approve)`` at scope ALL (supervisors): the model scores every agency's ads.
"""

import json

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound, require
from rihai.accounts.permissions import Scope
from rihai.audit.actions import record_audit
from rihai.core.actions import action

from . import retrain
from .models import Ad, AdDecision
from .models.ads import ReviewStatus
from .models.scoring_models import ScoringModel
from .resources import Event, Resource

MIN_REVIEWED = 10  # fewer reviewed ads than this teach the model nothing worth a switch


def _require_national(user) -> None:
    if require(user, Resource.AD, "approve") != Scope.ALL:
        raise RecordNotFound


def active_model() -> ScoringModel | None:
    return ScoringModel.objects.filter(status=ScoringModel.Status.ACTIVE).first()


def reviewed_examples() -> list[tuple[str, int, str]]:
    """(text, label, group) of every reviewed ad, by its latest lead or dismissal."""
    latest = AdDecision.objects.filter(ad=OuterRef("pk")).order_by("-decided_on", "-id")
    ads = (
        Ad.objects.annotate(last=Subquery(latest.values("decision")[:1]))
        .filter(last__in=(ReviewStatus.LEAD, ReviewStatus.DISMISSED))
        .only("id", "text", "content_hash")
    )
    return [(a.text, int(a.last == ReviewStatus.LEAD), f"ad:{a.content_hash}") for a in ads]


@action
def do_train_model(*, acting_user, synthetic: int = 1500) -> ScoringModel:
    """Trains a candidate; stores it with its and the current model's held-out figures."""
    _require_national(acting_user)
    reviewed = reviewed_examples()
    if len(reviewed) < MIN_REVIEWED or len({label for _t, label, _g in reviewed}) < 2:
        raise ValidationError(
            _("Retraining needs at least %(n)s reviewed ads, both leads and dismissals.")
            % {"n": MIN_REVIEWED}
        )
    train_set, test_set = retrain.split(reviewed, retrain.base_data(synthetic))
    version = f"rihai-{timezone.now():%Y%m%d-%H%M%S}"
    candidate = retrain.train(train_set, version=version)
    current = active_model()
    current_model = retrain.loaded(
        current.document if current else None, getattr(current, "version", "")
    )
    figures = {
        "reviewed": len(reviewed),
        "reviewed_leads": sum(label for _t, label, _g in reviewed),
        "base": synthetic,
        "trained_on": len(train_set.texts),
        "candidate": retrain.metrics(candidate, test_set),
        "current": retrain.metrics(current_model, test_set),
        "current_version": current.version if current else "adscreen (shipped)",
    }
    made = ScoringModel.objects.create(
        version=version,
        document=json.dumps(candidate.to_json(), ensure_ascii=False, separators=(",", ":")),
        figures=figures,
        trained_by=acting_user,
    )
    record_audit(
        event=Event.MODEL_TRAINED,
        acting_user=acting_user,
        obj=made,
        extra={k: figures[k] for k in ("reviewed", "base", "trained_on")},
    )
    return made


@action
def do_switch_model(*, scoring_model: ScoringModel | None, acting_user) -> ScoringModel | None:
    """Puts ``scoring_model`` in use (None: back to adscreen's shipped model). Ads scored from
    now on carry its version; ads already stored keep the score they were given."""
    _require_national(acting_user)
    current = ScoringModel.objects.select_for_update().filter(status=ScoringModel.Status.ACTIVE)
    chosen = None
    if scoring_model is not None:
        chosen = ScoringModel.objects.select_for_update().filter(pk=scoring_model.pk).first()
        if chosen is None:
            raise RecordNotFound
        if chosen.status == ScoringModel.Status.ACTIVE:
            raise ValidationError(_("This model is already in use."))
    previous = [m.version for m in current]
    current.update(status=ScoringModel.Status.RETIRED)
    if chosen is not None:
        chosen.status = ScoringModel.Status.ACTIVE
        chosen.switched_by, chosen.switched_on = acting_user, timezone.now()
        chosen.save(update_fields=["status", "switched_by", "switched_on"])
    record_audit(
        event=Event.MODEL_SWITCHED,
        acting_user=acting_user,
        object_type="screening.scoringmodel",
        object_id=chosen.pk if chosen else "",
        extra={"to": chosen.version if chosen else "shipped", "from": previous or ["shipped"]},
    )
    return chosen
