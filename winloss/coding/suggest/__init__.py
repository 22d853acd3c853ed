"""Theme suggestions for coded excerpts (SOP step 7): ranked proposals, never applied.

``suggest(texts, themes)`` ranks the codebook's themes for each passage from the codebook's
own wording; ``train(texts, labels, themes)`` learns from a workspace's accepted codes and
``suggest(..., model=model)`` blends the two. ``direction_hint`` guesses win or loss.
"""

from .direction import direction_hint
from .learned import Model, ModelOutdated, train
from .rank import Suggestion, suggest

__all__ = ["Model", "ModelOutdated", "Suggestion", "direction_hint", "suggest", "train"]
