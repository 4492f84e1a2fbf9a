"""Directional interest and reciprocal match scores, computed in blocks of rows.

Model. For organizations A and B, the directional interest of A in B is

    interest(A→B) = need(A,B) · fit(A→B) · type(A→B) + 0.30 · text(A→B)

- need(A,B): the share of A's seeks that B's offers answer (`taxonomy.OFFER_ANSWERS_SEEK`),
  each seek weighted by its specificity (`taxonomy.SEEK_SPECIFICITY`), in [0, 1].
- fit(A→B) = 0.40 + 0.175·cos(areas) + 0.175·cos(modalities) + 0.25·region(A→B), where cos
  is the cosine of the two organizations' therapeutic-area (resp. modality) sets, and
  region(A→B) = 1 when B's country lies in one of A's regions of interest (or A chose
  ``global`` or nothing), else 0. So a specific, reachable partner counts up to 2.5 times a
  partner that only matches the offer↔seek pair.
- type(A→B): 1 when B's organization type is among A's preferred partner types (or A has no
  preference), else 0.6.
- text(A→B): TF-IDF similarity of A's ``description_seek`` with B's ``description_offer``
  (`text`); above `EXACT_TEXT_LIMIT` organizations a rank-`LSA_RANK` latent semantic
  projection (randomized SVD of the TF-IDF matrix) replaces the exact sparse product, whose
  output is dense because character n-grams are shared by almost every pair.

Each factor is a bilinear form of per-organization feature vectors, so one block of rows
against everyone is a handful of dense matrix products (BLAS) and a few element-wise passes.

The reciprocal score of B in A's list is

    score(A,B) = 0.60·sqrt(interest(A→B)·interest(B→A)) + 0.25·interest(A→B)
                 + 0.15·interest(B→A) + 0.25·[B in A's wishlist] + 0.10·[A in B's wishlist]

so a mutual match (both directions positive) outranks a one-sided one of the same strength,
A's own interest counts more than B's, and a one-sided match still ranks when nothing
mutual exists (an offer-only organization still finds the organizations that need it).
Pairs where either side excluded the other, and organizations blocked by screening, get no
score (−inf).

No Python loop over pairs; memory per block is about 8 · block · n · 4 bytes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

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
    "combine_block",
    "directional_block",
    "interest_block",
    "score_block",
]

FloatArray = npt.NDArray[np.float32]

#: Up to this many organizations the text similarity is the exact TF-IDF cosine.
EXACT_TEXT_LIMIT = 2500
#: Rank of the latent semantic projection used above `EXACT_TEXT_LIMIT`.
LSA_RANK = 128


@dataclass(frozen=True)
class ScoreWeights:
    """The constants of the model in the module docstring."""

    fit_base: float = 0.40
    fit_areas: float = 0.175
    fit_modalities: float = 0.175
    fit_region: float = 0.25
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
    """Rows encoded as matrices (row i = organization i of `ids`). Each directional factor
    f(A→B) is ``left[A] · right[B]``; see the module docstring."""

    ids: tuple[str, ...]
    need_left: FloatArray  # seeks x specificity / total specificity
    need_right: FloatArray  # 1 where an offer answers that seek
    fit_left: FloatArray  # [w·areas/|areas|^½, w·modalities/|…|^½, w·region interest, base]
    fit_right: FloatArray  # [areas/|areas|^½, modalities/|…|^½, country region, 1]
    type_left: FloatArray  # [mismatch, (1 - mismatch)·preferred types]
    type_right: FloatArray  # [1, type one-hot]
    type_index: npt.NDArray[np.int8]
    text_seek: sp.csr_matrix | FloatArray  # scaled by the text weight
    text_offer: sp.csr_matrix | FloatArray
    #: (i, j) = 1 when i excluded j or j excluded i.
    excluded: sp.csr_matrix
    #: (i, j) = 1 when j is on i's wishlist; `wished_by` is its transpose.
    wishlist: sp.csr_matrix
    wished_by: sp.csr_matrix
    #: Organizations that must not be recommended to anyone (screening).
    blocked: npt.NDArray[np.bool_]
    text_exact: bool = True
    #: False when nobody stated preferred partner types: the type factor is 1 everywhere.
    type_preferences: bool = True
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


def _unit_rows(matrix: FloatArray) -> FloatArray:
    norms = np.sqrt(matrix.sum(axis=1, keepdims=True))
    unit: FloatArray = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return unit


def _pair_matrix(n: int, pairs: Sequence[tuple[int, int]]) -> sp.csr_matrix:
    if not pairs:
        return sp.csr_matrix((n, n), dtype=np.float32)
    rows, cols = zip(*pairs, strict=True)
    matrix = sp.csr_matrix(
        (np.ones(len(pairs), dtype=np.float32), (rows, cols)), shape=(n, n), dtype=np.float32
    )
    matrix.data[:] = 1.0  # duplicates summed by the constructor count once
    return matrix


def _orthonormal(columns: FloatArray) -> FloatArray:
    """An orthonormal basis of the columns' span, via the eigen-decomposition of their small
    Gram matrix (matrix products only; tall-matrix QR is slow with threaded BLAS)."""
    gram = (columns.T @ columns).astype(np.float64)
    values, vectors = np.linalg.eigh(gram)
    if values.size == 0 or values.max() <= 0:
        return np.zeros((columns.shape[0], 1), dtype=np.float32)
    keep = values > values.max() * 1e-10
    whiten = (vectors[:, keep] / np.sqrt(values[keep])).astype(np.float32)
    return np.asarray(columns @ whiten, dtype=np.float32)


def _lsa(
    seek: sp.csr_matrix, offer: sp.csr_matrix, rank: int, seed: int
) -> tuple[FloatArray, FloatArray]:
    """Project both TF-IDF matrices on the top `rank` right singular vectors of their stack
    (randomized range finder with one power iteration, Halko-Martinsson-Tropp 2011)."""
    stacked = sp.vstack([seek, offer], format="csr", dtype=np.float32)
    if stacked.nnz == 0:  # no description anywhere: no text similarity
        return np.zeros((seek.shape[0], 1), np.float32), np.zeros((offer.shape[0], 1), np.float32)
    width = stacked.shape[1]
    rank = max(1, min(rank, width - 1, stacked.shape[0] - 1))
    rng = np.random.default_rng(seed)
    sketch = np.asarray(stacked @ rng.standard_normal((width, rank + 10)).astype(np.float32))
    sketch = _orthonormal(sketch)
    sketch = _orthonormal(np.asarray(stacked @ np.asarray(stacked.T @ sketch)))
    small = np.asarray(stacked.T @ sketch, dtype=np.float64)  # width x (rank + 10)
    values, vectors = np.linalg.eigh(small.T @ small)
    top = np.argsort(values)[::-1][:rank]
    singular = np.sqrt(np.maximum(values[top], 1e-12))
    projection = np.ascontiguousarray((small @ vectors[:, top]) / singular, dtype=np.float32)
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
    w = weights or ScoreWeights()
    n = len(rows)
    index = {r.org_id: i for i, r in enumerate(rows)}
    seeks = _multi_hot([r.seeks for r in rows], _SEEK_INDEX) * _SPECIFICITY[np.newaxis, :]
    mass = seeks.sum(axis=1, keepdims=True)
    need_left = np.divide(seeks, mass, out=np.zeros_like(seeks), where=mass > 0)
    need_right = _multi_hot([[OFFER_ANSWERS_SEEK[o] for o in r.offers] for r in rows], _SEEK_INDEX)
    areas = _unit_rows(_multi_hot([r.therapeutic_areas for r in rows], _AREA_INDEX))
    modalities = _unit_rows(_multi_hot([r.modalities for r in rows], _MODALITY_INDEX))
    region_interest = _multi_hot([r.regions_of_interest for r in rows], _REGION_INDEX)
    open_region = (region_interest.sum(axis=1) == 0) | (
        region_interest[:, _REGION_INDEX["global"]] > 0
    )
    region_interest[open_region, :] = 1.0
    country_region = _multi_hot([[region_of(r.country)] for r in rows], _REGION_INDEX)
    ones = np.ones((n, 1), dtype=np.float32)
    fit_left = np.hstack(
        [
            w.fit_areas * areas,
            w.fit_modalities * modalities,
            w.fit_region * region_interest,
            w.fit_base * ones,
        ]
    ).astype(np.float32)
    fit_right = np.hstack([areas, modalities, country_region, ones]).astype(np.float32)
    preference = _multi_hot([r.preferred_partner_types for r in rows], _TYPE_INDEX)
    any_preference = bool(preference.any())
    preference[preference.sum(axis=1) == 0, :] = 1.0
    type_left = np.hstack([w.type_mismatch * ones, (1.0 - w.type_mismatch) * preference])
    type_right = np.hstack([ones, _multi_hot([[r.org_type] for r in rows], _TYPE_INDEX)])
    type_index = np.array([_TYPE_INDEX[r.org_type] for r in rows], dtype=np.int8)

    vectors = tfidf_pair([r.description_seek for r in rows], [r.description_offer for r in rows])
    exact = n <= EXACT_TEXT_LIMIT if exact_text is None else exact_text
    text_seek: sp.csr_matrix | FloatArray = vectors.left * np.float32(w.text)
    text_offer: sp.csr_matrix | FloatArray = vectors.right
    if not exact:
        seek_lsa, offer_lsa = _lsa(vectors.left, vectors.right, LSA_RANK, seed)
        text_seek, text_offer = seek_lsa * np.float32(w.text), offer_lsa

    exclusions = [
        pair
        for i, r in enumerate(rows)
        for j in (index[x] for x in r.excluded_partners if x in index)
        for pair in ((i, j), (j, i))
    ]
    wishes = [(i, index[x]) for i, r in enumerate(rows) for x in r.wishlist if x in index]
    wishlist = _pair_matrix(n, wishes)
    blocked_mask = np.zeros(n, dtype=np.bool_)
    for org_id in blocked:
        if org_id in index:
            blocked_mask[index[org_id]] = True
    return MatchFeatures(
        ids=tuple(r.org_id for r in rows),
        need_left=need_left,
        need_right=need_right,
        fit_left=fit_left,
        fit_right=fit_right,
        type_left=type_left.astype(np.float32),
        type_right=type_right.astype(np.float32),
        type_index=type_index,
        text_seek=text_seek,
        text_offer=text_offer,
        excluded=_pair_matrix(n, exclusions),
        wishlist=wishlist,
        wished_by=sp.csr_matrix(wishlist.T),
        blocked=blocked_mask,
        text_exact=exact,
        type_preferences=any_preference,
        weights=w,
    )


def _text(left: sp.csr_matrix | FloatArray, right: sp.csr_matrix | FloatArray) -> FloatArray:
    product: Any = left @ right.T
    if sp.issparse(product):
        return np.asarray(product.toarray(), dtype=np.float32)
    dense = np.asarray(product, dtype=np.float32)
    # The low-rank projection can dip slightly below zero where the exact cosine is 0.
    np.maximum(dense, 0.0, out=dense)
    return dense


def interest_block(f: MatchFeatures, rows: slice) -> FloatArray:
    """interest(A→B) for A in `rows` and every B (a block x n array)."""
    forward = f.need_left[rows] @ f.need_right.T
    forward *= f.fit_left[rows] @ f.fit_right.T
    if f.type_preferences:
        forward *= f.type_left[rows] @ f.type_right.T
    forward += _text(f.text_seek[rows], f.text_offer)
    return forward


def directional_block(f: MatchFeatures, rows: slice) -> tuple[FloatArray, FloatArray]:
    """interest(A→B) and interest(B→A) for A in `rows` and every B (two block x n arrays)."""
    backward = f.need_right[rows] @ f.need_left.T
    backward *= f.fit_right[rows] @ f.fit_left.T
    if f.type_preferences:
        backward *= f.type_right[rows] @ f.type_left.T
    backward += _text(f.text_offer[rows], f.text_seek)
    return interest_block(f, rows), backward


def _add_pairs(score: FloatArray, pairs: sp.csr_matrix, value: float) -> None:
    """Add `value` at the (row, column) entries of a sparse block, without densifying it."""
    if pairs.nnz:
        coo = pairs.tocoo()
        score[coo.row, coo.col] += np.float32(value)


def score_block(f: MatchFeatures, rows: slice) -> FloatArray:
    """Reciprocal scores of every partner (columns) for the organizations in `rows`;
    −inf where a pair must never be recommended (itself, exclusions, blocked)."""
    forward, backward = directional_block(f, rows)
    return combine_block(f, rows, forward, backward)


def combine_block(
    f: MatchFeatures, rows: slice, forward: FloatArray, backward: FloatArray
) -> FloatArray:
    """The reciprocal score from both directions of a block (see the module docstring).
    `forward` is left untouched; `backward` is overwritten."""
    w = f.weights
    score = np.multiply(forward, backward)
    np.sqrt(score, out=score)
    score *= w.mutual
    scaled = np.multiply(forward, np.float32(w.own))
    score += scaled
    np.multiply(backward, np.float32(w.other), out=backward)
    score += backward
    del scaled
    _add_pairs(score, f.wishlist[rows], w.wishlist_own)
    _add_pairs(score, f.wished_by[rows], w.wishlist_other)
    excluded = f.excluded[rows].tocoo()
    score[excluded.row, excluded.col] = -np.inf
    if f.blocked.any():
        score[:, f.blocked] = -np.inf
        score[f.blocked[rows], :] = -np.inf
    start = rows.start or 0
    local = np.arange(score.shape[0])
    score[local, local + start] = -np.inf
    return score
