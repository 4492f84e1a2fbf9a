from summit.matching.models.recommendation import (
    Dismissal,
    Recommendation,
    RecomputeRun,
    SavedPartner,
)
from summit.matching.models.screening import WatchListEntry, WatchListHit

__all__ = [
    "Dismissal",
    "Recommendation",
    "RecomputeRun",
    "SavedPartner",
    "WatchListEntry",
    "WatchListHit",
]
