"""Support's REST API: plans, measurements and decisions, read through the vault layer.

Lists give metadata of what the caller may see (their own household, the households they
are a network member of, or a professional's caseload); a detail opens the content through
``leefwereld.vault.access`` and so writes one access-log row with the endpoint.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from leefwereld.api.base import ActorAPIMixin
from leefwereld.core.models import Resident
from leefwereld.core.numbers import NumberError, parse_int

from .. import authorisation as auth
from .. import services
from ..models import Decision, Measurement, Plan
from . import serializers as s


class PlanViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The household plans the caller may see; the detail includes the current version."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.PlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Plan.objects.none()
        return (
            auth.visible_plans(self.actor)
            .select_related("coach", "coach_organisation")
            .order_by("pk")
        )

    @extend_schema(responses=s.PlanDetailSerializer)
    def retrieve(self, request: Request, pk=None) -> Response:
        plan = get_object_or_404(self.get_queryset(), pk=pk)
        content = services.current_content(self.actor, plan)
        version = plan.versions.get(number=plan.current_version)
        signed = [sig.user.display_name for sig in version.signatures.select_related("user")]
        return Response(
            s.PlanDetailSerializer(plan, context={"content": content, "signed_by": signed}).data
        )


HOUSEHOLD = OpenApiParameter(
    "household", OpenApiTypes.INT, required=True, description="Huishouden (id)"
)


class MeasurementViewSet(ActorAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Measurements of one household, with their scores (read through the vault)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.MeasurementSerializer
    queryset = Measurement.objects.none()

    @extend_schema(parameters=[HOUSEHOLD])
    def list(self, request: Request) -> Response:
        try:
            household_id = parse_int(
                request.query_params.get("household", ""), "household", minimum=1
            )
        except NumberError as error:
            raise ValidationError({"household": [_("Geef het huishouden (id) op.")]}) from error
        household = get_object_or_404(auth.visible_households(self.actor), pk=household_id)
        series = services.measurement_series(self.actor, household)
        payloads = {m.pk: p for m, p in series}
        return Response(
            s.MeasurementSerializer(
                [m for m, _p in series], many=True, context={"payloads": payloads}
            ).data
        )

    @extend_schema(request=s.MeasurementInputSerializer, responses=s.MeasurementSerializer)
    def create(self, request: Request) -> Response:
        data = s.MeasurementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        household = get_object_or_404(auth.visible_households(self.actor), pk=v["household"])
        resident = (
            get_object_or_404(Resident, pk=v["resident"], household=household)
            if v.get("resident")
            else None
        )
        m = services.record_measurement(
            self.actor,
            household,
            instrument=v["instrument"],
            scores=v["scores"],
            note=v.get("note", ""),
            resident=resident,
            measured_on=v.get("measured_on"),
        )
        payload = {"scores": {k: int(x) for k, x in v["scores"].items()}, "text": v.get("note", "")}
        return Response(
            s.MeasurementSerializer(m, context={"payloads": {m.pk: payload}}).data, status=201
        )


class DecisionViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Decisions (beschikkingen); the detail includes the letter's content."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.DecisionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        return auth.visible_decisions(self.actor).select_related("application").order_by("pk")

    @extend_schema(responses=s.DecisionDetailSerializer)
    def retrieve(self, request: Request, pk=None) -> Response:
        decision = get_object_or_404(self.get_queryset(), pk=pk)
        content = services.read(self.actor, decision.record)
        return Response(s.DecisionDetailSerializer(decision, context={"content": content}).data)
