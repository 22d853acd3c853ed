"""The learned model: what a workspace's accepted codes teach beyond the codebook.

A logistic regression (one-vs-rest, fitted by stochastic gradient descent: a tenth of a
second where the exact solver takes seconds, at the same accuracy) over the same word and
bigram features plus character n-grams (which carry "integrat" from "integrating" to
"integration", and survive typos in transcripts), trained on the accepted excerpts together
with the codebook's own texts, so that every
theme is a class even before anyone has coded an excerpt with it. Its probabilities are
blended with the cold-start scores by ``weight()``: with few labels the codebook leads, and
the model takes over as the accepted codes grow.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..codebook import Theme
from .text import analyse

# The libraries load when a model is trained, used or stored (see cold.py).
if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier

# The labelled excerpts at which the model and the codebook weigh the same.
PRIOR_EXAMPLES = 20
# A codebook text counts as much as an accepted excerpt.
CODEBOOK_WEIGHT = 1.0
FORMAT = "winloss.coding.suggest/1"


class ModelOutdated(ValueError):
    """Stored bytes from another model format or scikit-learn version: train again."""


@dataclass
class Model:
    vectorizer: TfidfVectorizer  # words and bigrams: the features ``words`` are named from
    characters: TfidfVectorizer
    classifier: SGDClassifier
    examples: int  # accepted excerpts it learned from, the codebook's texts not counted

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(self.classifier.classes_)

    def weight(self) -> float:
        """How much the model counts against the cold start: n / (n + PRIOR_EXAMPLES)."""
        return self.examples / (self.examples + PRIOR_EXAMPLES)

    def vectors(self, texts: list[str]) -> sparse.csr_matrix:
        """The word features only (the first columns of what the classifier reads)."""
        return self.vectorizer.transform(texts).tocsr()

    def probabilities(self, texts: list[str], vectors: sparse.csr_matrix) -> np.ndarray:
        from scipy import sparse

        features = sparse.hstack([vectors, self.characters.transform(texts)]).tocsr()
        return self.classifier.predict_proba(features)

    def coefficients(self) -> np.ndarray:
        """Themes × terms: how much each term speaks for each theme."""
        import numpy as np

        coefficients = self.classifier.coef_[:, : len(self.vectorizer.vocabulary_)]
        # With two themes scikit-learn keeps one row, for the second theme.
        return np.vstack([-coefficients, coefficients]) if len(coefficients) == 1 else coefficients

    def dumps(self) -> bytes:
        """The model as bytes for a background task to store (joblib pickle)."""
        import joblib
        import sklearn

        buffer = io.BytesIO()
        joblib.dump((FORMAT, sklearn.__version__, self), buffer, compress=3)
        return buffer.getvalue()

    @staticmethod
    def loads(data: bytes) -> Model:
        """A model from ``dumps()``. Only load bytes this program stored: it is a pickle."""
        import joblib
        import sklearn

        try:
            stored_format, version, model = joblib.load(io.BytesIO(data))
        except Exception as error:
            raise ModelOutdated(f"The stored model cannot be read ({error}).") from None
        if stored_format != FORMAT or version != sklearn.__version__:
            raise ModelOutdated(
                f"The stored model was made by {stored_format} with scikit-learn {version}; "
                f"this is {FORMAT} with {sklearn.__version__}."
            )
        return model


def train(texts: Sequence[str], labels: Sequence[str], themes: Sequence[Theme]) -> Model:
    """A model learned from accepted codes: ``labels[i]`` is the theme slug of ``texts[i]``.

    An excerpt coded with two themes is given twice, once with each.
    """
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels.")
    slugs = [theme.slug for theme in themes]
    if len(slugs) < 2:
        raise ValueError("A model needs a codebook of at least two themes.")
    unknown = sorted(set(labels) - set(slugs))
    if unknown:
        raise ValueError(f"Label {unknown[0]!r} is not a theme of the codebook.")
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier

    codebook = [(text, theme.slug) for theme in themes for text in theme.texts()]
    documents = [*texts, *(text for text, _ in codebook)]
    targets = [*labels, *(slug for _, slug in codebook)]
    weights = np.array([1.0] * len(texts) + [CODEBOOK_WEIGHT] * len(codebook))
    vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True)
    characters = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2
    )
    matrix = sparse.hstack(
        [vectorizer.fit_transform(documents), characters.fit_transform(documents)]
    ).tocsr()
    # A fixed number of passes and seed: the same codes always train the same model.
    classifier = SGDClassifier(loss="log_loss", alpha=1e-4, max_iter=50, tol=None, random_state=0)
    classifier.fit(matrix, targets, sample_weight=weights)
    return Model(
        vectorizer=vectorizer, characters=characters, classifier=classifier, examples=len(texts)
    )
