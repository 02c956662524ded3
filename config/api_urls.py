"""The REST API: one include per app, so each app owns its endpoints."""

from django.urls import include, path

urlpatterns = [
    path("", include("rihai.accounts.api_urls")),
    path("", include("rihai.cases.api_urls")),
    path("", include("rihai.justice.api_urls")),
    path("", include("rihai.referrals.api_urls")),
    path("", include("rihai.screening.api_urls")),
]
