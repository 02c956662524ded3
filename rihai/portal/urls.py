from django.urls import path

from .views import public

app_name = "portal"
urlpatterns = [
    # The public site, under /help/ (config/urls.py): no account needed.
    path("", public.home, name="home"),
    path("report/", public.report, name="report"),
    path("report/status/", public.status, name="status"),
    path("check-offer/", public.check_offer, name="check-offer"),
    path("recruiter/", public.recruiter, name="recruiter"),
    path("safe-migration/", public.guidance, name="guidance"),
]
