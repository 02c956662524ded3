from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .navigation import entries_for
from .plugins import work_items


@login_required
def home(request):
    modules = [item for item in entries_for(request.user) if item["resource"]]
    return render(request, "core/home.html", {"modules": modules, "work": work_items(request.user)})


@login_required
def notification_list(request):
    """The user's notifications, newest first; opening one (POST) marks it read."""
    from django.core.paginator import Paginator

    from . import notifications
    from .models import Notification

    page = Paginator(Notification.objects.filter(recipient=request.user), 50).get_page(
        request.GET.get("page")
    )
    rows = [
        {"note": n, "label": notifications.label_of(n), "link": notifications.link_of(n)}
        for n in page
    ]
    return render(request, "core/notifications.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notification_read(request):
    """Marks one notification (``id``) or all of them read, then opens its link if it has one."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from rihai.accounts.access import RecordNotFound

    from . import notifications
    from .actions import do_mark_notifications_read
    from .models import Notification

    raw = request.POST.get("id", "")
    if raw:
        try:
            ids = [int(raw)]
        except ValueError:
            raise RecordNotFound from None
        do_mark_notifications_read(acting_user=request.user, ids=ids)
        link = notifications.link_of(Notification.objects.get(pk=ids[0]))
        if link:
            return redirect(link)
    else:
        count = do_mark_notifications_read(acting_user=request.user)
        messages.success(request, _("%(n)s notifications marked read.") % {"n": count})
    return redirect("core:notifications")
