"""Pair features and the match score, computed in blocks of rows with matrix products.

Model. For an organization A looking at a candidate B the score is a weighted sum of pair
features (`PAIR_FEATURES`), with weights fitted by logistic regression on real deals
(`model`, `bench/matching_fit.py`):

    score(A, B) = Σ_k w_k · f_k(A, B) / σ_k(A)  +  hub · reach(B)
                  + wishlist and preferred-type terms

where σ_k(A) is the spread (standard deviation) of feature k over A's other candidates,
floored at `SPREAD_FLOOR` of its spread over all pairs (`row_scale_of`; 1 when the model
is not row-scaled), and reach(B) is B's mean fitted score among all other organizations'
candidates (the model's partner-reach term, ``hub`` = 0 turns it off).

Each feature is a bilinear form ``left_k[A] · right_k[B]`` of per-organization vectors:

- ``need_forward``: how many of A's seeks B's offers answer (`taxonomy.OFFER_ANSWERS_SEEK`);
  ``need_backward``: how many of B's seeks A's offers answer.
- ``specific_forward`` / ``specific_backward``: the same matches, each weighted by its
  specificity in this survey (inverse document frequency of the seek among all
  organizations: a match on something few organizations seek says more).
- ``areas_shared`` / ``modalities_shared``: shared therapeutic areas / modalities (counts);
  ``areas_cosine`` / ``modalities_cosine``: the same overlaps normalised by the list lengths.
- ``areas_named`` / ``modalities_named``: the same cosines over the areas / modalities each
  organization chose or named in either description (`lexicon`): a description that says
  "antibody-drug conjugates" counts even when the list left it out.
- ``region_forward``: B's country lies in A's regions of interest (or A chose ``global`` or
  nothing); ``region_backward``: the other way; ``regions_shared``: shared regions of
  interest; ``same_country``.
- ``type_pair``: the log-odds table of organization-type pairs (government ↔
  international organization, global pharma ↔ biotech, …), learned with shrinkage.
- ``text_forward``: TF-IDF cosine of A's ``description_seek`` and B's ``description_offer``;
  ``text_backward``: B's seek against A's offer; ``text_profile``: both descriptions of A
  against both of B (`text`).
- ``concepts_forward`` / ``concepts_backward``: concepts of the bilingual lexicon
  (`lexicon`) named in A's seek text and B's offer text (resp. the other way), weighted by
  their inverse document frequency.

So one block of rows against everyone is a few dense (and, for exact text, sparse) matrix
products: all feature vectors, already multiplied by their weights and by A's row scale,
are concatenated, and the score of a block is ``left[block] @ right.T``; reach(B) is one
more column (1 on the left, reach on the right). The row spreads come from the Gram
matrix of each feature's right vectors (d x d), and reach from the column sums of the
left vectors, so no n x n matrix is ever built for them. Pairs where either side excluded the
other, blocked organizations and the organization itself get −inf.

A survey where no organization answered any vocabulary question (offers, seeks, areas,
modalities) is scored as a rule instead (`model.RULE`): its rows are first given the codes
their descriptions name (`lexicon.vocabulary_codes`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from partnering_engine.matching.countries import region_of
from partnering_engine.matching.lexicon import CONCEPTS, concepts_in, vocabulary_codes
from partnering_engine.matching.model import PAIR_FEATURES, RULE, TYPES, RankingModel, load_model
from partnering_engine.matching.survey import SurveyRow
from partnering_engine.matching.taxonomy import OFFER_ANSWERS_SEEK, VOCABULARIES
from partnering_engine.matching.text import EXACT_TEXT_LIMIT, LSA_RANK, TextVectors, text_vectors

__all__ = [
    "EXACT_TEXT_LIMIT",
    "LSA_RANK",
    "PAIR_FEATURES",
    "MatchFeatures",
    "PairEncoding",
    "build_features",
    "contributions",
    "encode_pairs",
    "feature_matrices",
    "pair_values",
    "row_scale_of",
    "score_block",
    "uses_vocabulary",
]

FloatArray = npt.NDArray[np.float32]
Vectors: TypeAlias = sp.csr_matrix | FloatArray

_TEXT = ("text_forward", "text_backward", "text_profile")
#: A feature's spread over one organization's candidates counts as at least this share of
#: its spread over all pairs (see `row_scale_of`).
SPREAD_FLOOR = 0.1


def _codes(field_name: str) -> dict[str, int]:
    return {t.code: i for i, t in enumerate(VOCABULARIES[field_name])}


_SEEK_INDEX = _codes("seeks")
_AREA_INDEX = _codes("therapeutic_areas")
_MODALITY_INDEX = _codes("modalities")
_REGION_INDEX = _codes("regions_of_interest")
_TYPE_INDEX = _codes("org_type")
_CONCEPT_INDEX = {c: i for i, c in enumerate(CONCEPTS)}


def _multi_hot(values: Sequence[Collection[str]], index: dict[str, int]) -> FloatArray:
    matrix = np.zeros((len(values), max(len(index), 1)), dtype=np.float32)
    rows = [i for i, codes in enumerate(values) for c in codes if c in index]
    cols = [index[c] for codes in values for c in codes if c in index]
    matrix[rows, cols] = 1.0
    return matrix


def _unit_rows(matrix: FloatArray) -> FloatArray:
    norms = np.sqrt(matrix.sum(axis=1, keepdims=True))
    unit: FloatArray = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return unit


def _idf(matrix: FloatArray) -> FloatArray:
    """Smoothed inverse document frequency of each column (how rare it is among rows)."""
    n = matrix.shape[0]
    frequency = (matrix > 0).sum(axis=0)
    return np.asarray(np.log((1.0 + n) / (1.0 + frequency)), dtype=np.float32)


def _pair_matrix(n: int, pairs: Sequence[tuple[int, int]]) -> sp.csr_matrix:
    if not pairs:
        return sp.csr_matrix((n, n), dtype=np.float32)
    rows, cols = zip(*pairs, strict=True)
    matrix = sp.csr_matrix(
        (np.ones(len(pairs), dtype=np.float32), (rows, cols)), shape=(n, n), dtype=np.float32
    )
    matrix.data[:] = 1.0  # duplicates summed by the constructor count once
    return matrix


@dataclass(frozen=True)
class PairEncoding:
    """Organizations encoded as per-feature vectors: feature k of pair (A, B) is
    ``structured[k][0][A] · structured[k][1][B]`` (and likewise for `text`); `types` are
    type indexes into `TYPES` for the ``type_pair`` table."""

    ids: tuple[str, ...]
    structured: dict[str, tuple[FloatArray, FloatArray]]
    text: TextVectors
    types: npt.NDArray[np.int8]

    @property
    def size(self) -> int:
        return len(self.ids)


def uses_vocabulary(rows: Sequence[SurveyRow]) -> bool:
    """Whether any row answered a vocabulary question (offers, seeks, areas, modalities)."""
    return any(r.offers or r.seeks or r.therapeutic_areas or r.modalities for r in rows)


def _codes_from_text(row: SurveyRow) -> SurveyRow:
    seek, offer = concepts_in(row.description_seek), concepts_in(row.description_offer)
    both = seek | offer
    return replace(
        row,
        therapeutic_areas=vocabulary_codes(both, "therapeutic_areas"),
        modalities=vocabulary_codes(both, "modalities"),
        offers=vocabulary_codes(offer, "offers"),
        seeks=vocabulary_codes(seek, "seeks"),
    )


def encode_pairs(
    rows: Sequence[SurveyRow], *, exact_text: bool | None = None, seed: int = 0
) -> PairEncoding:
    """The per-organization vectors of every pair feature (all but ``type_pair``'s table,
    which belongs to the model)."""
    seeks = _multi_hot([r.seeks for r in rows], _SEEK_INDEX)
    answers = _multi_hot([[OFFER_ANSWERS_SEEK[o] for o in r.offers] for r in rows], _SEEK_INDEX)
    specificity = _idf(seeks)
    areas = _multi_hot([r.therapeutic_areas for r in rows], _AREA_INDEX)
    modalities = _multi_hot([r.modalities for r in rows], _MODALITY_INDEX)
    regions = _multi_hot([r.regions_of_interest for r in rows], _REGION_INDEX)
    reach = regions.copy()
    open_region = (regions.sum(axis=1) == 0) | (regions[:, _REGION_INDEX["global"]] > 0)
    reach[open_region, :] = 1.0
    located = _multi_hot([[region_of(r.country)] for r in rows], _REGION_INDEX)
    country_index = {c: i for i, c in enumerate(sorted({r.country for r in rows}))}
    country = _multi_hot([[r.country] for r in rows], country_index)
    seek_named = [concepts_in(r.description_seek) for r in rows]
    offer_named = [concepts_in(r.description_offer) for r in rows]
    seek_concepts = _multi_hot(seek_named, _CONCEPT_INDEX)
    offer_concepts = _multi_hot(offer_named, _CONCEPT_INDEX)
    named = [s | o for s, o in zip(seek_named, offer_named, strict=True)]
    areas_named = np.maximum(
        areas, _multi_hot([vocabulary_codes(c, "therapeutic_areas") for c in named], _AREA_INDEX)
    )
    modalities_named = np.maximum(
        modalities, _multi_hot([vocabulary_codes(c, "modalities") for c in named], _MODALITY_INDEX)
    )
    concept_idf = _idf(np.vstack([seek_concepts, offer_concepts]))
    structured = {
        "need_forward": (seeks, answers),
        "need_backward": (answers, seeks),
        "specific_forward": (seeks * specificity, answers),
        "specific_backward": (answers, seeks * specificity),
        "areas_shared": (areas, areas),
        "modalities_shared": (modalities, modalities),
        "areas_cosine": (_unit_rows(areas), _unit_rows(areas)),
        "modalities_cosine": (_unit_rows(modalities), _unit_rows(modalities)),
        "areas_named": (_unit_rows(areas_named), _unit_rows(areas_named)),
        "modalities_named": (_unit_rows(modalities_named), _unit_rows(modalities_named)),
        "region_forward": (reach, located),
        "region_backward": (located, reach),
        "regions_shared": (regions, regions),
        "same_country": (country, country),
        "concepts_forward": (seek_concepts * concept_idf, offer_concepts),
        "concepts_backward": (offer_concepts, seek_concepts * concept_idf),
    }
    text = text_vectors(
        [r.description_seek for r in rows],
        [r.description_offer for r in rows],
        exact=exact_text,
        seed=seed,
    )
    return PairEncoding(
        ids=tuple(r.org_id for r in rows),
        structured=structured,
        text=text,
        types=np.array([_TYPE_INDEX[r.org_type] for r in rows], dtype=np.int8),
    )


def _text_pair(text: TextVectors, name: str) -> tuple[Vectors, Vectors]:
    return {
        "text_forward": (text.seek, text.offer),
        "text_backward": (text.offer, text.seek),
        "text_profile": (text.profile, text.profile),
    }[name]


def _dense(product: Any) -> FloatArray:
    if sp.issparse(product):
        return np.asarray(product.toarray(), dtype=np.float32)
    return np.asarray(product, dtype=np.float32)


def feature_matrices(
    encoding: PairEncoding, type_pair: npt.NDArray[np.floating[Any]]
) -> dict[str, FloatArray]:
    """Every feature for every pair: name -> n x n matrix (for fitting and measuring on
    small surveys; `score_block` never builds these)."""
    out = {name: _dense(left @ right.T) for name, (left, right) in encoding.structured.items()}
    types = encoding.types.astype(np.intp)
    out["type_pair"] = np.asarray(type_pair, dtype=np.float32)[types[:, None], types[None, :]]
    for name in _TEXT:
        left, right = _text_pair(encoding.text, name)
        out[name] = np.maximum(_dense(left @ right.T), 0.0)
    return out


def _row_dots(
    left: Vectors, right: Vectors, a: npt.NDArray[np.intp], b: npt.NDArray[np.intp]
) -> FloatArray:
    if sp.issparse(left):
        product = sp.csr_matrix(left[a]).multiply(sp.csr_matrix(right[b]))
        return np.asarray(product.sum(axis=1), dtype=np.float32).ravel()
    dots: FloatArray = np.einsum("ij,ij->i", np.asarray(left)[a], np.asarray(right)[b]).astype(
        np.float32
    )
    return dots


def pair_values(
    encoding: PairEncoding,
    type_pair: npt.NDArray[np.floating[Any]],
    a: npt.NDArray[np.intp],
    b: npt.NDArray[np.intp],
) -> dict[str, FloatArray]:
    """Every feature for the pairs (a[i], b[i]): name -> vector (for explaining a list)."""
    out = {
        name: _row_dots(left, right, a, b) for name, (left, right) in encoding.structured.items()
    }
    types = encoding.types.astype(np.intp)
    out["type_pair"] = np.asarray(type_pair, dtype=np.float32)[types[a], types[b]]
    for name in _TEXT:
        left, right = _text_pair(encoding.text, name)
        out[name] = np.maximum(_row_dots(left, right, a, b), 0.0)
    return out


@dataclass(frozen=True)
class MatchFeatures:
    """A survey ready to score: ``left[A] · right[B]`` (plus the sparse text product
    ``text_left[A] · text_right[B]`` when the text is exact) is the score of B for A."""

    ids: tuple[str, ...]
    #: The rows as scored (a text-only survey's rows carry the codes read from its text).
    rows: tuple[SurveyRow, ...]
    encoding: PairEncoding
    model: RankingModel
    left: FloatArray
    right: FloatArray
    text_left: sp.csr_matrix | None
    text_right: sp.csr_matrix | None
    type_index: npt.NDArray[np.int8]
    #: (i, j) = 1 when i excluded j or j excluded i.
    excluded: sp.csr_matrix
    #: (i, j) = 1 when j is on i's wishlist; `wished_by` is its transpose.
    wishlist: sp.csr_matrix
    wished_by: sp.csr_matrix
    #: Organizations that must not be recommended to anyone (screening).
    blocked: npt.NDArray[np.bool_]
    #: Feature name -> per-organization factor of its values (see `model`'s row scale).
    row_scale: dict[str, FloatArray]
    #: Per candidate: the partner-reach term of every score it gets.
    reach: FloatArray

    @property
    def size(self) -> int:
        return len(self.ids)


def _row_spread(left: Vectors, right: Vectors) -> tuple[npt.NDArray[np.float64], float]:
    """Standard deviation of ``left[A] · right[B]`` over B ≠ A, for every A, and over all
    pairs (zeros for a survey of fewer than three organizations). Dense vectors use the Gram
    matrix of `right` (never an n x n matrix); sparse ones (exact text, at most
    `EXACT_TEXT_LIMIT` organizations) are multiplied out in blocks of rows."""
    n = left.shape[0]
    if n < 3:
        return np.zeros(n), 0.0
    if sp.issparse(left):
        csr_left, csr_right = sp.csr_matrix(left), sp.csr_matrix(right)
        total, squares = np.zeros(n), np.zeros(n)
        for start in range(0, n, 512):
            block = _dense(csr_left[start : start + 512] @ csr_right.T).astype(np.float64)
            total[start : start + 512] = block.sum(axis=1)
            squares[start : start + 512] = np.square(block).sum(axis=1)
        own = _row_dots(left, right, np.arange(n), np.arange(n)).astype(np.float64)
    else:
        dense_left = np.asarray(left, dtype=np.float64)
        dense_right = np.asarray(right, dtype=np.float64)
        total = dense_left @ dense_right.sum(axis=0)
        squares = np.einsum("ij,ij->i", dense_left @ (dense_right.T @ dense_right), dense_left)
        own = np.einsum("ij,ij->i", dense_left, dense_right)
    total, squares = total - own, squares - own * own
    mean = total / (n - 1)
    spread = np.sqrt(np.maximum(squares / (n - 1) - mean * mean, 0.0))
    overall_mean = total.sum() / (n * (n - 1))
    overall = float(np.sqrt(max(squares.sum() / (n * (n - 1)) - overall_mean**2, 0.0)))
    return spread, overall


def row_scale_of(spread: npt.NDArray[np.float64], overall: float) -> FloatArray:
    """The factor of each organization's values of one feature: 1 / its spread over the
    organization's candidates, the spread floored at `SPREAD_FLOOR` of the feature's
    spread over all pairs (an organization whose candidates all look alike on a feature
    must not turn noise into a large score); 1 for a feature flat in the whole survey."""
    if overall <= 1e-6:
        return np.ones(spread.shape, dtype=np.float32)
    return np.asarray(1.0 / np.maximum(spread, SPREAD_FLOOR * overall), dtype=np.float32)


def _row_scale(left: Vectors, right: Vectors) -> FloatArray:
    return row_scale_of(*_row_spread(left, right))


def _scaled(left: Vectors, factor: FloatArray) -> Vectors:
    if sp.issparse(left):
        return sp.csr_matrix(sp.diags(factor) @ left, dtype=np.float32)
    return np.asarray(left * factor[:, None], dtype=np.float32)


def _type_one_hot(encoding: PairEncoding) -> FloatArray:
    """One row per organization, a 1 in the column of its organization type."""
    one_hot = np.zeros((encoding.size, len(TYPES)), dtype=np.float32)
    one_hot[np.arange(encoding.size), encoding.types.astype(np.intp)] = 1.0
    return one_hot


def _feature_vectors(
    encoding: PairEncoding, model: RankingModel
) -> dict[str, tuple[Vectors, Vectors]]:
    """Every feature's (left, right) vectors, ``type_pair`` included (its fitted table)."""
    out: dict[str, tuple[Vectors, Vectors]] = dict(encoding.structured)
    one_hot = _type_one_hot(encoding)
    out["type_pair"] = (one_hot @ np.asarray(model.type_pair, dtype=np.float32), one_hot)
    for name in _TEXT:
        out[name] = _text_pair(encoding.text, name)
    return out


