from django.urls import path

from . import api, api_plans, api_transfers

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
    path("transfers/", api_transfers.TransferListApi.as_view(), name="api-transfers"),
    path(
        "transfers/<int:transfer_id>/",
        api_transfers.TransferDetailApi.as_view(),
        name="api-transfer",
    ),
    path(
        "transfers/<int:transfer_id>/approve/",
        api_transfers.ApproveApi.as_view(),
        name="api-transfer-approve",
    ),
    path(
        "transfers/<int:transfer_id>/accept/",
        api_transfers.AcceptApi.as_view(),
        name="api-transfer-accept",
    ),
    path(
        "transfers/<int:transfer_id>/decline/",
        api_transfers.DeclineApi.as_view(),
        name="api-transfer-decline",
    ),
    path(
        "transfers/<int:transfer_id>/cancel/",
        api_transfers.CancelApi.as_view(),
        name="api-transfer-cancel",
    ),
    path("plans/", api_plans.PlanListApi.as_view(), name="api-plans"),
    path("plans/<int:plan_id>/", api_plans.PlanDetailApi.as_view(), name="api-plan"),
    path("plans/<int:plan_id>/items/", api_plans.PlanItemAddApi.as_view(), name="api-plan-items"),
    path(
        "plans/<int:plan_id>/items/<int:item_id>/",
        api_plans.PlanItemUpdateApi.as_view(),
        name="api-plan-item",
    ),
    path("plans/<int:plan_id>/close/", api_plans.PlanCloseApi.as_view(), name="api-plan-close"),
]
