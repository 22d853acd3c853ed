"""The codebook as data: the SOP's seven themes and the optional industry packs."""

from .packs import INDUSTRY_PACKS
from .seed import DEFAULT_CODEBOOK
from .theme import DIRECTIONS, Example, Theme


def codebook_with(*packs: str) -> list[Theme]:
    """The default codebook plus the named industry packs ("healthcare", "public_sector")."""
    unknown = [name for name in packs if name not in INDUSTRY_PACKS]
    if unknown:
        raise ValueError(
            f"Unknown industry pack {unknown[0]!r}: choose from {', '.join(INDUSTRY_PACKS)}."
        )
    return [*DEFAULT_CODEBOOK, *(theme for name in packs for theme in INDUSTRY_PACKS[name])]


__all__ = ["DEFAULT_CODEBOOK", "DIRECTIONS", "INDUSTRY_PACKS", "Example", "Theme", "codebook_with"]