@dataclass(frozen=True)
class _Weighted:
    left: FloatArray
    right: FloatArray
    text_left: sp.csr_matrix | None
    text_right: sp.csr_matrix | None
    #: Per organization, per feature: the factor its feature values are multiplied by
    #: (1 / spread over its candidates when the model is row-scaled, else 1).
    row_scale: dict[str, FloatArray]
    #: Per candidate: the partner-reach term added to its score for everyone.
    reach: FloatArray


def _weighted_vectors(
    encoding: PairEncoding, model: RankingModel, rows: Sequence[SurveyRow]
) -> _Weighted:
    n = encoding.size
    lefts: list[FloatArray] = []
    rights: list[FloatArray] = []
    text_left: list[Vectors] = []
    text_right: list[Vectors] = []
    row_scale: dict[str, FloatArray] = {}
    for name, (left, right) in _feature_vectors(encoding, model).items():
        weight = model.weights.get(name, 0.0)
        if not weight:
            continue
        factor = _row_scale(left, right) if model.row_scaled else np.ones(n, dtype=np.float32)
        row_scale[name] = factor
        weighted = _scaled(left, factor * np.float32(weight))
        if name in _TEXT:
            text_left.append(weighted)
            text_right.append(right)
        else:
            lefts.append(np.asarray(weighted, dtype=np.float32))
            rights.append(np.asarray(right, dtype=np.float32))
    sparse_left = sparse_right = None
    if encoding.text.exact:
        if text_left:
            sparse_left = sp.csr_matrix(sp.hstack(text_left, format="csr"), dtype=np.float32)
            sparse_right = sp.csr_matrix(sp.hstack(text_right, format="csr"), dtype=np.float32)
    else:
        lefts.extend(np.asarray(m, dtype=np.float32) for m in text_left)
        rights.extend(np.asarray(m, dtype=np.float32) for m in text_right)
    if not lefts:
        lefts, rights = [np.zeros((n, 1), np.float32)], [np.zeros((n, 1), np.float32)]
    left = np.hstack(lefts)
    right = np.hstack(rights)
    # Partner reach: the candidate's mean fitted score among all others' candidates.
    reach = np.zeros(n, dtype=np.float32)
    if model.hub and n > 1:
        own = np.einsum("ij,ij->i", left, right)
        column = right @ left.sum(axis=0) - own
        if sparse_left is not None and sparse_right is not None:
            text_sum = np.asarray(sparse_left.sum(axis=0), dtype=np.float32).ravel()
            column += sparse_right @ text_sum
            column -= _row_dots(sparse_left, sparse_right, np.arange(n), np.arange(n))
        reach = np.asarray(model.hub * column / (n - 1), dtype=np.float32)
        lefts.append(np.ones((n, 1), dtype=np.float32))
        rights.append(reach[:, None])
    # Preferred partner types (not in the real-deals set, so not fitted): a candidate of a
    # type A prefers gets the weight of one answered seek; A without preferences, none.
    preference = _multi_hot([r.preferred_partner_types for r in rows], _TYPE_INDEX)
    if preference.any():
        lefts.append(preference * np.float32(model.preferred_type))
        rights.append(_type_one_hot(encoding))
    return _Weighted(
        left=np.ascontiguousarray(np.hstack(lefts), dtype=np.float32),
        right=np.ascontiguousarray(np.hstack(rights), dtype=np.float32),
        text_left=sparse_left,
        text_right=sparse_right,
        row_scale=row_scale,
        reach=reach,
    )


