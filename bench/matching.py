"""Matching benchmark: ranking quality on real deals (held out), and speed with varied text.

``python -m bench matching [--repeats 5] [--sizes 400,20000] [--top 10,50] [--old-commit C]
[--skip-quality] [--skip-speed] [--skip-eval] [--write]``

Quality. `bench/data/real-deals-dev` (a copy of ``shared/datasets/real-deals-dev``, README
and sources included): 139 real organizations with neutral survey answers and 94 sourced
deals between them; metrics, rule and random are those of the team's `eval.py` (a
verbatim copy in `bench/data/matching_eval.py`): for every deal (a, b), the rank of b in
a's list and of a in b's, raw (among all 138 others) and filtered (a's other partners
removed first); hit@5, hit@10, MRR. Held-out: `bench.matching_fit.held_out_ranks` (5 folds
of organizations, each fold's model fitted only on deals between organizations outside it,
its regularisation chosen by an inner cross-validation on those; repeated with reshuffled
folds; the table shows the mean over repeats and a 95% bootstrap interval over deals). The
rule (offer↔seek matches both ways + ½ per shared area + ½ per shared modality + ¼ when the
regions of interest overlap) and random are computed in the same run on the same queries,
and so is the previous model (no per-query row scale, no partner reach), held out on the
same folds: the table gives the paired difference on identical queries with a 95%
bootstrap interval over deals, so noise is not read as a gain.
English text, then Korean text for the 57 Korean organizations. Finally the shipped model
(fitted on the whole set, so in-sample) through ``partnering-engine recommend`` as
`eval.py` runs it.

Speed. Surveys of each size whose categorical answers come from the synthetic generator
and whose descriptions are varied text: sentences drawn from the dev set's descriptions
(English, and Korean for about 40% of the organizations) with about a third of their words
replaced by words drawn from all descriptions of that language. Each run is a fresh
process (`bench.matching_speed`), once with this tree's engine and once with the engine of
`--old-commit` (unpacked with ``git archive``), on the same survey file: encode + all-pairs
top-k, CPU time of all threads, peak resident memory. Target: 20,000 organizations, top 50,
≤ 60 s and ≤ 2 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from bench.matching_fit import (
    DEV,
    PREVIOUS_CHOICE,
    DevSet,
    QueryRank,
    eval_module,
    held_out_ranks,
    load_dev,
    query_ranks,
    score_matrix,
)
from bench.measure import (
    ROOT,
    conditions,
    markdown_table,
    old_engine_src,
    run_with_engine,
    write_section,
)
from partnering_engine.matching.model import load_model
from partnering_engine.matching.survey import write_survey
from partnering_engine.matching.synthetic import survey_for_participants

#: The engine before issue 11 (hand-set weights, hand-written TF-IDF): the speed baseline.
OLD_COMMIT = "e6c4abc"
BOOTSTRAP = 2000


# ---- quality --------------------------------------------------------------------------------


def _metrics(raw: np.ndarray) -> dict[str, float]:
    return {
        "hit@5": float((raw <= 5).mean()),
        "hit@10": float((raw <= 10).mean()),
        "mrr": float((1.0 / raw).mean()),
    }


def _by_repeat(runs: Sequence[Sequence[QueryRank]], field: str) -> np.ndarray:
    """repeats x deal-directions array of ranks, directions in one fixed order."""
    return np.array(
        [[getattr(r, field) for r in sorted(run, key=lambda r: (r.deal, r.query))] for run in runs],
        dtype=float,
    )


def _interval(ranks: np.ndarray, deals: np.ndarray, key: str, seed: int = 0) -> tuple[float, float]:
    """95% bootstrap interval (resampling deals, both directions together) of a metric's
    mean over repeats."""
    rng = np.random.default_rng(seed)
    unique = np.unique(deals)
    columns = {d: np.flatnonzero(deals == d) for d in unique}
    values = []
    for _ in range(BOOTSTRAP):
        picked = np.concatenate([columns[d] for d in rng.choice(unique, unique.size)])
        values.append(np.mean([_metrics(row[picked])[key] for row in ranks]))
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def rule_ranks(dev: DevSet) -> list[QueryRank]:
    rule = eval_module().rule_score
    score = np.array([[rule(a, b) for b in dev.orgs] for a in dev.orgs], dtype=float)
    np.fill_diagonal(score, -np.inf)
    return query_ranks(dev, score, np.ones(dev.size, dtype=bool))


def _slice_keys(dev: DevSet, rank: QueryRank) -> list[str]:
    org = dev.orgs[rank.query]
    return [
        "kind=" + dev.deals[rank.deal]["kind"],
        "query_type=" + org["org_type"],
        "query=" + ("korean" if org["country"] == "KR" else "non-korean"),
    ]


def quality(repeats: int) -> list[dict[str, Any]]:
    """Held-out results for English, then Korean text (one model per fold for both), with
    the previous model (no row scale, no partner reach) held out on the same folds."""
    devs = [load_dev("en"), load_dev("ko")]
    runs, chosen = held_out_ranks(devs, repeats)
    previous, _ = held_out_ranks(devs, repeats, **PREVIOUS_CHOICE)
    return [
        _quality(dev, lang, runs[k], chosen, previous[k])
        for k, (lang, dev) in enumerate(zip(("en", "ko"), devs, strict=True))
    ]


def _paired(
    raw: np.ndarray, before: np.ndarray, deals: np.ndarray, key: str, seed: int = 0
) -> tuple[float, float, float]:
    """Mean difference of a metric (this model − the previous one, both held out on the same
    folds and queries) and its 95% bootstrap interval over deals."""
    mine = np.array([_per_query(row, key) for row in raw]).mean(axis=0)
    theirs = np.array([_per_query(row, key) for row in before]).mean(axis=0)
    difference = mine - theirs
    rng = np.random.default_rng(seed)
    unique = np.unique(deals)
    columns = {d: np.flatnonzero(deals == d) for d in unique}
    values = [
        difference[np.concatenate([columns[d] for d in rng.choice(unique, unique.size)])].mean()
        for _ in range(BOOTSTRAP)
    ]
    low, high = np.percentile(values, [2.5, 97.5])
    return float(difference.mean()), float(low), float(high)


def _per_query(raw: np.ndarray, key: str) -> np.ndarray:
    return np.asarray((raw <= 10) if key == "hit@10" else 1.0 / raw, dtype=float)


def _quality(
    dev: DevSet,
    lang: str,
    runs: list[list[QueryRank]],
    chosen: list[tuple[float, float]],
    previous: list[list[QueryRank]],
) -> dict[str, Any]:
    raw, filtered = _by_repeat(runs, "raw"), _by_repeat(runs, "filtered")
    before = _by_repeat(previous, "raw")
    deals = np.array([r.deal for r in sorted(runs[0], key=lambda r: (r.deal, r.query))])
    rule = sorted(rule_ranks(dev), key=lambda r: (r.deal, r.query))
    rule_raw = np.array([[r.raw for r in rule]], dtype=float)
    rule_filtered = np.array([[r.filtered for r in rule]], dtype=float)
    n = dev.size - 1
    random_row = {
        "hit@5": 5 / n,
        "hit@10": 10 / n,
        "mrr": sum(1 / k for k in range(1, n + 1)) / n,
    }
    model_raw = {k: float(np.mean([_metrics(r)[k] for r in raw])) for k in random_row}
    model_filtered = {k: float(np.mean([_metrics(r)[k] for r in filtered])) for k in random_row}
    slices: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for run in runs:
        for r in run:
            for key in _slice_keys(dev, r):
                slices[key]["model"].append(r.raw)
    for r in rule:
        for key in _slice_keys(dev, r):
            slices[key]["rule"].append(r.raw)
    shipped = sorted(
        query_ranks(dev, score_matrix(dev, load_model()), np.ones(dev.size, dtype=bool)),
        key=lambda r: (r.deal, r.query),
    )
    return {
        "lang": lang,
        "queries": raw.shape[1],
        "repeats": len(runs),
        "chosen_c": sorted({c for c, _ in chosen}),
        "chosen_hub": sorted({hub for _, hub in chosen}),
        "previous_raw": {k: float(np.mean([_metrics(r)[k] for r in before])) for k in random_row},
        "paired": {k: _paired(raw, before, deals, k) for k in ("hit@10", "mrr")},
        "model_raw": model_raw,
        "model_filtered": model_filtered,
        "model_ci": {k: _interval(raw, deals, k) for k in ("hit@10", "mrr")},
        "rule_raw": _metrics(rule_raw[0]),
        "rule_filtered": _metrics(rule_filtered[0]),
        "rule_ci": {k: _interval(rule_raw, deals, k) for k in ("hit@10", "mrr")},
        "random": random_row,
        "shipped_in_sample": _metrics(np.array([r.raw for r in shipped], dtype=float)),
        "slices": {
            key: {
                "n": len(v["rule"]),
                "model": _metrics(np.array(v["model"], dtype=float)),
                "rule": _metrics(np.array(v["rule"], dtype=float)),
            }
            for key, v in sorted(slices.items())
        },
    }


def _fmt(m: dict[str, float]) -> list[str]:
    return [f"{m['hit@5']:.3f}", f"{m['hit@10']:.3f}", f"{m['mrr']:.3f}"]


def quality_tables(result: dict[str, Any]) -> str:
    ci, rule_ci = result["model_ci"], result["rule_ci"]
    ratio = {
        k: result["model_raw"][k] / result["rule_raw"][k] if result["rule_raw"][k] else 0.0
        for k in ("hit@10", "mrr")
    }
    main = markdown_table(
        ["ranking", "hit@5", "hit@10", "MRR", "hit@10 95% CI", "MRR 95% CI"],
        [
            [
                f"**fitted model, held-out** (mean of {result['repeats']} × 5 folds)",
                *_fmt(result["model_raw"]),
                f"{ci['hit@10'][0]:.3f}–{ci['hit@10'][1]:.3f}",
                f"{ci['mrr'][0]:.3f}–{ci['mrr'][1]:.3f}",
            ],
            ["fitted model, held-out, filtered", *_fmt(result["model_filtered"]), "", ""],
            [
                "rule (eval.py)",
                *_fmt(result["rule_raw"]),
                f"{rule_ci['hit@10'][0]:.3f}–{rule_ci['hit@10'][1]:.3f}",
                f"{rule_ci['mrr'][0]:.3f}–{rule_ci['mrr'][1]:.3f}",
            ],
            ["rule, filtered", *_fmt(result["rule_filtered"]), "", ""],
            ["random (expected)", *_fmt(result["random"]), "", ""],
            [
                "ratio held-out model / rule",
                "",
                f"{ratio['hit@10']:.2f}×",
                f"{ratio['mrr']:.2f}×",
                "",
                "",
            ],
            [
                "previous model (no row scale, no reach), held-out on the same folds",
                *_fmt(result["previous_raw"]),
                "",
                "",
            ],
            [
                "paired difference this − previous (same queries), 95% CI over deals",
                "",
                "{:+.3f} ({:+.3f}…{:+.3f})".format(*result["paired"]["hit@10"]),
                "{:+.3f} ({:+.3f}…{:+.3f})".format(*result["paired"]["mrr"]),
                "",
                "",
            ],
            [
                "shipped model on the whole set (in-sample, not a result)",
                *_fmt(result["shipped_in_sample"]),
                "",
                "",
            ],
        ],
    )
    slices = markdown_table(
        ["slice (raw)", "n", "model hit@10", "model MRR", "rule hit@10", "rule MRR"],
        [
            [
                key,
                str(v["n"]),
                f"{v['model']['hit@10']:.3f}",
                f"{v['model']['mrr']:.3f}",
                f"{v['rule']['hit@10']:.3f}",
                f"{v['rule']['mrr']:.3f}",
            ]
            for key, v in result["slices"].items()
        ],
    )
    return f"{main}\n\nSlices (held-out model vs rule, same queries):\n\n{slices}"


def eval_script_table() -> str:
    """The shipped model through the CLI, as the team's eval.py runs it (in-sample)."""
    exe = Path(sys.executable).with_name("partnering-engine")
    rows = []
    for lang in ("en", "ko"):
        done = subprocess.run(
            [
                sys.executable,
                str(DEV.parent / "matching_eval.py"),
                *("--exe", str(exe), "--data", str(DEV), "--lang", lang, "--json"),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout)
        for name, m in (
            (f"{lang}: `partnering-engine recommend` raw", result["project"]["raw"]),
            (f"{lang}: `partnering-engine recommend` filtered", result["project"]["filtered"]),
            (f"{lang}: rule raw", result["rule"]["raw"]),
        ):
            rows.append([name, f"{m['hit@5']}", f"{m['hit@10']}", f"{m['mrr']}"])
        rows[-3][0] += f" ({result['recommend_s']} s)"
    return markdown_table(["eval.py --json (in-sample)", "hit@5", "hit@10", "MRR"], rows)


# ---- speed ----------------------------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _pools(lang: str) -> tuple[list[str], list[str], list[str]]:
    orgs = json.loads((DEV / "orgs.json").read_text(encoding="utf-8"))
    suffix = "_ko" if lang == "ko" else ""
    offers, seeks, words = [], [], []
    for org in orgs:
        for key, pool in (("description_offer", offers), ("description_seek", seeks)):
            text = org.get(key + suffix) or ""
            pool.extend(s for s in _SENTENCE.split(text) if s)
            words.extend(text.split())
    return offers, seeks, words


def varied_survey(size: int, seed: int) -> list[Any]:
    """Synthetic categorical answers with descriptions made of real sentences, a third of
    their words swapped for other real words (English, or Korean for ~40%)."""
    rng = random.Random(seed)
    pools = {lang: _pools(lang) for lang in ("en", "ko")}

    def text(pool: list[str], words: list[str]) -> str:
        sentence = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 2))).split()
        return " ".join(rng.choice(words) if rng.random() < 0.33 else w for w in sentence)

    rows = survey_for_participants([f"org{i:05d}" for i in range(size)], seed=seed)
    out = []
    for row in rows:
        offers, seeks, words = pools["ko" if rng.random() < 0.4 else "en"]
        out.append(
            replace(
                row,
                description_offer=text(offers, words),
                description_seek=text(seeks, words),
                wishlist=(),
            )
        )
    return out


