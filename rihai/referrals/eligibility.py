"""Who a provider and a bed may take: pure functions over plain facts (sex, age, children).

An unknown age is read as a child's (PTPA s.7: the safer reading), so an adult-only bed or
provider refuses it until the age is recorded.
"""

from django.utils.translation import gettext as _

from .choices import BedType

ADULT_AGE = 18


def is_child(age: int | None) -> bool:
    return age is None or age < ADULT_AGE


def fitting_bed_types(*, sex: str, age: int | None, with_children: bool) -> list[str]:
    """The bed types a person may be placed in: never a boy in a women's bed, or a man in a girls'."""
    if sex == "female":
        if is_child(age):
            return [BedType.GIRLS]
        return [BedType.WOMEN_WITH_CHILDREN] if with_children else [BedType.WOMEN]
    if sex == "male":
        return [BedType.BOYS] if is_child(age) else [BedType.MEN]
    return []


def bed_problem(bed_type: str, *, sex: str, age: int | None, with_children: bool) -> str:
    """Why ``bed_type`` does not fit this person (what to do instead), or "" if it does."""
    fitting = fitting_bed_types(sex=sex, age=age, with_children=with_children)
    if bed_type in fitting:
        return ""
    if not fitting:
        return _(
            "No bed type here fits this person's recorded sex. Refer them to a provider that "
            "serves them, or correct the sex on the case."
        )
    labels = ", ".join(str(BedType(b).label) for b in fitting)
    if age is None:
        return _(
            "The age is not recorded, so the person is treated as a child: use a %(beds)s bed, "
            "or have the referring agency record the age."
        ) % {"beds": labels}
    return _("A %(bed)s bed does not fit this person: use a %(beds)s bed instead.") % {
        "bed": BedType(bed_type).label,
        "beds": labels,
    }


def provider_problems(
    provider, *, sex: str, age: int | None, nationality: str, with_children: bool
) -> list[str]:
    """Why ``provider`` cannot serve this person (each with what to do instead); [] if it can."""
    problems = []
    if provider.eligible_sexes and sex not in provider.eligible_sexes:
        problems.append(_("This provider does not serve persons of this sex."))
    if provider.min_age is not None and (age is None or age < provider.min_age):
        if age is None:
            problems.append(
                _("This provider serves adults only and the age is not recorded: record it.")
            )
        else:
            problems.append(_("This person is younger than this provider serves."))
    if provider.max_age is not None and age is not None and age > provider.max_age:
        problems.append(_("This person is older than this provider serves."))
    if provider.nationalities and nationality not in provider.nationalities:
        problems.append(_("This provider does not serve persons of this nationality."))
    if with_children and not provider.accepts_children:
        problems.append(_("This provider does not take a survivor with her or his children."))
    return problems
