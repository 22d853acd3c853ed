"""Ranking themes for passages: the cold start alone, or blended with a learned model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..codebook import Theme
from .cold import ColdIndex, cold_index
from .learned import Model

# numpy loads with the first suggestion (see cold.py).
if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

WORDS = 5
# A passage's words and how much each weighed for a theme: by the theme's position in the
# cold index, or by its slug in the learned model.
Words = Callable[[int], dict[str, float]]
Taught = Callable[[str], dict[str, float]]


@dataclass(frozen=True)
class Suggestion:
    """A theme proposed for a passage; the analyst accepts or rejects it.

    ``score`` lies in 0..1, higher is better. Without a model it is the cosine similarity
    between passage and theme; with one, the blended probability. Compare scores within one
    call, not between a cold-start call and a learned one.
    """

    theme: str
    score: float
    words: list[str]  # the passage's terms that weighed most for this theme


def suggest(
    texts: Sequence[str], themes: Sequence[Theme], *, model: Model | None = None, top: int = 3
) -> list[list[Suggestion]]:
    """Up to ``top`` suggestions per passage, best first; [] where nothing matches.

    Suggestions only: nothing is coded. Themes of ``themes`` the model has not seen (added
    after it was trained) are ranked by the cold start alone.
    """
    if top < 1:
        raise ValueError("top must be at least 1.")
    texts = list(texts)
    if not texts:
        return []
    index = cold_index(tuple(themes))
    cold_vectors = index.vectors(texts)
    cosines = index.scores(cold_vectors)
    if model is None:
        return [
            _ranked(cosines[row], _cold_words(index, cold_vectors, row), index.slugs, top)
            for row in range(len(texts))
        ]
    return _blended(texts, index, cold_vectors, cosines, model, top)


def _blended(
    texts: list[str],
    index: ColdIndex,
    cold_vectors: sparse.csr_matrix,
    cosines: np.ndarray,
    model: Model,
    top: int,
) -> list[list[Suggestion]]:
    import numpy as np

    weight = model.weight()
    learned_vectors = model.vectors(texts)
    probabilities = model.probabilities(texts, learned_vectors)
    column = {slug: position for position, slug in enumerate(model.themes)}
    # The cold scores as a share of the passage's evidence, to sit on the probabilities' scale.
    totals = cosines.sum(axis=1, keepdims=True)
    shares = np.divide(cosines, totals, out=np.zeros_like(cosines), where=totals > 0)
    known = np.array([slug in column for slug in index.slugs])
    learned = np.zeros_like(shares)
    for position, slug in enumerate(index.slugs):
        learned[:, position] = probabilities[:, column[slug]] if slug in column else 0.0
    learned = np.where(known, learned, shares)
    blended = weight * learned + (1 - weight) * shares
    terms, coefficients = model.vectorizer.get_feature_names_out(), model.coefficients()
    empty = (np.diff(cold_vectors.indptr) == 0) & (np.diff(learned_vectors.indptr) == 0)
    suggestions: list[list[Suggestion]] = []
    for row in range(len(texts)):
        if empty[row]:
            suggestions.append([])
            continue
        cold = _cold_words(index, cold_vectors, row)
        taught = _learned_words(terms, coefficients, learned_vectors, row, column)

        def words(position: int, cold: Words = cold, taught: Taught = taught) -> dict[str, float]:
            return _merge(cold(position), taught(index.slugs[position]), weight)

        suggestions.append(_ranked(blended[row], words, index.slugs, top))
    return suggestions


def _ranked(scores: np.ndarray, words: Words, slugs: tuple[str, ...], top: int) -> list[Suggestion]:
    import numpy as np

    # A stable sort keeps the codebook's order between equal scores.
    order = np.argsort(-scores, kind="stable")[:top]
    return [
        Suggestion(theme=slugs[p], score=float(scores[p]), words=_terms(words(p)))
        for p in order
        if scores[p] > 0
    ]


def _cold_words(index: ColdIndex, vectors: sparse.csr_matrix, row: int) -> Words:
    start, end = vectors.indptr[row], vectors.indptr[row + 1]
    features, values = vectors.indices[start:end], vectors.data[start:end]

    def contributions(position: int) -> dict[str, float]:
        weights = values * index.centroids[position, features]
        return _positive(index.terms, features, weights)

    return contributions


def _learned_words(
    terms: np.ndarray,
    coefficients: np.ndarray,
    vectors: sparse.csr_matrix,
    row: int,
    column: dict[str, int],
) -> Taught:
    start, end = vectors.indptr[row], vectors.indptr[row + 1]
    features, values = vectors.indices[start:end], vectors.data[start:end]

    def contributions(slug: str) -> dict[str, float]:
        if slug not in column:
            return {}
        return _positive(terms, features, values * coefficients[column[slug], features])

    return contributions


def _positive(terms: np.ndarray, features: np.ndarray, weights: np.ndarray) -> dict[str, float]:
    return {str(terms[f]): float(w) for f, w in zip(features, weights, strict=True) if w > 0}


def _merge(cold: dict[str, float], taught: dict[str, float], weight: float) -> dict[str, float]:
    # Each side as shares of its own total, so the blend weight means the same for the words.
    merged: dict[str, float] = {}
    for side, share in ((cold, 1 - weight), (taught, weight)):
        total = sum(side.values())
        for term, value in side.items():
            merged[term] = merged.get(term, 0.0) + share * value / total
    return merged


def _terms(contributions: dict[str, float]) -> list[str]:
    ranked = sorted(contributions.items(), key=lambda item: (-item[1], item[0]))
    return [term for term, _ in ranked[:WORDS]]
