"""Top-k partner recommendations for every organization, with strength and reasons.

`recommend_all` scores all pairs in blocks of rows (`scoring.score_block`, the fitted model
of `model`), keeps the best ``3·top`` candidates of each row with `numpy.argpartition` and
sorts them. Optionally (``diversity=True``, off by default: it lowered hit@10 on real
deals) the i-th candidate (0-based) of an organization type already represented in the list
loses ``diversity_penalty · max(0, i - diversity_free)`` of ranking score, so a list is not
ten near-copies of one kind of partner unless nothing else comes close; the reported score
stays the match score.

Strength: the percentile of a partner's score among this organization's other candidates
(0-100: better than that share of them; ties count half), measured exactly up to
`STRENGTH_SAMPLE` candidates and on an evenly spaced sample of that size above: "better
than 97% of the organizations you could meet". It is what a page should show; the raw
score is a log-odds sum, comparable only within one survey.

`Recommendations.for_org(org_id, lang=...)` renders each recommendation with its reasons
(`explain.reasons`, built from the features that carried its score).
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
from partnering_engine.matching.model import RankingModel
from partnering_engine.matching.scoring import (
    MatchFeatures,
    build_features,
    contributions,
    score_block,
)
from partnering_engine.matching.survey import SurveyRow

__all__ = [
    "STRENGTH_SAMPLE",
    "Recommendation",
    "Recommendations",
    "recommend_all",
    "recommend_features",
]


#: Candidates compared to place a score among an organization's candidates (strength).
STRENGTH_SAMPLE = 1024


@dataclass(frozen=True, slots=True)
class Recommendation:
    """`score`: the model's score (log-odds scale, for ordering); `strength`: its
    percentile among all this organization's candidates (0-100, for showing)."""

    partner: str
    score: float
    reasons: tuple[str, ...]
    strength: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "partner": self.partner,
            "score": round(self.score, 4),
            "strength": round(self.strength, 1),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Recommendations:
    """Top lists for all organizations: row i of `partners` (indexes into `rows`, −1 =
    none), `scores` and `strengths` belongs to ``rows[i]``. `features` (when given) lets
    the reasons name what carried each score."""

    rows: tuple[SurveyRow, ...]
    partners: npt.NDArray[np.int32]
    scores: npt.NDArray[np.float32]
    strengths: npt.NDArray[np.float32] | None = None
    features: MatchFeatures | None = None

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
        listed = [int(j) for j in self.partners[i] if j >= 0]
        carried = (
            contributions(self.features, i, listed)
            if self.features is not None and listed
            else None
        )
        strengths = self.strengths[i] if self.strengths is not None else self.scores[i] * 0
        out = []
        for rank, j in enumerate(listed):
            weights = {k: float(v[rank]) for k, v in carried.items()} if carried else None
            out.append(
                Recommendation(
                    self.rows[j].org_id,
                    float(self.scores[i][rank]),
                    tuple(reasons(row, self.rows[j], lang=lang, carried=weights)),
                    float(strengths[rank]),
                )
            )
        return out

    def to_dict(self, *, lang: str = "en") -> dict[str, list[dict[str, object]]]:
        """``{org_id: [{"partner", "score", "strength", "reasons"}, ...]}``, best first."""
        return {
            row.org_id: [r.to_dict() for r in self._render(i, lang)]
            for i, row in enumerate(self.rows)
        }


#: Score lost per extra partner of an already listed type, with ``diversity=True`` (about
#: a tenth of the spread of a list's top scores on real surveys).
DIVERSITY_PENALTY = 0.15


