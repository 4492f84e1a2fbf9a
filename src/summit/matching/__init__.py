"""Recommendations (the engine's reciprocal matches), dismissals, background recompute with
progress, and watch-list screening with the organizer's exclusion decisions."""
