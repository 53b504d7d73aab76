"""What the democracy API publishes: the same as the public pages, never who did what."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from ..models import (
    BlockingRule,
    BudgetRound,
    Challenge,
    ChallengeCriterion,
    Initiative,
    Project,
    RealisationStatus,
    RoundCategory,
    RoundDistrict,
)


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoundDistrict
        fields = ["id", "name", "neighbourhood", "cap"]


# Named apart from the panels' categories (two components called "Category" would merge).
@extend_schema_serializer(component_name="RoundCategory")
class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = RoundCategory
        fields = ["id", "name", "cap"]


class BudgetRoundSerializer(serializers.ModelSerializer):
    districts = DistrictSerializer(many=True, read_only=True)
    categories = CategorySerializer(many=True, read_only=True)

    class Meta:
        model = BudgetRound
        fields = [
            "id",
            "title",
            "description",
            "budget",
            "phase",
            "min_age",
            "max_projects",
            "max_total_cost",
            "rule",
            "completion",
            "utility",
            "tie_breaking",
            "proposals_close_on",
            "voting_closes_on",
            "is_analysis",
            "districts",
            "categories",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    support_count = serializers.IntegerField(read_only=True)
    # Empty until the project is funded: the published enum includes "".
    realisation_status = serializers.ChoiceField(
        choices=RealisationStatus.choices, allow_blank=True, read_only=True
    )
    categories = serializers.PrimaryKeyRelatedField(
        many=True, queryset=RoundCategory.objects.all(), required=False
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "round",
            "code",
            "title",
            "description",
            "cost",
            "proposed_cost",
            "district",
            "categories",
            "review_status",
            "review_reason",
            "realisation_status",
            "support_count",
        ]
        read_only_fields = [
            "code",
            "proposed_cost",
            "review_status",
            "review_reason",
            "realisation_status",
            "support_count",
        ]


class ProjectOutcomeSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project_id")
    code = serializers.CharField(source="project.code")
    title = serializers.CharField(source="project.title")
    cost = serializers.IntegerField(source="project.cost")
    votes = serializers.IntegerField()
    funded = serializers.BooleanField()
    position = serializers.IntegerField(allow_null=True)
    greedy_funded = serializers.BooleanField()
    explanation = serializers.SerializerMethodField()
    details = serializers.JSONField(source="explanation")

    def get_explanation(self, obj: Any) -> str:
        return self.context.get("sentences", {}).get(obj.project_id, "")


class RoundResultSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round_id")
    rule = serializers.CharField()
    completion = serializers.CharField()
    utility = serializers.CharField()
    tie_breaking = serializers.CharField()
    budget = serializers.IntegerField()
    spent = serializers.IntegerField()
    greedy_spent = serializers.IntegerField()
    voters = serializers.IntegerField()
    per_voter = serializers.CharField()
    projects = serializers.SerializerMethodField()

    def get_projects(self, obj: Any) -> list[dict[str, Any]]:
        outcomes = ProjectOutcomeSerializer(
            self.context["outcomes"], many=True, context=self.context
        )
        # many=True makes a ListSerializer (data: a ReturnList); the stubs can't follow __new__.
        return cast(list[dict[str, Any]], outcomes.data)


class InitiativeSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="effective_status", read_only=True)
    related: serializers.PrimaryKeyRelatedField[Initiative] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "title",
            "description",
            "public_name",
            "neighbourhood",
            "needs_room",
            "needs_permit",
            "needs_money",
            "needs_contact",
            "needs_detail",
            "submitted_at",
            "answer_due",
            "status",
            "answer",
            "related",
        ]
        read_only_fields = ["submitted_at", "answer_due", "status", "answer", "related"]


class BlockingRuleSerializer(serializers.ModelSerializer):
    support_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = BlockingRule
        fields = [
            "id",
            "title",
            "reference",
            "blocked",
            "place",
            "neighbourhood",
            "initiative",
            "reported_at",
            "status",
            "status_reason",
            "support_count",
        ]
        read_only_fields = ["reported_at", "status", "status_reason", "support_count"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChallengeCriterion
        fields = ["title", "description", "met", "assessment"]


class ChallengeSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "title",
            "task",
            "plan",
            "group_name",
            "neighbourhood",
            "bid_amount",
            "current_budget",
            "status",
            "decision",
            "member_count",
            "criteria",
        ]


class SupportSerializer(serializers.Serializer):
    support_count = serializers.IntegerField()
