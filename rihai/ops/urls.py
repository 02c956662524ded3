from django.urls import path

from . import views, views_retention

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics_view, name="metrics"),
    path("retention/holds/", views_retention.holds, name="holds"),
    path("retention/holds/<int:hold_id>/lift/", views_retention.lift_hold, name="lift-hold"),
    path("retention/erasures/", views_retention.erasures, name="erasures"),
    path(
        "retention/erasures/<int:request_id>/decide/",
        views_retention.decide_erasure,
        name="decide-erasure",
    ),
]
