from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from leefwereld.api.base import ActorAPIMixin

from ..authorisation import visible_offers
from ..forms import SearchForm
from ..models import Offer
from ..views import filter_offers, with_details
from .serializers import OfferSerializer

FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Zoekwoorden (Nederlands)"),
    OpenApiParameter("domain", OpenApiTypes.STR, description="Leefgebied (ZRM-code)"),
    OpenApiParameter("neighbourhood", OpenApiTypes.INT, description="Wijk (id)"),
    OpenApiParameter("age", OpenApiTypes.INT, description="Leeftijd van wie hulp zoekt"),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class OfferViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The sociale kaart: public, no login, only approved offers."""

    serializer_class = OfferSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    def get_queryset(self) -> QuerySet[Offer]:
        if self.action == "list":
            return with_details(filter_offers(SearchForm(self.request.query_params)))
        return with_details(visible_offers())
