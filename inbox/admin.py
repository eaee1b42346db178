"""Admin for requests: read mostly; changes go through the app so history is kept."""

from django.contrib import admin

from .models import PaperRecipient, Request, RequestAttachment, RequestEvent


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ["at", "actor_label", "what", "detail"]
    exclude = ["actor"]


class AttachmentInline(admin.TabularInline):
    model = RequestAttachment
    extra = 0


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "partner", "status", "route", "submitted_at"]
    list_filter = ["status", "route", "channel"]
    search_fields = ["title", "requester_name", "partner_other", "partner__name"]
    raw_id_fields = ["partner", "approached_via", "logged_by", "triaged_by", "same_ask_as"]
    inlines = [AttachmentInline, EventInline]


@admin.register(PaperRecipient)
class PaperRecipientAdmin(admin.ModelAdmin):
    list_display = ["request", "person", "response", "responded_at"]
    raw_id_fields = ["request", "person", "organisation"]
