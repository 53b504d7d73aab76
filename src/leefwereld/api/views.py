from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from leefwereld.core.models import Household, Municipality, Neighbourhood, Organisation, Resident
from leefwereld.vault.api.audit import AuditBasicRegistrationReads

from . import serializers
from .base import ActorAPIMixin

BSN_PARAM = OpenApiParameter(
    "bsn",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    description="Only the resident with this BSN. A case worker also finds a resident of "
    "their work area they have no grant for yet (to ask for access); logged.",
)


class MunicipalityViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Municipality.objects.order_by("name")
    serializer_class = serializers.MunicipalitySerializer


class NeighbourhoodViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Neighbourhood.objects.order_by("name")
    serializer_class = serializers.NeighbourhoodSerializer


class OrganisationViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Organisation.objects.select_related("team").prefetch_related("team__neighbourhoods")
    serializer_class = serializers.OrganisationSerializer


@extend_schema_view(
    list=extend_schema(summary="Households whose address you may see (logged per resident)"),
    retrieve=extend_schema(summary="One household (logged per resident)"),
)
class HouseholdViewSet(ActorAPIMixin, AuditBasicRegistrationReads, viewsets.ReadOnlyModelViewSet):
    # For the schema's path-parameter types only; the audit mixin narrows what is seen.
    queryset = Household.objects.none()
    serializer_class = serializers.HouseholdSerializer

    def get_queryset(self) -> QuerySet[Household]:
        return (
            Household.objects.select_related("address").prefetch_related("members").order_by("pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Residents whose basic registration you may see (logged per resident)",
        parameters=[BSN_PARAM],
    ),
    retrieve=extend_schema(summary="One resident's basic registration (logged)"),
)
class ResidentViewSet(ActorAPIMixin, AuditBasicRegistrationReads, viewsets.ReadOnlyModelViewSet):
    # For the schema's path-parameter types only; the audit mixin narrows what is seen
    # (`?bsn=` on the list is the look-up of registration.registration_residents).
    queryset = Resident.objects.none()
    serializer_class = serializers.ResidentSerializer
    bsn_parameter = "bsn"

    def get_queryset(self) -> QuerySet[Resident]:
        return Resident.objects.order_by("pk")


class MeView(ActorAPIMixin, APIView):
    @extend_schema(responses=serializers.MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(serializers.MeSerializer(request.user).data)
