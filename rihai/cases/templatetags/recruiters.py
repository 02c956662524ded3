"""The case page's section on who recruited the survivor (one include in ``detail.html``)."""

from django import template

from ..forms_recruiters import RecruiterForm
from ..queries_recruiters import recruiters_of_case
from ..resources import Resource

register = template.Library()


@register.inclusion_tag("cases/recruiters_section.html", takes_context=True)
def recruiter_section(context, case):
    # ``case`` was read through queries.access_case by the detail view (and its view audited).
    user = context["request"].user
    return {
        "case": case,
        "accounts": list(recruiters_of_case(case)),
        "form": RecruiterForm() if user.can(Resource.CASE, "change") else None,
        "csrf_token": context.get("csrf_token"),
    }