def speed_table(sizes: Sequence[int], tops: Sequence[int], seed: int, old_commit: str) -> str:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as tmp:
        old_src = old_engine_src(old_commit, Path(tmp) / "old")
        for size, top in zip(sizes, tops, strict=True):
            survey = Path(tmp) / f"survey-{size}.csv"
            write_survey(varied_survey(size, seed), survey)
            load_before = os.getloadavg()[0]
            new = run_with_engine("bench.matching_speed", [str(survey), str(top)], ROOT / "src")
            old = run_with_engine("bench.matching_speed", [str(survey), str(top)], old_src)
            for name, r in (("this tree", new), (f"old ({old_commit})", old)):
                rows.append(
                    [
                        f"{size:,}",
                        str(top),
                        name,
                        f"{r['encode_s']:.1f}",
                        f"{r['rank_s']:.1f}",
                        f"**{r['total_s']:.1f}**",
                        f"{r['cpu_s']:.1f}",
                        f"{r['peak_mib']:,.0f}",
                        f"{100 * r['filled']:.0f}%",
                        f"{load_before:.1f}",
                    ]
                )
            rows.append(
                [
                    f"{size:,}",
                    str(top),
                    "ratio this / old",
                    "",
                    "",
                    f"{new['total_s'] / old['total_s']:.2f}×",
                    f"{new['cpu_s'] / old['cpu_s']:.2f}×",
                    f"{new['peak_mib'] / old['peak_mib']:.2f}×",
                    "",
                    "",
                ]
            )
            print(f"  size {size}: new {new['total_s']:.1f} s / old {old['total_s']:.1f} s")
    return markdown_table(
        [
            "organizations",
            "top",
            "engine",
            "encode s",
            "rank all pairs s",
            "total s",
            "CPU s",
            "peak MiB",
            "lists filled",
            "load (1 min) before",
        ],
        rows,
    )


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench matching", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="reshuffled 5-fold splits")
    parser.add_argument("--sizes", default="400,20000")
    parser.add_argument("--top", default="10,50", help="top-k per size (comma-separated)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--old-commit", default=OLD_COMMIT)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-eval", action="store_true", help="skip the eval.py runs")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    sections = ["## Matching", "", f"Conditions: {conditions()}", ""]
    if not args.skip_quality:
        print("matching: held-out quality on real-deals-dev (en, ko)", flush=True)
        for result in quality(args.repeats):
            lang = result["lang"]
            tables = quality_tables(result)
            print(tables, flush=True)
            title = "English text" if lang == "en" else "Korean text for Korean organizations"
            sections += [
                f"### Ranking quality on real deals, held out — {title}",
                "",
                f"{result['queries']} queries (both directions of 94 deals); C chosen per "
                f"fold: {result['chosen_c']}; partner reach chosen per fold: "
                f"{result['chosen_hub']}.",
                "",
                tables,
                "",
            ]
    if not args.skip_eval:
        table = eval_script_table()
        print(table, flush=True)
        sections += [
            "### The shipped model through the CLI (eval.py, in-sample: fitted on this set)",
            "",
            table,
            "",
        ]
    if not args.skip_speed:
        sizes = [int(s) for s in args.sizes.split(",")]
        tops = [int(t) for t in args.top.split(",")]
        if len(tops) == 1:
            tops *= len(sizes)
        print("matching: speed (each run in a fresh process)", flush=True)
        table = speed_table(sizes, tops, args.seed, args.old_commit)
        print(table)
        sections += ["### All-pairs recommendation with varied text", "", table, ""]
    if args.write:
        write_section("matching", "\n".join(sections))
    return 0
