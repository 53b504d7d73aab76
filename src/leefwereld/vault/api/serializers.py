from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from leefwereld.core.models import NetworkMembership
from leefwereld.vault.models import (
    AccessLog,
    AccessRequest,
    BreakGlass,
    Category,
    Grant,
    Invitation,
    LegalBasis,
    Mode,
)

CATEGORY_LIST = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))


class BasisSerializer(serializers.Serializer):
    authorisation = serializers.ChoiceField(choices=AccessLog.Authorisation.choices)
    purpose = serializers.CharField()
    categories = serializers.SerializerMethodField()
    can_write = serializers.BooleanField()
    until = serializers.DateField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_categories(self, obj) -> list[str]:
        return sorted(obj.categories)


class RecordSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="record.pk")
    resident = serializers.IntegerField(source="record.resident_id", allow_null=True)
    household = serializers.IntegerField(source="record.household_id", allow_null=True)
    category = serializers.ChoiceField(choices=Category.choices, source="record.category")
    kind = serializers.CharField(source="record.kind")
    # A field named like DRF's Field.source attribute: fine at run time (the instance
    # attribute wins), but the stubs see a clash.
    source = serializers.CharField(source="record.source")  # type: ignore[assignment]
    created_at = serializers.DateTimeField(source="record.created_at")
    updated_at = serializers.DateTimeField(source="record.updated_at", allow_null=True)
    retention_law = serializers.CharField(source="record.retention_law")
    retention_until = serializers.DateField(source="record.retention_until", allow_null=True)
    content = serializers.DictField(source="payload")


# One object per call, also where the operation is a viewset's `list`.
@extend_schema_serializer(many=False)
class RecordAccessSerializer(serializers.Serializer):
    """One read through the access layer: what was read, on what basis, and the records."""

    resident = serializers.IntegerField(source="resident.pk")
    categories = serializers.SerializerMethodField()
    bases = BasisSerializer(many=True)
    break_glass = serializers.BooleanField()
    records = RecordSerializer(many=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_categories(self, obj) -> list[str]:
        return sorted(obj.categories)


class RecordWriteSerializer(serializers.Serializer):
    resident = serializers.IntegerField(required=False, help_text="Owner: a resident …")
    household = serializers.IntegerField(required=False, help_text="… or a household.")
    category = serializers.ChoiceField(choices=Category.choices)
    purpose = serializers.CharField(max_length=100)
    kind = serializers.CharField(max_length=60, default="note")
    source = serializers.CharField(max_length=40, default="api")  # type: ignore[assignment]
    content = serializers.DictField()
    retention_law = serializers.CharField(max_length=200, required=False, allow_blank=True)
    retention_until = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        if ("resident" in attrs) == ("household" in attrs):
            raise serializers.ValidationError("Give exactly one owner: resident or household.")
        if attrs.get("retention_until") and not attrs.get("retention_law"):
            raise serializers.ValidationError(
                {"retention_law": "Name the law that requires keeping the record."}
            )
        return attrs


class RecordUpdateSerializer(serializers.Serializer):
    purpose = serializers.CharField(max_length=100)
    content = serializers.DictField()


class RecordCreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    category = serializers.CharField()
    created_at = serializers.DateTimeField()


class GrantSerializer(serializers.ModelSerializer):
    grantee_name = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    last_day = serializers.DateField(read_only=True)
    categories = CATEGORY_LIST

    class Meta:
        model = Grant
        fields = [
            "id",
            "resident",
            "grantee_user",
            "grantee_organisation",
            "grantee_name",
            "categories",
            "purpose",
            "mode",
            "starts_at",
            "ends_at",
            "last_day",
            "revoked_at",
            "status",
            "created_at",
            "request",
        ]


class GrantCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField(
        required=False, help_text="Default: your own vault. A legal representative names the child."
    )
    grantee_user = serializers.IntegerField(required=False)
    grantee_organisation = serializers.IntegerField(required=False)
    categories = CATEGORY_LIST
    purpose = serializers.CharField(max_length=100)
    mode = serializers.ChoiceField(choices=Mode.choices, default=Mode.READ)
    ends_on = serializers.DateField(
        required=False, help_text="Last day in force (local time). Default: 90 days from today."
    )


class AccessRequestSerializer(serializers.ModelSerializer):
    categories = CATEGORY_LIST

    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "resident",
            "requested_by",
            "organisation",
            "categories",
            "purpose",
            "mode",
            "days",
            "status",
            "created_at",
            "decided_at",
        ]
        read_only_fields = ["requested_by", "status", "created_at", "decided_at"]


