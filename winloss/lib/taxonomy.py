"""The SOP's seven themes (step 7), by the slugs every stage uses for them.

Lower stages need the names before the codebook (``winloss/coding``) exists in a workspace —
the rep's debrief asks for the main reason in these words — so the slugs live here, once.
"""

SOP_THEMES: dict[str, str] = {
    "product_fit": "Product fit",
    "pricing_commercial": "Pricing and commercial terms",
    "competitive_displacement": "Competitive displacement",
    "sales_process": "Sales process quality",
    "messaging_positioning": "Messaging and positioning",
    "implementation_risk": "Implementation risk",
    "procurement_legal": "Procurement or legal friction",
}
