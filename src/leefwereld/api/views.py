from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from leefwereld.core.models import Household, Municipality, Neighbourhood, Organisation, Resident

from . import serializers
from .permissions import visible_households, visible_residents


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Municipality.objects.order_by("name")
    serializer_class = serializers.MunicipalitySerializer


class NeighbourhoodViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Neighbourhood.objects.order_by("name")
    serializer_class = serializers.NeighbourhoodSerializer


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Organisation.objects.select_related("team").prefetch_related("team__neighbourhoods")
    serializer_class = serializers.OrganisationSerializer


class HouseholdViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.HouseholdSerializer

    def get_queryset(self) -> QuerySet[Household]:
        return (
            visible_households(self.request.user)  # type: ignore[arg-type]
            .select_related("address")
            .prefetch_related("members")
            .order_by("pk")
        )


class ResidentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ResidentSerializer

    def get_queryset(self) -> QuerySet[Resident]:
        return visible_residents(self.request.user).order_by("pk")  # type: ignore[arg-type]


class MeView(APIView):
    @extend_schema(responses=serializers.MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(serializers.MeSerializer(request.user).data)
