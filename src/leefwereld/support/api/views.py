"""Support's REST API: plans, measurements and decisions, read through the vault layer.

Lists give metadata of what the caller may see (their own household, the households they
are a network member of, or a professional's caseload); a detail opens the content through
``leefwereld.vault.access`` and so writes one access-log row with the endpoint.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from leefwereld.core.models import Household, NetworkMembership, Resident, User
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault

from .. import services
from ..models import Decision, Measurement, Plan
from . import serializers as s


def visible_household_ids(user: User) -> QuerySet:
    """Households whose support the caller may list: one subquery, set-based."""
    if user.role == Role.RESIDENT:
        return Resident.objects.filter(user=user).values("household_id")
    if user.role == Role.NETWORK_MEMBER:
        return NetworkMembership.objects.filter(user=user, ended__isnull=True).values(
            "household_id"
        )
    return vault.caseload(user).values("household_id")


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The household plans the caller may see; the detail includes the current version."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.PlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Plan.objects.none()
        return (
            Plan.objects.filter(household_id__in=visible_household_ids(_user(self.request)))
            .select_related("coach", "coach_organisation")
            .order_by("pk")
        )

    @extend_schema(responses=s.PlanDetailSerializer)
    def retrieve(self, request: Request, pk=None) -> Response:
        plan = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            content = services.current_content(
                _user(request), plan, f"GET /api/v1/support/plans/{pk}/"
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        version = plan.versions.get(number=plan.current_version)
        signed = [sig.user.display_name for sig in version.signatures.select_related("user")]
        return Response(
            s.PlanDetailSerializer(plan, context={"content": content, "signed_by": signed}).data
        )


HOUSEHOLD = OpenApiParameter(
    "household", OpenApiTypes.INT, required=True, description="Huishouden (id)"
)


class MeasurementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Measurements of one household, with their scores (read through the vault)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.MeasurementSerializer
    queryset = Measurement.objects.none()

    @extend_schema(parameters=[HOUSEHOLD])
    def list(self, request: Request) -> Response:
        user = _user(request)
        try:
            household_id = int(request.query_params.get("household", ""))
        except ValueError as error:
            raise ValidationError({"household": "Geef het huishouden (id) op."}) from error
        household = get_object_or_404(
            Household.objects.filter(pk__in=visible_household_ids(user)), pk=household_id
        )
        series = services.measurement_series(user, household, "GET /api/v1/support/measurements/")
        payloads = {m.pk: p for m, p in series}
        return Response(
            s.MeasurementSerializer(
                [m for m, _p in series], many=True, context={"payloads": payloads}
            ).data
        )

    @extend_schema(request=s.MeasurementInputSerializer, responses=s.MeasurementSerializer)
    def create(self, request: Request) -> Response:
        user = _user(request)
        data = s.MeasurementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        household = get_object_or_404(
            Household.objects.filter(pk__in=visible_household_ids(user)), pk=v["household"]
        )
        resident = (
            get_object_or_404(Resident, pk=v["resident"], household=household)
            if v.get("resident")
            else None
        )
        try:
            m = services.record_measurement(
                user,
                household,
                instrument=v["instrument"],
                scores=v["scores"],
                note=v.get("note", ""),
                resident=resident,
                measured_on=v.get("measured_on"),
                access_point="POST /api/v1/support/measurements/",
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        payload = {"scores": {k: int(x) for k, x in v["scores"].items()}, "text": v.get("note", "")}
        return Response(
            s.MeasurementSerializer(m, context={"payloads": {m.pk: payload}}).data, status=201
        )


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions (beschikkingen); the detail includes the letter's content."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.DecisionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        user = _user(self.request)
        visible = Q(application__melding__household_id__in=visible_household_ids(user))
        if user.role == Role.RESIDENT:
            # A resident sees their own decisions (and those of whom they represent).
            visible = Q(application__resident__in=vault.subjects_of(user))
        return Decision.objects.filter(visible).select_related("application").order_by("pk")

    @extend_schema(responses=s.DecisionDetailSerializer)
    def retrieve(self, request: Request, pk=None) -> Response:
        decision = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            content = services.read(
                _user(request), decision.record, f"GET /api/v1/support/decisions/{pk}/"
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        return Response(s.DecisionDetailSerializer(decision, context={"content": content}).data)
