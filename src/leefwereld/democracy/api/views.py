"""The democracy API: public reads (no login), authenticated writes through services.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from leefwereld.api.base import ActorAPIMixin
from leefwereld.core.models import Municipality
from leefwereld.core.numbers import NumberError, parse_int

from .. import services
from ..authorisation import PARTICIPANT_ROLES, viewer, visible_rounds
from ..models import (
    BlockingRule,
    Challenge,
    Initiative,
    Project,
    ProjectOutcome,
    RoundResult,
)
from . import serializers


class ReadPublicWriteAuthenticated(permissions.BasePermission):
    """Anyone reads; writing needs a login (and services decide the rest)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


def _residents_only(request: Request) -> None:
    if getattr(request.user, "role", None) not in PARTICIPANT_ROLES:
        raise exceptions.PermissionDenied("Alleen inwoners kunnen dit doen.")


def _municipality() -> Municipality:
    found = Municipality.objects.order_by("pk").first()
    if found is None:
        raise exceptions.NotFound
    return found


class BudgetRoundViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Neighbourhood budgets. Drafts and analysis rounds only for the staff who run them."""

    serializer_class = serializers.BudgetRoundSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            visible_rounds(viewer(self.request))
            .prefetch_related("districts", "categories")
            .order_by("-pk")
        )

    @extend_schema(responses=serializers.RoundResultSerializer)
    @action(detail=True, methods=["get"])
    def result(self, request: Request, pk: str | None = None) -> Response:
        """The stored result, with for every project why it was (not) funded."""
        round_ = self.get_object()
        result = RoundResult.objects.filter(round=round_).first()
        if result is None:
            raise exceptions.NotFound("Deze ronde heeft nog geen uitslag.")
        outcomes = list(
            ProjectOutcome.objects.filter(result=result)
            .select_related("project")
            .order_by("-funded", "position", "-votes", "project__pk")
        )
        context = {"outcomes": outcomes, "sentences": services.result_sentences(result, outcomes)}
        return Response(serializers.RoundResultSerializer(result, context=context).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("round", OpenApiTypes.INT, description="Ronde (id)")]
    )
)
class BudgetProjectViewSet(
    ActorAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Ideas and projects of the visible rounds; residents propose and support."""

    serializer_class = serializers.ProjectSerializer
    permission_classes = [ReadPublicWriteAuthenticated]

    def get_queryset(self) -> QuerySet[Project]:
        rounds = visible_rounds(viewer(self.request)).values("pk")
        projects = (
            Project.objects.filter(round__in=rounds)
            .annotate(support_count=Count("supports", distinct=True))
            .prefetch_related("categories")
            .order_by("round_id", "pk")
        )
        round_id = self.request.query_params.get("round", "")
        if round_id:
            try:
                projects = projects.filter(round_id=parse_int(round_id, "round", minimum=1))
            except NumberError as error:
                raise exceptions.ValidationError({"round": [str(error)]}) from error
        return projects

    def perform_create(self, serializer: Any) -> None:
        _residents_only(self.request)
        data = serializer.validated_data
        project = services.propose_project(
            self.actor,
            data["round"],
            title=data["title"],
            description=data["description"],
            cost=data["cost"],
            categories=data.get("categories", []),
            district=data.get("district"),
        )
        serializer.instance = self.get_queryset().get(pk=project.pk)

    @extend_schema(request=None, responses={200: serializers.SupportSerializer})
    @action(detail=True, methods=["post", "delete"])
    def support(self, request: Request, pk: str | None = None) -> Response:
        """Support an idea (POST) or withdraw the support (DELETE)."""
        _residents_only(request)
        project = self.get_object()
        if request.method == "DELETE":
            services.withdraw_support(self.actor, project)
        else:
            services.support_project(self.actor, project)
        count = project.supports.count()
        return Response({"support_count": count}, status=status.HTTP_200_OK)


class InitiativeViewSet(
    ActorAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The register of citizen initiatives ("ja, tenzij")."""

    serializer_class = serializers.InitiativeSerializer
    permission_classes = [ReadPublicWriteAuthenticated]

    def get_queryset(self) -> QuerySet[Initiative]:
        return Initiative.objects.prefetch_related("related").order_by("-submitted_at", "-pk")

    def perform_create(self, serializer: Any) -> None:
        _residents_only(self.request)
        data = dict(serializer.validated_data)
        neighbourhood = data.get("neighbourhood")
        municipality = neighbourhood.municipality if neighbourhood else _municipality()
        serializer.instance = services.register_initiative(
            self.actor, municipality=municipality, **data
        )


class BlockingRuleViewSet(
    ActorAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Rules that block initiatives, with how many people run into them."""

    serializer_class = serializers.BlockingRuleSerializer
    permission_classes = [ReadPublicWriteAuthenticated]

    def get_queryset(self) -> QuerySet[BlockingRule]:
        return services.blocking_rules_with_counts().order_by("-support_count", "-pk")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        neighbourhood = data.get("neighbourhood")
        municipality = neighbourhood.municipality if neighbourhood else _municipality()
        rule = services.report_blocking_rule(self.actor, municipality=municipality, **data)
        serializer.instance = self.get_queryset().get(pk=rule.pk)

    @extend_schema(request=None, responses={200: serializers.SupportSerializer})
    @action(detail=True, methods=["post", "delete"])
    def support(self, request: Request, pk: str | None = None) -> Response:
        """ "I run into this rule too" (POST), or withdraw that (DELETE)."""
        rule = self.get_object()
        if request.method == "DELETE":
            services.withdraw_blocking_rule_support(self.actor, rule)
        else:
            services.support_blocking_rule(self.actor, rule)
        return Response({"support_count": rule.supports.count()})


class ChallengeViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Right to challenge: bids, their published criteria and the decisions."""

    serializer_class = serializers.ChallengeSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Challenge]:
        return (
            Challenge.objects.annotate(member_count=Count("members", distinct=True))
            .prefetch_related("criteria")
            .order_by("-submitted_at", "-pk")
        )