def build_features(
    rows: Sequence[SurveyRow],
    *,
    blocked: Collection[str] = (),
    model: RankingModel | None = None,
    exact_text: bool | None = None,
    seed: int = 0,
) -> MatchFeatures:
    """Encode survey rows for `score_block` with `model` (default: the shipped fitted
    model; `model.RULE` for a survey that uses none of the vocabulary). `blocked` org_ids
    are never recommended. `exact_text` forces (True) or forbids (False) the exact text
    similarity; by default it is exact up to `EXACT_TEXT_LIMIT` organizations."""
    rows = tuple(rows)
    if model is None:
        model = load_model() if uses_vocabulary(rows) else RULE
    if not uses_vocabulary(rows):
        rows = tuple(_codes_from_text(r) for r in rows)
    n = len(rows)
    index = {r.org_id: i for i, r in enumerate(rows)}
    encoding = encode_pairs(rows, exact_text=exact_text, seed=seed)
    weighted = _weighted_vectors(encoding, model, rows)
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
        ids=encoding.ids,
        rows=rows,
        encoding=encoding,
        model=model,
        left=weighted.left,
        right=weighted.right,
        text_left=weighted.text_left,
        text_right=weighted.text_right,
        row_scale=weighted.row_scale,
        reach=weighted.reach,
        type_index=encoding.types,
        excluded=_pair_matrix(n, exclusions),
        wishlist=wishlist,
        wished_by=sp.csr_matrix(wishlist.T),
        blocked=blocked_mask,
    )


