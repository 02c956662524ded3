"""``{% casework_tabs case %}``: the case record's tabs and standing flags, for the case page
(its view stays as it is; the flags are read through the fail-closed access functions)."""

from django import template

from .. import casework_queries

register = template.Library()


@register.inclusion_tag("cases/casework/_detail_tabs.html", takes_context=True)
def casework_tabs(context, case):
    user = context["request"].user
    flags = [f for f in casework_queries.case_flags(user, case) if f.is_standing]
    return {"case": case, "tab": "case", "standing_flags": flags}
