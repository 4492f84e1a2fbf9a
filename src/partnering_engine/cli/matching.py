"""Sub-commands of `partnering-engine` for matching: ``recommend`` and ``screen``.

``recommend SURVEY.(csv|xlsx) [--top 10] [--lang en|ko] [--model fitted|rule] --out
RECS.json`` writes ``{org_id: [{"partner", "score", "strength", "reasons"}, ...]}`` best
first (`score`: the model's log-odds score; `strength`: its percentile among all of the
organization's candidates, 0-100). The fitted model is the one the web application uses.
``screen SURVEY --watchlist LIST.csv`` prints the organizations that resemble a watch-list
entry. A survey with errors prints every error (row, column, value, suggestion) and exits
with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from partnering_engine.cli._arguments import bounded_int, fraction
from partnering_engine.matching.model import RULE
from partnering_engine.matching.recommend import recommend_all
from partnering_engine.matching.screening import (
    DEFAULT_THRESHOLD,
    WatchEntry,
    example_watchlist,
    read_watchlist,
    screen,
)
from partnering_engine.matching.survey import SurveyRow, read_survey


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    recommend = subparsers.add_parser(
        "recommend",
        help="recommend partners to every organization of a survey",
        description="Reciprocal, explained partner recommendations from a survey file.",
    )
    recommend.add_argument("survey", type=Path, help="survey file (.csv or .xlsx)")
    recommend.add_argument(
        "--top", type=bounded_int(1, 10_000), default=10, help="partners per organization"
    )
    recommend.add_argument("--lang", choices=("en", "ko"), default="en", help="reason language")
    recommend.add_argument(
        "--model",
        choices=("fitted", "rule"),
        default="fitted",
        help="the shipped fitted ranking model (default) or the rule baseline",
    )
    recommend.add_argument("--out", type=Path, required=True, help="output JSON file")
    recommend.add_argument(
        "--watchlist",
        help="watch-list CSV ('example' = the shipped BIOSECURE example); "
        "flagged organizations are not recommended",
    )
    recommend.set_defaults(handler=run_recommend)

    screening = subparsers.add_parser(
        "screen",
        help="flag survey organizations that resemble watch-list entries",
        description="Fuzzy watch-list screening of a survey's organizations.",
    )
    screening.add_argument("survey", type=Path, help="survey file (.csv or .xlsx)")
    screening.add_argument(
        "--watchlist",
        required=True,
        help="watch-list CSV (name, aliases, country, reason, source), or 'example'",
    )
    screening.add_argument("--threshold", type=fraction, default=DEFAULT_THRESHOLD)
    screening.add_argument("--out", type=Path, help="also write the hits as JSON")
    screening.set_defaults(handler=run_screen)


def _read_rows(path: Path) -> tuple[SurveyRow, ...]:
    result = read_survey(path)
    if len(result.errors) > 1:
        for error in result.errors:
            print(f"{path}: {error}", file=sys.stderr)
    return result.raise_for_errors()


def _watchlist(spec: str) -> tuple[WatchEntry, ...]:
    return example_watchlist() if spec == "example" else read_watchlist(Path(spec))


def run_recommend(args: argparse.Namespace) -> int:
    rows = _read_rows(args.survey)
    blocked: set[str] = set()
    if args.watchlist:
        hits = screen(rows, _watchlist(args.watchlist))
        blocked = {hit.org_id for hit in hits}
        for hit in hits:
            print(
                f"screened out {hit.org_id} ({hit.organization}): resembles "
                f"{hit.entry.name!r} (score {hit.score:.2f})",
                file=sys.stderr,
            )
    model = RULE if args.model == "rule" else None
    recommendations = recommend_all(rows, top=args.top, blocked=blocked, model=model)
    payload = recommendations.to_dict(lang=args.lang)
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote recommendations for {len(rows)} organizations to {args.out}")
    return 0


def run_screen(args: argparse.Namespace) -> int:
    rows = _read_rows(args.survey)
    hits = screen(rows, _watchlist(args.watchlist), threshold=args.threshold)
    for hit in hits:
        country = {True: "same country", False: "other country", None: "country unknown"}[
            hit.country_match
        ]
        print(
            f"{hit.org_id}\t{hit.organization}\t~ {hit.entry.name} (as {hit.matched_name!r}, "
            f"score {hit.score:.2f}, {country})\t{hit.entry.reason}"
        )
    print(f"{len(hits)} hit(s) among {len(rows)} organizations", file=sys.stderr)
    if args.out is not None:
        args.out.write_text(
            json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=1) + "\n", "utf-8"
        )
    return 0
