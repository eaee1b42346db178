"""Admin of representation: for superusers fixing data, not the everyday pages."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    Action,
    Assignment,
    Briefing,
    BriefingItem,
    Feedback,
    FeedbackAgreement,
    Occurrence,
    Review,
    SystemMeeting,
)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(SystemMeeting)
class SystemMeetingAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "cadence", "is_active"]
    search_fields = ["name", "organiser"]
    inlines = [AssignmentInline]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "date", "time"]
    list_filter = ["meeting"]
    date_hierarchy = "date"


class BriefingItemInline(admin.StackedInline):
    model = BriefingItem
    extra = 0


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ["occurrence", "written_by", "read_at"]
    inlines = [BriefingItemInline]


class AgreementInline(admin.TabularInline):
    model = FeedbackAgreement
    extra = 0


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["occurrence", "filed_by", "filed_at"]
    search_fields = ["discussed", "agreed", "intelligence"]
    inlines = [AgreementInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["description", "owner", "due_on", "status"]
    list_filter = ["status"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["representative", "reviewed_on", "reviewed_by"]
