from typing import Any

from rest_framework import serializers

from leefwereld.core.models import (
    Address,
    Household,
    Municipality,
    Neighbourhood,
    Organisation,
    Resident,
    User,
)


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["id", "name", "cbs_code"]


class NeighbourhoodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Neighbourhood
        fields = ["id", "municipality", "name", "cbs_code", "population", "area_hectares"]


class OrganisationSerializer(serializers.ModelSerializer):
    neighbourhoods = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "phone", "email", "neighbourhoods"]

    def get_neighbourhoods(self, obj: Organisation) -> list[int]:
        team = getattr(obj, "team", None)
        return [n.pk for n in team.neighbourhoods.all()] if team else []


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = [
            "street",
            "house_number",
            "house_letter",
            "addition",
            "postcode",
            "city",
            "neighbourhood",
        ]


class HouseholdSerializer(serializers.ModelSerializer):
    address = AddressSerializer()
    members: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Household
        fields = ["id", "address", "members"]


class ResidentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resident
        fields = [
            "id",
            "bsn",
            "given_names",
            "surname_prefix",
            "surname",
            "birth_date",
            "household",
            "legal_representative",
        ]


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "role"]
