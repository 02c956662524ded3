from django.urls import path

from . import api, api_leads

# Not under "screening/": the cases app's "screening/<version>/" (victim identification) is
# matched first and would shadow these.

urlpatterns = [
    path("ads/", api.AdListApi.as_view(), name="api-screening-ads"),
    path("ads/<int:ad_id>/", api.AdDetailApi.as_view(), name="api-screening-ad"),
    path(
        "ads/<int:ad_id>/decision/",
        api.AdDecisionApi.as_view(),
        name="api-screening-ad-decision",
    ),
    path("ad-batches/", api.BatchListApi.as_view(), name="api-screening-batches"),
    path(
        "ad-batches/<int:batch_id>/",
        api.BatchDetailApi.as_view(),
        name="api-screening-batch",
    ),
    path(
        "ad-batches/<int:batch_id>/cancel/",
        api.BatchCancelApi.as_view(),
        name="api-screening-batch-cancel",
    ),
    path(
        "oep-registry/verify/",
        api.VerifyRecruiterApi.as_view(),
        name="api-screening-verify",
    ),
    path(
        "oep-registry/imports/",
        api.RegistryImportApi.as_view(),
        name="api-screening-registry-imports",
    ),
    path(
        "oep-registry/imports/<int:import_id>/apply/",
        api.RegistryApplyApi.as_view(),
        name="api-screening-registry-apply",
    ),
    path(
        "leads/<int:lead_id>/take/",
        api_leads.LeadTakeApi.as_view(),
        name="api-screening-lead-take",
    ),
]