def _block_size(n: int) -> int:
    # About 16 float32 block x n arrays live at once: keep them near 512 MB in total.
    return int(max(16, min(2048, 8_000_000 // max(n, 1))))


def _diversify(
    candidates: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
    types: npt.NDArray[np.int8],
    *,
    top: int,
    penalty: float,
    free: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Re-rank each row's candidates (sorted best first) for diversity; keep `top`."""
    kinds = types[candidates]
    rank_in_type = np.zeros(candidates.shape, dtype=np.int32)
    for kind in np.unique(kinds):
        same = kinds == kind
        rank_in_type = np.where(same, np.cumsum(same, axis=1) - 1, rank_in_type)
    lowered = np.float32(penalty) * np.maximum(rank_in_type - free, 0).astype(np.float32)
    ranking = np.where(np.isfinite(scores), scores - lowered, -np.inf)
    order = np.argsort(-ranking, axis=1, kind="stable")[:, :top]
    return (
        np.take_along_axis(candidates, order, axis=1),
        np.take_along_axis(scores, order, axis=1),
    )


def _percentiles(
    score: npt.NDArray[np.float32], chosen: npt.NDArray[np.float32], sample: npt.NDArray[np.intp]
) -> npt.NDArray[np.float32]:
    """Percentile (0-100) of each chosen score among the row's finite scores at `sample`."""
    seen = score[:, sample]
    finite = np.isfinite(seen)
    # Among the *other* candidates: the best of them is at 100, the worst at 0.
    valid = np.maximum(finite.sum(axis=1, keepdims=True) - 1, 1).astype(np.float32)
    seen = np.where(finite, seen, np.inf)  # excluded pairs are not candidates
    below = (seen[:, None, :] < chosen[:, :, None]).sum(axis=2, dtype=np.int32)
    tied = (seen[:, None, :] == chosen[:, :, None]).sum(axis=2, dtype=np.int32)
    tied = np.maximum(tied - 1, 0)  # the chosen partner itself, when sampled
    share = (below + 0.5 * tied) / valid
    percent: npt.NDArray[np.float32] = np.clip(100.0 * share, 0.0, 100.0).astype(np.float32)
    return percent


def recommend_features(
    features: MatchFeatures,
    *,
    top: int = 10,
    diversity_penalty: float = 0.0,
    diversity_free: int = 2,
    workers: int | None = None,
    block_rows: int | None = None,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Top-`top` partner indexes, scores and strengths per organization (−1 / 0 padded),
    best first. Blocks of
    rows (`block_rows`, default sized for about 512 MB of work arrays) run on `workers`
    threads (default: up to 2). Each block computes both directions with matrix products.
    Two alternatives were measured slower on the 2-core machine: keeping the n x n interest
    matrix and reading a block's backward direction from its columns (cache-unfriendly
    transposed copies, memory quadratic in n), and visiting square tiles in mirrored pairs
    so each direction is computed once (many small BLAS calls, per-tile top-k merging)."""
    n = features.size
    partners = np.full((n, top), -1, dtype=np.int32)
    scores = np.zeros((n, top), dtype=np.float32)
    strengths = np.zeros((n, top), dtype=np.float32)
    if n < 2 or top <= 0:
        return partners, scores, strengths
    pool = min(n - 1, max(top * 3, top + 10))
    sample = np.unique(np.linspace(0, n - 1, min(n, STRENGTH_SAMPLE + 1)).astype(np.intp))
    step = block_rows or _block_size(n)
    starts = range(0, n, step)
    threads = workers if workers is not None else min(2, os.cpu_count() or 1)

    def run(start: int) -> None:
        block = slice(start, min(n, start + step))
        score = score_block(features, block)
        candidates = np.argpartition(score, n - pool, axis=1)[:, n - pool :]
        candidate_scores = np.take_along_axis(score, candidates, axis=1)
        # Best first; equal scores in partner order (deterministic whatever the blocks).
        order = np.lexsort((candidates, -candidate_scores), axis=1)
        candidates = np.take_along_axis(candidates, order, axis=1)
        candidate_scores = np.take_along_axis(candidate_scores, order, axis=1)
        chosen, chosen_scores = _diversify(
            candidates,
            candidate_scores,
            features.type_index,
            top=top,
            penalty=diversity_penalty,
            free=diversity_free,
        )
        usable = np.isfinite(chosen_scores)
        width = chosen.shape[1]
        partners[block, :width] = np.where(usable, chosen, -1)
        scores[block, :width] = np.where(usable, chosen_scores, 0.0)
        strengths[block, :width] = np.where(usable, _percentiles(score, chosen_scores, sample), 0.0)
        del score

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
    return (
        np.take_along_axis(partners, order, axis=1),
        np.take_along_axis(scores, order, axis=1),
        np.take_along_axis(strengths, order, axis=1),
    )


def recommend_all(
    rows: Sequence[SurveyRow],
    *,
    top: int = 10,
    blocked: Collection[str] = (),
    model: RankingModel | None = None,
    diversity: bool = False,
    exact_text: bool | None = None,
) -> Recommendations:
    """Recommend up to `top` partners to every organization of the survey, with the
    shipped fitted model unless `model` is given (`model.RULE`: the rule baseline)."""
    rows = tuple(rows)
    features = build_features(rows, blocked=blocked, model=model, exact_text=exact_text)
    partners, scores, strengths = recommend_features(
        features, top=top, diversity_penalty=DIVERSITY_PENALTY if diversity else 0.0
    )
    return Recommendations(features.rows, partners, scores, strengths, features)
