from django.urls import path

from . import api, api_recruiters

urlpatterns = [
    path("investigations/", api.InvestigationListApi.as_view(), name="api-investigations"),
    path("investigations/overdue/", api.OverdueApi.as_view(), name="api-investigations-overdue"),
    path(
        "investigations/<int:investigation_id>/",
        api.InvestigationDetailApi.as_view(),
        name="api-investigation",
    ),
    path(
        "investigations/<int:investigation_id>/stage/",
        api.StageApi.as_view(),
        name="api-investigation-stage",
    ),
    path(
        "investigations/<int:investigation_id>/offences/",
        api.OffenceChargeApi.as_view(),
        name="api-investigation-offences",
    ),
    path(
        "investigations/<int:investigation_id>/victims/",
        api.VictimLinkApi.as_view(),
        name="api-investigation-victims",
    ),
    path(
        "investigations/<int:investigation_id>/victims/<int:link_id>/protection/",
        api.ProtectionApi.as_view(),
        name="api-investigation-protection",
    ),
    path(
        "investigations/<int:investigation_id>/hearings/",
        api.HearingApi.as_view(),
        name="api-investigation-hearings",
    ),
    path(
        "investigations/<int:investigation_id>/outcome/",
        api.OutcomeApi.as_view(),
        name="api-investigation-outcome",
    ),
    path(
        "investigations/<int:investigation_id>/compensation/",
        api.CompensationApi.as_view(),
        name="api-investigation-compensation",
    ),
    path(
        "investigations/<int:investigation_id>/evidence/",
        api.EvidenceApi.as_view(),
        name="api-investigation-evidence",
    ),
    path(
        "investigations/<int:investigation_id>/evidence/<int:evidence_id>/custody/",
        api.CustodyApi.as_view(),
        name="api-investigation-custody",
    ),
    path(
        "investigations/<int:investigation_id>/suspects/",
        api.AccuseSuspectApi.as_view(),
        name="api-investigation-suspects",
    ),
    path("suspects/", api.SuspectSearchApi.as_view(), name="api-suspects"),
    path(
        "suspects/<int:suspect_id>/matches/",
        api.SuspectMatchesApi.as_view(),
        name="api-suspect-matches",
    ),
    path(
        "suspects/<int:suspect_id>/recruiter-matches/",
        api_recruiters.SuspectRecruiterMatchesApi.as_view(),
        name="api-suspect-recruiter-matches",
    ),
    path(
        "investigations/<int:investigation_id>/accused/<int:accused_id>/status/",
        api_recruiters.AccusedStatusApi.as_view(),
        name="api-accused-status",
    ),
    path("offences/", api.OffenceCatalogueApi.as_view(), name="api-offences"),
    path(
        "cases/<int:case_id>/justice-summary/",
        api.CaseSummaryApi.as_view(),
        name="api-case-justice-summary",
    ),
]
