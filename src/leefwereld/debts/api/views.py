"""The debt fund's API: signal partners deliver signals and read back *that* they were
picked up; officers read case processes; officers, policy and council read the figures."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from leefwereld.core.models import Membership
from leefwereld.core.roles import Role

from .. import economics, services, signals
from ..models import Creditor, DebtCase, Phase, Signal
from . import serializers as s

FIGURE_ROLES = (Role.DEBT_OFFICER, Role.POLICY_OFFICER, Role.COUNCIL_MEMBER)


def partner_creditors(user) -> QuerySet[Creditor]:
    return Creditor.objects.filter(
        organisation_id__in=Membership.objects.filter(user=user).values("organisation_id")
    )


class HasRole(permissions.BasePermission):
    def __init__(self, *roles):
        self.roles = roles

    def __call__(self):
        return self

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.role in self.roles)


class SignalViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """GET: your organisation's signals and whether each was picked up (yes/no only).
    POST: deliver signals (all or nothing; the same kenmerk twice is skipped)."""

    serializer_class = s.SignalStatusSerializer

    def get_queryset(self) -> QuerySet[Signal]:
        return (
            Signal.objects.filter(partner__in=partner_creditors(self.request.user))
            .select_related("outreach")
            .order_by("-signal_date", "reference")
        )

    @extend_schema(request=s.SignalBatchSerializer, responses=s.ImportResultSerializer)
    def create(self, request: Request) -> Response:
        batch = s.SignalBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        user = request.user
        if user.role == Role.DEBT_OFFICER:
            partner = get_object_or_404(Creditor, pk=batch.validated_data.get("partner"))
        else:
            partner = partner_creditors(user).first()
            if partner is None:
                raise PermissionDenied
        rows = [(i + 1, dict(row)) for i, row in enumerate(batch.validated_data["signals"])]
        try:
            result = signals.import_signals(
                rows,
                partner,
                user,
                signals.json_hash(partner, [r for _i, r in rows]),
                services.today(),
            )
        except signals.SignalImportError as error:
            return Response({"problems": error.problems}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            s.ImportResultSerializer(result.__dict__).data, status=status.HTTP_201_CREATED
        )


class DebtCaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DebtCaseSerializer
    permission_classes = [HasRole(Role.DEBT_OFFICER)]

    def get_queryset(self) -> QuerySet[DebtCase]:
        return DebtCase.objects.exclude(phase=Phase.EXIT).order_by("pk")


class EconomicsView(APIView):
    """The fund's figures per month, in cents. No figure is about one household."""

    permission_classes = [HasRole(*FIGURE_ROLES)]

    @extend_schema(responses=s.MonthSerializer(many=True))
    def get(self, request: Request) -> Response:
        months = economics.fund_economics().months
        return Response(s.MonthSerializer([m.__dict__ for m in months], many=True).data)
