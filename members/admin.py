"""Admin screens for every members model, with search and filters."""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import (
    AuditEvent,
    ImportRun,
    LeadershipRole,
    ListSize,
    Notification,
    Organisation,
    Person,
    Reminder,
    Seat,
)


@admin.register(Organisation)
class OrganisationAdmin(GuardedModelAdmin):
    list_display = ["name", "kind", "ods_code", "pcn", "list_size", "is_active"]
    list_filter = ["kind", "is_active", "pcn"]
    search_fields = ["name", "ods_code"]
    autocomplete_fields = ["pcn"]
    actions = None  # no bulk delete: organisations with history are deactivated, not deleted

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "job_title", "user", "contact_email", "digest_opt_out"]
    list_filter = ["digest_opt_out", "organisations__kind"]
    search_fields = ["full_name", "job_title", "user__username", "user__email", "contact_email"]
    filter_horizontal = ["organisations"]
    raw_id_fields = ["user"]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["organisation", "holder", "is_active"]
    list_filter = ["is_active", "organisation__kind"]
    search_fields = ["organisation__name", "holder__full_name"]
    autocomplete_fields = ["organisation", "holder"]


@admin.register(LeadershipRole)
class LeadershipRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "slot", "started_on", "ended_on"]
    list_filter = ["kind", ("ended_on", admin.EmptyFieldListFilter)]
    search_fields = ["person__full_name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["slot"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "due_on", "created_at", "emailed_at"]
    list_filter = ["kind", "due_on"]
    search_fields = ["kind", "recipient__username", "recipient__email"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Reminder._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "body", "recipient__username"]
    raw_id_fields = ["recipient", "reminder"]


@admin.register(ListSize)
class ListSizeAdmin(admin.ModelAdmin):
    list_display = ["practice", "as_of", "patients"]
    list_filter = ["as_of"]
    search_fields = ["practice__name", "practice__ods_code"]
    raw_id_fields = ["practice"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Import runs are a record: readable here, never edited."""

    list_display = ["started_at", "started_by", "status", "extract_date", "finished_at"]
    list_filter = ["status", "extract_date"]
    search_fields = ["map_file", "patients_file", "error"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail is read here, never written or changed."""

    list_display = ["at", "actor_label", "action", "summary"]
    list_filter = ["action", "at"]
    search_fields = ["actor_label", "summary", "subject_label"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
