"""The receiving agencies' intake queue, under /intake/ (staff only)."""

from django.urls import path

from .views import intake

app_name = "intake"
urlpatterns = [
    path("", intake.intake, name="list"),
    path("<int:report_id>/", intake.intake_detail, name="detail"),
    path("<int:report_id>/take/", intake.intake_take, name="take"),
    path("<int:report_id>/decide/", intake.intake_triage, name="decide"),
]
