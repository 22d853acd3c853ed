"""Theme suggestions: the cold start from the codebook, the learned model and its blend."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from winloss.coding.codebook import DEFAULT_CODEBOOK, Theme, codebook_with
from winloss.coding.suggest import (
    Model,
    ModelOutdated,
    Suggestion,
    direction_hint,
    suggest,
    train,
)

SLUGS = [theme.slug for theme in DEFAULT_CODEBOOK]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("The quote was far above our budget and the discount too small.", "pricing_commercial"),
        ("It was missing the reporting features and API integration we needed.", "product_fit"),
        ("Our legal team could not accept the liability terms in the MSA.", "procurement_legal"),
        (
            "We stayed with the incumbent because switching costs were too high.",
            "competitive_displacement",
        ),
        ("The sales rep never followed up after the demo.", "sales_process"),
        ("Their onboarding and go-live plan looked far more credible.", "implementation_risk"),
        ("Your website and messaging never made clear what you do.", "messaging_positioning"),
    ],
)
def test_the_cold_start_ranks_the_obvious_theme_first(text, theme):
    (suggestions,) = suggest([text], DEFAULT_CODEBOOK)
    assert suggestions[0].theme == theme


def test_suggestions_are_best_first_scored_0_to_1_and_name_the_passage_words():
    (suggestions,) = suggest(["The per seat price was too expensive for us."], DEFAULT_CODEBOOK)
    assert 1 <= len(suggestions) <= 3
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert suggestions[0] == Suggestion("pricing_commercial", scores[0], suggestions[0].words)
    assert "per seat" in suggestions[0].words and len(suggestions[0].words) <= 5


def test_a_passage_sharing_no_word_with_the_codebook_gets_no_suggestion():
    assert suggest(["Hmm, yes."], DEFAULT_CODEBOOK) == [[]]
    assert suggest([], DEFAULT_CODEBOOK) == []


def test_top_limits_the_suggestions_and_must_be_positive():
    (suggestions,) = suggest(["price pricing discount budget quote cost"], DEFAULT_CODEBOOK, top=1)
    assert len(suggestions) == 1
    with pytest.raises(ValueError, match="top"):
        suggest(["price"], DEFAULT_CODEBOOK, top=0)


def test_the_codebook_passed_in_is_the_one_ranked_industry_packs_included():
    (suggestions,) = suggest(
        ["They would not sign our HIPAA BAA for PHI."], codebook_with("healthcare")
    )
    assert suggestions[0].theme == "hipaa_privacy"
    custom = Theme("coffee", "Coffee", "Beverages served in meetings.", seed_phrases=["espresso"])
    assert suggest(["espresso please"], [*DEFAULT_CODEBOOK, custom])[0][0].theme == "coffee"


@settings(max_examples=40)
@given(st.text(max_size=200))
def test_any_text_gets_at_most_top_known_themes_with_scores_in_0_to_1(text):
    (suggestions,) = suggest([text], DEFAULT_CODEBOOK)
    assert len(suggestions) <= 3 and len({s.theme for s in suggestions}) == len(suggestions)
    assert all(s.theme in SLUGS and 0 < s.score <= 1 + 1e-9 for s in suggestions)


# A workspace whose analysts code "cutover" and "hypercare" talk as implementation risk, and
# "seat true-up" talk as pricing: words the codebook does not know.
ACCEPTED = [
    ("The cutover weekend plan had no rollback.", "implementation_risk"),
    ("Hypercare after cutover was only two days.", "implementation_risk"),
    ("Nobody owned the cutover runbook.", "implementation_risk"),
    ("Hypercare staffing looked thin.", "implementation_risk"),
    ("The seat true-up at year end worried finance.", "pricing_commercial"),
    ("A true-up clause on seats was a surprise.", "pricing_commercial"),
    ("Quarterly seat true-up was a deal breaker.", "pricing_commercial"),
    ("They wanted a true-up every quarter.", "pricing_commercial"),
]


@pytest.fixture(scope="module")
def model() -> Model:
    texts, labels = zip(*ACCEPTED, strict=True)
    return train(list(texts), list(labels), DEFAULT_CODEBOOK)


def test_a_learned_model_ranks_the_workspaces_own_vocabulary(model):
    texts = ["Cutover and hypercare were the issue.", "The true-up terms on seats."]
    cold = suggest(texts, DEFAULT_CODEBOOK)
    learned = suggest(texts, DEFAULT_CODEBOOK, model=model)
    assert [s[0].theme for s in learned] == ["implementation_risk", "pricing_commercial"]
    assert cold[0] == [] or cold[0][0].theme != "implementation_risk"
    assert "hypercare" in learned[0][0].words


def test_a_learned_model_still_knows_every_codebook_theme(model):
    assert set(model.themes) == set(SLUGS)
    (suggestions,) = suggest(["Legal review of the MSA liability."], DEFAULT_CODEBOOK, model=model)
    assert suggestions[0].theme == "procurement_legal"


def test_the_model_weighs_more_with_every_accepted_code():
    few = train(["The price was high."], ["pricing_commercial"], DEFAULT_CODEBOOK)
    assert 0 < few.weight() < 0.1
    many = train(["The price was high."] * 200, ["pricing_commercial"] * 200, DEFAULT_CODEBOOK)
    assert many.weight() > 0.9


def test_a_theme_added_after_training_is_ranked_by_the_cold_start(model):
    custom = Theme("coffee", "Coffee", "Beverages served in meetings.", seed_phrases=["espresso"])
    (suggestions,) = suggest(["espresso please"], [*DEFAULT_CODEBOOK, custom], model=model)
    assert suggestions[0].theme == "coffee"


def test_a_model_survives_the_round_trip_through_bytes(model):
    loaded = Model.loads(model.dumps())
    texts = ["Hypercare was thin.", "Seat true-up worried us."]
    assert suggest(texts, DEFAULT_CODEBOOK, model=loaded) == suggest(
        texts, DEFAULT_CODEBOOK, model=model
    )
    assert loaded.examples == len(ACCEPTED)


def test_bytes_that_are_not_a_stored_model_ask_for_training_again():
    with pytest.raises(ModelOutdated, match="cannot be read"):
        Model.loads(b"not a model")


@pytest.mark.parametrize(
    ("texts", "labels", "themes", "message"),
    [
        (["a"], [], DEFAULT_CODEBOOK, "1 texts but 0 labels"),
        (["a"], ["coffee"], DEFAULT_CODEBOOK, "'coffee' is not a theme"),
        (["a"], ["product_fit"], DEFAULT_CODEBOOK[:1], "at least two themes"),
    ],
)
def test_training_refuses_labels_it_cannot_learn_from(texts, labels, themes, message):
    with pytest.raises(ValueError, match=message):
        train(texts, labels, themes)


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("We chose you because the reporting was excellent.", "win_driver"),
        ("Your quote was too expensive and the demo felt generic.", "loss_driver"),
        ("They had a built-in Epic integration.", "loss_driver"),
        ("The incumbent was slow and frustrating, so we left.", "win_driver"),
        ("Your support was not helpful.", "loss_driver"),
        ("We met on a Tuesday.", "neutral"),
        ("your rep told us it supported SSO, it did not", "loss_driver"),
    ],
)
def test_direction_hint_reads_cue_words_and_who_they_are_about(text, direction):
    assert direction_hint(text) == direction
