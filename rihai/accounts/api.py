from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Agency
from .permissions import Resource
from .serializers import AgencyOutput, MeOutput


class MeApi(APIView):
    """The signed-in user, their agency and what their role grants."""

    @extend_schema(responses=MeOutput)
    def get(self, request):
        return Response(MeOutput(request.user).data)


class AgencyListApi(generics.ListAPIView):
    """Agencies the user may see (any signed-in user may list the active directory)."""

    serializer_class = AgencyOutput
    filterset_fields = ["agency_type", "province__iso_code"]

    queryset = Agency.objects.none()  # for the schema generator; real rows come from below

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Agency.objects.none()
        # Every agency member needs the directory to refer cases; only those who administer
        # agencies also see inactive ones.
        base = Agency.objects.select_related("province", "district").order_by("id")
        if self.request.user.can(Resource.AGENCY, "view"):
            return base
        return base.filter(is_active=True) if self.request.user.agency_id else base.none()
