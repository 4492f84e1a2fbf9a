"""Top-k partner recommendations for every organization, with diversity and reasons.

`recommend_all` scores all pairs in blocks of rows (`scoring.score_block`), keeps the best
``3·top`` candidates of each row with `numpy.argpartition`, and re-ranks them for diversity:
the i-th candidate (0-based) of an organization type already represented in the list has its
ranking score multiplied by ``diversity_decay ** max(0, i - diversity_free)``, so a list is
not ten near-copies of one kind of partner unless nothing else comes close. Because the
factor grows monotonically within a type, one vectorised re-sort equals the greedy re-rank.
The reported `score` stays the match score (the ranking score only orders the list).

`Recommendations.for_org(org_id, lang=...)` renders each recommendation with its reasons
(`explain.reasons`).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from partnering_engine.errors import InputError
from partnering_engine.matching.explain import reasons
from partnering_engine.matching.scoring import (
    MatchFeatures,
    ScoreWeights,
    build_features,
    score_block,
)
from partnering_engine.matching.survey import SurveyRow

__all__ = [
    "Recommendation",
    "Recommendations",
    "recommend_all",
    "recommend_features",
]


@dataclass(frozen=True, slots=True)
class Recommendation:
    partner: str
    score: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "partner": self.partner,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Recommendations:
    """Top lists for all organizations: row i of `partners` (indexes into `rows`, −1 =
    none) and `scores` belongs to ``rows[i]``."""

    rows: tuple[SurveyRow, ...]
    partners: npt.NDArray[np.int32]
    scores: npt.NDArray[np.float32]

    @cached_property
    def _index(self) -> dict[str, int]:
        return {row.org_id: i for i, row in enumerate(self.rows)}

    def index_of(self, org_id: str) -> int:
        try:
            return self._index[org_id]
        except KeyError:
            raise InputError("org_id", f"unknown organization {org_id!r}") from None

    def partner_ids(self, org_id: str) -> list[str]:
        i = self.index_of(org_id)
        return [self.rows[j].org_id for j in self.partners[i] if j >= 0]

    def for_org(self, org_id: str, *, lang: str = "en") -> list[Recommendation]:
        return self._render(self.index_of(org_id), lang)

    def _render(self, i: int, lang: str) -> list[Recommendation]:
        row = self.rows[i]
        return [
            Recommendation(
                self.rows[j].org_id, float(score), tuple(reasons(row, self.rows[j], lang=lang))
            )
            for j, score in zip(self.partners[i], self.scores[i], strict=True)
            if j >= 0
        ]

    def to_dict(self, *, lang: str = "en") -> dict[str, list[dict[str, object]]]:
        """``{org_id: [{"partner", "score", "reasons"}, ...]}``, best first."""
        return {
            row.org_id: [r.to_dict() for r in self._render(i, lang)]
            for i, row in enumerate(self.rows)
        }


def _block_size(n: int) -> int:
    # About 16 float32 block x n arrays live at once: keep them near 512 MB in total.
    return int(max(16, min(2048, 8_000_000 // max(n, 1))))


def _diversify(
    candidates: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
    types: npt.NDArray[np.int8],
    *,
    top: int,
    decay: float,
    free: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Re-rank each row's candidates (sorted best first) for diversity; keep `top`."""
    kinds = types[candidates]
    rank_in_type = np.zeros(candidates.shape, dtype=np.int32)
    for kind in np.unique(kinds):
        same = kinds == kind
        rank_in_type = np.where(same, np.cumsum(same, axis=1) - 1, rank_in_type)
    penalty = np.power(decay, np.maximum(rank_in_type - free, 0)).astype(np.float32)
    ranking = np.where(np.isfinite(scores), scores * penalty, -np.inf)
    order = np.argsort(-ranking, axis=1, kind="stable")[:, :top]
    return (
        np.take_along_axis(candidates, order, axis=1),
        np.take_along_axis(scores, order, axis=1),
    )


def recommend_features(
    features: MatchFeatures,
    *,
    top: int = 10,
    diversity_decay: float = 0.85,
    diversity_free: int = 2,
    workers: int | None = None,
    block_rows: int | None = None,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
    """Top-`top` partner indexes and scores per organization (−1 / 0 padded). Blocks of
    rows (`block_rows`, default sized for about 512 MB of work arrays) run on `workers`
    threads (default: up to 2). Each block computes both directions with matrix products.
    Two alternatives were measured slower on the 2-core machine: keeping the n x n interest
    matrix and reading a block's backward direction from its columns (cache-unfriendly
    transposed copies, memory quadratic in n), and visiting square tiles in mirrored pairs
    so each direction is computed once (many small BLAS calls, per-tile top-k merging)."""
    n = features.size
    partners = np.full((n, top), -1, dtype=np.int32)
    scores = np.zeros((n, top), dtype=np.float32)
    if n < 2 or top <= 0:
        return partners, scores
    pool = min(n - 1, max(top * 3, top + 10))
    step = block_rows or _block_size(n)
    starts = range(0, n, step)
    threads = workers if workers is not None else min(2, os.cpu_count() or 1)

    def run(start: int) -> None:
        block = slice(start, min(n, start + step))
        score = score_block(features, block)
        candidates = np.argpartition(score, n - pool, axis=1)[:, n - pool :]
        candidate_scores = np.take_along_axis(score, candidates, axis=1)
        del score
        # Best first; equal scores in partner order (deterministic whatever the blocks).
        order = np.lexsort((candidates, -candidate_scores), axis=1)
        candidates = np.take_along_axis(candidates, order, axis=1)
        candidate_scores = np.take_along_axis(candidate_scores, order, axis=1)
        chosen, chosen_scores = _diversify(
            candidates,
            candidate_scores,
            features.type_index,
            top=top,
            decay=diversity_decay,
            free=diversity_free,
        )
        usable = np.isfinite(chosen_scores) & (chosen_scores > 0)
        width = chosen.shape[1]
        partners[block, :width] = np.where(usable, chosen, -1)
        scores[block, :width] = np.where(usable, chosen_scores, 0.0)

    if threads <= 1 or len(starts) == 1:
        for start in starts:
            run(start)
    else:
        # numpy and BLAS release the GIL: two blocks at a time use both cores for the
        # element-wise passes, which are single-threaded in numpy.
        with ThreadPoolExecutor(max_workers=threads) as executor:
            list(executor.map(run, starts))
    # Rows may have fewer usable partners than `top`: move the gaps to the end.
    order = np.argsort(partners < 0, axis=1, kind="stable")
    return np.take_along_axis(partners, order, axis=1), np.take_along_axis(scores, order, axis=1)


def recommend_all(
    rows: Sequence[SurveyRow],
    *,
    top: int = 10,
    blocked: Collection[str] = (),
    weights: ScoreWeights | None = None,
    diversity: bool = True,
    exact_text: bool | None = None,
) -> Recommendations:
    """Recommend up to `top` partners to every organization of the survey."""
    rows = tuple(rows)
    features = build_features(rows, blocked=blocked, weights=weights, exact_text=exact_text)
    partners, scores = recommend_features(
        features, top=top, diversity_decay=0.85 if diversity else 1.0
    )
    return Recommendations(rows, partners, scores)
