"""Concepts read from free text: how complete, how precise, how alike in Korean and English,
how fast.

``python -m bench concepts [--old-commit C] [--size 20000] [--seed 0] [--write]``

Quality. `lexicon.concepts_in` reads the descriptions of `bench/data/real-deals-dev`
(139 real organizations; the 57 Korean ones also in Korean). Its concepts, turned into
survey codes as the rule-based fallback does (`lexicon.vocabulary_codes`: the offer text
gives offers, the seek text seeks, either text areas and modalities), are compared with the
codes each organization chose itself in the structured answers: precision (codes read that
the organization also chose) and recall (chosen codes that its text names). A text cannot
name everything an organization ticks, so recall stays well below 1; the point is the
comparison between versions and languages. Agreement: for the 57 Korean organizations, the
Jaccard overlap of the concepts of the English and the Korean version of each description.

Speed. The concept search of every description of the matching speed bench's varied survey
(`bench.matching.varied_survey`: real sentences and words, English and ~40% Korean), CPU
time of a fresh process, caches cold.

Each version (this tree, and `--old-commit`'s engine unpacked with ``git archive``) runs in
its own process on the same inputs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.measure import (
    ROOT,
    conditions,
    markdown_table,
    old_engine_src,
    run_with_engine,
    write_section,
)

FIELDS = ("therapeutic_areas", "modalities", "offers", "seeks")
SETS = (
    ("English, all 139", "en", False),
    ("English, the 57 Korean", "en", True),
    ("Korean, the 57 Korean", "ko", True),
)


def _measure(orgs: list[dict[str, Any]], texts: list[str]) -> dict[str, Any]:
    """Quality and speed of the engine on the import path (run in a child process)."""
    from partnering_engine.matching.lexicon import concepts_in, vocabulary_codes

    began = time.process_time()
    for text in texts:
        concepts_in(text)
    cpu = time.process_time() - began

    quality: dict[str, dict[str, list[int]]] = {}
    for name, lang, korean_only in SETS:
        suffix = "_ko" if lang == "ko" else ""
        counts = {f: [0, 0, 0] for f in FIELDS}  # true positives, read, chosen
        for org in orgs:
            if korean_only and "description_offer_ko" not in org:
                continue
            offer = concepts_in(org["description_offer" + suffix])
            seek = concepts_in(org["description_seek" + suffix])
            read = {
                "therapeutic_areas": vocabulary_codes(offer | seek, "therapeutic_areas"),
                "modalities": vocabulary_codes(offer | seek, "modalities"),
                "offers": vocabulary_codes(offer, "offers"),
                "seeks": vocabulary_codes(seek, "seeks"),
            }
            for field in FIELDS:
                chosen = set(org[field]) - {"other"}
                counts[field][0] += len(chosen & set(read[field]))
                counts[field][1] += len(read[field])
                counts[field][2] += len(chosen)
        quality[name] = counts

    overlaps = []
    for org in orgs:
        for key in ("description_offer", "description_seek"):
            if key + "_ko" in org:
                english, korean = concepts_in(org[key]), concepts_in(org[key + "_ko"])
                union = english | korean
                overlaps.append(len(english & korean) / len(union) if union else 1.0)
    return {
        "quality": quality,
        "agreement": sum(overlaps) / len(overlaps),
        "identical": sum(o == 1.0 for o in overlaps),
        "pairs": len(overlaps),
        "cpu": cpu,
        "texts": len(texts),
    }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def tables(results: dict[str, dict[str, Any]]) -> str:
    rows = []
    for name, _, _ in SETS:
        for version, result in results.items():
            counts = result["quality"][name]
            cells = [name, version]
            hits = read = chosen = 0
            for field in FIELDS:
                tp, r, c = counts[field]
                cells.append(f"{_ratio(tp, r):.3f} / {_ratio(tp, c):.3f}")
                hits, read, chosen = hits + tp, read + r, chosen + c
            precision, recall = _ratio(hits, read), _ratio(hits, chosen)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            cells += [f"{precision:.3f} / {recall:.3f}", f"{f1:.3f}"]
            rows.append(cells)
    quality = markdown_table(
        ["descriptions", "engine", *(f"{f} P / R" for f in FIELDS), "all P / R", "all F1"], rows
    )
    agreement = markdown_table(
        [
            "engine",
            "Jaccard ko vs en",
            "identical",
            "search CPU s",
            "texts",
        ],
        [
            [
                version,
                f"{r['agreement']:.3f}",
                f"{r['identical']}/{r['pairs']}",
                f"{r['cpu']:.2f}",
                str(r["texts"]),
            ]
            for version, r in results.items()
        ],
    )
    return f"{quality}\n\n{agreement}\n"


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench concepts", description=__doc__)
    parser.add_argument("--old-commit", default="", help="also measure this commit's engine")
    parser.add_argument("--size", type=int, default=20000, help="organizations of the survey")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        inputs = json.loads(Path(args.child).read_text(encoding="utf-8"))
        print(json.dumps(_measure(inputs["orgs"], inputs["texts"])))
        return 0
    # The parent alone imports the matching bench: a child runs an old engine, which the
    # matching bench of this tree may no longer import with.
    from bench.matching import varied_survey
    from bench.matching_fit import DEV

    orgs = json.loads((DEV / "orgs.json").read_text(encoding="utf-8"))
    texts = [
        text
        for row in varied_survey(args.size, args.seed)
        for text in (row.description_seek, row.description_offer)
    ]
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs.json"
        inputs.write_text(json.dumps({"orgs": orgs, "texts": texts}), encoding="utf-8")
        if args.old_commit:
            old_src = old_engine_src(args.old_commit, Path(tmp) / "old")
            results[f"old ({args.old_commit[:9]})"] = run_with_engine(
                "bench.concepts", ["--child", str(inputs)], old_src
            )
        results["this tree"] = run_with_engine(
            "bench.concepts", ["--child", str(inputs)], ROOT / "src"
        )
    text = f"## Concepts read from text\n\nConditions: {conditions()}\n\n{tables(results)}"
    print(text)
    if args.write:
        write_section("concepts", text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
