import re
from dataclasses import dataclass, fields

DIRECTIONS = ("win_driver", "loss_driver", "neutral")
SLUG = re.compile(r"^[a-z][a-z0-9_]{1,48}$")


@dataclass(frozen=True)
class Example:
    """A buyer statement that belongs to a theme, and which way it pushed the decision."""

    text: str
    direction: str

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"Unknown direction {self.direction!r}: use one of {DIRECTIONS}.")


@dataclass(frozen=True)
class Theme:
    """One code of the codebook.

    Lists given for the rules, examples and phrases are kept as tuples, so a theme is
    hashable and a codebook (a tuple of themes) can key a cache of its suggestion index.
    """

    slug: str
    name: str
    definition: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    seed_phrases: tuple[str, ...] = ()
    # A sub-theme (an industry tag, a custom refinement) names the theme it refines.
    parent: str | None = None

    def __post_init__(self) -> None:
        if not SLUG.match(self.slug):
            raise ValueError(f"Theme slug {self.slug!r}: lowercase letters, digits and _.")
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, list):
                object.__setattr__(self, field.name, tuple(value))
        examples = tuple(
            example if isinstance(example, Example) else Example(*example)
            for example in self.examples
        )
        object.__setattr__(self, "examples", examples)

    def texts(self) -> tuple[str, ...]:
        """What a theme says about itself: the wording suggestions are matched against."""
        return (
            self.name,
            self.definition,
            *self.include,
            *(example.text for example in self.examples),
            *self.seed_phrases,
        )
