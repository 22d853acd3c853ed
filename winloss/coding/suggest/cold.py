"""Cold start: how much of a passage's wording each theme's own description shares.

Every text a theme says about itself (name, definition, include rules, examples, seed
phrases) is one document of a TF-IDF space fitted on the codebook, so a word used by every
theme weighs little and a word only one theme uses weighs a lot. A theme is the normalised
sum of its documents; a passage scores the cosine between its vector and the theme's, which
lies in 0..1 since TF-IDF weights are never negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..codebook import Theme
from .text import analyse

# numpy, scipy and scikit-learn load when an index is built: importing the suggestions must
# not cost a command scikit-learn's second of start-up.
if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass(frozen=True)
class ColdIndex:
    slugs: tuple[str, ...]
    vectorizer: TfidfVectorizer
    centroids: np.ndarray  # themes × terms, each row of unit length
    terms: np.ndarray

    def vectors(self, texts: list[str]) -> sparse.csr_matrix:
        return self.vectorizer.transform(texts).tocsr()

    def scores(self, vectors: sparse.csr_matrix) -> np.ndarray:
        """Passages × themes cosine similarities."""
        import numpy as np

        return np.asarray(vectors @ self.centroids.T)


@lru_cache(maxsize=32)
def cold_index(themes: tuple[Theme, ...]) -> ColdIndex:
    """The index of one codebook, built once per distinct codebook (themes are hashable)."""
    if not themes:
        raise ValueError("The codebook has no themes to suggest.")
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    documents = [text for theme in themes for text in theme.texts()]
    owners = np.array([index for index, theme in enumerate(themes) for _ in theme.texts()])
    vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True)
    matrix = vectorizer.fit_transform(documents)
    membership = sparse.csr_matrix(
        (np.ones(len(owners)), (owners, np.arange(len(owners)))), shape=(len(themes), len(owners))
    )
    centroids = normalize(np.asarray((membership @ matrix).todense()))
    return ColdIndex(
        slugs=tuple(theme.slug for theme in themes),
        vectorizer=vectorizer,
        centroids=centroids,
        terms=vectorizer.get_feature_names_out(),
    )
