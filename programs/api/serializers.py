from rest_framework import serializers

from programs.models import District, Program, Province


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name_th", "name_en", "region"]


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name_th", "name_en", "province", "postal_code"]


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = [
            "slug",
            "name_th",
            "name_en",
            "short_name",
            "owner_agency",
            "description",
            "start_year",
            "end_year",
            "provinces",
            "is_active",
        ]
