"""Synthetic problems: sizes, determinism, feasibility and a heavy tail of demand."""

from __future__ import annotations

from collections import Counter
from statistics import median

import pytest

from partnering_engine.generate import PRESETS, generate_problem
from partnering_engine.io import problem_from_dict, problem_to_dict
from partnering_engine.types import Problem

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def summit() -> Problem:
    return generate_problem("summit", seed=11)


def degrees(problem: Problem) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in problem.meetings:
        counts[m.a] += 1
        counts[m.b] += 1
    return counts


def test_summit_has_the_announced_size(summit: Problem) -> None:
    assert len(summit.participants) == 400
    assert len(summit.slots) == 28
    assert len({s.day for s in summit.slots}) == 2
    assert len(summit.tables) == 60
    assert len(summit.meetings) == 1_600
    assert all(s.start.endswith("+09:00") for s in summit.slots)


def test_summit_uses_every_feature(summit: Problem) -> None:
    meetings = summit.meetings
    assert Counter(t.kind for t in summit.tables) == {"table": 54, "room": 4, "virtual": 2}
    interpreted = sum(1 for m in meetings if m.interpreter == "ko-en")
    assert interpreted == pytest.approx(0.05 * len(meetings), abs=2)
    assert summit.interpreters[0].per_slot == 3
    assert any(m.attendees for m in meetings)
    assert any(m.table_kind == "room" for m in meetings)
    assert any(m.allowed_slots is not None for m in meetings)
    assert any(m.fixed_slot is not None for m in meetings)
    assert any(p.max_meetings is not None for p in summit.participants)
    assert Counter(m.weight for m in meetings).keys() == {1, 2, 3}


def test_blocked_slots_are_contiguous_within_a_day(summit: Problem) -> None:
    talks = [p for p in summit.participants if 0 < len(p.unavailable) < 14]
    assert len(talks) > 40
    for participant in talks:
        positions = sorted(summit.slot_index[s] for s in participant.unavailable)
        assert positions == list(range(positions[0], positions[-1] + 1))
        assert len({summit.day_of_slot[p] for p in positions}) == 1


def test_pairs_are_distinct_and_never_self(summit: Problem) -> None:
    pairs = [frozenset((m.a, m.b)) for m in summit.meetings]
    assert len(set(pairs)) == len(pairs)


def test_demand_is_heavy_tailed(summit: Problem) -> None:
    counts = degrees(summit)
    assert max(counts.values()) >= 5 * median(counts.values())


def test_meetings_almost_all_have_a_possible_slot(summit: Problem) -> None:
    impossible = sum(1 for m in summit.meetings if not summit.feasible_slots(m))
    assert impossible <= 0.01 * len(summit.meetings)


def test_same_seed_same_problem_other_seed_other_problem() -> None:
    assert generate_problem("tiny", seed=5) == generate_problem("tiny", seed=5)
    assert generate_problem("summit", seed=5) == generate_problem("summit", seed=5)
    assert (
        generate_problem("summit", seed=5).meetings != generate_problem("summit", seed=6).meetings
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tiny_has_each_feature(seed: int) -> None:
    meetings = generate_problem("tiny", seed=seed).meetings
    assert any(m.attendees for m in meetings)
    assert any(m.table_kind == "room" for m in meetings)
    assert any(m.interpreter == "ko-en" for m in meetings)
    assert any(m.fixed_slot is not None for m in meetings)


def test_tiny_round_trips_through_json() -> None:
    problem = generate_problem("tiny", seed=0)
    assert 10 <= len(problem.participants) <= 15
    assert problem_from_dict(problem_to_dict(problem)) == problem


def test_unknown_preset_lists_known() -> None:
    with pytest.raises(ValueError, match="known presets: bio_europe, bio_intl, summit, tiny"):
        generate_problem("huge", seed=0)


@pytest.mark.slow
@pytest.mark.parametrize("preset", ["bio_europe", "bio_intl"])
def test_bio_presets_have_announced_size_and_a_big_pharma(preset: str) -> None:
    spec = PRESETS[preset]
    problem = generate_problem(preset, seed=1)
    assert len(problem.participants) == spec.participants
    assert len(problem.meetings) == spec.requests
    assert len(problem.slots) == spec.days * spec.slots_per_day
    assert len(problem.tables) == spec.tables
    assert max(degrees(problem).values()) >= 200  # hundreds of requests to the top receiver