class LegalBasisSerializer(serializers.ModelSerializer):
    categories = CATEGORY_LIST
    status = serializers.CharField(read_only=True)
    last_day = serializers.DateField(read_only=True)

    class Meta:
        model = LegalBasis
        fields = [
            "id",
            "resident",
            "organisation",
            "law",
            "article",
            "explanation",
            "categories",
            "purpose",
            "mode",
            "starts_at",
            "ends_at",
            "last_day",
            "revoked_at",
            "status",
            "recorded_at",
        ]
        read_only_fields = ["starts_at", "ends_at", "revoked_at", "recorded_at"]


class LegalBasisCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField()
    organisation = serializers.IntegerField()
    law = serializers.ChoiceField(choices=LegalBasis.Law.choices)
    article = serializers.CharField(max_length=120)
    explanation = serializers.CharField()
    categories = CATEGORY_LIST
    purpose = serializers.CharField(max_length=100)
    mode = serializers.ChoiceField(choices=Mode.choices, default=Mode.READ)
    ends_on = serializers.DateField()


class BreakGlassSerializer(serializers.ModelSerializer):
    categories = CATEGORY_LIST
    reason = serializers.SerializerMethodField()

    class Meta:
        model = BreakGlass
        fields = [
            "id",
            "resident",
            "actor",
            "organisation",
            "categories",
            "reason",
            "starts_at",
            "ends_at",
            "reviewed_at",
            "review_outcome",
            "review_note",
        ]

    def get_reason(self, obj) -> str | None:
        return self.context.get("reasons", {}).get(obj.pk)


class BreakGlassCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField()
    reason = serializers.CharField(min_length=20)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), required=False
    )


class ReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=BreakGlass.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AccessLogSerializer(serializers.ModelSerializer):
    """One NEN 7513 log line, plus the plain-Dutch sentence the resident sees."""

    user_name = serializers.CharField(source="user.display_name")
    organisation_name = serializers.SerializerMethodField()
    sentence = serializers.SerializerMethodField()

    class Meta:
        model = AccessLog
        fields = [
            "id",
            "occurred_at",
            "event",
            "action",
            "outcome",
            "resident",
            "household",
            "user",
            "user_name",
            "user_role",
            "responsible_user",
            "organisation",
            "organisation_name",
            "access_point",
            "authorisation",
            "grant",
            "legal_basis",
            "break_glass",
            "break_glass_used",
            "categories",
            "purpose",
            "record_count",
            "sentence",
        ]

    def get_organisation_name(self, obj) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    def get_sentence(self, obj) -> str:
        from leefwereld.vault.sentences import sentence

        viewer = self.context.get("viewer_id")
        return sentence(obj, viewer).text


class CaseloadEntrySerializer(serializers.Serializer):
    resident = serializers.IntegerField(source="resident.pk")
    name = serializers.CharField(source="resident.full_name")
    birth_date = serializers.DateField(source="resident.birth_date")
    household = serializers.IntegerField(source="resident.household_id", allow_null=True)
    address = serializers.SerializerMethodField()
    bases = BasisSerializer(many=True)

    def get_address(self, obj) -> str | None:
        household = obj["resident"].household
        return str(household.address) if household else None


@extend_schema_serializer(many=False)
class ExportSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    resident = serializers.DictField()
    household = serializers.DictField(allow_null=True)
    records = serializers.ListField(child=serializers.DictField())
    grants = serializers.ListField(child=serializers.DictField())
    legal_bases = serializers.ListField(child=serializers.DictField())
    break_glass = serializers.ListField(child=serializers.DictField())
    access_requests = serializers.ListField(child=serializers.DictField())
    access_log = serializers.ListField(child=serializers.DictField())
    other = serializers.DictField()


class NetworkMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = NetworkMembership
        fields = ["id", "household", "name", "relation", "invited_by", "since", "ended"]


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "household", "name", "email", "relation", "created_at", "expires_at"]


class InvitationCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField(
        required=False, help_text="A represented child's household; default: your own."
    )
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField()
    relation = serializers.CharField(max_length=60, required=False, default="")
