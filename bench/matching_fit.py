"""Fit the matching model on the real-deals set, and measure it on held-out organizations.

``python -m bench.matching_fit [--check]`` fits the shipped model on the whole dev set
(`bench/data/real-deals-dev`) and writes `src/partnering_engine/matching/data/
ranking_model.json`; ``--check`` only compares the file with a fresh fit (exit 1 when they
differ). The fit itself is `partnering_engine.matching.model` (type-pair table, logistic
regression); this module adds the data, the folds and the choice of the regularisation.

Held-out measurement (`held_out_ranks`): organizations are split into folds (GroupKFold-like,
shuffled with a seed, repeated); for each fold the model is fitted on the deals whose two
organizations are both outside the fold (so no held-out deal is seen in either direction)
and each held-out organization ranks all other 138 organizations; the ranks of its true
partners are the held-out ranks. Every deal direction is held out exactly once per repeat.
The regularisation ``C`` and the partner-reach weight ``hub`` are chosen per fold by an
inner cross-validation on the fold's training organizations only (`choose_c`).

Every feature is divided by its spread over each organization's candidates before it is
fitted and scored (`row_scaled`), exactly as `scoring` does for a survey.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from partnering_engine.matching.model import (
    C_GRID,
    HUB_GRID,
    MODEL_FILE,
    PAIR_FEATURES,
    TYPE_PRIOR_PAIRS,
    TYPES,
    RankingModel,
    fit_type_pair,
    fit_weights,
)
from partnering_engine.matching.scoring import encode_pairs, feature_matrices, row_scale_of
from partnering_engine.matching.survey import SurveyRow

DATA = Path(__file__).with_name("data")
DEV = DATA / "real-deals-dev"
MODEL_PATH = (
    Path(__file__).resolve().parent.parent / "src/partnering_engine/matching/data" / MODEL_FILE
)
FOLDS = 5
SEED = 2026
#: Reshuffles of the inner folds that choose C and the reach weight (their mean decides).
INNER_REPEATS = 2
#: How the model before the row scale and the partner reach was chosen (for the paired
#: comparison of `bench.matching`): C from this grid, one inner split, no reach.
PREVIOUS_CHOICE: dict[str, Any] = {
    "scaled": False,
    "hubs": (0.0,),
    "c_grid": (0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.01),
    "inner_repeats": 1,
}


@cache
def eval_module() -> ModuleType:
    """The team's evaluation script (`bench/data/matching_eval.py`, a verbatim copy of
    ``shared/matching-eval/eval.py``): its rule, metrics and survey writer are used as is."""
    spec = importlib.util.spec_from_file_location("matching_eval", DATA / "matching_eval.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class DevSet:
    orgs: list[dict[str, Any]]
    deals: list[dict[str, Any]]
    rows: tuple[SurveyRow, ...]
    pairs: tuple[tuple[int, int], ...]
    types: np.ndarray
    features: dict[str, np.ndarray]  # all but type_pair (fold-dependent)

    @property
    def size(self) -> int:
        return len(self.rows)


def survey_rows(orgs: Sequence[dict[str, Any]], lang: str) -> tuple[SurveyRow, ...]:
    """The dev organizations as the survey rows `eval.py` writes (Korean descriptions for
    the organizations that have them when `lang` is ``ko``)."""

    def text(org: dict[str, Any], key: str) -> str:
        return str(org.get(f"{key}_ko") or org[key]) if lang == "ko" else str(org[key])

    return tuple(
        SurveyRow(
            org_id=o["id"],
            organization=o["name"],
            org_type=o["org_type"],
            country=o["country"],
            therapeutic_areas=tuple(o["therapeutic_areas"]),
            modalities=tuple(o["modalities"]),
            offers=tuple(o["offers"]),
            seeks=tuple(o["seeks"]),
            regions_of_interest=tuple(o["regions_of_interest"]),
            description_offer=text(o, "description_offer"),
            description_seek=text(o, "description_seek"),
        )
        for o in orgs
    )


@cache
def load_dev(lang: str = "en", data: Path = DEV) -> DevSet:
    orgs = json.loads((data / "orgs.json").read_text(encoding="utf-8"))
    deals = json.loads((data / "deals.json").read_text(encoding="utf-8"))
    rows = survey_rows(orgs, lang)
    index = {r.org_id: i for i, r in enumerate(rows)}
    encoding = encode_pairs(rows)
    neutral = np.zeros((len(TYPES), len(TYPES)))
    features = feature_matrices(encoding, neutral)
    del features["type_pair"]
    return DevSet(
        orgs=orgs,
        deals=deals,
        rows=rows,
        pairs=tuple((index[d["a"]], index[d["b"]]) for d in deals),
        types=encoding.types.astype(np.intp),
        features=features,
    )


def row_scaled(matrix: np.ndarray) -> np.ndarray:
    """`matrix` (n x n, one feature) with each row multiplied by `scoring.row_scale_of`
    of its spread over the row's other organizations: the scale `scoring` applies to a
    survey's features."""
    n = matrix.shape[0]
    if n < 3:
        return matrix
    values = matrix[~np.eye(n, dtype=bool)].reshape(n, n - 1).astype(np.float64)
    scale = row_scale_of(values.std(axis=1), float(values.std()))
    return np.asarray(matrix * scale[:, None].astype(np.float64))


