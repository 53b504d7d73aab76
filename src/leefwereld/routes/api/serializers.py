"""Routing metadata only. The question and notes are never in these serializers: they come
from the vault through `GET /help-requests/{id}/question/` (an audited read)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from leefwereld.core.models import Organisation
from leefwereld.vault.models import Category

from ..models import Escalation, Handover, HelpRequest, Involvement, InvolvementSignal


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "phone"]


class HandoverSerializer(serializers.ModelSerializer):
    request = serializers.IntegerField(source="request_id", read_only=True)
    # None for the intake (the first hop comes from no organisation).
    from_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    to_organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Handover
        fields = [
            "id",
            "request",
            "sequence",
            "hop",
            "kind",
            "status",
            "from_organisation",
            "to_organisation",
            "sent_at",
            "accept_by",
            "decided_at",
        ]


class EscalationSerializer(serializers.ModelSerializer):
    regie_organisation = OrganisationRefSerializer(read_only=True)
    owner = serializers.SerializerMethodField()

    class Meta:
        model = Escalation
        fields = [
            "id",
            "cause",
            "opened_at",
            "regie_organisation",
            "own_by",
            "owner",
            "owned_at",
            "overdue_at",
            "cancelled_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_owner(self, escalation: Escalation) -> str | None:
        return escalation.owner.display_name if escalation.owner is not None else None


class ResponsibleSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()


class HelpRequestSerializer(serializers.ModelSerializer):
    resident = serializers.IntegerField(source="resident_id", read_only=True)
    current_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    responsible = serializers.SerializerMethodField()
    handovers = HandoverSerializer(many=True, read_only=True)
    escalations = EscalationSerializer(many=True, read_only=True)
    has_question = serializers.SerializerMethodField()

    class Meta:
        model = HelpRequest
        fields = [
            "id",
            "resident",
            "category",
            "status",
            "outcome",
            "opened_at",
            "current_organisation",
            "responsible",
            "referral_count",
            "escalation_count",
            "next_deadline",
            "closed_at",
            "has_question",
            "handovers",
            "escalations",
        ]

    @extend_schema_field(ResponsibleSerializer(allow_null=True))
    def get_responsible(self, request: HelpRequest) -> dict | None:
        user, org = request.responsible_user, request.current_organisation
        if user is not None:
            return {"name": user.display_name, "phone": user.phone or (org.phone if org else "")}
        if org is not None:
            return {"name": org.name, "phone": org.phone}
        return None

    @extend_schema_field(serializers.BooleanField())
    def get_has_question(self, request: HelpRequest) -> bool:
        return request.record_id is not None


class OpenRequestSerializer(serializers.Serializer):
    resident = serializers.IntegerField(help_text="Inwoner (id)")
    organisation = serializers.IntegerField(
        help_text="Organisatie die de vraag krijgt (een professional: de eigen organisatie)"
    )
    category = serializers.ChoiceField(choices=Category.choices)
    question = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text="Komt in de kluis"
    )
    share = serializers.BooleanField(
        required=False, default=False, help_text="Inwoner: de organisatie mag de vraag lezen"
    )


class ReferSerializer(serializers.Serializer):
    to_organisation = serializers.IntegerField()
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Komt in de kluis"
    )


class ReferResultSerializer(serializers.Serializer):
    escalated = serializers.BooleanField()
    warning = serializers.CharField(allow_blank=True)
    handover = HandoverSerializer(allow_null=True)
    escalation = EscalationSerializer(allow_null=True)


class CloseSerializer(serializers.Serializer):
    # The same choice set as the request's outcome; 'withdrawn' is for the resident only
    # and refused by the service.
    outcome = serializers.ChoiceField(
        choices=HelpRequest.Outcome.choices, default=HelpRequest.Outcome.HELPED
    )


class QuestionSerializer(serializers.Serializer):
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    notes = serializers.ListField(child=serializers.DictField())


class InvolvementSerializer(serializers.ModelSerializer):
    resident = serializers.IntegerField(source="resident_id", read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Involvement
        fields = [
            "id",
            "resident",
            "organisation",
            "contact_name",
            "contact_phone",
            "contact_email",
            "registered_at",
            "starts_on",
            "delete_after",
        ]


class ResidentInvolvementSerializer(serializers.ModelSerializer):
    """What a resident sees: the organisation and since when. Not who, not why."""

    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Involvement
        fields = ["organisation", "starts_on"]


class RegisterInvolvementSerializer(serializers.Serializer):
    resident = serializers.IntegerField(required=False, help_text="Inwoner (id)")
    bsn = serializers.CharField(required=False, help_text="Of: het BSN van de inwoner")
    organisation = serializers.IntegerField()
    starts_on = serializers.DateField(required=False)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=32)

    def validate(self, attrs):
        if not attrs.get("resident") and not attrs.get("bsn"):
            raise serializers.ValidationError("Geef resident of bsn.")
        return attrs


class EndInvolvementSerializer(serializers.Serializer):
    unjustified = serializers.BooleanField(
        default=False, help_text="Onterecht gemeld: verwijderen zonder historisch archief"
    )


class ContactSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    name = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class SignalSerializer(serializers.ModelSerializer):
    resident = serializers.IntegerField(source="recipient.resident_id", read_only=True)
    involvement = serializers.IntegerField(source="recipient_id", read_only=True)
    contact = serializers.SerializerMethodField()

    class Meta:
        model = InvolvementSignal
        fields = [
            "id",
            "involvement",
            "resident",
            "match",
            "created_at",
            "contact",
            "contact_made_at",
        ]

    @extend_schema_field(ContactSerializer)
    def get_contact(self, signal: InvolvementSignal) -> dict:
        other = signal.contact
        return {
            "organisation": other.organisation.name,
            "name": other.contact_name,
            "phone": other.contact_phone,
            "email": other.contact_email,
        }
