from django.urls import path

from .views import directory, plans, referrals, transfers

app_name = "referrals"
urlpatterns = [
    path("", referrals.referral_list, name="list"),
    path("overdue/", referrals.overdue, name="overdue"),
    path("notifications/", referrals.notification_list, name="notifications"),
    path("refer/", referrals.referral_refer, name="refer"),
    path("new/<int:case_id>/", referrals.referral_new, name="new"),
    path("<int:referral_id>/", referrals.referral_detail, name="detail"),
    path("<int:referral_id>/accept/", referrals.referral_accept, name="accept"),
    path("<int:referral_id>/decline/", referrals.referral_decline, name="decline"),
    path("<int:referral_id>/withdraw/", referrals.referral_withdraw, name="withdraw"),
    path("<int:referral_id>/start/", referrals.referral_start, name="start"),
    path("<int:referral_id>/admit/", referrals.referral_admit, name="admit"),
    path("<int:referral_id>/discharge/", referrals.referral_discharge, name="discharge"),
    path("<int:referral_id>/services/", referrals.referral_service, name="service"),
    path("<int:referral_id>/complete/", referrals.referral_complete, name="complete"),
    path("services/", directory.directory, name="directory"),
    path("services/<int:provider_id>/", directory.provider_detail, name="provider"),
    path("services/<int:provider_id>/beds/", directory.provider_beds, name="provider-beds"),
    path("transfers/", transfers.transfer_list, name="transfers"),
    path("transfers/new/<int:case_id>/", transfers.transfer_new, name="transfer-new"),
    path("transfers/<int:transfer_id>/", transfers.transfer_detail, name="transfer"),
    path(
        "transfers/<int:transfer_id>/approve/", transfers.transfer_approve, name="transfer-approve"
    ),
    path("transfers/<int:transfer_id>/accept/", transfers.transfer_accept, name="transfer-accept"),
    path(
        "transfers/<int:transfer_id>/decline/", transfers.transfer_decline, name="transfer-decline"
    ),
    path("transfers/<int:transfer_id>/cancel/", transfers.transfer_cancel, name="transfer-cancel"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/<int:case_id>/", plans.plan_new, name="plan-new"),
    path("plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path("plans/<int:plan_id>/items/", plans.plan_item_add, name="plan-item-add"),
    path(
        "plans/<int:plan_id>/items/<int:item_id>/",
        plans.plan_item_update,
        name="plan-item-update",
    ),
    path("plans/<int:plan_id>/close/", plans.plan_close, name="plan-close"),
]