def _stack(dev: DevSet, table: Sequence[Sequence[float]], scaled: bool) -> np.ndarray:
    """n x n x features array in `PAIR_FEATURES` order, each feature row-scaled when
    `scaled`."""
    type_feature = np.asarray(table)[dev.types[:, None], dev.types[None, :]]
    matrices = [type_feature if k == "type_pair" else dev.features[k] for k in PAIR_FEATURES]
    return np.stack([row_scaled(m) if scaled else m for m in matrices], axis=-1)


def _training_pairs(
    dev: DevSet, members: np.ndarray, table: Sequence[Sequence[float]], scaled: bool
) -> tuple[np.ndarray, np.ndarray]:
    stacked = _stack(dev, table, scaled)
    idx = np.flatnonzero(members)
    a, b = np.meshgrid(idx, idx, indexing="ij")
    keep = a != b
    a, b = a[keep], b[keep]
    label = np.zeros((dev.size, dev.size), dtype=bool)
    for x, y in dev.pairs:
        label[x, y] = label[y, x] = True
    return stacked[a, b], label[a, b]


def fit_on(
    devs: Sequence[DevSet],
    members: np.ndarray,
    c: float,
    name: str = "fold",
    hub: float = 0.0,
    scaled: bool = True,
) -> RankingModel:
    """The model fitted on the deals among `members` (a boolean mask of organizations),
    with the pairs of every language version of the set stacked (one model for surveys
    in English and in Korean)."""
    table = fit_type_pair(devs[0].types, members, devs[0].pairs)
    parts = [_training_pairs(dev, members, table, scaled) for dev in devs]
    x = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    return RankingModel(
        name=name, weights=fit_weights(x, y, c=c), type_pair=table, row_scaled=scaled, hub=hub
    )


def with_reach(score: np.ndarray, hub: float) -> np.ndarray:
    """`score` (diagonal ignored) plus `hub` times each column's mean over the other rows:
    the partner-reach term of `scoring`. The diagonal becomes −inf."""
    n = score.shape[0]
    others = ~np.eye(n, dtype=bool)
    out = np.array(score, dtype=float)
    if hub and n > 1:
        column = np.where(others, out, 0.0).sum(axis=0) / (n - 1)
        out = out + hub * column[None, :]
    out[~others] = -np.inf
    return out


def _plain_score(dev: DevSet, model: RankingModel) -> np.ndarray:
    stacked = _stack(dev, model.type_pair, model.row_scaled)
    weights = np.array([model.weights.get(k, 0.0) for k in PAIR_FEATURES])
    return np.asarray(stacked @ weights)


