from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from leefwereld.api.base import ActorAPIMixin

from ..authorisation import visible_offers
from ..forms import SearchForm
from ..models import LifeDomain, Offer
from ..views import filter_offers, with_details
from .serializers import OfferSerializer

FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Zoekwoorden (Nederlands)"),
    OpenApiParameter(
        "domain", OpenApiTypes.STR, enum=LifeDomain.values, description="Leefgebied (ZRM-code)"
    ),
    OpenApiParameter("neighbourhood", OpenApiTypes.INT, description="Wijk (id)"),
    OpenApiParameter(
        "age",
        {"type": "integer", "minimum": 0, "maximum": 120},
        description="Leeftijd van wie hulp zoekt",
    ),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class OfferViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The sociale kaart: public, no login, only approved offers."""

    serializer_class = OfferSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    def list(self, request: Request, *args, **kwargs) -> Response:
        # The page shows every offer when a filter is wrong; the API says what is wrong.
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Offer]:
        if self.action == "list":
            return with_details(filter_offers(SearchForm(self.request.query_params)))
        return with_details(visible_offers())
