from django.urls import path

from . import manage_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("import/", views.case_import, name="import"),
    path("<int:case_id>/export/", views.case_htcds_export, name="htcds-export"),
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
    path("<int:case_id>/edit/", manage_views.case_edit, name="edit"),
    path("<int:case_id>/assign/", manage_views.case_assign, name="assign"),
    path("<int:case_id>/family/", manage_views.case_family_add, name="family-add"),
    path("persons/<int:person_id>/", manage_views.person_detail, name="person"),
    path("persons/<int:person_id>/reveal/", manage_views.person_reveal, name="person-reveal"),
    path("persons/<int:person_id>/merge/", manage_views.person_merge, name="person-merge"),
    path("persons/<int:person_id>/new-case/", manage_views.person_new_case, name="person-new-case"),
]
