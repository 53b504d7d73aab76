"""Public panel data: the same as the public page, no names or contact details."""

from typing import Any, cast

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from ..models import Panel


class PanelSerializer(serializers.ModelSerializer):
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Panel
        fields = [
            "id",
            "title",
            "question",
            "size",
            "status",
            "method",
            "registration_deadline",
            "public_url",
        ]

    def get_public_url(self, panel: Panel) -> str:
        return f"/burgerpanels/{panel.pk}/"


class QuotaSerializer(serializers.Serializer):
    value = serializers.CharField()
    # A field named like DRF's Field.label attribute: fine at run time (the metaclass
    # takes declared fields off the class), but the stubs see a clash.
    label = serializers.CharField()  # type: ignore[assignment]
    target = serializers.IntegerField(help_text="Het evenredige deel volgens de bevolkingscijfers")
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    in_pool = serializers.IntegerField(help_text="Aantal mensen in de pool met deze waarde")
    on_panel = serializers.IntegerField(
        allow_null=True, help_text="Aantal leden met deze waarde (na de trekking)"
    )


# Named apart from the budget rounds' categories (two "Category" components would merge).
@extend_schema_serializer(component_name="PanelCategory")
class CategorySerializer(serializers.Serializer):
    key = serializers.CharField()
    # A field named like DRF's Field.label attribute: fine at run time (the metaclass
    # takes declared fields off the class), but the stubs see a clash.
    label = serializers.CharField()  # type: ignore[assignment]
    quotas = QuotaSerializer(many=True)


class ProbabilitySerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Anonieme code")
    probability = serializers.FloatField()


class DrawSerializer(serializers.Serializer):
    round = serializers.IntegerField(help_text="0: het panel; 1, 2, ...: vervangers")
    kind = serializers.CharField()
    lottery_sha256 = serializers.CharField(help_text="Vingerafdruk, bekendgemaakt vóór de trekking")
    lottery_panels = serializers.IntegerField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    file_url = serializers.CharField()
    replaced = serializers.ListField(child=serializers.CharField())
    seed = serializers.CharField(
        help_text="De getallen van de openbare bijeenkomst (leeg tot er getrokken is)"
    )
    drawn_at = serializers.DateTimeField(allow_null=True)
    ticket = serializers.IntegerField(allow_null=True)
    selected = serializers.ListField(child=serializers.CharField())
    verification_command = serializers.CharField()


class LotterySerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    published_at = serializers.DateTimeField()
    panels = serializers.IntegerField(allow_null=True)
    file_url = serializers.CharField()
    file_name = serializers.CharField()
    min_probability = serializers.FloatField(allow_null=True)
    max_probability = serializers.FloatField(allow_null=True)
    max_deviation = serializers.FloatField(
        allow_null=True, help_text="Grootste verschil tussen lotingskans en optimale kans"
    )


class PanelDetailSerializer(PanelSerializer):
    pool_size = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    lottery = serializers.SerializerMethodField()
    probabilities = serializers.SerializerMethodField()
    draws = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()

    class Meta(PanelSerializer.Meta):
        fields = [
            *PanelSerializer.Meta.fields,
            "pool_size",
            "categories",
            "lottery",
            "probabilities",
            "draws",
            "members",
        ]

    def _summary(self, panel: Panel):
        return self.context["summary"]

    def get_pool_size(self, panel: Panel) -> int:
        return self._summary(panel).pool_size

    @extend_schema_field(CategorySerializer(many=True))
    def get_categories(self, panel: Panel) -> list:
        # many=True makes a ListSerializer (data: a ReturnList); the stubs can't follow __new__.
        return cast(list[Any], CategorySerializer(self._summary(panel).categories, many=True).data)

    @extend_schema_field(LotterySerializer(allow_null=True))
    def get_lottery(self, panel: Panel) -> dict | None:
        s = self._summary(panel)
        if not s.published:
            return None
        return LotterySerializer(
            {
                "sha256": s.lottery_hash,
                "published_at": s.hash_published_at,
                "panels": s.lottery_panels,
                "file_url": s.lottery_url,
                "file_name": s.lottery_filename,
                "min_probability": s.min_probability,
                "max_probability": s.max_probability,
                "max_deviation": s.max_deviation,
            }
        ).data

    @extend_schema_field(ProbabilitySerializer(many=True))
    def get_probabilities(self, panel: Panel) -> list:
        return [{"id": pid, "probability": p} for pid, p in self._summary(panel).probabilities]

    @extend_schema_field(DrawSerializer(many=True))
    def get_draws(self, panel: Panel) -> list:
        summary = self._summary(panel)
        lines = [*summary.draws, *([summary.waiting] if summary.waiting else [])]
        draws = DrawSerializer(
            [
                {
                    "round": d.round,
                    "kind": d.kind,
                    "lottery_sha256": d.lottery_hash,
                    "lottery_panels": d.lottery_panels,
                    "published_at": d.published_at,
                    "file_url": d.file_url,
                    "replaced": d.replaced,
                    "seed": d.seed,
                    "drawn_at": d.confirmed_at,
                    "ticket": d.ticket,
                    "selected": d.selected,
                    "verification_command": d.command,
                }
                for d in lines
            ],
            many=True,
        )
        # many=True makes a ListSerializer (data: a ReturnList); the stubs can't follow __new__.
        return cast(list[Any], draws.data)

    def get_members(self, panel: Panel) -> list[str]:
        return self._summary(panel).members
