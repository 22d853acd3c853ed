"""The SOP's report sections, in its order: a name the renderers share without loading the
analysis that fills them."""

SECTIONS = (
    "Scope and sample size",
    "Methodology and limitations",
    "Top win themes",
    "Top loss themes",
    "Representative quotes",
    "Recommended actions",
)
