from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("import/", views.case_import, name="import"),
    path("<int:case_id>/htcds.json", views.case_htcds_export, name="htcds-export"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/status/", views.case_status, name="status"),
    path("<int:case_id>/status/<int:change_id>/decide/", views.status_decide, name="status-decide"),
    path("<int:case_id>/consents/", views.consent_add, name="consent-add"),
    path(
        "<int:case_id>/consents/<int:consent_id>/revoke/",
        views.consent_revoke,
        name="consent-revoke",
    ),
    path("<int:case_id>/screening/", views.case_screening, name="screening"),
]
