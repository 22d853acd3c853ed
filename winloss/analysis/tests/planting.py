"""Kept for the tests that import it from here: the builders live in ``analysis.planting``."""

from winloss.analysis.planting import lost, plant, won

__all__ = ["lost", "plant", "won"]
