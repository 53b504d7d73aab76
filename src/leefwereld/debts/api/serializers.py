from rest_framework import serializers

from ..models import DebtCase, Signal


class SignalInSerializer(serializers.Serializer):
    """One DDAS Vroegsignaal as the partner sends it (the same names as the CSV columns)."""

    kenmerk = serializers.CharField(max_length=60)
    bedrag = serializers.CharField(help_text="Bedrag in euro's, bijvoorbeeld 123,45")
    ontstaansdatum = serializers.CharField(help_text="JJJJ-MM-DD")
    signaaldatum = serializers.CharField(help_text="JJJJ-MM-DD")
    crisissignaal = serializers.CharField(help_text="ja of nee")
    bsn = serializers.CharField(required=False, allow_blank=True, default="")
    voorletters = serializers.CharField(required=False, allow_blank=True, default="")
    voorvoegsel = serializers.CharField(required=False, allow_blank=True, default="")
    achternaam = serializers.CharField(required=False, allow_blank=True, default="")
    geboortedatum = serializers.CharField(required=False, allow_blank=True, default="")
    postcode = serializers.CharField(required=False, allow_blank=True, default="")
    huisnummer = serializers.CharField(required=False, allow_blank=True, default="")
    huisnummertoevoeging = serializers.CharField(required=False, allow_blank=True, default="")


class SignalBatchSerializer(serializers.Serializer):
    partner = serializers.IntegerField(
        required=False, help_text="Schuldeiser-id; alleen nodig voor medewerkers schuldenfonds"
    )
    signals = SignalInSerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    skipped = serializers.IntegerField()
    matched = serializers.IntegerField()
    review = serializers.IntegerField()
    already_imported = serializers.BooleanField()


class SignalStatusSerializer(serializers.ModelSerializer):
    """What a signal partner may know: its own kenmerk and whether it was picked up."""

    picked_up = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = ["reference", "signal_date", "picked_up"]

    def get_picked_up(self, signal: Signal) -> bool:
        return bool(signal.outreach is not None and signal.outreach.picked_up)


class DebtCaseSerializer(serializers.ModelSerializer):
    """The process of a case, never its content (that stays in the resident's vault)."""

    reference = serializers.CharField(read_only=True)

    class Meta:
        model = DebtCase
        fields = [
            "id",
            "reference",
            "household",
            "phase",
            "registered_on",
            "threatening",
            "first_conversation_due",
            "first_conversation_on",
            "moratorium_start",
            "moratorium_end",
            "inventory_completed_on",
            "takeover_due",
            "taken_over_on",
            "takeover_escalated_on",
            "term_months",
        ]


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    contributed = serializers.IntegerField(help_text="centen")
    paid = serializers.IntegerField(help_text="centen")
    repaid = serializers.IntegerField(help_text="centen")
    forgiven = serializers.IntegerField(help_text="centen")
    households = serializers.IntegerField()
    nominal = serializers.IntegerField(help_text="centen")
