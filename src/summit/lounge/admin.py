"""Back office: the attendance history, read-only (pages and the domain write it)."""

from django.contrib import admin

from summit.lounge.models import AttendanceChange


@admin.register(AttendanceChange)
class AttendanceChangeAdmin(admin.ModelAdmin):
    list_display = [
        "meeting",
        "attendance",
        "absent_organization",
        "role",
        "recorded_by",
        "recorded_at",
    ]
    list_filter = ["attendance", "role", "overridden"]
    readonly_fields = [
        "meeting",
        "attendance",
        "absent_organization",
        "role",
        "overridden",
        "recorded_by",
        "recorded_at",
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