def _add_pairs(score: FloatArray, pairs: sp.csr_matrix, value: float) -> None:
    """Add `value` at the (row, column) entries of a sparse block, without densifying it."""
    if pairs.nnz:
        coo = pairs.tocoo()
        score[coo.row, coo.col] += np.float32(value)


def score_block(f: MatchFeatures, rows: slice) -> FloatArray:
    """Scores of every partner (columns) for the organizations in `rows`; −inf where a
    pair must never be recommended (itself, exclusions, blocked)."""
    score: FloatArray = np.asarray(f.left[rows] @ f.right.T, dtype=np.float32)
    if f.text_left is not None and f.text_right is not None:
        score += _dense(f.text_left[rows] @ f.text_right.T)
    _add_pairs(score, f.wishlist[rows], f.model.wishlist_own)
    _add_pairs(score, f.wished_by[rows], f.model.wishlist_other)
    excluded = f.excluded[rows].tocoo()
    score[excluded.row, excluded.col] = -np.inf
    if f.blocked.any():
        score[:, f.blocked] = -np.inf
        score[f.blocked[rows], :] = -np.inf
    start = rows.start or 0
    local = np.arange(score.shape[0])
    score[local, local + start] = -np.inf
    return score


def contributions(f: MatchFeatures, i: int, partners: Sequence[int]) -> dict[str, FloatArray]:
    """w_k · s_k(i) · f_k(i, j) for each partner j (s_k: the row scale), and the partner
    reach term as ``reach``: what carried each score (for the reasons)."""
    a = np.full(len(partners), i, dtype=np.intp)
    b = np.asarray(partners, dtype=np.intp)
    values = pair_values(f.encoding, np.asarray(f.model.type_pair), a, b)
    out = {}
    for name, value in values.items():
        scale = f.row_scale[name][i] if name in f.row_scale else np.float32(1.0)
        out[name] = value * np.float32(f.model.weights.get(name, 0.0)) * scale
    out["reach"] = f.reach[b]
    return out
