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
    MODEL_FILE,
    PAIR_FEATURES,
    TYPE_PRIOR_PAIRS,
    TYPES,
    RankingModel,
    fit_type_pair,
    fit_weights,
)
from partnering_engine.matching.scoring import encode_pairs, feature_matrices
from partnering_engine.matching.survey import SurveyRow

DATA = Path(__file__).with_name("data")
DEV = DATA / "real-deals-dev"
MODEL_PATH = (
    Path(__file__).resolve().parent.parent / "src/partnering_engine/matching/data" / MODEL_FILE
)
FOLDS = 5
SEED = 2026


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


def _stack(dev: DevSet, table: Sequence[Sequence[float]]) -> np.ndarray:
    """n x n x features array in `PAIR_FEATURES` order."""
    type_feature = np.asarray(table)[dev.types[:, None], dev.types[None, :]]
    return np.stack(
        [type_feature if k == "type_pair" else dev.features[k] for k in PAIR_FEATURES], axis=-1
    )


def _training_pairs(
    dev: DevSet, members: np.ndarray, table: Sequence[Sequence[float]]
) -> tuple[np.ndarray, np.ndarray]:
    stacked = _stack(dev, table)
    idx = np.flatnonzero(members)
    a, b = np.meshgrid(idx, idx, indexing="ij")
    keep = a != b
    a, b = a[keep], b[keep]
    label = np.zeros((dev.size, dev.size), dtype=bool)
    for x, y in dev.pairs:
        label[x, y] = label[y, x] = True
    return stacked[a, b], label[a, b]


def fit_on(
    devs: Sequence[DevSet], members: np.ndarray, c: float, name: str = "fold"
) -> RankingModel:
    """The model fitted on the deals among `members` (a boolean mask of organizations),
    with the pairs of every language version of the set stacked (one model for surveys
    in English and in Korean)."""
    table = fit_type_pair(devs[0].types, members, devs[0].pairs)
    parts = [_training_pairs(dev, members, table) for dev in devs]
    x = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    return RankingModel(name=name, weights=fit_weights(x, y, c=c), type_pair=table)


def score_matrix(dev: DevSet, model: RankingModel) -> np.ndarray:
    stacked = _stack(dev, model.type_pair)
    weights = np.array([model.weights.get(k, 0.0) for k in PAIR_FEATURES])
    score = stacked @ weights
    np.fill_diagonal(score, -np.inf)
    return np.asarray(score)


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


def choose_c(devs: Sequence[DevSet], members: np.ndarray, seed: int, inner: int = 4) -> float:
    """The C of `C_GRID` with the best mean reciprocal rank (over the languages) of inner
    folds of `members` (fitted and measured on `members` only)."""
    best, best_mrr = C_GRID[0], -1.0
    size = devs[0].size
    parts = folds(int(members.sum()), seed, inner)
    idx = np.flatnonzero(members)
    for c in C_GRID:
        ranks: list[QueryRank] = []
        for part in parts:
            held = np.zeros(size, dtype=bool)
            held[idx[part]] = True
            model = fit_on(devs, members & ~held, c)
            for dev in devs:
                score = score_matrix(dev, model)
                # Candidates outside `members` must not be seen while choosing.
                score[:, ~members] = -np.inf
                ranks += [r for r in query_ranks(dev, score, held) if members[r.target]]
        value = mrr_of(ranks)
        if value > best_mrr + 1e-9:
            best, best_mrr = c, value
    return best


def held_out_ranks(
    devs: Sequence[DevSet], repeats: int, seed: int = SEED
) -> tuple[list[list[list[QueryRank]]], list[float]]:
    """Per language (in `devs` order), per repeat: the held-out ranks of every deal
    direction; and the C chosen per fold."""
    runs: list[list[list[QueryRank]]] = [[] for _ in devs]
    chosen: list[float] = []
    for r in range(repeats):
        ranks: list[list[QueryRank]] = [[] for _ in devs]
        for f, held in enumerate(folds(devs[0].size, seed + r)):
            c = choose_c(devs, ~held, seed=seed + 100 * r + f)
            chosen.append(c)
            model = fit_on(devs, ~held, c)
            for k, dev in enumerate(devs):
                ranks[k] += query_ranks(dev, score_matrix(dev, model), held)
        for k in range(len(devs)):
            runs[k].append(ranks[k])
    return runs, chosen


def fit_shipped(devs: Sequence[DevSet]) -> RankingModel:
    """The shipped model: C chosen by cross-validation on the whole set, then fitted on
    every deal of it (English and Korean versions stacked)."""
    everyone = np.ones(devs[0].size, dtype=bool)
    c = choose_c(devs, everyone, seed=SEED)
    model = fit_on(devs, everyone, c, name="real-deals-dev logistic regression")
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
        fitted={
            "data": "bench/data/real-deals-dev, English and Korean descriptions stacked",
            "organizations": devs[0].size,
            "deals": len(devs[0].pairs),
            "learner": "sklearn LogisticRegression, L2, standardised features",
            "C": c,
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
