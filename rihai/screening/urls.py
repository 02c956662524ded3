from django.urls import path

from . import views, views_leads, views_models

app_name = "screening"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("ads/<int:ad_id>/", views.ad_detail, name="ad"),
    path("export.jsonl", views.export_decisions, name="export"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:batch_id>/", views.batch_detail, name="batch"),
    path("batches/<int:batch_id>/cancel/", views.batch_cancel, name="batch-cancel"),
    path("networks/", views.network_list, name="networks"),
    path("networks/<int:network_id>/", views.network_detail, name="network"),
    path("leads/", views.leads, name="leads"),
    path("leads/<int:lead_id>/decide/", views.lead_decide, name="lead-decide"),
    path("leads/<int:lead_id>/take/", views_leads.lead_take, name="lead-take"),
    path("models/", views_models.models_page, name="models"),
    path("models/train/", views_models.model_train, name="model-train"),
    path("models/switch/", views_models.model_switch, name="model-switch"),
    path("registry/", views.registry, name="registry"),
    path("registry/import/", views.registry_import, name="registry-import"),
    path(
        "registry/import/<int:import_id>/",
        views.registry_import_detail,
        name="registry-import-detail",
    ),
]
