"""Scheduling pages, mounted below ``e/<slug:slug>/schedule/`` by the root URLconf: building
the schedule (`views.runs`) and publishing it (`views.publish`)."""

from summit.scheduling.views import publish, runs

app_name = "scheduling"
urlpatterns = [*runs.urlpatterns, *publish.urlpatterns]
