"""The ranking model's weights: a small versioned JSON file, how it is fitted, the rule.

`RankingModel` holds one weight per pair feature (`PAIR_FEATURES`, defined in `scoring`),
the organization-type-pair table of the ``type_pair`` feature, and the three terms the
real-deals data cannot fit (preferred partner types, wishlists), set by hand and said so.

Fitting (`fit_model`, run by ``python -m bench.matching_fit``, which writes
`data/ranking_model.json`):

1. ``type_pair`` table: for each unordered pair of organization types, the log-odds of a
   deal against the overall deal rate, shrunk towards 0 by `TYPE_PRIOR_PAIRS` pseudo-pairs
   at the overall rate, so a type pair seen in few deals stays near neutral:
   ``log((deals + a·p0) / (pairs + a)) − log(p0)``.
2. Weights: L2-regularised logistic regression (scikit-learn ``LogisticRegression``) of
   "these two organizations signed a deal" on the standardised pair features of all
   ordered pairs of the training organizations; the weights are the coefficients divided
   by the features' standard deviations (so they apply to raw features). The ranking of one
   organization's candidates ignores the intercept. The regularisation strength ``C`` is
   chosen from `C_GRID` by the mean reciprocal rank of an inner cross-validation over
   organization folds, reshuffled twice (`choose_c`).
3. Per-query scale (``row_scaled``): each feature of the pair (A, B) is divided by its
   standard deviation over A's candidates before it is weighted, both when fitting and when
   scoring, so a feature counts by how much it separates A's candidates, not by its raw
   size: a Korean description's text similarities to a mostly English survey are smaller
   across the board, and without the scale the text weighed less for Korean organizations.
4. Partner reach (``hub``): every candidate B gets ``hub`` times its mean score among all
   other organizations' candidates; an organization whose profile fits many (the hubs of
   the deal network: large pharma, national agencies) is lifted for everyone. ``hub`` is
   chosen with ``C`` by the inner cross-validation from `HUB_GRID`.

`RULE` is the rule baseline of the evaluation (offer↔seek matches both ways, ½ per shared
area, ½ per shared modality, ¼ per shared region of interest), used for surveys that
answer none of the vocabulary questions (their codes are then read from their text).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from partnering_engine.errors import InputError
from partnering_engine.matching.taxonomy import VOCABULARIES

__all__ = [
    "C_GRID",
    "HUB_GRID",
    "MODEL_FILE",
    "MODEL_FORMAT",
    "PAIR_FEATURES",
    "RULE",
    "TYPES",
    "TYPE_PRIOR_PAIRS",
    "RankingModel",
    "fit_type_pair",
    "fit_weights",
    "load_model",
]

#: Every pair feature, in the order of the model file (see `scoring`).
PAIR_FEATURES: tuple[str, ...] = (
    "need_forward",
    "need_backward",
    "specific_forward",
    "specific_backward",
    "areas_shared",
    "modalities_shared",
    "areas_cosine",
    "modalities_cosine",
    "areas_named",
    "modalities_named",
    "region_forward",
    "region_backward",
    "regions_shared",
    "same_country",
    "concepts_forward",
    "concepts_backward",
    "type_pair",
    "text_forward",
    "text_backward",
    "text_profile",
)
#: Organization types in table order (rows and columns of `RankingModel.type_pair`).
TYPES: tuple[str, ...] = tuple(t.code for t in VOCABULARIES["org_type"])
#: Version of the model file's layout; `load_model` refuses other versions.
MODEL_FORMAT = 2
MODEL_FILE = "ranking_model.json"
#: Pseudo-pairs at the overall deal rate added to every type pair (shrinkage).
TYPE_PRIOR_PAIRS = 60.0
#: Candidate regularisation strengths (inverse L2 penalty) of the logistic regression.
#: One value a decade: the inner cross-validation cannot tell neighbours apart on 94 deals,
#: and a finer grid only lets it follow the noise of its folds.
C_GRID: tuple[float, ...] = (0.00001, 0.0001, 0.001, 0.01)
#: Candidate weights of the partner-reach prior (a share of the candidate's mean score).
HUB_GRID: tuple[float, ...] = (0.0, 0.25, 0.5, 1.0)


def _neutral_table() -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(0.0 for _ in TYPES) for _ in TYPES)


@dataclass(frozen=True)
class RankingModel:
    """Weights of the pair features and the type-pair table (see the module docstring)."""

    name: str
    weights: Mapping[str, float]
    type_pair: tuple[tuple[float, ...], ...] = field(default_factory=_neutral_table)
    #: Added when the candidate's type is among the organization's preferred types.
    preferred_type: float = 0.5
    wishlist_own: float = 2.0
    wishlist_other: float = 1.0
    #: Features divided by their spread over each organization's candidates (module doc).
    row_scaled: bool = False
    #: Weight of the candidate's mean score among everyone's candidates (partner reach).
    hub: float = 0.0
    fitted: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(PAIR_FEATURES)
        if unknown:
            raise InputError("model", f"unknown features {sorted(unknown)}")
        if len(self.type_pair) != len(TYPES) or any(len(r) != len(TYPES) for r in self.type_pair):
            raise InputError("model", f"type_pair must be a {len(TYPES)}x{len(TYPES)} table")

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "name": self.name,
            "weights": {k: round(float(self.weights.get(k, 0.0)), 6) for k in PAIR_FEATURES},
            "types": list(TYPES),
            "type_pair": [[round(float(v), 6) for v in row] for row in self.type_pair],
            "preferred_type": self.preferred_type,
            "wishlist_own": self.wishlist_own,
            "wishlist_other": self.wishlist_other,
            "row_scaled": self.row_scaled,
            "hub": self.hub,
            "fitted": dict(self.fitted),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RankingModel:
        if data.get("format") != MODEL_FORMAT:
            raise InputError("model", f"format {data.get('format')!r}, expected {MODEL_FORMAT}")
        if list(data.get("types", [])) != list(TYPES):
            raise InputError("model", "the type table's types differ from the vocabulary")
        return cls(
            name=str(data["name"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            type_pair=tuple(tuple(float(v) for v in row) for row in data["type_pair"]),
            preferred_type=float(data["preferred_type"]),
            wishlist_own=float(data["wishlist_own"]),
            wishlist_other=float(data["wishlist_other"]),
            row_scaled=bool(data["row_scaled"]),
            hub=float(data["hub"]),
            fitted=dict(data.get("fitted", {})),
        )


RULE = RankingModel(
    name="rule",
    weights={
        "need_forward": 1.0,
        "need_backward": 1.0,
        "areas_shared": 0.5,
        "modalities_shared": 0.5,
        "regions_shared": 0.25,
        # Ties among equal rule scores are broken by the descriptions' similarity.
        "text_profile": 0.1,
    },
)


@functools.lru_cache(maxsize=1)
def load_model() -> RankingModel:
    """The shipped fitted model (`data/ranking_model.json` of this package)."""
    text = resources.files("partnering_engine.matching").joinpath("data", MODEL_FILE)
    return RankingModel.from_json(json.loads(text.read_text(encoding="utf-8")))


def fit_type_pair(
    types: npt.NDArray[np.integer[Any]],
    members: npt.NDArray[np.bool_],
    deals: Sequence[tuple[int, int]],
    *,
    prior_pairs: float = TYPE_PRIOR_PAIRS,
) -> tuple[tuple[float, ...], ...]:
    """The shrunk log-odds table of type pairs from the `deals` (index pairs) among the
    organizations marked in `members`."""
    k = len(TYPES)
    counts = np.bincount(types[members], minlength=k).astype(np.float64)
    pairs = np.outer(counts, counts)
    pairs[np.diag_indices(k)] = counts * (counts - 1) / 2.0
    upper = np.triu(np.ones((k, k), dtype=bool))
    pairs = np.where(upper, pairs, pairs.T)
    found = np.zeros((k, k))
    for a, b in deals:
        if members[a] and members[b]:
            s, t = sorted((int(types[a]), int(types[b])))
            found[s, t] += 1.0
    found = found + np.triu(found, 1).T
    total_pairs = pairs[upper].sum()
    base = max(found[upper].sum(), 1.0) / max(total_pairs, 1.0)
    table = np.log((found + prior_pairs * base) / (pairs + prior_pairs)) - np.log(base)
    return tuple(tuple(float(v) for v in row) for row in table)


def fit_weights(
    features: npt.NDArray[np.floating[Any]], labels: npt.NDArray[np.bool_], *, c: float
) -> dict[str, float]:
    """Logistic-regression weights (for raw features) of `features` (pairs x
    `PAIR_FEATURES`) predicting `labels`."""
    from sklearn.linear_model import LogisticRegression

    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    learner = LogisticRegression(C=c, max_iter=2000)
    learner.fit((features - mean) / scale, labels)
    coefficients = learner.coef_.ravel() / scale
    return {name: float(w) for name, w in zip(PAIR_FEATURES, coefficients, strict=True)}
