from django.urls import path

from . import api

urlpatterns = [
    path("services/", api.ProviderListApi.as_view(), name="api-providers"),
    path("services/<int:provider_id>/", api.ProviderDetailApi.as_view(), name="api-provider"),
    path(
        "services/<int:provider_id>/beds/", api.ProviderBedsApi.as_view(), name="api-provider-beds"
    ),
    path("referrals/", api.ReferralListApi.as_view(), name="api-referrals"),
    path("referrals/<int:referral_id>/", api.ReferralDetailApi.as_view(), name="api-referral"),
    path(
        "referrals/<int:referral_id>/accept/", api.AcceptApi.as_view(), name="api-referral-accept"
    ),
    path(
        "referrals/<int:referral_id>/decline/",
        api.DeclineApi.as_view(),
        name="api-referral-decline",
    ),
    path(
        "referrals/<int:referral_id>/withdraw/",
        api.WithdrawApi.as_view(),
        name="api-referral-withdraw",
    ),
    path("referrals/<int:referral_id>/start/", api.StartApi.as_view(), name="api-referral-start"),
    path("referrals/<int:referral_id>/admit/", api.AdmitApi.as_view(), name="api-referral-admit"),
    path(
        "referrals/<int:referral_id>/discharge/",
        api.DischargeApi.as_view(),
        name="api-referral-discharge",
    ),
    path(
        "referrals/<int:referral_id>/services/",
        api.ServiceDeliveryApi.as_view(),
        name="api-referral-services",
    ),
    path(
        "referrals/<int:referral_id>/complete/",
        api.CompleteApi.as_view(),
        name="api-referral-complete",
    ),
]