def score_matrix(dev: DevSet, model: RankingModel) -> np.ndarray:
    return with_reach(_plain_score(dev, model), model.hub)


def ranking_from(score: np.ndarray, ids: Sequence[str]) -> Callable[[str], list[str]]:
    """eval.py's ranking callback: ids best first (ties in survey order), without q."""
    index = {org_id: i for i, org_id in enumerate(ids)}

    def ranking(q: str) -> list[str]:
        i = index[q]
        order = np.argsort(-score[i], kind="stable")
        return [ids[j] for j in order if j != i]

    return ranking


def folds(n: int, seed: int, k: int = FOLDS) -> list[np.ndarray]:
    """k disjoint boolean masks over n organizations (shuffled)."""
    order = np.random.default_rng(seed).permutation(n)
    return [np.isin(np.arange(n), part) for part in np.array_split(order, k)]


@dataclass(frozen=True)
class QueryRank:
    deal: int
    query: int
    target: int
    raw: int
    filtered: int


def query_ranks(dev: DevSet, score: np.ndarray, queries: np.ndarray) -> list[QueryRank]:
    """eval.py's raw and filtered ranks of every deal direction whose query is in
    `queries` (a mask): ties in survey order, the query's other partners removed for the
    filtered rank."""
    partners: dict[int, set[int]] = {}
    for a, b in dev.pairs:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    positions: dict[int, np.ndarray] = {}
    out = []
    for d, (a, b) in enumerate(dev.pairs):
        for q, t in ((a, b), (b, a)):
            if not queries[q]:
                continue
            if q not in positions:
                order = np.argsort(-score[q], kind="stable")
                where = np.empty(dev.size, dtype=np.intp)
                where[order] = np.arange(dev.size)
                positions[q] = where
            where = positions[q]
            raw = int(where[t]) + 1
            ahead = sum(1 for o in partners[q] - {t} if where[o] < where[t])
            out.append(QueryRank(d, q, t, raw, raw - ahead))
    return out


def mrr_of(ranks: Sequence[QueryRank]) -> float:
    return float(np.mean([1.0 / r.raw for r in ranks])) if ranks else 0.0


def choose_c(
    devs: Sequence[DevSet],
    members: np.ndarray,
    seed: int,
    inner: int = 4,
    *,
    hubs: Sequence[float] = HUB_GRID,
    scaled: bool = True,
    c_grid: Sequence[float] = C_GRID,
    inner_repeats: int = INNER_REPEATS,
) -> tuple[float, float]:
    """The (C, hub) of `c_grid` x `hubs` with the best mean reciprocal rank (over the
    languages and `inner_repeats` reshuffles) of inner folds of `members` (fitted and
    measured on `members` only)."""
    size = devs[0].size
    idx = np.flatnonzero(members)
    ranks: dict[tuple[float, float], list[QueryRank]] = {}
    for repeat in range(inner_repeats):
        for part in folds(int(members.sum()), seed + 1000 * repeat, inner):
            held = np.zeros(size, dtype=bool)
            held[idx[part]] = True
            for c in c_grid:
                model = fit_on(devs, members & ~held, c, scaled=scaled)
                for dev in devs:
                    # Candidates outside `members` must not be seen while choosing (nor
                    # count in a candidate's reach).
                    plain = _plain_score(dev, model)[np.ix_(idx, idx)]
                    for hub in hubs:
                        score = np.full((size, size), -np.inf)
                        score[np.ix_(idx, idx)] = with_reach(plain, hub)
                        ranks.setdefault((c, hub), []).extend(
                            r for r in query_ranks(dev, score, held) if members[r.target]
                        )
    best, best_mrr = (c_grid[0], hubs[0]), -1.0
    for key in ((c, hub) for c in c_grid for hub in hubs):
        value = mrr_of(ranks[key])
        if value > best_mrr + 1e-9:
            best, best_mrr = key, value
    return best


