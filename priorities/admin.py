"""Admin of priorities: candidates, rounds and ballots (read-mostly; writes go through services)."""

from django.contrib import admin

from .models import Ballot, BallotVersion, Priority, VotingRound


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "rank"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(VotingRound)
class VotingRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "method", "opens_at", "closes_at", "closed_at"]
    filter_horizontal = ["candidates"]


class BallotVersionInline(admin.TabularInline):
    model = BallotVersion
    extra = 0
    readonly_fields = ["number", "cast_by", "cast_at", "choices", "comment", "suggestion"]
    can_delete = False


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["practice", "round", "version", "cast_at"]
    list_select_related = ["practice", "round"]
    readonly_fields = ["round", "practice", "version", "cast_by", "cast_at"]
    inlines = [BallotVersionInline]
