"""Benchmarks of the Bio Partnering engine: printed tables, never timed unit tests.

``python -m bench`` runs every part; ``python -m bench PART [ARGS]`` runs one (``scheduling``,
``b2b``, ``matching``). Each part is a module here with ``main(argv) -> int``; results go to
``bench/RESULTS.md`` (each part rewrites only its own section).
"""
