"""Child process of the matching speed bench: score one survey file, print JSON.

``python -m bench.matching_speed SURVEY.csv TOP`` reads the survey, encodes it and computes
every organization's top list with whatever `partnering_engine` is first on ``sys.path``
(the bench runs it once with this tree's engine and once with the engine of an earlier
commit, unpacked beside it), and prints wall and CPU seconds and peak resident memory.
Nothing from the engine is imported at module level, so the old engine can be measured.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def measure(survey: Path, top: int) -> dict[str, float]:
    from partnering_engine.matching import recommend, scoring
    from partnering_engine.matching.survey import read_survey

    rows = read_survey(survey).raise_for_errors()
    cpu_began = time.process_time()
    began = time.perf_counter()
    features = scoring.build_features(rows)
    encoded = time.perf_counter()
    result = recommend.recommend_features(features, top=top)
    ranked = time.perf_counter()
    partners = result[0]
    return {
        "encode_s": encoded - began,
        "rank_s": ranked - encoded,
        "total_s": ranked - began,
        "cpu_s": time.process_time() - cpu_began,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "filled": float((partners >= 0).mean()),
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]))))
