from django.urls import path

from . import api

urlpatterns = [
    path("screening/ads/", api.AdListApi.as_view(), name="api-screening-ads"),
    path("screening/ads/<int:ad_id>/", api.AdDetailApi.as_view(), name="api-screening-ad"),
    path(
        "screening/ads/<int:ad_id>/decision/",
        api.AdDecisionApi.as_view(),
        name="api-screening-ad-decision",
    ),
    path("screening/batches/", api.BatchListApi.as_view(), name="api-screening-batches"),
    path(
        "screening/batches/<int:batch_id>/",
        api.BatchDetailApi.as_view(),
        name="api-screening-batch",
    ),
    path(
        "screening/batches/<int:batch_id>/cancel/",
        api.BatchCancelApi.as_view(),
        name="api-screening-batch-cancel",
    ),
    path(
        "screening/registry/verify/",
        api.VerifyRecruiterApi.as_view(),
        name="api-screening-verify",
    ),
    path(
        "screening/registry/imports/",
        api.RegistryImportApi.as_view(),
        name="api-screening-registry-imports",
    ),
    path(
        "screening/registry/imports/<int:import_id>/apply/",
        api.RegistryApplyApi.as_view(),
        name="api-screening-registry-apply",
    ),
]
