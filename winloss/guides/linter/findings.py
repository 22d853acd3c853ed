from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One problem in a question: ``text[start:end]`` is the offending wording."""

    rule: str
    message: str
    start: int
    end: int
    hint: str
