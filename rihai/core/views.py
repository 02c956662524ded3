from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .navigation import entries_for
from .plugins import work_items


@login_required
def home(request):
    modules = [item for item in entries_for(request.user) if item["resource"]]
    return render(request, "core/home.html", {"modules": modules, "work": work_items(request.user)})
