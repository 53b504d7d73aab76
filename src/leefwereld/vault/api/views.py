"""The vault's REST API: the same access layer and verbs as the pages.

Residents manage their vault; professionals and partner systems (token authentication)
read and write what a grant or legal basis allows; the ombudsman reviews break-glass.
Every read of a record writes one access-log row, with the endpoint as access point.
A partner system acting for a named colleague sends `X-On-Behalf-Of: <username>`.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from leefwereld.api.base import ActorAPIMixin
from leefwereld.core.actor import Actor
from leefwereld.core.models import Household, NetworkMembership, Organisation, Resident, User
from leefwereld.core.numbers import NumberError, parse_int
from leefwereld.core.roles import Role
from leefwereld.vault import access, authorisation, registration, services
from leefwereld.vault.export import access_log_for, build_export
from leefwereld.vault.models import (
    AccessRequest,
    BreakGlass,
    Category,
    Grant,
    Invitation,
    LegalBasis,
    Record,
)

from . import serializers as s

ON_BEHALF_OF = OpenApiParameter(
    "X-On-Behalf-Of",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Username of the colleague (same organisation) this call is made for; "
    "logged as the responsible user (NEN 7513).",
)
RESIDENT_PARAM = OpenApiParameter(
    "resident",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    required=False,
    description="The resident. Residents may leave it out (their own vault).",
)
CATEGORY_PARAM = OpenApiParameter(
    "category",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    many=True,
    enum=Category.values,
    description="Only these categories (repeat the parameter). Default: all you may see.",
)
PURPOSE_PARAM = OpenApiParameter(
    "purpose",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    description="Only use grants and legal bases for this purpose (purpose binding).",
)


class PagedListViewSet(ActorAPIMixin, viewsets.GenericViewSet):
    """`list` is get_queryset() a page at a time, through serializer_class."""

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def subject_from(actor: Actor, value) -> Resident:
    """The resident a call is about. Residents default to their own vault."""
    if value in (None, ""):
        subjects = access.subjects_of(actor)
        if not subjects:
            raise ValidationError({"resident": "Name the resident."})
        return subjects[0]
    try:
        pk = parse_int(value, "resident", minimum=1)
    except NumberError as exc:
        raise ValidationError({"resident": [str(exc)]}) from exc
    try:
        return Resident.objects.select_related("household").get(pk=pk)
    except Resident.DoesNotExist as exc:
        raise NotFound("No such resident.") from exc


@extend_schema_view(
    list=extend_schema(
        summary="Read a resident's records (one logged access)",
        parameters=[RESIDENT_PARAM, CATEGORY_PARAM, PURPOSE_PARAM, ON_BEHALF_OF],
        responses={200: s.RecordAccessSerializer, 403: None},
    ),
    retrieve=extend_schema(
        summary="Read one record (one logged access)",
        parameters=[PURPOSE_PARAM, ON_BEHALF_OF],
        responses={200: s.RecordSerializer, 403: None, 404: None},
    ),
    create=extend_schema(
        summary="Store a record for a resident or household",
        parameters=[ON_BEHALF_OF],
        request=s.RecordWriteSerializer,
        responses={201: s.RecordCreatedSerializer, 403: None},
    ),
    partial_update=extend_schema(
        summary="Replace a record's content",
        parameters=[ON_BEHALF_OF],
        request=s.RecordUpdateSerializer,
        responses={200: s.RecordCreatedSerializer, 403: None, 404: None},
    ),
    destroy=extend_schema(
        summary="Erase a record (crypto-shredding); residents only",
        responses={204: None, 403: None, 404: None, 409: None},
    ),
)
class RecordViewSet(ActorAPIMixin, viewsets.ViewSet):
    def parse_lookup(self, value: str) -> object | None:
        """Records are named by a UUID; anything else is a 404."""
        try:
            return uuid.UUID(value)
        except ValueError:
            return None

    def list(self, request: Request) -> Response:
        resident = subject_from(self.actor, request.query_params.get("resident"))
        categories = request.query_params.getlist("category") or None
        opened = access.read_records(
            self.actor,
            resident,
            categories=categories,
            purpose=request.query_params.get("purpose") or None,
        )
        return Response(s.RecordAccessSerializer(opened).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        try:
            item = access.read_record(
                self.actor, pk, purpose=request.query_params.get("purpose") or None
            )
        except (Record.DoesNotExist, DjangoValidationError) as exc:
            raise NotFound from exc
        return Response(s.RecordSerializer(item).data)

    def create(self, request: Request) -> Response:
        data = s.RecordWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        owner: Resident | Household
        if "resident" in v:
            owner = get_object_or_404(Resident, pk=v["resident"])
        else:
            owner = get_object_or_404(Household, pk=v["household"])
        record = access.write_record(
            self.actor,
            owner,
            v["category"],
            v["purpose"],
            v["content"],
            kind=v["kind"],
            source=v["source"],
            retention_law=v.get("retention_law", ""),
            retention_until=v.get("retention_until"),
        )
        return Response(s.RecordCreatedSerializer(record).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        data = s.RecordUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = get_object_or_404(Record, pk=pk, erased_at__isnull=True)
        record = access.update_record(
            self.actor,
            record,
            data.validated_data["content"],
            purpose=data.validated_data["purpose"],
        )
        return Response(s.RecordCreatedSerializer(record).data)

    def destroy(self, request: Request, pk: str) -> Response:
        record = get_object_or_404(Record, pk=pk)
        try:
            access.erase_record(self.actor, record)
        except access.RetentionApplies as refusal:
            kept = record.retention()
            return Response(
                {
                    "detail": str(refusal),
                    "retention_law": kept.law if kept else record.retention_law,
                    "retention_until": kept.until if kept else record.retention_until,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except access.RecordErased as exc:
            raise NotFound from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="Grants: those you gave (residents) or those given to you",
        responses=s.GrantSerializer(many=True),
    ),
    retrieve=extend_schema(summary="One grant", responses=s.GrantSerializer),
    create=extend_schema(
        summary="Give a professional, team or organisation access",
        request=s.GrantCreateSerializer,
        responses={201: s.GrantSerializer},
    ),
)
class GrantViewSet(PagedListViewSet):
    # For the schema's path-parameter types only; get_queryset() decides what is seen.
    queryset = Grant.objects.none()
    serializer_class = s.GrantSerializer

    def get_queryset(self):
        return authorisation.visible_grants(self.actor)

    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(s.GrantSerializer(authorisation.access_grant(self.actor, pk)).data)

    def create(self, request: Request) -> Response:
        data = s.GrantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        resident = subject_from(self.actor, v.get("resident"))
        grant = services.grant_access(
            self.actor,
            resident,
            categories=v["categories"],
            purpose=v["purpose"],
            mode=v["mode"],
            grantee_user=User.objects.filter(pk=v.get("grantee_user")).first()
            if v.get("grantee_user")
            else None,
            grantee_organisation=Organisation.objects.filter(
                pk=v.get("grantee_organisation")
            ).first()
            if v.get("grantee_organisation")
            else None,
            ends_on=v.get("ends_on"),
        )
        return Response(s.GrantSerializer(grant).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Stop a grant (effective on the next request)",
        request=None,
        responses=s.GrantSerializer,
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: int) -> Response:
        grant = get_object_or_404(Grant, pk=pk)
        grant = services.revoke_grant(self.actor, grant)
        return Response(s.GrantSerializer(grant).data)


@extend_schema_view(
    list=extend_schema(
        summary="Access requests: to you (residents) or made by you",
        responses=s.AccessRequestSerializer(many=True),
    ),
    create=extend_schema(
        summary="Ask a resident for access",
        request=s.AccessRequestSerializer,
        responses={201: s.AccessRequestSerializer},
    ),
)
class AccessRequestViewSet(PagedListViewSet):
    # For the schema's path-parameter types only; get_queryset() decides what is seen.
    queryset = AccessRequest.objects.none()
    serializer_class = s.AccessRequestSerializer

    def get_queryset(self):
        return authorisation.visible_access_requests(self.actor)

    def create(self, request: Request) -> Response:
        data = s.AccessRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if not registration.work_area(self.actor).filter(pk=v["resident"].pk).exists():
            raise PermissionDenied("This resident is not in your work area.")
        created = services.request_access(
            self.actor,
            v["resident"],
            categories=v["categories"],
            purpose=v["purpose"],
            mode=v.get("mode", "read"),
            days=v.get("days"),
            organisation=v.get("organisation"),
        )
        return Response(s.AccessRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    def _decide(self, request: Request, pk: int, approve: bool) -> Response:
        item = authorisation.access_access_request(self.actor, pk)
        if approve:
            services.approve_request(self.actor, item)
        else:
            services.decline_request(self.actor, item)
        item.refresh_from_db()
        return Response(s.AccessRequestSerializer(item).data)

    @extend_schema(
        summary="Approve (creates the grant)", request=None, responses=s.AccessRequestSerializer
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: int) -> Response:
        return self._decide(request, pk, approve=True)

    @extend_schema(summary="Decline", request=None, responses=s.AccessRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: int) -> Response:
        return self._decide(request, pk, approve=False)


@extend_schema_view(
    list=extend_schema(
        summary="Legal bases: about you (residents), or that you may manage",
        responses=s.LegalBasisSerializer(many=True),
    ),
    create=extend_schema(
        summary="Record a legal basis (team lead, administrator; debt officer for Wgs)",
        request=s.LegalBasisCreateSerializer,
        responses={201: s.LegalBasisSerializer},
    ),
)
class LegalBasisViewSet(PagedListViewSet):
    # For the schema's path-parameter types only; get_queryset() decides what is seen.
    queryset = LegalBasis.objects.none()
    serializer_class = s.LegalBasisSerializer

    def get_queryset(self):
        return authorisation.visible_legal_bases(self.actor)

    def create(self, request: Request) -> Response:
        data = s.LegalBasisCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        resident = get_object_or_404(registration.work_area(self.actor), pk=v["resident"])
        basis = services.record_legal_basis(
            self.actor,
            resident,
            law=v["law"],
            article=v["article"],
            explanation=v["explanation"],
            purpose=v["purpose"],
            categories=v["categories"],
            mode=v["mode"],
            ends_on=v["ends_on"],
            organisation=get_object_or_404(Organisation, pk=v["organisation"]),
        )
        return Response(s.LegalBasisSerializer(basis).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="End a legal basis early", request=None, responses=s.LegalBasisSerializer
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: int) -> Response:
        basis = authorisation.access_legal_basis(self.actor, pk)
        basis = services.end_legal_basis(self.actor, basis)
        return Response(s.LegalBasisSerializer(basis).data)


@extend_schema_view(
    list=extend_schema(
        summary="Break-glass: the review queue (ombudsman) or your own (case workers)",
        responses=s.BreakGlassSerializer(many=True),
    ),
    create=extend_schema(
        summary="Open a resident's records in an emergency (flagged, 24 h, reviewed)",
        request=s.BreakGlassCreateSerializer,
        responses={201: s.BreakGlassSerializer},
    ),
)
class BreakGlassViewSet(ActorAPIMixin, viewsets.GenericViewSet):
    # For the schema's path-parameter types only; get_queryset() decides what is seen.
    queryset = BreakGlass.objects.none()
    serializer_class = s.BreakGlassSerializer

    def get_queryset(self):
        return authorisation.visible_break_glass(self.actor)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        reasons = {}
        if self.actor.role == Role.OMBUDSMAN:
            texts = access.open_for_residents(
                [(g.resident_id, f"break-glass:{g.uuid}", g.reason_ciphertext) for g in page]
            )
            reasons = {g.pk: t for g, t in zip(page, texts, strict=True)}
            registration.show(
                self.actor, Resident.objects.filter(pk__in=[g.resident_id for g in page])
            )
        return self.get_paginated_response(
            s.BreakGlassSerializer(page, many=True, context={"reasons": reasons}).data
        )

    def create(self, request: Request) -> Response:
        data = s.BreakGlassCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        resident = get_object_or_404(Resident, pk=v["resident"])
        glass = services.break_glass(
            self.actor,
            resident,
            reason=v["reason"],
            categories=v.get("categories") or None,
        )
        return Response(
            s.BreakGlassSerializer(glass, context={"reasons": {glass.pk: v["reason"]}}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Review (ombudsman)", request=s.ReviewSerializer, responses=s.BreakGlassSerializer
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: int) -> Response:
        data = s.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        glass = get_object_or_404(BreakGlass, pk=pk)
        glass = services.review_break_glass(
            self.actor,
            glass,
            outcome=data.validated_data["outcome"],
            note=data.validated_data["note"],
        )
        return Response(s.BreakGlassSerializer(glass).data)


@extend_schema_view(
    list=extend_schema(
        summary="Who looked at my data (residents; a representative names the child)",
        parameters=[RESIDENT_PARAM],
        responses=s.AccessLogSerializer(many=True),
    )
)
class AccessLogViewSet(ActorAPIMixin, viewsets.GenericViewSet):
    serializer_class = s.AccessLogSerializer

    def list(self, request: Request) -> Response:
        user = self.actor.user
        if user.role != Role.RESIDENT:
            raise PermissionDenied("Only residents read their access log here.")
        resident = subject_from(self.actor, request.query_params.get("resident"))
        if resident.pk not in authorisation.own_vaults(self.actor):
            raise PermissionDenied("This is not your access log.")
        rows = (
            access_log_for(resident)
            .select_related("user", "organisation")
            .order_by("-occurred_at", "-pk")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            s.AccessLogSerializer(page, many=True, context={"viewer_id": user.pk}).data
        )


@extend_schema_view(
    list=extend_schema(
        summary="The residents you currently have a grant, legal basis or break-glass for",
        responses=s.CaseloadEntrySerializer(many=True),
    )
)
class CaseloadViewSet(ActorAPIMixin, viewsets.GenericViewSet):
    serializer_class = s.CaseloadEntrySerializer

    def list(self, request: Request) -> Response:
        residents = (
            registration.caseload(self.actor)
            .select_related("household__address")
            .order_by("surname", "given_names", "pk")
        )
        page = list(self.paginate_queryset(residents) or [])
        bases = access.caseload_bases(self.actor, page)
        registration.show(self.actor, page, bases=bases)
        rows = [{"resident": r, "bases": bases[r.pk]} for r in page]
        return self.get_paginated_response(s.CaseloadEntrySerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Everything about me, as JSON (residents; a representative names the child)",
        parameters=[RESIDENT_PARAM],
        responses=s.ExportSerializer,
    )
)
class ExportViewSet(ActorAPIMixin, viewsets.ViewSet):
    def list(self, request: Request) -> Response:
        resident = subject_from(self.actor, request.query_params.get("resident"))
        return Response(build_export(self.actor, resident))


@extend_schema_view(
    list=extend_schema(
        summary="Your household's network members (residents)",
        responses=s.NetworkMemberSerializer(many=True),
    )
)
class NetworkMemberViewSet(PagedListViewSet):
    # For the schema's path-parameter types only; get_queryset() decides what is seen.
    queryset = NetworkMembership.objects.none()
    serializer_class = s.NetworkMemberSerializer

    def get_queryset(self):
        return authorisation.visible_network_members(self.actor)

    @extend_schema(
        summary="End a network membership (revokes the grants the household gave them)",
        request=None,
        responses=s.NetworkMemberSerializer,
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: int) -> Response:
        membership = authorisation.access_network_member(self.actor, pk)
        membership = services.end_network_membership(self.actor, membership)
        return Response(s.NetworkMemberSerializer(membership).data)


@extend_schema_view(
    list=extend_schema(
        summary="Open invitations to your household's network (residents)",
        responses=s.InvitationSerializer(many=True),
    ),
    create=extend_schema(
        summary="Invite a relative or friend by e-mail (a one-time link, 14 days)",
        request=s.InvitationCreateSerializer,
        responses={201: s.InvitationSerializer},
    ),
)
class InvitationViewSet(PagedListViewSet):
    # For the schema's path-parameter types only; get_queryset() decides what is seen.
    queryset = Invitation.objects.none()
    serializer_class = s.InvitationSerializer

    def get_queryset(self):
        return authorisation.visible_invitations(self.actor)

    def create(self, request: Request) -> Response:
        data = s.InvitationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        resident = subject_from(self.actor, v.get("resident"))
        accept_url = request.build_absolute_uri(
            reverse("vault:invitation_accept", args=["TOKEN"])
        ).replace("TOKEN", "{token}")
        invitation, _token = services.invite_network_member(
            self.actor,
            resident,
            name=v["name"],
            email=v["email"],
            relation=v["relation"],
            accept_url=accept_url,
        )
        return Response(s.InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Withdraw an open invitation", request=None, responses=s.InvitationSerializer
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: int) -> Response:
        invitation = authorisation.access_invitation(self.actor, pk)
        invitation = services.withdraw_invitation(self.actor, invitation)
        return Response(s.InvitationSerializer(invitation).data)
