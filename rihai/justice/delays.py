"""Where investigations stall: time in each stage against the configured limits.

A limit is counted from the date of the stage named in its ``counted_from`` (for the challan,
the FIR date, per CrPC s.173). An investigation with an outcome is never overdue. A trial is
also "stalled" when no hearing is scheduled ahead and the last one is older than
``RIHAI_JUSTICE_STALLED_TRIAL_DAYS`` (default 60, local policy).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from .catalogue import StageLimit, stage_limits
from .choices import Stage
from .queries import visible_investigations


@dataclass(frozen=True)
class Overdue:
    investigation: object
    limit: StageLimit
    since: date
    days: int  # days since the clock started

    @property
    def days_over(self) -> int:
        return self.days - self.limit.days


def stalled_trial_days() -> int:
    return int(getattr(settings, "RIHAI_JUSTICE_STALLED_TRIAL_DAYS", 60))


def overdue(user, *, today: date | None = None) -> list[Overdue]:
    """Every investigation the user may see that is past its stage's limit, most overdue first."""
    today = today or timezone.localdate()
    limits = stage_limits()
    open_ = (
        visible_investigations(user)
        .filter(outcome="")
        .select_related("agency", "district", "investigating_officer")
    )
    conditions = Q()
    for stage, limit in limits.items():
        deadline = today - timedelta(days=limit.days)
        if limit.counted_from == "fir":
            conditions |= Q(stage=stage, fir_date__lt=deadline)
        else:
            conditions |= Q(stage=stage, stage_since__lt=deadline)
    found = []
    for investigation in open_.filter(conditions):
        limit = limits[investigation.stage]
        since = investigation.fir_date if limit.counted_from == "fir" else investigation.stage_since
        found.append(Overdue(investigation, limit, since, (today - since).days))
    return sorted(found, key=lambda o: -o.days_over)


def stalled_trials(user, *, today: date | None = None):
    """Trials with no hearing ahead and none in the last ``stalled_trial_days``."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=stalled_trial_days())
    return (
        visible_investigations(user)
        .filter(outcome="", stage=Stage.TRIAL)
        .filter(Q(next_hearing__isnull=True) | Q(next_hearing__lt=today))
        .annotate(last_hearing=Max("hearings__on"))
        .filter(Q(last_hearing__isnull=True, stage_since__lt=cutoff) | Q(last_hearing__lt=cutoff))
        .select_related("agency", "district")
    )


def overdue_by_place(items: list[Overdue]) -> dict[str, list[tuple[str, int]]]:
    """Counts grouped by district, by circle or police station (agency), and by stage."""
    groups = {"district": {}, "agency": {}, "stage": {}}
    for item in items:
        inv = item.investigation
        for key, name in (
            ("district", str(inv.district) if inv.district_id else "—"),
            ("agency", str(inv.agency)),
            ("stage", str(inv.get_stage_display())),
        ):
            groups[key][name] = groups[key].get(name, 0) + 1
    return {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0])) for k, v in groups.items()}


def work_items(user) -> list:
    """Home page: overdue investigations in scope; for a supervisor, stalled trials too."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from rihai.core.plugins import WorkItem

    from .resources import Resource

    if not user.can(Resource.INVESTIGATION, "view"):
        return []
    url = reverse("justice:overdue")
    items = [
        WorkItem(
            "investigations-overdue",
            _("investigations past their stage's time-limit"),
            len(overdue(user)),
            url,
            urgent=True,
        )
    ]
    if user.can(Resource.INVESTIGATION, "approve"):
        items.append(
            WorkItem(
                "trials-stalled",
                _("trials with no hearing in sight"),
                stalled_trials(user).count(),
                url,
            )
        )
    return items
