"""Which agency's intake queue receives a public report: the cases app's routing rules
(PTPA s.8 and provincial practice), then the nearest agency of that kind."""

from rihai.accounts.models import Agency, AgencyType
from rihai.cases.choices import ExploitationType, Jurisdiction
from rihai.cases.routing import suggest_jurisdictions

from .choices import ConcernKind

AGENCY_TYPE = {
    Jurisdiction.FIA: AgencyType.FIA_AHTC,
    Jurisdiction.POLICE: AgencyType.POLICE,
    Jurisdiction.CHILD_PROTECTION: AgencyType.CHILD_PROTECTION,
    Jurisdiction.LABOUR: AgencyType.LABOUR,
}
# The most specific body first: a child's case goes to child protection even when the
# police must also act; bonded labour to the labour department.
PRIORITY = [
    Jurisdiction.CHILD_PROTECTION,
    Jurisdiction.LABOUR,
    Jurisdiction.FIA,
    Jurisdiction.POLICE,
]


def jurisdiction_for(kind: str) -> str:
    suggestions = suggest_jurisdictions(
        is_transnational=kind == ConcernKind.ABROAD,
        exploitation_types=[ExploitationType.BONDED_LABOUR] if kind == ConcernKind.BONDED else [],
        any_child=kind == ConcernKind.CHILD,
    )
    found = {s.jurisdiction for s in suggestions}
    return next(j for j in PRIORITY if j in found)


def agency_for(kind: str, district) -> Agency | None:
    """An active agency of the right kind in the district, else the province, else anywhere;
    for FIA work with no circle, the province's police."""
    wanted = AGENCY_TYPE[jurisdiction_for(kind)]
    for agency_type in (wanted, AgencyType.POLICE):
        agencies = Agency.objects.active().filter(agency_type=agency_type).order_by("id")
        if district is not None:
            nearby = (
                agencies.filter(district=district).first()
                or agencies.filter(province_id=district.province_id).first()
            )
            if nearby:
                return nearby
        anywhere = agencies.first()
        if anywhere and agency_type == wanted:
            return anywhere
    return None
