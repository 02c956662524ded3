from rest_framework import serializers

from .models import Agency, User


class AgencyOutput(serializers.ModelSerializer):
    province = serializers.CharField(source="province.iso_code")
    district = serializers.CharField(source="district.code", allow_null=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "name_ur",
            "agency_type",
            "province",
            "district",
            "is_active",
        ]


class MeOutput(serializers.ModelSerializer):
    agency = AgencyOutput()
    role = serializers.CharField(source="role.code", allow_null=True)
    grants = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "agency", "role", "grants"]

    def get_grants(self, user) -> list[dict]:
        return [
            {"resource": resource, "action": action, "scope": scope}
            for (resource, action), scope in sorted(user.grants.items())
        ]
