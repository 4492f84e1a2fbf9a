"""Directional interest and reciprocal match scores, computed in blocks of rows.

Model. For organizations A and B, the directional interest of A in B is

    interest(A→B) = need(A,B) · (0.40 + 0.35·overlap(A,B) + 0.25·region(A→B)) · type(A→B)
                    + 0.30 · text(A→B)

- need(A,B): A's seeks answered by B's offers (`taxonomy.OFFER_ANSWERS_SEEK`), each matched
  seek weighted by its specificity (`taxonomy.SEEK_SPECIFICITY`); with m the matched weight
  and M the weight of all A's seeks, need = 0.5·m/M + 0.5·(1 − e^(−m)) — the share of A's
  needs that B answers, and the evidence that B answers something concrete.
- overlap: mean of the overlap coefficients |X∩Y| / min(|X|,|Y|) of therapeutic areas and of
  modalities (0.5 when either side left the column empty: unknown, not a mismatch).
- region(A→B): 1 when B's country lies in one of A's regions of interest (or A chose
  ``global`` or nothing), else 0.
- type(A→B): 1 when B's organization type is among A's preferred partner types (or A has no
  preference), else 0.6.
- text(A→B): TF-IDF similarity of A's ``description_seek`` with B's ``description_offer``
  (`text`); above `EXACT_TEXT_LIMIT` organizations a rank-`LSA_RANK` latent semantic
  projection (randomized SVD of the TF-IDF matrix) replaces the exact sparse product, which
  would be quadratic in the vocabulary overlap.

The reciprocal score of B in A's list is

    score(A,B) = 0.60·sqrt(interest(A→B)·interest(B→A)) + 0.25·interest(A→B)
                 + 0.15·interest(B→A) + 0.25·[B in A's wishlist] + 0.10·[A in B's wishlist]

so a mutual match (both directions positive) outranks a one-sided one of the same strength,
A's own interest counts more than B's, and a one-sided match still ranks when nothing
mutual exists (an offer-only organization still finds the organizations that need it).
Pairs where either side excluded the other, and organizations blocked by screening, get no
score (−inf).

Everything is dense numpy on blocks of rows (all partners at once): no Python loop over
pairs. Memory per block is about 16 · block · n · 4 bytes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from partnering_engine.matching.countries import region_of
from partnering_engine.matching.survey import SurveyRow
from partnering_engine.matching.taxonomy import (
    OFFER_ANSWERS_SEEK,
    SEEK_SPECIFICITY,
    VOCABULARIES,
)
from partnering_engine.matching.text import tfidf_pair

__all__ = [
    "EXACT_TEXT_LIMIT",
    "LSA_RANK",
    "MatchFeatures",
    "ScoreWeights",
    "build_features",
    "score_block",
]

FloatArray = npt.NDArray[np.float32]

#: Up to this many organizations the text similarity is the exact TF-IDF cosine.
EXACT_TEXT_LIMIT = 2500
#: Rank of the latent semantic projection used above `EXACT_TEXT_LIMIT`.
LSA_RANK = 160


@dataclass(frozen=True)
class ScoreWeights:
    """The constants of the model in the module docstring."""

    need_base: float = 0.40
    need_overlap: float = 0.35
    need_region: float = 0.25
    type_mismatch: float = 0.6
    text: float = 0.30
    mutual: float = 0.60
    own: float = 0.25
    other: float = 0.15
    wishlist_own: float = 0.25
    wishlist_other: float = 0.10


def _codes(field_name: str) -> dict[str, int]:
    return {t.code: i for i, t in enumerate(VOCABULARIES[field_name])}


_SEEK_INDEX = _codes("seeks")
_AREA_INDEX = _codes("therapeutic_areas")
_MODALITY_INDEX = _codes("modalities")
_REGION_INDEX = _codes("regions_of_interest")
_TYPE_INDEX = _codes("org_type")
_SPECIFICITY = np.array([SEEK_SPECIFICITY[t.code] for t in VOCABULARIES["seeks"]], dtype=np.float32)


@dataclass(frozen=True)
class MatchFeatures:
    """Rows encoded as matrices (row i = organization i of `ids`)."""

    ids: tuple[str, ...]
    seeks: FloatArray  # n x seeks, specificity of each seek
    offers: FloatArray  # n x seeks, 1 where an offer answers that seek
    seek_mass: FloatArray  # n, total specificity of the seeks
    areas: FloatArray
    area_count: FloatArray
    modalities: FloatArray
    modality_count: FloatArray
    region_interest: FloatArray  # n x regions, all ones for "global" or no answer
    country_region: FloatArray  # n x regions, one-hot region of the country
    type_onehot: FloatArray
    type_preference: FloatArray  # n x types, all ones for no preference
    type_index: npt.NDArray[np.int8]
    text_seek: sp.csr_matrix | FloatArray
    text_offer: sp.csr_matrix | FloatArray
    #: (i, j) = 1 when i excluded j or j excluded i.
    excluded: sp.csr_matrix
    #: (i, j) = 1 when j is on i's wishlist.
    wishlist: sp.csr_matrix
    #: Organizations that must not be recommended to anyone (screening).
    blocked: npt.NDArray[np.bool_]
    text_exact: bool = True
    weights: ScoreWeights = field(default_factory=ScoreWeights)

    @property
    def size(self) -> int:
        return len(self.ids)


def _multi_hot(values: Sequence[Sequence[str]], index: dict[str, int]) -> FloatArray:
    matrix = np.zeros((len(values), len(index)), dtype=np.float32)
    rows = [i for i, codes in enumerate(values) for _ in codes]
    cols = [index[c] for codes in values for c in codes]
    matrix[rows, cols] = 1.0
    return matrix


def _pair_matrix(n: int, pairs: Sequence[tuple[int, int]]) -> sp.csr_matrix:
    if not pairs:
        return sp.csr_matrix((n, n), dtype=np.float32)
    rows, cols = zip(*pairs, strict=True)
    matrix = sp.csr_matrix(
        (np.ones(len(pairs), dtype=np.float32), (rows, cols)), shape=(n, n), dtype=np.float32
    )
    matrix.data[:] = 1.0  # duplicates summed by the constructor count once
    return matrix


def _lsa(
    seek: sp.csr_matrix, offer: sp.csr_matrix, rank: int, seed: int
) -> tuple[FloatArray, FloatArray]:
    """Project both TF-IDF matrices on the top `rank` right singular vectors of their stack
    (randomized range finder with two power iterations, Halko-Martinsson-Tropp 2011)."""
    stacked = sp.vstack([seek, offer], format="csr", dtype=np.float32)
    width = stacked.shape[1]
    rank = max(1, min(rank, width - 1, stacked.shape[0] - 1))
    rng = np.random.default_rng(seed)
    sketch = stacked @ rng.standard_normal((width, rank + 10)).astype(np.float32)
    for _ in range(2):
        sketch, _ = np.linalg.qr(sketch)
        back, _ = np.linalg.qr(np.asarray(stacked.T @ sketch))
        sketch = stacked @ back
    basis, _ = np.linalg.qr(sketch)
    small = np.asarray((stacked.T @ basis).T, dtype=np.float32)
    _, _, right = np.linalg.svd(small, full_matrices=False)
    projection = np.ascontiguousarray(right[:rank].T, dtype=np.float32)
    return (
        np.asarray(seek @ projection, dtype=np.float32),
        np.asarray(offer @ projection, dtype=np.float32),
    )


def build_features(
    rows: Sequence[SurveyRow],
    *,
    blocked: Collection[str] = (),
    weights: ScoreWeights | None = None,
    exact_text: bool | None = None,
    seed: int = 0,
) -> MatchFeatures:
    """Encode survey rows for `score_block`. `blocked` org_ids are never recommended.
    `exact_text` forces (True) or forbids (False) the exact text similarity; by default it
    is exact up to `EXACT_TEXT_LIMIT` organizations."""
    n = len(rows)
    index = {r.org_id: i for i, r in enumerate(rows)}
    seeks = _multi_hot([r.seeks for r in rows], _SEEK_INDEX) * _SPECIFICITY[np.newaxis, :]
    offers = _multi_hot([[OFFER_ANSWERS_SEEK[o] for o in r.offers] for r in rows], _SEEK_INDEX)
    areas = _multi_hot([r.therapeutic_areas for r in rows], _AREA_INDEX)
    modalities = _multi_hot([r.modalities for r in rows], _MODALITY_INDEX)
    region_interest = _multi_hot([r.regions_of_interest for r in rows], _REGION_INDEX)
    open_region = (region_interest.sum(axis=1) == 0) | (
        region_interest[:, _REGION_INDEX["global"]] > 0
    )
    region_interest[open_region, :] = 1.0
    country_region = _multi_hot([[region_of(r.country)] for r in rows], _REGION_INDEX)
    type_onehot = _multi_hot([[r.org_type] for r in rows], _TYPE_INDEX)
    type_preference = _multi_hot([r.preferred_partner_types for r in rows], _TYPE_INDEX)
    type_preference[type_preference.sum(axis=1) == 0, :] = 1.0
    type_index = np.array([_TYPE_INDEX[r.org_type] for r in rows], dtype=np.int8)

    vectors = tfidf_pair([r.description_seek for r in rows], [r.description_offer for r in rows])
    exact = n <= EXACT_TEXT_LIMIT if exact_text is None else exact_text
    text_seek: sp.csr_matrix | FloatArray = vectors.left
    text_offer: sp.csr_matrix | FloatArray = vectors.right
    if not exact:
        text_seek, text_offer = _lsa(vectors.left, vectors.right, LSA_RANK, seed)

    exclusions = [
        pair
        for i, r in enumerate(rows)
        for j in (index[x] for x in r.excluded_partners if x in index)
        for pair in ((i, j), (j, i))
    ]
    wishes = [(i, index[x]) for i, r in enumerate(rows) for x in r.wishlist if x in index]
    blocked_mask = np.zeros(n, dtype=np.bool_)
    for org_id in blocked:
        if org_id in index:
            blocked_mask[index[org_id]] = True
    return MatchFeatures(
        ids=tuple(r.org_id for r in rows),
        seeks=seeks,
        offers=offers,
        seek_mass=seeks.sum(axis=1),
        areas=areas,
        area_count=areas.sum(axis=1),
        modalities=modalities,
        modality_count=modalities.sum(axis=1),
        region_interest=region_interest,
        country_region=country_region,
        type_onehot=type_onehot,
        type_preference=type_preference,
        type_index=type_index,
        text_seek=text_seek,
        text_offer=text_offer,
        excluded=_pair_matrix(n, exclusions),
        wishlist=_pair_matrix(n, wishes),
        blocked=blocked_mask,
        text_exact=exact,
        weights=weights or ScoreWeights(),
    )


def _need(matched: FloatArray, mass: FloatArray) -> FloatArray:
    """0.5·matched/mass + 0.5·(1 − e^(−matched)), 0 where mass is 0; in place on matched."""
    share = np.divide(matched, mass, out=np.zeros_like(matched), where=mass > 0)
    np.negative(matched, out=matched)
    np.exp(matched, out=matched)
    np.subtract(1.0, matched, out=matched)
    matched += share
    matched *= 0.5
    return matched


def _overlap(
    block: FloatArray, block_count: FloatArray, everyone: FloatArray, count: FloatArray
) -> FloatArray:
    shared = block @ everyone.T
    smaller = np.minimum(block_count[:, np.newaxis], count[np.newaxis, :])
    return np.where(smaller > 0, shared / np.maximum(smaller, 1.0), np.float32(0.5)).astype(
        np.float32
    )


def _text(left: sp.csr_matrix | FloatArray, right: sp.csr_matrix | FloatArray) -> FloatArray:
    if isinstance(left, np.ndarray) and isinstance(right, np.ndarray):
        product = left @ right.T
        np.clip(product, 0.0, 1.0, out=product)
        return product
    return np.asarray((left @ right.T).toarray(), dtype=np.float32)


def directional_block(f: MatchFeatures, rows: slice) -> tuple[FloatArray, FloatArray]:
    """interest(A→B) and interest(B→A) for A in `rows` and every B (two block x n arrays)."""
    w = f.weights
    overlap = _overlap(f.areas[rows], f.area_count[rows], f.areas, f.area_count)
    overlap += _overlap(f.modalities[rows], f.modality_count[rows], f.modalities, f.modality_count)
    overlap *= 0.5 * w.need_overlap
    overlap += w.need_base

    def direction(
        seeks: FloatArray,
        offers: FloatArray,
        mass: FloatArray,
        regions: FloatArray,
        countries: FloatArray,
        preference: FloatArray,
        types: FloatArray,
        text: FloatArray,
    ) -> FloatArray:
        interest = _need(seeks @ offers.T, mass)
        fit = regions @ countries.T
        np.minimum(fit, 1.0, out=fit)
        fit *= w.need_region
        fit += overlap
        interest *= fit
        liked = preference @ types.T
        np.minimum(liked, 1.0, out=liked)
        liked *= 1.0 - w.type_mismatch
        liked += w.type_mismatch
        interest *= liked
        text *= w.text
        interest += text
        return interest

    forward = direction(
        f.seeks[rows],
        f.offers,
        f.seek_mass[rows][:, np.newaxis],
        f.region_interest[rows],
        f.country_region,
        f.type_preference[rows],
        f.type_onehot,
        _text(f.text_seek[rows], f.text_offer),
    )
    backward = direction(
        f.offers[rows],
        f.seeks,
        f.seek_mass[np.newaxis, :],
        f.country_region[rows],
        f.region_interest,
        f.type_onehot[rows],
        f.type_preference,
        _text(f.text_offer[rows], f.text_seek),
    )
    return forward, backward


def score_block(f: MatchFeatures, rows: slice) -> FloatArray:
    """Reciprocal scores of every partner (columns) for the organizations in `rows`;
    −inf where a pair must never be recommended (itself, exclusions, blocked)."""
    w = f.weights
    forward, backward = directional_block(f, rows)
    score = np.multiply(forward, backward)
    np.sqrt(score, out=score)
    score *= w.mutual
    forward *= w.own
    score += forward
    backward *= w.other
    score += backward
    del forward, backward
    wish = f.wishlist[rows]
    if wish.nnz:
        score += w.wishlist_own * wish.toarray()
    wished_by = f.wishlist.T.tocsr()[rows]
    if wished_by.nnz:
        score += w.wishlist_other * wished_by.toarray()
    excluded = f.excluded[rows]
    if excluded.nnz:
        score[excluded.toarray() > 0] = -np.inf
    score[:, f.blocked] = -np.inf
    score[f.blocked[rows], :] = -np.inf
    start = rows.start or 0
    local = np.arange(score.shape[0])
    score[local, local + start] = -np.inf
    return score
