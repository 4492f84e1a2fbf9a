"""Back-office views of the matching data. Recommendations, runs and hits are computed, so
they are read-only here; decisions are taken on the screening page (which queues the
recompute). A dismissal can be deleted to let the pair be recommended again."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from summit.matching.models import (
    Dismissal,
    Recommendation,
    RecomputeRun,
    WatchListEntry,
    WatchListHit,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("organization", "rank", "partner", "score", "computed_at", "event")
    list_filter = ("event",)
    search_fields = ("organization__name", "partner__name")
    list_select_related = ("organization", "partner", "event")


@admin.register(RecomputeRun)
class RecomputeRunAdmin(ReadOnlyAdmin):
    list_display = ("event", "status", "progress", "created", "started", "finished")
    list_filter = ("event", "status")


@admin.register(Dismissal)
class DismissalAdmin(ReadOnlyAdmin):
    list_display = ("organization", "partner", "user", "created", "event")
    list_filter = ("event",)
    list_select_related = ("organization", "partner", "user", "event")


@admin.register(WatchListEntry)
class WatchListEntryAdmin(ReadOnlyAdmin):
    list_display = ("name", "country", "is_example", "event")
    list_filter = ("event", "is_example")
    search_fields = ("name",)


@admin.register(WatchListHit)
class WatchListHitAdmin(ReadOnlyAdmin):
    list_display = ("organization", "entry", "score", "excluded", "decided_at", "event")
    list_filter = ("event", "excluded")
    list_select_related = ("organization", "entry", "event")
