"""The case work's pages, added to the cases URLconf (so the role matrix reads them too)."""

from django.urls import path

from ..views import casework as views

urlpatterns = [
    # One path per list (no parameter): the lists hold no one else's record.
    *(
        path(f"my-work/{key}/", views.work_list, {"key": key}, name=f"work-{key}")
        for key in ("tasks-overdue", "tasks-due", "requests-rejected", "new-assignments")
    ),
    path("<int:case_id>/notes/", views.case_notes, name="notes"),
    path("<int:case_id>/documents/", views.case_documents, name="documents"),
    path(
        "<int:case_id>/documents/<str:document_id>/",
        views.document_file,
        name="document-file",
    ),
    path("<int:case_id>/tasks/", views.case_tasks, name="tasks"),
    path("<int:case_id>/tasks/<int:task_id>/done/", views.task_done, name="task-done"),
    path("<int:case_id>/flags/", views.case_flags, name="flags"),
    path("<int:case_id>/flags/<int:flag_id>/lift/", views.flag_lift, name="flag-lift"),
    path("<int:case_id>/history/", views.case_history, name="history"),
]
