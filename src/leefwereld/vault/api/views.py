"""The vault's REST API: the same access layer and verbs as the pages.

Residents manage their vault; professionals and partner systems (token authentication)
read and write what a grant or legal basis allows; the ombudsman reviews break-glass.
Every read of a record writes one access-log row, with the endpoint as access point.
A partner system acting for a named colleague sends `X-On-Behalf-Of: <username>`.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from leefwereld.api.permissions import visible_residents
from leefwereld.core.models import Household, NetworkMembership, Organisation, Resident, User
from leefwereld.core.roles import Role
from leefwereld.vault import access, services
from leefwereld.vault.export import access_log_for, build_export
from leefwereld.vault.models import (
    AccessRequest,
    BreakGlass,
    Category,
    Grant,
    Invitation,
    LegalBasis,
    Record,
    organisations_of,
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


def access_point(request: Request) -> str:
    return f"{request.method} {request.path}"


@contextmanager
def service_errors():
    """Turn the verbs' Django exceptions into DRF's 400/403 answers."""
    try:
        yield
    except DjangoValidationError as error:
        raise ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from error
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error) or None) from error


def on_behalf_of(request: Request) -> User | None:
    username = request.headers.get("X-On-Behalf-Of")
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ParseError("X-On-Behalf-Of names no active user.")
    return user


def own_vaults(user: User) -> list[int]:
    """The residents whose vault a resident manages: their own and those they represent."""
    return [r.pk for r in access.subjects_of(user)]


class PagedListViewSet(viewsets.GenericViewSet):
    """`list` is get_queryset() a page at a time, through serializer_class."""

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.serializer_class(page, many=True).data)


def subject_from(request: Request, value) -> Resident:
    """The resident a call is about. Residents default to their own vault."""
    user: User = request.user  # type: ignore[assignment]
    if value in (None, ""):
        subjects = access.subjects_of(user)
        if not subjects:
            raise ValidationError({"resident": "Name the resident."})
        return subjects[0]
    try:
        return Resident.objects.select_related("household").get(pk=int(value))
    except (ValueError, Resident.DoesNotExist) as exc:
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
class RecordViewSet(viewsets.ViewSet):
    lookup_value_regex = "[0-9a-f-]{36}"

    def list(self, request: Request) -> Response:
        resident = subject_from(request, request.query_params.get("resident"))
        categories = request.query_params.getlist("category") or None
        with service_errors():
            opened = access.read_records(
                request.user,  # type: ignore[arg-type]
                resident,
                access_point=access_point(request),
                categories=categories,
                purpose=request.query_params.get("purpose") or None,
                on_behalf_of=on_behalf_of(request),
            )
        return Response(s.RecordAccessSerializer(opened).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        with service_errors():
            try:
                item = access.read_record(
                    request.user,  # type: ignore[arg-type]
                    pk,
                    access_point=access_point(request),
                    purpose=request.query_params.get("purpose") or None,
                    on_behalf_of=on_behalf_of(request),
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
        with service_errors():
            record = access.write_record(
                request.user,  # type: ignore[arg-type]
                owner,
                v["category"],
                v["purpose"],
                v["content"],
                access_point=access_point(request),
                kind=v["kind"],
                source=v["source"],
                retention_law=v.get("retention_law", ""),
                retention_until=v.get("retention_until"),
                on_behalf_of=on_behalf_of(request),
            )
        return Response(s.RecordCreatedSerializer(record).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        data = s.RecordUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = get_object_or_404(Record, pk=pk, erased_at__isnull=True)
        with service_errors():
            record = access.update_record(
                request.user,  # type: ignore[arg-type]
                record,
                data.validated_data["content"],
                purpose=data.validated_data["purpose"],
                access_point=access_point(request),
                on_behalf_of=on_behalf_of(request),
            )
        return Response(s.RecordCreatedSerializer(record).data)

    def destroy(self, request: Request, pk: str) -> Response:
        record = get_object_or_404(Record, pk=pk)
        with service_errors():
            try:
                access.erase_record(
                    request.user,  # type: ignore[arg-type]
                    record,
                    access_point=access_point(request),
                )
            except access.RetentionApplies:
                return Response(
                    {
                        "detail": "A law requires keeping this record.",
                        "retention_law": record.retention_law,
                        "retention_until": record.retention_until,
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
        user: User = self.request.user  # type: ignore[assignment]
        grants = Grant.objects.select_related("grantee_user", "grantee_organisation")
        if user.role == Role.RESIDENT:
            return grants.filter(resident__in=own_vaults(user)).order_by("-created_at")
        if user.role in access.GRANTEE_ROLES:
            return (
                grants.active()
                .filter(
                    Q(grantee_user=user) | Q(grantee_organisation_id__in=organisations_of(user))
                )
                .order_by("ends_at")
            )
        return grants.none()

    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(s.GrantSerializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

    def create(self, request: Request) -> Response:
        data = s.GrantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        resident = subject_from(request, v.get("resident"))
        with service_errors():
            grant = services.grant_access(
                request.user,  # type: ignore[arg-type]
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
        with service_errors():
            grant = services.revoke_grant(request.user, grant)  # type: ignore[arg-type]
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
        user: User = self.request.user  # type: ignore[assignment]
        if user.role == Role.RESIDENT:
            return AccessRequest.objects.filter(resident__in=own_vaults(user)).order_by(
                "-created_at"
            )
        return AccessRequest.objects.filter(requested_by=user).order_by("-created_at")

    def create(self, request: Request) -> Response:
        data = s.AccessRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user: User = request.user  # type: ignore[assignment]
        if not visible_residents(user).filter(pk=v["resident"].pk).exists():
            raise PermissionDenied("This resident is not in your work area.")
        with service_errors():
            created = services.request_access(
                user,
                v["resident"],
                categories=v["categories"],
                purpose=v["purpose"],
                mode=v.get("mode", "read"),
                days=v.get("days"),
                organisation=v.get("organisation"),
            )
        return Response(s.AccessRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    def _decide(self, request: Request, pk: int, approve: bool) -> Response:
        item = get_object_or_404(self.get_queryset(), pk=pk)
        with service_errors():
            if approve:
                services.approve_request(request.user, item)  # type: ignore[arg-type]
            else:
                services.decline_request(request.user, item)  # type: ignore[arg-type]
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
        user: User = self.request.user  # type: ignore[assignment]
        bases = LegalBasis.objects.all()
        if user.role == Role.RESIDENT:
            return bases.filter(resident__in=own_vaults(user)).order_by("-recorded_at")
        if user.role == Role.ADMINISTRATOR:
            return bases.order_by("-recorded_at")
        if services.may_record_legal_basis(user) or user.role in access.CASEWORK:
            return bases.filter(
                Q(organisation_id__in=organisations_of(user)) | Q(user=user)
            ).order_by("-recorded_at")
        return bases.none()

    def create(self, request: Request) -> Response:
        data = s.LegalBasisCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user: User = request.user  # type: ignore[assignment]
        resident = get_object_or_404(visible_residents(user), pk=v["resident"])
        with service_errors():
            basis = services.record_legal_basis(
                user,
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
        basis = get_object_or_404(self.get_queryset(), pk=pk)
        with service_errors():
            basis = services.end_legal_basis(request.user, basis)  # type: ignore[arg-type]
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
class BreakGlassViewSet(viewsets.GenericViewSet):
    # For the schema's path-parameter types only; get_queryset() decides what is seen.
    queryset = BreakGlass.objects.none()
    serializer_class = s.BreakGlassSerializer

    def get_queryset(self):
        user: User = self.request.user  # type: ignore[assignment]
        if user.role == Role.OMBUDSMAN:
            return BreakGlass.objects.order_by("reviewed_at", "created_at")
        if user.role in access.CASEWORK:
            return BreakGlass.objects.filter(actor=user).order_by("-created_at")
        return BreakGlass.objects.none()

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        reasons = {}
        if request.user.role == Role.OMBUDSMAN:  # type: ignore[union-attr]
            texts = access.open_for_residents(
                [(g.resident_id, f"break-glass:{g.uuid}", g.reason_ciphertext) for g in page]
            )
            reasons = {g.pk: t for g, t in zip(page, texts, strict=True)}
            access.log_basic_registration_read(
                request.user,  # type: ignore[arg-type]
                Resident.objects.filter(pk__in=[g.resident_id for g in page]),
                access_point(request),
            )
        return self.get_paginated_response(
            s.BreakGlassSerializer(page, many=True, context={"reasons": reasons}).data
        )

    def create(self, request: Request) -> Response:
        data = s.BreakGlassCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        resident = get_object_or_404(Resident, pk=v["resident"])
        with service_errors():
            glass = services.break_glass(
                request.user,  # type: ignore[arg-type]
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
        with service_errors():
            glass = services.review_break_glass(
                request.user,  # type: ignore[arg-type]
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
class AccessLogViewSet(viewsets.GenericViewSet):
    serializer_class = s.AccessLogSerializer

    def list(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        if user.role != Role.RESIDENT:
            raise PermissionDenied("Only residents read their access log here.")
        resident = subject_from(request, request.query_params.get("resident"))
        if resident.pk not in own_vaults(user):
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
class CaseloadViewSet(viewsets.GenericViewSet):
    serializer_class = s.CaseloadEntrySerializer

    def list(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        residents = (
            access.caseload_residents(user)
            .select_related("household__address")
            .order_by("surname", "given_names", "pk")
        )
        page = list(self.paginate_queryset(residents) or [])
        bases = access.caseload_bases(user, page)
        access.log_basic_registration_read(
            user,
            page,
            access_point(request),
            bases_by_resident=bases,
        )
        rows = [{"resident": r, "bases": bases[r.pk]} for r in page]
        return self.get_paginated_response(s.CaseloadEntrySerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Everything about me, as JSON (residents; a representative names the child)",
        parameters=[RESIDENT_PARAM],
        responses=s.ExportSerializer,
    )
)
class ExportViewSet(viewsets.ViewSet):
    def list(self, request: Request) -> Response:
        resident = subject_from(request, request.query_params.get("resident"))
        with service_errors():
            data = build_export(
                request.user,  # type: ignore[arg-type]
                resident,
                access_point=access_point(request),
            )
        return Response(data)


def own_households(user: User) -> list[int]:
    """The households of the residents whose vault a resident manages."""
    return [r.household_id for r in access.subjects_of(user) if r.household_id]


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
        return (
            NetworkMembership.objects.filter(household_id__in=own_households(self.request.user))
            .select_related("user")
            .order_by("-since", "-pk")
        )

    @extend_schema(
        summary="End a network membership (revokes the grants the household gave them)",
        request=None,
        responses=s.NetworkMemberSerializer,
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: int) -> Response:
        membership = get_object_or_404(self.get_queryset(), pk=pk)
        with service_errors():
            membership = services.end_network_membership(request.user, membership)  # type: ignore[arg-type]
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
        return Invitation.objects.filter(
            household_id__in=own_households(self.request.user),
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).order_by("-created_at")

    def create(self, request: Request) -> Response:
        data = s.InvitationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        resident = subject_from(request, v.get("resident"))
        accept_url = request.build_absolute_uri(
            reverse("vault:invitation_accept", args=["TOKEN"])
        ).replace("TOKEN", "{token}")
        with service_errors():
            invitation, _token = services.invite_network_member(
                request.user,  # type: ignore[arg-type]
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
        invitation = get_object_or_404(self.get_queryset(), pk=pk)
        with service_errors():
            invitation = services.withdraw_invitation(request.user, invitation)  # type: ignore[arg-type]
        return Response(s.InvitationSerializer(invitation).data)