def held_out_ranks(
    devs: Sequence[DevSet],
    repeats: int,
    seed: int = SEED,
    *,
    hubs: Sequence[float] = HUB_GRID,
    scaled: bool = True,
    **choice: Any,
) -> tuple[list[list[list[QueryRank]]], list[tuple[float, float]]]:
    """Per language (in `devs` order), per repeat: the held-out ranks of every deal
    direction; and the (C, hub) chosen per fold. ``**PREVIOUS_CHOICE`` is the model before
    the row scale and the partner reach (for paired comparisons)."""
    runs: list[list[list[QueryRank]]] = [[] for _ in devs]
    chosen: list[tuple[float, float]] = []
    for r in range(repeats):
        ranks: list[list[QueryRank]] = [[] for _ in devs]
        for f, held in enumerate(folds(devs[0].size, seed + r)):
            c, hub = choose_c(
                devs, ~held, seed=seed + 100 * r + f, hubs=hubs, scaled=scaled, **choice
            )
            chosen.append((c, hub))
            model = fit_on(devs, ~held, c, hub=hub, scaled=scaled)
            for k, dev in enumerate(devs):
                ranks[k] += query_ranks(dev, score_matrix(dev, model), held)
        for k in range(len(devs)):
            runs[k].append(ranks[k])
    return runs, chosen


def fit_shipped(devs: Sequence[DevSet]) -> RankingModel:
    """The shipped model: C chosen by cross-validation on the whole set, then fitted on
    every deal of it (English and Korean versions stacked)."""
    everyone = np.ones(devs[0].size, dtype=bool)
    c, hub = choose_c(devs, everyone, seed=SEED)
    model = fit_on(devs, everyone, c, name="real-deals-dev logistic regression", hub=hub)
    # The terms the deals cannot fit are set against the spread of the fitted scores:
    # a wish lifts a partner by two standard deviations of an organization's scores.
    score = score_matrix(devs[0], model)
    spread = float(np.std(score[np.isfinite(score)]))
    return RankingModel(
        name=model.name,
        weights=model.weights,
        type_pair=model.type_pair,
        preferred_type=round(0.5 * spread, 4),
        wishlist_own=round(2.0 * spread, 4),
        wishlist_other=round(1.0 * spread, 4),
        row_scaled=True,
        hub=hub,
        fitted={
            "data": "bench/data/real-deals-dev, English and Korean descriptions stacked",
            "organizations": devs[0].size,
            "deals": len(devs[0].pairs),
            "learner": "sklearn LogisticRegression, L2, standardised features, each feature "
            "first divided by its spread over the organization's candidates",
            "C": c,
            "hub": hub,
            "type_prior_pairs": TYPE_PRIOR_PAIRS,
            "script": "python -m bench.matching_fit",
            "hand_set": "preferred_type, wishlist_own, wishlist_other: 0.5, 2 and 1 standard "
            "deviations of the fitted scores (the deals carry no preferences or wishes)",
        },
    )


def model_text(model: RankingModel) -> str:
    """The model file's text: indented JSON with each number list on one line."""
    text = json.dumps(model.to_json(), indent=1, ensure_ascii=False)
    numbers = re.compile(r"\[\s+(-?[\d.e-]+(?:,\s+-?[\d.e-]+)*)\s+\]")
    return (
        numbers.sub(lambda m: "[" + ", ".join(m.group(1).split()).replace(",,", ",") + "]", text)
        + "\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching_fit", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = model_text(fit_shipped([load_dev("en"), load_dev("ko")]))
    if args.check:
        same = MODEL_PATH.exists() and MODEL_PATH.read_text(encoding="utf-8") == text
        print("model file matches a fresh fit" if same else f"{MODEL_PATH} differs from a fit")
        return 0 if same else 1
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL_PATH}")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
