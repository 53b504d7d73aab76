"""The routes API: the same authorisation as the pages (routes/authorisation.py and the
services' own checks), personal content only through the vault's audited read. Every
viewset builds its `Actor` first (ActorAPIMixin); a verb's refusal becomes a 400 or 403
through the API's exception handler."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from leefwereld.api.base import ActorAPIMixin
from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault
from leefwereld.vault import registration

from .. import services
from ..authorisation import (
    CASEWORK,
    access_involvement,
    organisation_ids,
    reachable_residents,
    visible_involvements,
    visible_referrals,
    visible_requests,
    visible_signals,
)
from ..models import Escalation, Handover, HelpRequest, Involvement, InvolvementSignal
from . import serializers as s


def _require_casework(actor) -> None:
    if actor.role not in CASEWORK:
        raise exceptions.PermissionDenied("Alleen voor hulpverleners.")


STATUS_FILTER = OpenApiParameter(
    "status", OpenApiTypes.STR, enum=HelpRequest.Status.values, description="Alleen deze status"
)


@extend_schema_view(
    list=extend_schema(
        summary="Hulpvragen die u mag zien",
        description="Inwoners: hun eigen vragen (en die van kinderen die zij vertegenwoordigen). "
        "Hulpverleners: vragen waarvan de route langs hun organisatie gaat. Nooit de "
        "inhoud van de vraag: die staat in de kluis (zie /question/).",
        parameters=[STATUS_FILTER],
    ),
    retrieve=extend_schema(summary="Eén hulpvraag met zijn route"),
)
class HelpRequestViewSet(
    ActorAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.HelpRequestSerializer
    queryset = HelpRequest.objects.none()  # for the schema; get_queryset narrows per user

    def get_queryset(self) -> QuerySet[HelpRequest]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema
            return self.queryset
        requests = visible_requests(self.actor)
        wanted = self.request.query_params.get("status")
        if wanted in HelpRequest.Status.values:
            requests = requests.filter(status=wanted)
        return (
            requests.select_related("current_organisation", "responsible_user", "resident")
            .prefetch_related(
                Prefetch(
                    "handovers",
                    Handover.objects.select_related("from_organisation", "to_organisation"),
                ),
                Prefetch(
                    "escalations",
                    Escalation.objects.select_related("regie_organisation", "owner"),
                ),
            )
            .order_by("-opened_at", "-pk")
        )

    def _audit(self, requests) -> None:
        """Case workers see which resident a request is about: log it (NEN 7513)."""
        if self.actor.role in CASEWORK:
            registration.show(self.actor, [r.resident for r in requests])

    def list(self, request: Request, *args, **kwargs) -> Response:
        services.catch_up(requests=visible_requests(self.actor))
        return super().list(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._audit(page if page is not None else queryset)
        return page

    def get_object(self) -> HelpRequest:
        services.catch_up(requests=visible_requests(self.actor).filter(pk=self.kwargs["pk"]))
        obj = super().get_object()
        if self.action == "retrieve":
            self._audit([obj])
        return obj

    def _respond(self, help_request: HelpRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=help_request.pk)
        return Response(s.HelpRequestSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Een hulpvraag stellen",
        description="Een inwoner stelt een vraag bij een organisatie (die hem binnen de "
        "termijn accepteert), of een hulpverlener opent een vraag bij de eigen organisatie.",
        request=s.OpenRequestSerializer,
        responses={201: s.HelpRequestSerializer},
    )
    def create(self, request: Request) -> Response:
        data = s.OpenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        resident = get_object_or_404(reachable_residents(self.actor), pk=values["resident"])
        organisation = get_object_or_404(Organisation, pk=values["organisation"])
        help_request = services.open_request(
            self.actor,
            resident,
            organisation=organisation,
            category=values["category"],
            question=values.get("question", ""),
            share=values.get("share", False),
        )
        return self._respond(help_request, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Doorverwijzen",
        description="De tweede verwijzing geeft een waarschuwing; een derde poging opent een "
        "escalatie naar het regieteam in plaats van een verwijzing.",
        request=s.ReferSerializer,
        responses={201: s.ReferResultSerializer},
    )
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk=None) -> Response:
        help_request = self.get_object()
        data = s.ReferSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.refer(
            self.actor,
            help_request,
            to_organisation=get_object_or_404(
                Organisation, pk=data.validated_data["to_organisation"]
            ),
            note=data.validated_data.get("note", ""),
        )
        return Response(
            s.ReferResultSerializer(
                {
                    "escalated": result.escalated,
                    "warning": result.warning,
                    "handover": result.handover,
                    "escalation": result.escalation,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )

    def _on_current_handover(self, request: Request, verb) -> Response:
        help_request = self.get_object()
        if help_request.current_handover is None:
            raise exceptions.ValidationError("Deze overdracht is niet meer open.")
        verb(self.actor, help_request.current_handover)
        return self._respond(help_request)

    @extend_schema(
        summary="De overdracht accepteren", request=None, responses=s.HelpRequestSerializer
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        return self._on_current_handover(request, services.accept_handover)

    @extend_schema(
        summary="De verwijzing weigeren (terug naar de verwijzer)",
        request=None,
        responses=s.HelpRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk=None) -> Response:
        return self._on_current_handover(request, services.refuse_handover)

    @extend_schema(
        summary="Het regieteam inschakelen", request=None, responses=s.HelpRequestSerializer
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk=None) -> Response:
        help_request = self.get_object()
        services.escalate(self.actor, help_request)
        return self._respond(help_request)

    @extend_schema(
        summary="Inwoner: ik word van het kastje naar de muur gestuurd",
        request=None,
        responses=s.HelpRequestSerializer,
    )
    @action(detail=True, methods=["post"], url_path="pillar-to-post")
    def pillar_to_post(self, request: Request, pk=None) -> Response:
        help_request = self.get_object()
        services.report_pillar_to_post(self.actor, help_request)
        return self._respond(help_request)

    @extend_schema(
        summary="Regieteam: de regie nemen", request=None, responses=s.HelpRequestSerializer
    )
    @action(detail=True, methods=["post"], url_path="take-ownership")
    def take_ownership(self, request: Request, pk=None) -> Response:
        help_request = self.get_object()
        escalation = services.open_escalation(help_request)
        if escalation is None:
            raise exceptions.ValidationError("Er is geen open escalatie.")
        services.take_ownership(self.actor, escalation)
        return self._respond(help_request)

    @extend_schema(summary="Afronden", request=s.CloseSerializer, responses=s.HelpRequestSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk=None) -> Response:
        help_request = self.get_object()
        data = s.CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.close_request(self.actor, help_request, outcome=data.validated_data["outcome"])
        return self._respond(help_request)

    @extend_schema(
        summary="Inwoner: de huidige organisatie mag de vraag lezen",
        request=None,
        responses=s.HelpRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def share(self, request: Request, pk=None) -> Response:
        help_request = self.get_object()
        services.share_with_current_organisation(self.actor, help_request)
        return self._respond(help_request)

    @extend_schema(
        summary="Inwoner: de vraag intrekken", request=None, responses=s.HelpRequestSerializer
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk=None) -> Response:
        help_request = self.get_object()
        services.withdraw_request(self.actor, help_request)
        return self._respond(help_request)

    @extend_schema(
        summary="De vraag zelf, uit de kluis van de inwoner",
        description="Gelezen via de kluis: alleen met toestemming, een wettelijke grondslag "
        "of noodtoegang, en altijd in het logboek van de inwoner.",
        responses={200: s.QuestionSerializer, 403: None, 404: None},
    )
    @action(detail=True, methods=["get"])
    def question(self, request: Request, pk=None) -> Response:
        help_request = self.get_object()
        if help_request.record_id is None:
            raise exceptions.NotFound("Bij deze hulpvraag staat geen tekst in de kluis.")
        try:  # no basis: the vault's AccessDenied is a 403 (the API's exception handler)
            payload = services.read_content(self.actor, help_request)
        except vault.RecordErased as error:
            raise exceptions.NotFound("De inwoner heeft de tekst verwijderd.") from error
        return Response(
            s.QuestionSerializer(
                {
                    "title": payload.get("title", ""),
                    "text": payload.get("text", ""),
                    "notes": payload.get("notes", []),
                }
            ).data
        )


@extend_schema_view(
    list=extend_schema(
        summary="Verwijzingen (overdrachten) op routes die u mag zien",
        parameters=[
            OpenApiParameter(
                "incoming",
                OpenApiTypes.BOOL,
                description="Alleen open overdrachten naar uw eigen organisaties",
            )
        ],
    ),
    retrieve=extend_schema(summary="Eén overdracht"),
)
class ReferralViewSet(ActorAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.HandoverSerializer
    queryset = Handover.objects.none()

    def get_queryset(self) -> QuerySet[Handover]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema
            return self.queryset
        handovers = visible_referrals(self.actor)
        if self.request.query_params.get("incoming") in ("1", "true", "True"):
            handovers = handovers.filter(
                status=Handover.Status.PENDING,
                to_organisation_id__in=organisation_ids(self.actor),
            )
        return handovers.select_related("from_organisation", "to_organisation").order_by(
            "-sent_at", "-pk"
        )


@extend_schema_view(
    list=extend_schema(
        summary="Betrokkenheid (verwijsindex)",
        description="Hulpverleners: de meldingen van hun eigen organisaties. Inwoners: welke "
        "organisaties betrokkenheid bij hen meldden (alleen de organisatie en sinds wanneer).",
        # A resident gets the short form, a professional the full one.
        responses=PolymorphicProxySerializer(
            component_name="InvolvementEntry",
            serializers=[s.InvolvementSerializer, s.ResidentInvolvementSerializer],
            resource_type_field_name=None,
            many=True,
        ),
    ),
)
class InvolvementViewSet(ActorAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.InvolvementSerializer
    queryset = Involvement.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema
            return self.queryset
        involvements = visible_involvements(self.actor).select_related("organisation")
        if self.actor.role == Role.RESIDENT:
            return involvements.order_by("organisation__name", "pk")
        return involvements.order_by("-registered_at", "pk")

    def get_serializer_class(self):
        if getattr(self, "actor", None) is not None and self.actor.role == Role.RESIDENT:
            return s.ResidentInvolvementSerializer
        return s.InvolvementSerializer

    @extend_schema(
        summary="Betrokkenheid melden (nooit een reden of inhoud)",
        request=s.RegisterInvolvementSerializer,
        responses={201: s.SignalSerializer(many=True)},
    )
    def create(self, request: Request) -> Response:
        _require_casework(self.actor)
        data = s.RegisterInvolvementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        # Only residents within reach: one 404 for an unknown id or BSN and for someone out
        # of reach, so an attempt reveals nothing.
        reachable = reachable_residents(self.actor)
        if values.get("resident"):
            resident = get_object_or_404(reachable, pk=values["resident"])
        else:
            resident = get_object_or_404(reachable, bsn=values["bsn"])
        involvement, signals = services.register_involvement(
            self.actor,
            resident,
            organisation=get_object_or_404(Organisation, pk=values["organisation"]),
            starts_on=values.get("starts_on"),
            contact_phone=values.get("contact_phone") or None,
        )
        mine = [signal for signal in signals if signal.recipient_id == involvement.pk]
        return Response(s.SignalSerializer(mine, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Betrokkenheid beëindigen",
        request=s.EndInvolvementSerializer,
        responses={204: None},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk=None) -> Response:
        _require_casework(self.actor)
        involvement = access_involvement(self.actor, pk)
        data = s.EndInvolvementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.end_involvement(
            self.actor, involvement, unjustified=data.validated_data["unjustified"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Uw signalen: andere betrokken hulpverleners en hun contactgegevens")
)
class SignalViewSet(ActorAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SignalSerializer
    queryset = InvolvementSignal.objects.none()

    def get_queryset(self) -> QuerySet[InvolvementSignal]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema
            return self.queryset
        return (
            visible_signals(self.actor)
            .select_related("recipient", "other__organisation", "other_archive__organisation")
            .order_by("-created_at", "pk")
        )

    @extend_schema(summary="Contact opgenomen", request=None, responses=s.SignalSerializer)
    @action(detail=True, methods=["post"], url_path="contact-made")
    def contact_made(self, request: Request, pk=None) -> Response:
        signal = get_object_or_404(self.get_queryset(), pk=pk)
        signal = services.mark_contact_made(self.actor, signal)
        return Response(s.SignalSerializer(self.get_queryset().get(pk=signal.pk)).data)
