"""Read access to geography (public reference data, not personal data)."""

from .models import District, Province


def provinces():
    return Province.objects.all()


def districts(*, province: Province | None = None):
    qs = District.objects.select_related("province")
    return qs.filter(province=province) if province else qs
