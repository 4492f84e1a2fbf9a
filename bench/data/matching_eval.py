#!/usr/bin/env python3
"""Score a partner recommender on real organizations and their public deals.

usage: eval.py [--exe PATH] [--data DIR] [--lang en|ko] [--keep DIR] [--json]

Writes DIR/orgs.json as a demand-survey CSV (the columns `partnering-engine recommend`
reads), runs `EXE recommend survey.csv --top 500 --out recs.json`, and for every deal (a, b)
asks both directions: where does b rank in a's list, and a in b's. Prints hit@5, hit@10 and
MRR, raw (rank among all other organizations) and filtered (the query's other known partners
removed first), with slices by deal kind, query organization type and Korean/non-Korean,
next to two baselines computed in the same run on the same data:
  - rule: mirrored offer<->seek matches both ways + 0.5 per shared therapeutic area
    + 0.5 per shared modality + 0.25 if the regions of interest overlap;
  - random: the expected value (1 / n per rank).
--lang ko uses the Korean descriptions (description_offer_ko / description_seek_ko) of the
organizations that have them, as a Korean participant would type them.
The set is for measuring, not for fitting weights on the whole of it: fit on one part and
measure on the rest (e.g. split the deals by organization), and report both.
"""

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COLS = [
    "org_id",
    "organization",
    "org_type",
    "country",
    "therapeutic_areas",
    "modalities",
    "offers",
    "seeks",
    "regions_of_interest",
    "description_offer",
    "description_seek",
]
MIRROR = {
    "licensing_out": "licensing_in",
    "tech_transfer_out": "tech_transfer_in",
    "procurement": "procurement_supply",
}


def write_survey(orgs, path, lang):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        for o in orgs:
            offer = (
                o.get("description_offer_ko")
                if lang == "ko" and o.get("description_offer_ko")
                else o["description_offer"]
            )
            seek = (
                o.get("description_seek_ko")
                if lang == "ko" and o.get("description_seek_ko")
                else o["description_seek"]
            )
            w.writerow(
                [
                    o["id"],
                    o["name"],
                    o["org_type"],
                    o["country"],
                    ";".join(o["therapeutic_areas"]),
                    ";".join(o["modalities"]),
                    ";".join(o["offers"]),
                    ";".join(o["seeks"]),
                    ";".join(o["regions_of_interest"]),
                    offer,
                    seek,
                ]
            )


def rule_score(a, b):
    s = len({MIRROR.get(x, x) for x in a["offers"]} & set(b["seeks"]))
    s += len({MIRROR.get(x, x) for x in b["offers"]} & set(a["seeks"]))
    s += 0.5 * len(set(a["therapeutic_areas"]) & set(b["therapeutic_areas"]))
    s += 0.5 * len(set(a["modalities"]) & set(b["modalities"]))
    s += 0.25 if set(a["regions_of_interest"]) & set(b["regions_of_interest"]) else 0
    return s


def metrics(rows):
    n = len(rows) or 1
    return {
        "n": len(rows),
        "hit@5": round(sum(r <= 5 for r in rows) / n, 3),
        "hit@10": round(sum(r <= 10 for r in rows) / n, 3),
        "mrr": round(sum(1 / r for r in rows) / n, 3),
    }


def evaluate(ranking, orgs, deals):
    """ranking(q) -> list of organization ids, best first, without q."""
    by_id = {o["id"]: o for o in orgs}
    partners = collections.defaultdict(set)
    for d in deals:
        partners[d["a"]].add(d["b"])
        partners[d["b"]].add(d["a"])
    raw, filt, slices = [], [], collections.defaultdict(list)
    for d in deals:
        for q, t in ((d["a"], d["b"]), (d["b"], d["a"])):
            lst = ranking(q)
            r = lst.index(t) + 1 if t in lst else len(orgs)
            others = partners[q] - {t}
            rf = [x for x in lst if x not in others]
            f = rf.index(t) + 1 if t in rf else len(orgs)
            raw.append(r)
            filt.append(f)
            slices["kind=" + d["kind"]].append(r)
            slices["query_type=" + by_id[q]["org_type"]].append(r)
            slices["query=" + ("korean" if by_id[q]["country"] == "KR" else "non-korean")].append(r)
    return {
        "raw": metrics(raw),
        "filtered": metrics(filt),
        "slices": {k: metrics(v) for k, v in sorted(slices.items())},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--exe", default=".venv/bin/partnering-engine")
    ap.add_argument("--data", default=os.path.join(HERE, "..", "datasets", "real-deals-dev"))
    ap.add_argument("--lang", choices=["en", "ko"], default="en")
    ap.add_argument("--keep")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    a = ap.parse_args()
    orgs = json.load(open(os.path.join(a.data, "orgs.json"), encoding="utf-8"))
    deals = json.load(open(os.path.join(a.data, "deals.json"), encoding="utf-8"))
    keep = a.keep or tempfile.mkdtemp()
    os.makedirs(keep, exist_ok=True)
    survey, out = os.path.join(keep, "survey.csv"), os.path.join(keep, "recs.json")
    write_survey(orgs, survey, a.lang)
    t0 = time.time()
    p = subprocess.run(
        [a.exe, "recommend", survey, "--top", "500", "--out", out], capture_output=True, text=True
    )
    seconds = round(time.time() - t0, 2)
    if p.returncode != 0 or not os.path.exists(out):
        sys.exit(f"recommend failed (exit {p.returncode}): {p.stderr[-600:]}")
    recs = json.load(open(out, encoding="utf-8"))
    by_id = {o["id"]: o for o in orgs}
    project = evaluate(lambda q: [r["partner"] for r in recs.get(q, [])], orgs, deals)
    rule = evaluate(
        lambda q: sorted(
            (o for o in by_id if o != q), key=lambda o: -rule_score(by_id[q], by_id[o])
        ),
        orgs,
        deals,
    )
    n = len(orgs) - 1
    rnd = {
        "hit@5": round(5 / n, 3),
        "hit@10": round(10 / n, 3),
        "mrr": round(sum(1 / k for k in range(1, n + 1)) / n, 3),
    }
    res = {
        "data": os.path.basename(os.path.normpath(a.data)),
        "lang": a.lang,
        "organizations": len(orgs),
        "deals": len(deals),
        "queries": 2 * len(deals),
        "recommend_s": seconds,
        "project": project,
        "rule": rule,
        "random": rnd,
    }
    if a.json:
        print(json.dumps(res))
        return
    print(
        f"{res['data']} ({a.lang}): {len(orgs)} organizations, {len(deals)} deals, {2 * len(deals)} queries; recommend {seconds} s"
    )
    print(f"{'ranking':<22}{'hit@5':>8}{'hit@10':>8}{'MRR':>8}")
    for name, m in (
        ("project raw", project["raw"]),
        ("project filtered", project["filtered"]),
        ("rule raw", rule["raw"]),
        ("rule filtered", rule["filtered"]),
        ("random", rnd),
    ):
        print(f"{name:<22}{m['hit@5']:>8}{m['hit@10']:>8}{m['mrr']:>8}")
    print("\nslices (raw hit@10 / MRR: project vs rule)")
    for k, m in project["slices"].items():
        r = rule["slices"][k]
        print(
            f"  {k:<34} n={m['n']:<4} {m['hit@10']:>6} / {m['mrr']:<6}  vs {r['hit@10']:>6} / {r['mrr']}"
        )


if __name__ == "__main__":
    main()
