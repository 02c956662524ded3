from django.urls import path

from .views import directory, referrals

app_name = "referrals"
urlpatterns = [
    path("", referrals.referral_list, name="list"),
    path("overdue/", referrals.overdue, name="overdue"),
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
]
