"""Back office: organizers look up runs and meetings. Slots, tables and statuses change only
through the scheduling pages (the domain keeps seats in step and notifies people), so they are
read-only here."""

from django.contrib import admin

from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "purpose", "status", "created", "published_at"]
    list_filter = ["purpose", "status"]
    exclude = ["assignments", "unscheduled"]
    readonly_fields = ["status", "progress", "summary", "published_at", "published_by"]


class MeetingSeatInline(admin.TabularInline):
    model = MeetingSeat
    extra = 0
    can_delete = False
    readonly_fields = ["membership", "slot", "active"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ScheduledMeeting)
class ScheduledMeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "slot", "table", "status", "attendance"]
    list_filter = ["status", "attendance"]
    readonly_fields = ["meeting_request", "slot", "table", "status", "uid", "sequence"]
    inlines = [MeetingSeatInline]
