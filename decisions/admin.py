"""Admin for decisions: for support staff to look things up, not the way users work."""

from django.contrib import admin

from .models import (
    Acknowledgement,
    AgendaItem,
    Attendance,
    Commitment,
    Decision,
    LeadershipMeeting,
    Position,
    Round,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "kind", "title", "minutes", "is_proposed"]


@admin.register(LeadershipMeeting)
class LeadershipMeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "status"]
    list_filter = ["status"]
    inlines = [AgendaItemInline]


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["number", "proposal", "closed_at"]
    readonly_fields = ["closed_at"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "created_at", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "question"]
    inlines = [RoundInline]


admin.site.register([Attendance, Position, Commitment, Acknowledgement])
