"""Admin for the settings and the public registers of Meedoen.

Deliberately absent: ballots, the voter register and voting codes. Nobody needs to browse
them, and while voting is open the register holds the link to a voter's ballot (ADR 0006).
State changes go through the pages (services.py), so the registers are read-only here.
The one exception is the register of hardship decisions: it has no edit page, so an
administrator corrects a mistake here (a wrong date or law, or personal data typed into
the description by accident); new decisions are recorded only through the pages.
"""

from django.contrib import admin

from .models import (
    BlockingRule,
    BudgetRound,
    Challenge,
    HardshipDecision,
    Initiative,
    ParticipationSettings,
)


@admin.register(ParticipationSettings)
class ParticipationSettingsAdmin(admin.ModelAdmin):
    list_display = ["municipality", "initiative_answer_days"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BudgetRound)
class BudgetRoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "phase", "budget", "is_analysis", "created_at"]
    list_filter = ["phase", "is_analysis"]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "answer_due", "submitted_at"]
    list_filter = ["status"]
    exclude = ["initiator"]


@admin.register(BlockingRule)
class BlockingRuleAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "reported_at"]
    list_filter = ["status"]
    exclude = ["reported_by"]


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ["title", "group_name", "status", "submitted_at"]
    list_filter = ["status"]


@admin.register(HardshipDecision)
class HardshipDecisionAdmin(admin.ModelAdmin):
    list_display = ["decided_on", "law", "organisation", "rule", "recorded_at"]
    list_filter = ["law"]
    list_select_related = ["organisation", "rule"]
    fields = ["rule", "decided_on", "law", "organisation", "description", "recorded_at"]
    readonly_fields = ["recorded_at"]
    raw_id_fields = ["rule"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False
