from django.urls import path

from . import api
from .casework import api_urls as casework_api_urls

urlpatterns = [
    path("cases/", api.CaseListApi.as_view(), name="api-cases"),
    path("cases/<int:case_id>/", api.CaseDetailApi.as_view(), name="api-case"),
    path("cases/<int:case_id>/htcds/", api.CaseHtcdsExportApi.as_view(), name="api-case-htcds"),
    path("cases/import-htcds/", api.CaseHtcdsImportApi.as_view(), name="api-case-import-htcds"),
    path("cases/<int:case_id>/status/", api.CaseStatusApi.as_view(), name="api-case-status"),
    path("cases/<int:case_id>/assign/", api.CaseAssignApi.as_view(), name="api-case-assign"),
    path(
        "cases/<int:case_id>/recruiters/",
        api.RecruiterApi.as_view(),
        name="api-case-recruiters",
    ),
    path("cases/<int:case_id>/family/", api.CaseFamilyApi.as_view(), name="api-case-family"),
    path(
        "cases/<int:case_id>/status/<int:change_id>/decision/",
        api.StatusDecisionApi.as_view(),
        name="api-case-status-decision",
    ),
    path("cases/<int:case_id>/screenings/", api.ScreeningApi.as_view(), name="api-case-screenings"),
    path("cases/<int:case_id>/consents/", api.ConsentApi.as_view(), name="api-case-consents"),
    path(
        "cases/<int:case_id>/consents/<int:consent_id>/revoke/",
        api.ConsentRevokeApi.as_view(),
        name="api-case-consent-revoke",
    ),
    path("persons/", api.PersonCreateApi.as_view(), name="api-persons"),
    path("persons/duplicates/", api.DuplicateCheckApi.as_view(), name="api-person-duplicates"),
    path("persons/<int:person_id>/", api.PersonDetailApi.as_view(), name="api-person"),
    path("persons/<int:person_id>/merge/", api.PersonMergeApi.as_view(), name="api-person-merge"),
    path(
        "persons/<int:person_id>/reveal/", api.PersonRevealApi.as_view(), name="api-person-reveal"
    ),
    path(
        "cases/<int:case_id>/restriction/",
        api.CaseRestrictionApi.as_view(),
        name="api-case-restriction",
    ),
    path("status-requests/", api.FallbackRequestsApi.as_view(), name="api-status-requests"),
    path(
        "status-requests/<int:change_id>/decision/",
        api.FallbackDecisionApi.as_view(),
        name="api-status-request-decision",
    ),
    path("screening/<str:version>/", api.ScreeningQuestionsApi.as_view(), name="api-screening"),
]
urlpatterns += casework_api_urls.urlpatterns  # notes, documents, tasks, flags, history
