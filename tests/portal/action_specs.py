"""Specs of the public site's actions for the action contract (tests/action_contract.py).

A report is submitted anonymously and routed to an agency (the FIA circle of the test world
for a job abroad); the sender adds to it with the tracking code; the receiving agency takes
and triages it. The refused calls: a wrong code (refused like a missing one), and staff of
another agency (not found)."""

from django.core.exceptions import ValidationError

from rihai.portal import actions
from tests.action_contract import ActionSpec, the_result

P = "rihai.portal.actions."


def _report(t):
    return actions.do_submit_report(
        kind="abroad",
        urgent=False,
        district=t.lahore,
        what_happened="Agent Demo took a fee for a visa (synthetic)",
        who="Demo Overseas Ltd",
    )


def _first(result, _kwargs):
    return result[0]


def submit_report(t):
    return ActionSpec(
        allowed={
            "acting_user": None,
            "kind": "abroad",
            "urgent": False,
            "district": t.lahore,
            "what_happened": "A recruiter kept my passport (synthetic)",
        },
        event="report-received",
        audited_object=_first,
        no_record="an anonymous sender files a new report; it names no existing record",
    )


def add_to_report(t):
    report, code = _report(t)
    return ActionSpec(
        allowed={"acting_user": None, "code": code, "text": "He called again (synthetic)"},
        event="report-added-to",
        audited_object=lambda the_result, _kwargs: report,
        # A guessed code is refused like a missing one, and adds nothing.
        other_agency={"acting_user": None, "code": "WRONG-CODE-0000", "text": "x"},
        other_records=[report],
        refusal=ValidationError,
    )


def take_report(t):
    report, _code = _report(t)
    return ActionSpec(
        allowed={"report": report, "acting_user": t.fia_supervisor},
        event="report-taken",
        audited_object=the_result,
        other_agency={"report": report, "acting_user": t.ngo_supervisor},
        other_records=[report],
    )


def triage_report(t):
    report, _code = _report(t)
    call = {"report": report, "outcome": "no-action", "note": "Not enough to act on"}
    return ActionSpec(
        allowed={**call, "acting_user": t.fia_supervisor},
        event="report-triaged",
        audited_object=the_result,
        other_agency={**call, "acting_user": t.ngo_supervisor},
        other_records=[report],
    )


SPECS = {
    P + "do_submit_report": submit_report,
    P + "do_add_to_report": add_to_report,
    P + "do_take_report": take_report,
    P + "do_triage_report": triage_report,
}
