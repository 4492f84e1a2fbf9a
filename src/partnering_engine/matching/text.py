"""Free-text similarity: TF-IDF over words, word bigrams and character n-grams.

Character n-grams (2 to 4 characters inside each word) make Korean work without a
morphological analyser (``항체를`` and ``항체`` share ``항체``) and tolerate English
inflection (``antibodies``/``antibody``); words and bigrams keep exact phrases strong. Both
parts get sublinear term frequency and smoothed inverse document frequency fitted on all
descriptions of the survey, are L2-normalised separately and weighted half-half, so the dot
product of two document vectors is ``0.5 * word cosine + 0.5 * character cosine`` (in
[0, 1]). Nothing is downloaded; no model is needed.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = ["TfidfVectors", "tfidf_pair", "tokens"]

_WORD_RE = re.compile(r"\w+")
_STOPWORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "to",
        "we",
        "with",
        "us",
        "you",
        "your",
        "who",
        "which",
        "that",
        "this",
        "these",
        "those",
        "will",
        "can",
        "also",
        "more",
        "new",
        "및",
        "등",
        "위한",
        "있는",
        "통해",
        "대한",
        "우리",
        "저희",
        "기업",
        "회사",
    )
)
_CHAR_SIZES = (2, 3, 4)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens without stop words (Korean and English)."""
    return list(_cached_tokens(text))


@functools.lru_cache(maxsize=4096)
def _cached_tokens(text: str) -> tuple[str, ...]:
    # Explanations tokenise the same descriptions for every partner of an organization.
    return tuple(t for t in _WORD_RE.findall(text.casefold()) if t not in _STOPWORDS)


@dataclass(frozen=True)
class TfidfVectors:
    """L2-normalised TF-IDF rows (CSR, float32) for two aligned document lists."""

    left: sp.csr_matrix
    right: sp.csr_matrix


class _Vocabulary:
    def __init__(self) -> None:
        self.words: dict[str, int] = {}
        self.chars: dict[str, int] = {}
        self._char_cache: dict[str, list[int]] = {}

    def word_features(self, words: Sequence[str]) -> list[int]:
        ids = [self.words.setdefault(w, len(self.words)) for w in words]
        ids.extend(
            self.words.setdefault(f"{a} {b}", len(self.words)) for a, b in itertools.pairwise(words)
        )
        return ids

    def char_features(self, words: Sequence[str]) -> list[int]:
        ids: list[int] = []
        for word in words:
            cached = self._char_cache.get(word)
            if cached is None:
                padded = f" {word} "
                grams = {
                    padded[i : i + size]
                    for size in _CHAR_SIZES
                    for i in range(len(padded) - size + 1)
                }
                grams.discard("  ")
                cached = [self.chars.setdefault(g, len(self.chars)) for g in sorted(grams)]
                self._char_cache[word] = cached
            ids.extend(cached)
        return ids


def _counts(feature_lists: list[list[int]], width: int) -> sp.csr_matrix:
    indptr = np.zeros(len(feature_lists) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(f) for f in feature_lists])
    indices = np.fromiter(
        itertools.chain.from_iterable(feature_lists), dtype=np.int32, count=int(indptr[-1])
    )
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(len(feature_lists), width))
    matrix.sum_duplicates()
    return matrix


def _weigh(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    weighted = counts.copy()
    weighted.data = (1.0 + np.log(weighted.data)).astype(np.float32)
    weighted = sp.csr_matrix(weighted.multiply(idf[np.newaxis, :]), dtype=np.float32)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    scale = sp.diags((1.0 / norms).astype(np.float32))
    return sp.csr_matrix(scale @ weighted, dtype=np.float32)


def _idf(*count_matrices: sp.csr_matrix) -> np.ndarray:
    documents = sum(m.shape[0] for m in count_matrices)
    df = np.zeros(count_matrices[0].shape[1], dtype=np.float64)
    for m in count_matrices:
        df += np.bincount(m.indices, minlength=m.shape[1])
    return np.asarray(np.log((1.0 + documents) / (1.0 + df)) + 1.0, dtype=np.float32)


def tfidf_pair(left: Sequence[str], right: Sequence[str]) -> TfidfVectors:
    """TF-IDF vectors of two document lists in one shared space (IDF over both lists), so
    ``left[i] · right[j]`` is the similarity of document i of `left` and j of `right`."""
    vocabulary = _Vocabulary()
    parts: list[tuple[list[list[int]], list[list[int]]]] = []
    for documents in (left, right):
        words = [tokens(d) for d in documents]
        parts.append(
            (
                [vocabulary.word_features(w) for w in words],
                [vocabulary.char_features(w) for w in words],
            )
        )
    n_words, n_chars = max(len(vocabulary.words), 1), max(len(vocabulary.chars), 1)
    word_counts = [_counts(p[0], n_words) for p in parts]
    char_counts = [_counts(p[1], n_chars) for p in parts]
    word_idf, char_idf = _idf(*word_counts), _idf(*char_counts)
    half = np.float32(math.sqrt(0.5))
    out = [
        sp.csr_matrix(
            sp.hstack([_weigh(w, word_idf) * half, _weigh(c, char_idf) * half], format="csr"),
            dtype=np.float32,
        )
        for w, c in zip(word_counts, char_counts, strict=True)
    ]
    return TfidfVectors(out[0], out[1])
