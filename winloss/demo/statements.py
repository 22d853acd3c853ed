"""Invented buyer statements for the demo's finished wave, by theme and direction. Plausible,
varied, and short enough to read on a slide; no real buyer said them."""

# (theme slug, direction, statement)
STATEMENTS: list[tuple[str, str, str]] = [
    (
        "product_fit",
        "win_driver",
        "The reporting did exactly what our finance team does every month end.",
    ),
    (
        "product_fit",
        "win_driver",
        "It fitted the way our field teams already work, so nobody needed retraining.",
    ),
    (
        "product_fit",
        "loss_driver",
        "We needed offline mode for the warehouse and it simply was not there.",
    ),
    (
        "product_fit",
        "loss_driver",
        "The workflow assumed one approver; we have three in every region.",
    ),
    (
        "pricing_commercial",
        "loss_driver",
        "Your price was about thirty percent above the others for the same seats.",
    ),
    (
        "pricing_commercial",
        "loss_driver",
        "The multi-year discount came too late, after we had budgeted.",
    ),
    (
        "pricing_commercial",
        "win_driver",
        "Per-site pricing made the business case easy to approve.",
    ),
    (
        "competitive_displacement",
        "loss_driver",
        "Vector Solutions already ran our payroll, so adding one more module was the easy path.",
    ),
    (
        "competitive_displacement",
        "loss_driver",
        "Quantum Ledger offered to migrate our data for free.",
    ),
    (
        "competitive_displacement",
        "win_driver",
        "Northpeak could not show us a live customer in our sector; you could.",
    ),
    (
        "sales_process",
        "win_driver",
        "Your team answered our security questions within a day, every time.",
    ),
    ("sales_process", "win_driver", "The pilot was set up around our data, not a canned demo."),
    (
        "sales_process",
        "loss_driver",
        "We had three different contacts in two months and had to repeat ourselves.",
    ),
    (
        "messaging_positioning",
        "loss_driver",
        "Until the final demo we thought you were a tool for much bigger companies.",
    ),
    (
        "messaging_positioning",
        "win_driver",
        "The case study from a company like ours made it click for the board.",
    ),
    (
        "implementation_risk",
        "loss_driver",
        "A nine-month rollout was too long; we had an audit in the spring.",
    ),
    (
        "implementation_risk",
        "loss_driver",
        "Nobody could tell us who would do the integration work on your side.",
    ),
    (
        "implementation_risk",
        "win_driver",
        "The fixed-scope onboarding plan took the risk off the table.",
    ),
    (
        "procurement_legal",
        "loss_driver",
        "Your contract terms on data residency took legal six weeks to clear.",
    ),
    (
        "procurement_legal",
        "win_driver",
        "You were already on our approved supplier list, which saved a quarter.",
    ),
]
SUMMARIES = {
    "won": "They chose us mainly because the product fitted how they work and the rollout felt "
    "safe.",
    "lost": "Lost mainly on price and a long implementation against an incumbent they already "
    "used.",
}
