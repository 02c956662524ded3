from django.urls import path

from .casework import urls as casework_urls
from .views import (
    case_list,
    cases,
    consent,
    decisions,
    exchange,
    interview,
    persons,
    recruiters,
    registration,
)

app_name = "cases"
urlpatterns = [
    path("", case_list.case_list, name="list"),
    path("columns/", case_list.list_columns, name="list-columns"),
    path("export-list/", case_list.list_export, name="list-export"),
    path("searches/", case_list.search_save, name="search-save"),
    path("searches/<int:search_id>/", case_list.search_open, name="search-open"),
    path("searches/<int:search_id>/delete/", case_list.search_delete, name="search-delete"),
    path("new/", registration.case_new, name="new"),
    path("import/", exchange.case_import, name="import"),
    path("<int:case_id>/export/", exchange.case_htcds_export, name="htcds-export"),
    path("<int:case_id>/", cases.case_detail, name="detail"),
    path("<int:case_id>/status/", decisions.case_status, name="status"),
    path(
        "<int:case_id>/status/<int:change_id>/decide/",
        decisions.status_decide,
        name="status-decide",
    ),
    path("<int:case_id>/consents/", consent.consent_add, name="consent-add"),
    path(
        "<int:case_id>/consents/<int:consent_id>/revoke/",
        consent.consent_revoke,
        name="consent-revoke",
    ),
    path("<int:case_id>/screening/", interview.case_screening, name="screening"),
    path("<int:case_id>/edit/", cases.case_edit, name="edit"),
    path("<int:case_id>/recruiters/", recruiters.recruiter_add, name="recruiter-add"),
    path("<int:case_id>/assign/", cases.case_assign, name="assign"),
    path("<int:case_id>/family/", cases.case_family_add, name="family-add"),
    path("persons/<int:person_id>/", persons.person_detail, name="person"),
    path("persons/<int:person_id>/reveal/", persons.person_reveal, name="person-reveal"),
    path("persons/<int:person_id>/merge/", persons.person_merge, name="person-merge"),
    path("persons/<int:person_id>/new-case/", cases.person_new_case, name="person-new-case"),
]
urlpatterns += casework_urls.urlpatterns  # notes, documents, tasks, flags, history
