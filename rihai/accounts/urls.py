from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("two-factor/", views.mfa_verify, name="mfa-verify"),
    path("two-factor/setup/", views.mfa_setup, name="mfa-setup"),
    path("two-factor/codes/", views.issue_enrolment_code, name="enrolment-codes"),
]
