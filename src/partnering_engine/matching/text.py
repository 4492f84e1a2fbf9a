"""Free-text similarity in English and Korean: keywords, concepts, TF-IDF, latent space.

Analysis (`keywords`). Korean text goes through kiwipiepy's morphological analyser (its
model ships as the ``kiwipiepy_model`` package; nothing is downloaded): nouns, proper
nouns, roots and foreign words are kept, particles, endings and auxiliary verbs are dropped,
so ``저희가`` gives nothing and ``항체를`` gives ``항체``. English words are case-folded,
stop words (scikit-learn's list plus survey boilerplate such as "seeks", "partners") are
dropped, and plurals are reduced (``antibodies`` → ``antibody``).

Documents (`analyse`) are the keywords plus one token per concept of the bilingual lexicon
(`lexicon.concepts_in`), so a Korean and an English description of the same thing share
their concept tokens even when they share no word.

Vectors (`text_vectors`). scikit-learn's ``TfidfVectorizer`` (sublinear term frequency,
smoothed IDF over all descriptions of the survey, L2-normalised rows) gives sparse rows
whose dot product is the cosine similarity. Above `EXACT_TEXT_LIMIT` organizations the
sparse product would be a dense n x n matrix anyway; ``TruncatedSVD`` projects the rows on
`LSA_RANK` latent dimensions (latent semantic analysis) and the similarity is the product of
the re-normalised projections.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from partnering_engine.matching.lexicon import concepts_in

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

__all__ = [
    "EXACT_TEXT_LIMIT",
    "LSA_RANK",
    "TextVectors",
    "analyse",
    "keywords",
    "text_vectors",
    "tokens",
]

#: Up to this many organizations the text similarity is the exact sparse TF-IDF cosine.
EXACT_TEXT_LIMIT = 2500
#: Latent dimensions of the projection used above `EXACT_TEXT_LIMIT`.
LSA_RANK = 128
#: Prefix of concept tokens in analysed documents (no word starts with it).
CONCEPT_PREFIX = "@"

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_ENGLISH_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*[a-z0-9]|[a-z]")
#: Kiwi tags kept: common and proper nouns, roots, Chinese characters (Latin-letter words
#: are read as English).
_KOREAN_TAGS = frozenset({"NNG", "NNP", "XR", "SH"})
#: Survey boilerplate: words every description uses, which say nothing about a match.
_BOILERPLATE = frozenset(
    {
        "seek",
        "seeks",
        "seeking",
        "offer",
        "offers",
        "offering",
        "provide",
        "provides",
        "providing",
        "partner",
        "partners",
        "partnership",
        "partnerships",
        "look",
        "looks",
        "looking",
        "company",
        "companies",
        "including",
        "plus",
        "us",
        "new",
        "also",
        "well",
        "its",
        "our",
        "we",
        "able",
        "interested",
        "interest",
        "available",
        "opportunity",
        "opportunities",
        "파트너",
        "관심",
        "희망",
        "제공",
        "기회",
        "협력",
        "분야",
        "기업",
        "회사",
        "저희",
        "당사",
        "우리",
        "보유",
        "추진",
        "모색",
        "확보",
        "기반",
        "대상",
    }
)


@functools.lru_cache(maxsize=1)
def _english_stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | _BOILERPLATE


_KIWI_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _kiwi() -> Kiwi:
    from kiwipiepy import Kiwi

    # Without the typo and multi-word dictionaries the analyser starts in half the time;
    # survey descriptions are typed, not transcribed, and compounds are split anyway.
    return Kiwi(num_workers=1, load_typo_dict=False, load_multi_dict=False)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _english(text: str) -> list[str]:
    stop = _english_stop_words()
    return [
        _singular(w)
        for w in _ENGLISH_WORD.findall(text.casefold())
        if w not in stop and not w.isdigit()
    ]


def _korean(text: str) -> list[str]:
    # Each space-separated chunk (eojeol) is analysed once and cached: descriptions of one
    # survey share most of their chunks, and the analyser costs ~0.5 ms per call.
    words: list[str] = []
    for chunk in text.split():
        words.extend(_korean_chunk(chunk) if _HANGUL.search(chunk) else _english(chunk))
    return words


@functools.lru_cache(maxsize=262144)
def _korean_chunk(chunk: str) -> tuple[str, ...]:
    """Nouns and roots of the Hangul part of a chunk (by the analyser), then the words
    written in Latin letters (as English: ``HER2항체를`` gives ``항체``, ``her2``)."""
    with _KIWI_LOCK:  # one analyser shared by threads
        analysed = _kiwi().tokenize(chunk)
    words = [t.form for t in analysed if t.tag in _KOREAN_TAGS and t.form not in _BOILERPLATE]
    return (*words, *_english(_HANGUL.sub(" ", chunk)))


@functools.lru_cache(maxsize=65536)
def _keywords(text: str) -> tuple[str, ...]:
    # Reasons and repeated descriptions analyse the same text many times.
    return tuple(_korean(text) if _HANGUL.search(text) else _english(text))


def keywords(text: str) -> list[str]:
    """Content words of a description (Korean nouns and roots, English words), case-folded,
    without particles, endings, stop words or survey boilerplate, in text order (within a
    Korean chunk, its Korean words before its Latin-letter ones)."""
    return list(_keywords(text))


def tokens(text: str) -> list[str]:
    """Alias of `keywords` kept for callers of the former tokenizer."""
    return keywords(text)


def analyse(text: str) -> list[str]:
    """The terms of a document: its keywords and one ``@concept`` token per concept."""
    return [*_keywords(text), *(CONCEPT_PREFIX + c for c in sorted(concepts_in(text)))]


FloatArray = npt.NDArray[np.float32]
Vectors: TypeAlias = sp.csr_matrix | FloatArray


@dataclass(frozen=True)
class TextVectors:
    """Row-aligned vectors of the seek, offer and whole-profile texts; ``a @ b.T`` of two
    of them is a cosine similarity in [0, 1] (sparse when exact, dense when projected)."""

    seek: Vectors
    offer: Vectors
    profile: Vectors
    exact: bool


def _renormalised(matrix: Any) -> FloatArray:
    dense = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    out: FloatArray = np.divide(dense, norms, out=np.zeros_like(dense), where=norms > 0)
    return out


def text_vectors(
    seek: Sequence[str], offer: Sequence[str], *, exact: bool | None = None, seed: int = 0
) -> TextVectors:
    """TF-IDF vectors (fitted on all descriptions) of aligned seek/offer texts and of their
    concatenation; projected by TruncatedSVD when not `exact` (default: exact up to
    `EXACT_TEXT_LIMIT` rows)."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(seek)
    documents = [analyse(t) for t in (*seek, *offer)]
    profiles = [a + b for a, b in zip(documents[:n], documents[n:], strict=True)]
    if not any(documents):
        empty = sp.csr_matrix((n, 1), dtype=np.float32)
        return TextVectors(empty, empty, empty, exact=True)
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, dtype=np.float32, norm="l2")
    vectorizer.fit(documents)
    stacked = sp.vstack(
        [vectorizer.transform(documents), vectorizer.transform(profiles)], format="csr"
    ).astype(np.float32)
    use_exact = n <= EXACT_TEXT_LIMIT if exact is None else exact
    if not use_exact:
        rank = max(1, min(LSA_RANK, stacked.shape[1] - 1, stacked.shape[0] - 1))
        svd = TruncatedSVD(n_components=rank, algorithm="randomized", n_iter=4, random_state=seed)
        projected = _renormalised(svd.fit_transform(stacked))
        return TextVectors(projected[:n], projected[n : 2 * n], projected[2 * n :], exact=False)
    return TextVectors(stacked[:n], stacked[n : 2 * n], stacked[2 * n :], exact=True)


def _identity(document: list[str]) -> list[str]:
    return document
