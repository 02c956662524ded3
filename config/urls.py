"""Top-level URL map: each app owns its own ``urls.py``; the API lives under /api/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from rihai.accounts.admin_site import restrict_admin_to_administrators

restrict_admin_to_administrators(admin.site)

# JSON under /api/, bilingual pages with the site's navigation elsewhere (rihai/core/errors.py).
handler400 = "rihai.core.errors.bad_request"
handler403 = "rihai.core.errors.permission_denied"
handler404 = "rihai.core.errors.page_not_found"
handler500 = "rihai.core.errors.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("rihai.accounts.urls")),
    path("cases/", include("rihai.cases.urls")),
    path("justice/", include("rihai.justice.urls")),
    path("referrals/", include("rihai.referrals.urls")),
    path("screening/", include("rihai.screening.urls")),
    path("audit/", include("rihai.audit.urls")),
    path("help/", include("rihai.portal.urls")),
    path("intake/", include("rihai.portal.intake_urls")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file (the CSP forbids inline script) and
    # Swagger UI comes from drf-spectacular-sidecar's static files, not a CDN.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="core/api_docs.html"
        ),
        name="api-docs",
    ),
    path("", include("rihai.ops.urls")),
    path("", include("rihai.core.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
