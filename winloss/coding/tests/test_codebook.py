"""The seeded codebook: the SOP's seven themes, complete enough to code with and suggest from."""

import pytest

from winloss.coding.codebook import (
    DEFAULT_CODEBOOK,
    INDUSTRY_PACKS,
    Example,
    Theme,
    codebook_with,
)

SOP_THEMES = {
    "product_fit": "Product fit",
    "pricing_commercial": "Pricing and commercial terms",
    "competitive_displacement": "Competitive displacement",
    "sales_process": "Sales process quality",
    "messaging_positioning": "Messaging and positioning",
    "implementation_risk": "Implementation risk",
    "procurement_legal": "Procurement or legal friction",
}
PACK_THEMES = [theme for pack in INDUSTRY_PACKS.values() for theme in pack]


def test_the_default_codebook_is_the_sops_seven_themes_in_order():
    assert {theme.slug: theme.name for theme in DEFAULT_CODEBOOK} == SOP_THEMES
    assert [theme.slug for theme in DEFAULT_CODEBOOK] == list(SOP_THEMES)


@pytest.mark.parametrize("theme", DEFAULT_CODEBOOK, ids=lambda theme: theme.slug)
def test_each_seed_theme_has_rules_examples_of_both_directions_and_phrases(theme):
    assert len(theme.definition) > 60
    assert len(theme.include) >= 3 and len(theme.exclude) >= 2
    assert len(theme.examples) >= 6
    directions = {example.direction for example in theme.examples}
    assert {"win_driver", "loss_driver"} <= directions
    assert len(theme.seed_phrases) >= 10
    assert len(set(theme.seed_phrases)) == len(theme.seed_phrases)
    assert theme.parent is None


def test_exclude_rules_send_the_coder_to_another_seed_theme():
    for theme in DEFAULT_CODEBOOK:
        named = {slug for slug in SOP_THEMES if any(slug in rule for rule in theme.exclude)}
        assert named and theme.slug not in named, theme.slug


@pytest.mark.parametrize("name", ["healthcare", "public_sector"])
def test_an_industry_pack_refines_seed_themes_with_two_or_three_of_its_own(name):
    pack = INDUSTRY_PACKS[name]
    assert 2 <= len(pack) <= 3
    for theme in pack:
        assert theme.parent in SOP_THEMES
        assert len(theme.examples) >= 6 and len(theme.seed_phrases) >= 10


def test_slugs_are_unique_across_the_codebook_and_every_pack():
    slugs = [theme.slug for theme in [*DEFAULT_CODEBOOK, *PACK_THEMES]]
    assert len(slugs) == len(set(slugs))


def test_codebook_with_adds_the_named_packs_after_the_seven():
    themes = codebook_with("healthcare")
    assert themes[:7] == DEFAULT_CODEBOOK
    assert [theme.slug for theme in themes[7:]] == [t.slug for t in INDUSTRY_PACKS["healthcare"]]
    with pytest.raises(ValueError, match="Unknown industry pack 'retail'"):
        codebook_with("retail")


def test_a_theme_given_lists_is_hashable_and_equal_to_one_given_tuples():
    listed = Theme("custom_tag", "Custom", "A tag.", include=["a"], examples=[("It", "neutral")])
    tupled = Theme(
        "custom_tag", "Custom", "A tag.", include=("a",), examples=(Example("It", "neutral"),)
    )
    assert listed == tupled and hash(listed) == hash(tupled)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"slug": "Product Fit"}, "lowercase"), ({"examples": [("x", "win")]}, "Unknown direction")],
)
def test_a_theme_with_a_bad_slug_or_direction_is_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        Theme(**{"slug": "tag", "name": "Tag", "definition": "A tag.", **overrides})
