"""The case work's API, added to the cases API URLconf (so the role matrix reads it too)."""

from django.urls import path

from . import api

urlpatterns = [
    path("cases/<int:case_id>/notes/", api.NotesApi.as_view(), name="api-case-notes"),
    path("cases/<int:case_id>/documents/", api.DocumentsApi.as_view(), name="api-case-documents"),
    path(
        "cases/<int:case_id>/documents/<str:document_id>/",
        api.DocumentFileApi.as_view(),
        name="api-case-document",
    ),
    path("cases/<int:case_id>/tasks/", api.TasksApi.as_view(), name="api-case-tasks"),
    path(
        "cases/<int:case_id>/tasks/<int:task_id>/done/",
        api.TaskDoneApi.as_view(),
        name="api-case-task-done",
    ),
    path("cases/<int:case_id>/flags/", api.FlagsApi.as_view(), name="api-case-flags"),
    path(
        "cases/<int:case_id>/flags/<int:flag_id>/lift/",
        api.FlagLiftApi.as_view(),
        name="api-case-flag-lift",
    ),
    path("cases/<int:case_id>/history/", api.HistoryApi.as_view(), name="api-case-history"),
]
