from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from leefwereld.api.base import ActorAPIMixin

from .. import public
from ..authorisation import visible_panels
from ..models import Panel
from .serializers import PanelDetailSerializer, PanelSerializer


class PanelViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Citizen panels: public, no login. Quotas, pool composition, every volunteer's
    selection probability by anonymous code, the lottery's hash, the draws and how to
    verify them. Panels in preparation are not listed."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    def get_queryset(self) -> QuerySet[Panel]:
        # As the public sees them (no authentication here, so no actor).
        return visible_panels(None).order_by("-created_at", "-pk")

    def get_serializer_class(self):
        return PanelDetailSerializer if self.action == "retrieve" else PanelSerializer

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if self.action == "retrieve" and "pk" in self.kwargs:
            context["summary"] = public.summary(self.get_object())
        return context
