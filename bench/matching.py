"""Matching benchmark: speed of all-pairs recommendation, and ranking quality on real deals.

``python -m bench matching [--sizes 400,20000] [--top 10,50] [--skip-speed] [--skip-quality]
[--write]``

Speed: for each size, a synthetic survey (`synthetic.survey_for_participants`) is built in a
fresh process; the table reports the time to encode it (TF-IDF, LSA above the exact-text
limit) and to compute every organization's top list (all pairs, in blocks), the time to
render reasons for every recommendation, the CPU time of all threads (on a loaded machine
wall time exceeds CPU time / cores), and the process's peak resident memory. Targets
(issue 2): 400 organizations ≤ 1 s, 20,000 organizations (top 50) ≤ 60 s and ≤ 4 GB on 2
cores.

Quality: `bench/data/real_orgs_survey.csv` describes 54 real organizations from public
information (their products, capabilities and stated partnering interests);
`bench/data/real_deals.csv` lists publicly announced deals between them (licences,
manufacturing, funding, supply, co-development). The deals are NOT in the survey (no
wishlists); the benchmark ranks every other organization for each organization with at
least one deal and reports recall@5, recall@10 (share of that organization's deal partners
in its top 5/10), MRR (mean of 1/rank of its best-ranked deal partner) and the mean rank of
all deal partners, for the full model and for simpler variants. Caveat: the survey rows were
written by someone who knows these deals, so they may lean towards them; read the numbers as
a sanity check of the model against baselines, not as a field result.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from bench.measure import conditions, markdown_table, run_isolated, write_section
from partnering_engine.matching.recommend import (
    Recommendations,
    recommend_all,
    recommend_features,
)
from partnering_engine.matching.scoring import (
    EXACT_TEXT_LIMIT,
    ScoreWeights,
    build_features,
    directional_block,
    score_block,
)
from partnering_engine.matching.survey import SurveyRow, read_survey
from partnering_engine.matching.synthetic import survey_for_participants
from partnering_engine.matching.taxonomy import OFFER_ANSWERS_SEEK

DATA = Path(__file__).with_name("data")


# ---- speed -------------------------------------------------------------------------------


def speed_run(size: int, top: int, seed: int) -> dict[str, float]:
    """Runs in its own process (see `bench.measure.run_isolated`)."""
    rows = survey_for_participants([f"org{i}" for i in range(size)], seed=seed)
    cpu_began = time.process_time()
    began = time.perf_counter()
    features = build_features(rows)
    encoded = time.perf_counter()
    partners, _ = recommend_features(features, top=top)
    ranked = time.perf_counter()
    cpu = time.process_time() - cpu_began
    recommendations = Recommendations(tuple(rows), partners, np.zeros(partners.shape, "f4"))
    render_rows = rows if size <= 2000 else rows[:1000]
    for row in render_rows:
        recommendations.for_org(row.org_id)
    rendered = time.perf_counter()
    return {
        "encode_s": encoded - began,
        "rank_s": ranked - encoded,
        "total_s": ranked - began,
        "cpu_s": cpu,
        "render_per_org_ms": 1000 * (rendered - ranked) / len(render_rows),
        "filled": float((partners >= 0).mean()),
    }


def speed_table(sizes: Sequence[int], tops: Sequence[int], seed: int) -> str:
    rows = []
    for size, top in zip(sizes, tops, strict=True):
        result, wall, peak = run_isolated(speed_run, size, top, seed)
        target = "≤ 1 s" if size <= 400 else "≤ 60 s, ≤ 4 GB"
        rows.append(
            [
                f"{size:,}",
                str(top),
                "exact" if size <= EXACT_TEXT_LIMIT else "LSA",
                f"{result['encode_s']:.2f}",
                f"{result['rank_s']:.2f}",
                f"**{result['total_s']:.2f}**",
                f"{result['cpu_s']:.2f}",
                f"{result['render_per_org_ms']:.2f}",
                f"{peak:,.0f}",
                f"{100 * result['filled']:.0f}%",
                target,
            ]
        )
        print(f"  size {size}: {result['total_s']:.2f} s, peak {peak:.0f} MiB (wall {wall:.1f})")
    return markdown_table(
        [
            "organizations",
            "top",
            "text",
            "encode s",
            "rank all pairs s",
            "total s",
            "CPU s (all threads)",
            "reasons ms/org",
            "peak MiB",
            "lists filled",
            "target",
        ],
        rows,
    )


# ---- ranking quality ------------------------------------------------------------------------

Scorer = Callable[[Sequence[SurveyRow]], np.ndarray]


def _full_model(rows: Sequence[SurveyRow]) -> np.ndarray:
    return score_block(build_features(rows), slice(0, len(rows)))


def _without_text(rows: Sequence[SurveyRow]) -> np.ndarray:
    features = build_features(rows, weights=ScoreWeights(text=0.0))
    return score_block(features, slice(0, len(rows)))


def _text_only(rows: Sequence[SurveyRow]) -> np.ndarray:
    features = build_features(rows)
    zero = replace(features, need_left=np.zeros_like(features.need_left))
    return score_block(zero, slice(0, len(rows)))


def _one_directional(rows: Sequence[SurveyRow]) -> np.ndarray:
    forward, _ = directional_block(build_features(rows), slice(0, len(rows)))
    np.fill_diagonal(forward, -np.inf)
    return forward


def _keyword_overlap(rows: Sequence[SurveyRow]) -> np.ndarray:
    """Baseline: Jaccard overlap of all categorical answers (offers mapped onto seeks)."""
    columns: dict[str, int] = {}
    sets = []
    for row in rows:
        codes = {f"a:{a}" for a in row.therapeutic_areas} | {f"m:{m}" for m in row.modalities}
        codes |= {f"x:{OFFER_ANSWERS_SEEK[o]}" for o in row.offers} | {f"x:{s}" for s in row.seeks}
        sets.append(codes)
        for code in codes:
            columns.setdefault(code, len(columns))
    matrix = np.zeros((len(rows), len(columns)), dtype=np.float32)
    for i, codes in enumerate(sets):
        matrix[i, [columns[c] for c in codes]] = 1.0
    shared = matrix @ matrix.T
    sizes = matrix.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    score = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    np.fill_diagonal(score, -np.inf)
    return score


def _ranks(score: np.ndarray, i: int, partners: Sequence[int]) -> list[float]:
    """1-based ranks of `partners` in row i (ties count half)."""
    row = score[i]
    return [
        1.0 + float((row > row[j]).sum()) + 0.5 * float((row == row[j]).sum() - 1) for j in partners
    ]


def _metrics(ranks_by_org: dict[int, list[float]]) -> dict[str, float]:
    recall5 = np.mean([np.mean([r <= 5 for r in ranks]) for ranks in ranks_by_org.values()])
    recall10 = np.mean([np.mean([r <= 10 for r in ranks]) for ranks in ranks_by_org.values()])
    mrr = np.mean([1.0 / min(ranks) for ranks in ranks_by_org.values()])
    mean_rank = np.mean([r for ranks in ranks_by_org.values() for r in ranks])
    return {
        "recall@5": float(recall5),
        "recall@10": float(recall10),
        "MRR": float(mrr),
        "mean rank": float(mean_rank),
    }


def load_real() -> tuple[tuple[SurveyRow, ...], dict[int, list[int]], int]:
    rows = read_survey(DATA / "real_orgs_survey.csv").raise_for_errors()
    index = {r.org_id: i for i, r in enumerate(rows)}
    partners: dict[int, list[int]] = {}
    deals = 0
    with (DATA / "real_deals.csv").open(encoding="utf-8") as handle:
        for deal in csv.DictReader(handle):
            a, b = index[deal["org_a"]], index[deal["org_b"]]
            deals += 1
            partners.setdefault(a, []).append(b)
            partners.setdefault(b, []).append(a)
    return rows, partners, deals


def quality_table() -> tuple[str, dict[str, Any]]:
    rows, partners, deals = load_real()
    variants: list[tuple[str, Scorer]] = [
        ("reciprocal model (shipped)", _full_model),
        ("without text similarity", _without_text),
        ("one-directional interest A→B only", _one_directional),
        ("text similarity only", _text_only),
        ("keyword overlap (Jaccard) baseline", _keyword_overlap),
    ]
    table = []
    for name, scorer in variants:
        score = scorer(rows)
        metrics = _metrics({i: _ranks(score, i, js) for i, js in partners.items()})
        table.append([name, *(f"{metrics[k]:.3f}" for k in ("recall@5", "recall@10", "MRR"))])
        table[-1].append(f"{metrics['mean rank']:.1f}")
    # The shipped top-10 lists (with diversity re-ranking): recall@10 of what users see.
    shipped = recommend_all(rows, top=10)
    seen = [
        np.mean([rows[j].org_id in shipped.partner_ids(rows[i].org_id) for j in js])
        for i, js in partners.items()
    ]
    table.append(["shipped top-10 lists (with diversity)", "", f"{np.mean(seen):.3f}", "", ""])
    rng = np.random.default_rng(0)
    random_metrics = [
        _metrics(
            {i: _ranks(rng.random((len(rows), len(rows))), i, js) for i, js in partners.items()}
        )
        for _ in range(200)
    ]
    table.append(
        [
            "random ranking (mean of 200)",
            *(
                f"{np.mean([m[k] for m in random_metrics]):.3f}"
                for k in ("recall@5", "recall@10", "MRR")
            ),
            f"{np.mean([m['mean rank'] for m in random_metrics]):.1f}",
        ]
    )
    facts = {
        "organizations": len(rows),
        "deals": deals,
        "organizations with deals": len(partners),
    }
    text = markdown_table(["ranking", "recall@5", "recall@10", "MRR", "mean rank"], table)
    return text, facts


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench matching", description=__doc__)
    parser.add_argument("--sizes", default="400,20000")
    parser.add_argument("--top", default="10,50", help="top-k per size (comma-separated)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    sizes = [int(s) for s in args.sizes.split(",")]
    tops = [int(t) for t in args.top.split(",")]
    if len(tops) == 1:
        tops *= len(sizes)
    sections = ["## Matching", "", f"Conditions: {conditions()}", ""]
    if not args.skip_speed:
        print("matching: speed (each size in a fresh process)")
        table = speed_table(sizes, tops, args.seed)
        print(table)
        sections += ["### All-pairs recommendation (synthetic surveys)", "", table, ""]
    if not args.skip_quality:
        table, facts = quality_table()
        print(f"matching: ranking quality on real organizations and deals {facts}")
        print(table)
        sections += [
            "### Ranking quality on real organizations and their public deals",
            "",
            f"{facts}. Deals are held out (not in the survey). See bench/matching.py for "
            "the caveats.",
            "",
            table,
        ]
    if args.write:
        write_section("matching", "\n".join(sections))
    return 0
