from rest_framework import serializers

from ..models import Decision, Measurement, Plan


class PlanSerializer(serializers.ModelSerializer):
    # No coach yet: null.
    coach = serializers.CharField(
        source="coach.display_name", default=None, allow_null=True, read_only=True
    )
    coach_organisation = serializers.CharField(
        source="coach_organisation.name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Plan
        fields = ["id", "household", "coach", "coach_organisation", "current_version", "created_at"]


class PlanDetailSerializer(PlanSerializer):
    content = serializers.SerializerMethodField()
    signed_by = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "content", "signed_by"]

    def get_content(self, plan) -> dict:
        return self.context["content"]

    def get_signed_by(self, plan) -> list[str]:
        return self.context["signed_by"]


class MeasurementSerializer(serializers.ModelSerializer):
    scores = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()

    class Meta:
        model = Measurement
        fields = [
            "id",
            "household",
            "resident",
            "instrument",
            "measured_on",
            "self_assessment",
            "scores",
            "note",
        ]

    def get_scores(self, m) -> dict:
        return self.context["payloads"][m.pk].get("scores", {})

    def get_note(self, m) -> str:
        return self.context["payloads"][m.pk].get("text", "")


class MeasurementInputSerializer(serializers.Serializer):
    household = serializers.IntegerField()
    resident = serializers.IntegerField(required=False, allow_null=True)
    instrument = serializers.ChoiceField(choices=Measurement.Instrument.choices)
    scores = serializers.DictField(child=serializers.IntegerField())
    note = serializers.CharField(required=False, allow_blank=True, default="")
    measured_on = serializers.DateField(required=False)


class DecisionSerializer(serializers.ModelSerializer):
    resident = serializers.IntegerField(source="application.resident_id", read_only=True)
    provision_kind = serializers.CharField(source="application.provision_kind", read_only=True)
    application_received_on = serializers.DateField(
        source="application.received_on", read_only=True
    )
    bezwaar_deadline = serializers.DateField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "resident",
            "outcome",
            "provision_kind",
            "application_received_on",
            "decided_on",
            "sent_on",
            "bezwaar_deadline",
        ]


class DecisionDetailSerializer(DecisionSerializer):
    content = serializers.SerializerMethodField()

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "content"]

    def get_content(self, decision) -> dict:
        return self.context["content"]
