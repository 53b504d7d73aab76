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
from .permissions import registration_households, registration_residents

BSN_PARAM = OpenApiParameter(
    "bsn",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    description="Only the resident with this BSN. A case worker also finds a resident of "
    "their work area they have no grant for yet (to ask for access); logged.",
)


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Municipality.objects.order_by("name")
    serializer_class = serializers.MunicipalitySerializer


class NeighbourhoodViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Neighbourhood.objects.order_by("name")
    serializer_class = serializers.NeighbourhoodSerializer


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Organisation.objects.select_related("team").prefetch_related("team__neighbourhoods")
    serializer_class = serializers.OrganisationSerializer


@extend_schema_view(
    list=extend_schema(summary="Households whose address you may see (logged per resident)"),
    retrieve=extend_schema(summary="One household (logged per resident)"),
)
class HouseholdViewSet(AuditBasicRegistrationReads, viewsets.ReadOnlyModelViewSet):
    # For the schema's path-parameter types only; get_queryset() decides what is seen.
    queryset = Household.objects.none()
    serializer_class = serializers.HouseholdSerializer

    def get_queryset(self) -> QuerySet[Household]:
        return (
            registration_households(self.request.user)  # type: ignore[arg-type]
            .select_related("address")
            .prefetch_related("members")
            .order_by("pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Residents whose basic registration you may see (logged per resident)",
        parameters=[BSN_PARAM],
    ),
    retrieve=extend_schema(summary="One resident's basic registration (logged)"),
)
class ResidentViewSet(AuditBasicRegistrationReads, viewsets.ReadOnlyModelViewSet):
    # For the schema's path-parameter types only; get_queryset() decides what is seen.
    queryset = Resident.objects.none()
    serializer_class = serializers.ResidentSerializer

    def get_queryset(self) -> QuerySet[Resident]:
        bsn = self.request.query_params.get("bsn") if self.action == "list" else None
        return registration_residents(
            self.request.user,  # type: ignore[arg-type]
            bsn=bsn,
        ).order_by("pk")


class MeView(APIView):
    @extend_schema(responses=serializers.MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(serializers.MeSerializer(request.user).data)
