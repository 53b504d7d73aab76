"""The debt fund's API: signal partners deliver signals and read back *that* they were
picked up; officers read case processes; officers, policy and council read the figures.

Refusals (a verb's ValidationError or PermissionDenied) become 400/403 in the API's
exception handler; the objects come only from `debts.authorisation`."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from leefwereld.api.base import ActorAPIMixin

from .. import authorisation as authz
from .. import economics, services, signals
from ..authorisation import FIGURES, OFFICER, SIGNAL_PARTNERS, SIGNAL_SENDERS
from ..models import Creditor, DebtCase, Signal
from . import serializers as s


class HasRole(permissions.BasePermission):
    """Logged in with one of the roles of a group from `debts.authorisation`."""

    def __init__(self, roles: frozenset[str]):
        self.roles = roles

    def __call__(self):
        return self

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.role in self.roles)


class SignalViewSet(ActorAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """GET: your organisation's signals and whether each was picked up (yes/no only).
    POST: deliver signals (all or nothing; the same kenmerk twice is skipped)."""

    serializer_class = s.SignalStatusSerializer

    def get_permissions(self):
        return [HasRole(SIGNAL_SENDERS if self.action == "create" else SIGNAL_PARTNERS)]

    def get_queryset(self) -> QuerySet[Signal]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema has no caller
            return Signal.objects.none()
        return (
            authz.partner_signals(self.actor)
            .select_related("outreach")
            .order_by("-signal_date", "reference")
        )

    @extend_schema(request=s.SignalBatchSerializer, responses=s.ImportResultSerializer)
    def create(self, request: Request) -> Response:
        batch = s.SignalBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        partner: Creditor | None
        if authz.is_officer(self.actor):
            partner = get_object_or_404(Creditor, pk=batch.validated_data.get("partner"))
        else:
            partner = authz.partner_creditors(self.actor).first()
            if partner is None:
                raise PermissionDenied
        rows = [(i + 1, dict(row)) for i, row in enumerate(batch.validated_data["signals"])]
        try:
            result = signals.import_signals(
                self.actor,
                rows,
                partner,
                signals.json_hash(partner, [r for _i, r in rows]),
                services.today(),
            )
        except signals.SignalImportError as error:
            return Response({"problems": error.problems}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            s.ImportResultSerializer(result.__dict__).data, status=status.HTTP_201_CREATED
        )


class DebtCaseViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DebtCaseSerializer

    def get_permissions(self) -> list[permissions.BasePermission]:
        return [HasRole(OFFICER)]

    def get_queryset(self) -> QuerySet[DebtCase]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema has no caller
            return DebtCase.objects.none()
        return authz.running_cases(self.actor).order_by("pk")


class EconomicsView(ActorAPIMixin, APIView):
    """The fund's figures per month, in cents. No figure is about one household."""

    def get_permissions(self) -> list[permissions.BasePermission]:
        return [HasRole(FIGURES)]

    @extend_schema(responses=s.MonthSerializer(many=True))
    def get(self, request: Request) -> Response:
        months = economics.fund_economics().months
        return Response(s.MonthSerializer([m.__dict__ for m in months], many=True).data)
