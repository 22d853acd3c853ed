"""The features both models read: normalised words and the bigrams between them.

A plain function, not a lambda, because a trained model pickles a reference to it: a stored
model loads again only while ``winloss.coding.suggest.text.analyse`` keeps its name.
"""

import re
from itertools import pairwise

TOKEN = re.compile(r"[a-z0-9]+(?:[-'&/][a-z0-9]+)*")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})

# Words that say nothing about a theme. A short list of our own rather than scikit-learn's:
# that one drops "per", "system" and "bill", which a theme needs.
STOP = frozenset(
    """
    a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing don't down during each even every few
    for from further get got had has have having he her here hers him his how i i'd i'm if
    in into is it it's its itself just let me more most much my no nor not of off on once
    one only or other our ours out over own really same she should so some such than that
    that's the their theirs them then there these they they'd they're this those through to
    too under until up us very was we we'd we'll we're were what when where which while who
    whom why will with would you you'd you're your yours yourself didn't wasn't weren't
    couldn't wouldn't isn't aren't doesn't won't can't hadn't hasn't haven't lot lots thing
    things way quite bit honestly actually basically because nothing something anything
    everything since though although whether still may might must shall else
    """.split()  # noqa: SIM905 (a list of words reads better as text)
)


def normalise(word: str) -> str:
    """One form for a word's plural and possessive, so 'integrations' meets 'integration'."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    tokens = TOKEN.findall(text.lower().translate(APOSTROPHES))
    return [normalise(token) for token in tokens if token not in STOP]


def analyse(text: str) -> list[str]:
    """Unigrams and bigrams of the normalised words (stop words dropped first)."""
    found = words(text)
    return found + [f"{first} {second}" for first, second in pairwise(found)]
