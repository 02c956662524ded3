from django.urls import path

from .views import accused, delays, investigations, offences, summaries, suspects

app_name = "justice"
urlpatterns = [
    path("", investigations.investigation_list, name="list"),
    path("new/", investigations.investigation_new, name="new"),
    path("overdue/", delays.overdue_list, name="overdue"),
    path("offences/", offences.offence_list, name="offences"),
    path("cases/<int:case_id>/", summaries.case_summary, name="case-summary"),
    path("<int:investigation_id>/", investigations.investigation_detail, name="detail"),
    path("<int:investigation_id>/stage/", investigations.stage_record, name="stage"),
    path("<int:investigation_id>/offences/", investigations.offence_charge, name="offence-charge"),
    path("<int:investigation_id>/victims/", investigations.victim_link, name="victim-link"),
    path(
        "<int:investigation_id>/victims/<int:link_id>/protection/",
        investigations.protection_set,
        name="protection",
    ),
    path("<int:investigation_id>/hearings/", investigations.hearing_add, name="hearing-add"),
    path("<int:investigation_id>/outcome/", investigations.outcome_record, name="outcome"),
    path(
        "<int:investigation_id>/compensation/",
        investigations.compensation_record,
        name="compensation",
    ),
    path("<int:investigation_id>/evidence/", investigations.evidence_add, name="evidence-add"),
    path(
        "<int:investigation_id>/evidence/<int:evidence_id>/custody/",
        investigations.custody_add,
        name="custody-add",
    ),
    path("<int:investigation_id>/suspects/", investigations.suspect_add, name="suspect-add"),
    path("suspects/<int:suspect_id>/", suspects.suspect_detail, name="suspect"),
    path("suspects/<int:suspect_id>/links/", suspects.suspect_link, name="suspect-link"),
    path(
        "suspects/<int:suspect_id>/recruiter-links/",
        accused.recruiter_link,
        name="recruiter-link",
    ),
    path(
        "<int:investigation_id>/accused/<int:accused_id>/status/",
        accused.accused_status,
        name="accused-status",
    ),
]
