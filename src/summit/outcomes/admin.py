from django.contrib import admin

from summit.outcomes.models import Deal, DealParty, DealStageChange, MeetingFeedback


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(admin.ModelAdmin):
    list_display = ("meeting", "organization", "took_place", "follow_up_interest", "next_step")
    list_filter = ("took_place", "follow_up_interest", "next_step")
    raw_id_fields = ("meeting", "organization", "author")


class DealPartyInline(admin.TabularInline):
    model = DealParty
    raw_id_fields = ("organization", "confirmed_by")
    extra = 0


class DealStageChangeInline(admin.TabularInline):
    model = DealStageChange
    raw_id_fields = ("changed_by",)
    extra = 0


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "kind", "stage", "date", "confidential")
    list_filter = ("kind", "stage", "confidential")
    search_fields = ("title",)
    raw_id_fields = ("event", "recorded_by", "recorded_by_organization", "meetings")
    inlines = [DealPartyInline, DealStageChangeInline]
