"""The SOP's seven themes (step 7), which seed every workspace's codebook.

The same taxonomy codes wins and losses: each theme has examples of both directions. A
workspace edits its copy; these are the starting point and the cold-start model's knowledge.
"""

from .theme import Example, Theme

WIN, LOSS, NEUTRAL = "win_driver", "loss_driver", "neutral"

PRODUCT_FIT = Theme(
    slug="product_fit",
    name="Product fit",
    definition=(
        "How well the product's capabilities, features, usability, performance and "
        "integrations met the buyer's requirements and use cases, as the buyer saw them."
    ),
    include=(
        "A required feature or capability was present, missing, or weaker than an alternative.",
        "Ease of use, user interface, reporting, performance, scalability or reliability as "
        "experienced in the demo, trial or proof of concept.",
        "Integration with the buyer's existing systems, APIs and data as a product capability.",
        "Fit with the buyer's workflow, industry, size or technical environment.",
        "The product roadmap, when the buyer judged a capability by when it would exist.",
    ),
    exclude=(
        "The effort, timeline or risk of rolling the product out: implementation_risk.",
        "How the capability was described or claimed rather than how it worked: "
        "messaging_positioning.",
        "A capability mainly used to compare against a named rival's switch offer: "
        "competitive_displacement only when the switch itself was the reason.",
        "Security reviews and contract terms: procurement_legal.",
    ),
    examples=(
        Example(
            "The reporting module did everything our finance team asked for in the "
            "trial, including the custom dashboards.",
            WIN,
        ),
        Example(
            "It simply didn't have offline mode, and half our field technicians work "
            "without signal.",
            LOSS,
        ),
        Example(
            "Their API let us sync with our warehouse system on day one; that sealed it "
            "for the engineers.",
            WIN,
        ),
        Example(
            "The interface felt dated and our users struggled to find basic settings "
            "during the pilot.",
            LOSS,
        ),
        Example(
            "We needed multi-currency invoicing and it was only on the roadmap for next year.", LOSS
        ),
        Example(
            "Performance held up with our full data volume in the proof of concept, "
            "which the other tools could not manage.",
            WIN,
        ),
        Example("Feature-wise the two products were roughly level for what we need.", NEUTRAL),
    ),
    seed_phrases=(
        "missing feature",
        "feature gap",
        "lacked functionality",
        "ease of use",
        "user interface",
        "user friendly",
        "integration with",
        "api",
        "proof of concept",
        "pilot",
        "trial",
        "reporting",
        "dashboards",
        "performance",
        "scalability",
        "did what we needed",
        "met our requirements",
        "use case",
        "roadmap",
        "workflow",
        "functionality",
        "capabilities",
        "customization",
        "mobile app",
        "sso",
        "single sign-on",
        "supported",
        "does not support",
    ),
)

PRICING_COMMERCIAL = Theme(
    slug="pricing_commercial",
    name="Pricing and commercial terms",
    definition=(
        "The price, pricing model, discounts, payment terms, contract length and the value "
        "for money the buyer perceived, including total cost of ownership."
    ),
    include=(
        "List price, quote, discount or final offer compared with budget or alternatives.",
        "The pricing model: per seat, per usage, tiers, bundles, add-ons, overage charges.",
        "Payment terms, contract length, renewal caps, price protection, free months.",
        "Perceived value for money or return on investment.",
        "Total cost including services, training and hidden fees.",
    ),
    exclude=(
        "A slow or blocked approval of the price inside the buyer's organisation: "
        "procurement_legal.",
        "The seller's negotiating behaviour as conduct (pushy, slow to answer): sales_process.",
        "A rival's price offered as part of a switch-away deal: competitive_displacement when "
        "the incumbency or the switch was the point.",
    ),
    examples=(
        Example(
            "Your quote came in about thirty percent above what the other finalist "
            "asked for a similar scope.",
            LOSS,
        ),
        Example(
            "Per-seat pricing would have punished us as we grow; their usage-based "
            "model scaled better.",
            LOSS,
        ),
        Example("The three-year price lock made it an easy decision for our CFO.", WIN),
        Example(
            "Once we added the implementation fees the total cost was well beyond budget.", LOSS
        ),
        Example("You were not the cheapest, but the value for money was clearly there.", WIN),
        Example("Quarterly payment terms instead of annual up front helped our cash flow.", WIN),
        Example("Pricing was comparable across the shortlist, so it did not decide it.", NEUTRAL),
    ),
    seed_phrases=(
        "price",
        "pricing",
        "too expensive",
        "cheaper",
        "cost",
        "budget",
        "discount",
        "quote",
        "per seat",
        "per user",
        "licence fee",
        "subscription",
        "value for money",
        "roi",
        "return on investment",
        "total cost of ownership",
        "payment terms",
        "contract length",
        "renewal",
        "hidden fees",
        "pricing model",
        "price increase",
        "affordable",
        "overage",
    ),
)

COMPETITIVE_DISPLACEMENT = Theme(
    slug="competitive_displacement",
    name="Competitive displacement",
    definition=(
        "The incumbent or rival vendor's position: switching away from, or staying with, an "
        "existing solution, a competitor's relationship, bundle or switching offer, and the "
        "cost and risk of changing vendors."
    ),
    include=(
        "Staying with the incumbent or the status quo because switching was not worth it.",
        "A competitor already in the account (an existing contract, a suite or platform the "
        "buyer already owned, a bundled offer).",
        "A rival's switching incentive: migration help, buy-out of the old contract, free "
        "months to move.",
        "Contract lock-in, switching costs or data migration from the current vendor as a "
        "reason for the decision.",
        "Building in-house instead of buying.",
    ),
    exclude=(
        "A feature comparison where the rival's product simply did more: product_fit.",
        "A cheaper rival price with no incumbency or switch involved: pricing_commercial.",
        "Rollout effort of the new product once chosen: implementation_risk.",
    ),
    examples=(
        Example(
            "We already pay for their suite, so adding the module cost us almost nothing extra.",
            LOSS,
        ),
        Example(
            "Honestly the incumbent was good enough and nobody wanted to go through a "
            "migration again.",
            LOSS,
        ),
        Example(
            "You offered to buy out the rest of our old contract, which removed the "
            "main obstacle to switching.",
            WIN,
        ),
        Example("Our current vendor had let us down twice, so we were ready to replace them.", WIN),
        Example("Our IT team decided to build it in-house on the platform we already run.", LOSS),
        Example(
            "Your migration service moved ten years of history from the legacy system, "
            "so switching felt safe.",
            WIN,
        ),
        Example("We compared you against the tool we already had, as a matter of policy.", NEUTRAL),
    ),
    seed_phrases=(
        "incumbent",
        "existing vendor",
        "current vendor",
        "current provider",
        "status quo",
        "switching costs",
        "switch from",
        "rip and replace",
        "already use",
        "already have",
        "bundle",
        "bundled",
        "suite",
        "platform we already",
        "lock-in",
        "locked in",
        "stayed with",
        "build in-house",
        "built internally",
        "buy out",
        "migration from",
        "legacy system",
        "replace them",
        "enterprise agreement",
    ),
)

SALES_PROCESS = Theme(
    slug="sales_process",
    name="Sales process quality",
    definition=(
        "How the seller ran the buying journey: responsiveness, understanding of the buyer's "
        "needs, demos tailored to them, follow-up, honesty, pressure, and the relationship "
        "with the account team."
    ),
    include=(
        "The rep's or account team's responsiveness, follow-through and availability.",
        "Discovery: whether the seller understood the business problem before pitching.",
        "The quality and relevance of demos, proposals and references provided.",
        "Pressure tactics, pushiness, end-of-quarter urgency, or a respectful pace.",
        "Access to experts, executives or sales engineers during the evaluation.",
    ),
    exclude=(
        "What the demo showed the product could do: product_fit.",
        "The story or claims in marketing and pitch materials: messaging_positioning.",
        "The substance of the price or terms offered: pricing_commercial.",
        "A promised capability turning out false is also an escalation (misrepresentation).",
    ),
    examples=(
        Example(
            "Your account executive took the time to learn how our dispatch actually "
            "works before showing us anything.",
            WIN,
        ),
        Example("We waited nine days for an answer to a simple security question.", LOSS),
        Example(
            "The demo was a generic tour that ignored the scenarios we had sent in advance.", LOSS
        ),
        Example(
            "Their rep kept pushing for a signature before quarter end and it put us off.", LOSS
        ),
        Example(
            "Having the sales engineer on every call meant our technical questions got "
            "real answers.",
            WIN,
        ),
        Example(
            "The references you lined up were companies just like us, which helped a lot.", WIN
        ),
        Example("We had a new rep halfway through; it was fine either way.", NEUTRAL),
    ),
    seed_phrases=(
        "sales rep",
        "account executive",
        "account manager",
        "salesperson",
        "sales team",
        "responsive",
        "slow to respond",
        "follow up",
        "followed up",
        "listened",
        "understood our business",
        "discovery",
        "tailored demo",
        "generic demo",
        "pushy",
        "pressure",
        "end of quarter",
        "references",
        "sales engineer",
        "relationship",
        "communication",
        "proposal",
        "point of contact",
        "attentive",
    ),
)

MESSAGING_POSITIONING = Theme(
    slug="messaging_positioning",
    name="Messaging and positioning",
    definition=(
        "How clearly and credibly the vendor's story, value proposition, category and "
        "differentiation came across in the website, marketing, analyst reports, "
        "case studies and pitch, and the brand's reputation."
    ),
    include=(
        "Whether the buyer understood what the product is for and how it differs.",
        "Claims, proof points, case studies, analyst rankings and peer reviews as evidence.",
        "Brand awareness, reputation and market perception (too small, too enterprise, "
        "legacy, leader).",
        "Positioning relative to the buyer's segment or industry (seen as built for someone else).",
        "Jargon or confusing packaging of what is offered.",
    ),
    exclude=(
        "The product's actual capabilities once tried: product_fit.",
        "The rep's conduct in the process: sales_process.",
        "Price levels themselves: pricing_commercial.",
    ),
    examples=(
        Example(
            "After reading your site we still could not say in one sentence what you do.", LOSS
        ),
        Example("Being named a leader in the analyst report got you onto the shortlist.", WIN),
        Example("You came across as a tool for big enterprises, not for a team our size.", LOSS),
        Example("The case study from a hospital group like ours made the value concrete.", WIN),
        Example(
            "Every vendor claimed AI; yours was the only pitch that showed what it "
            "actually changes day to day.",
            WIN,
        ),
        Example("The reviews on peer sites were mixed, which made the board nervous.", LOSS),
        Example("We first heard of you at a trade show.", NEUTRAL),
    ),
    seed_phrases=(
        "messaging",
        "positioning",
        "value proposition",
        "website",
        "marketing",
        "brand",
        "reputation",
        "analyst report",
        "magic quadrant",
        "case study",
        "peer reviews",
        "differentiation",
        "what you do",
        "unclear",
        "confusing",
        "story",
        "pitch deck",
        "thought leadership",
        "market leader",
        "perceived as",
        "credibility",
        "buzzwords",
        "known for",
        "awareness",
    ),
)

IMPLEMENTATION_RISK = Theme(
    slug="implementation_risk",
    name="Implementation risk",
    definition=(
        "The buyer's confidence that rollout would succeed: onboarding, time to value, "
        "data migration effort, services and support capacity, training, change management "
        "and the resources the project would need."
    ),
    include=(
        "Implementation timeline, plan, methodology and partner quality.",
        "Onboarding, training, customer success and support after signature.",
        "Data migration and configuration effort for the new product.",
        "Internal resources, IT capacity and change management the project would demand.",
        "Vendor viability and stability as a risk to delivery.",
    ),
    exclude=(
        "Whether the product had the capability at all: product_fit.",
        "Switching away from an incumbent as a commercial or relationship matter: "
        "competitive_displacement.",
        "The cost of services as a price: pricing_commercial.",
    ),
    examples=(
        Example(
            "Their go-live plan of six weeks was credible; yours talked about six "
            "months of services.",
            LOSS,
        ),
        Example(
            "The onboarding team had a clear week-by-week plan, which reassured our IT director.",
            WIN,
        ),
        Example(
            "We worried we did not have the internal people to configure something that complex.",
            LOSS,
        ),
        Example(
            "Support response during the pilot was quick, so we trusted you would be "
            "there after go-live.",
            WIN,
        ),
        Example("Migrating our historical records looked like a project of its own.", LOSS),
        Example("Your implementation partner had done three rollouts in our sector.", WIN),
        Example("Training would be needed with any of the vendors.", NEUTRAL),
    ),
    seed_phrases=(
        "implementation",
        "onboarding",
        "go-live",
        "go live",
        "rollout",
        "time to value",
        "deployment",
        "data migration",
        "training",
        "support team",
        "customer success",
        "implementation partner",
        "professional services",
        "change management",
        "internal resources",
        "it capacity",
        "project plan",
        "ramp up",
        "adoption",
        "configuration",
        "setup",
        "risk",
        "timeline",
        "vendor stability",
    ),
)

PROCUREMENT_LEGAL = Theme(
    slug="procurement_legal",
    name="Procurement or legal friction",
    definition=(
        "Friction or ease in the buyer's formal purchasing steps: procurement rules, "
        "vendor onboarding, security and privacy reviews, legal redlines, contract terms, "
        "compliance certifications and internal approvals."
    ),
    include=(
        "Security questionnaires, penetration tests, certifications (SOC 2, ISO 27001) and "
        "data residency.",
        "Legal review of the master agreement, liability caps, indemnity, data processing terms.",
        "Procurement process: RFP rules, preferred supplier lists, vendor registration.",
        "Internal approval chains, budget sign-off and signature delays.",
        "Regulatory or compliance requirements the vendor did or did not meet.",
    ),
    exclude=(
        "The price or discount itself: pricing_commercial.",
        "The rep's responsiveness in answering questions: sales_process.",
        "Industry-specific compliance tags from a pack, where the workspace uses them.",
    ),
    examples=(
        Example(
            "Your security team turned our questionnaire around in two days, which "
            "kept the deal on schedule.",
            WIN,
        ),
        Example(
            "Legal could not accept the uncapped liability clause and talks stalled for a month.",
            LOSS,
        ),
        Example(
            "They were already on our preferred supplier list, so procurement was a formality.",
            LOSS,
        ),
        Example("Without data hosted in the EU, our privacy officer would not sign off.", LOSS),
        Example(
            "Having SOC 2 Type II and ISO 27001 ready meant the security review passed first time.",
            WIN,
        ),
        Example("Your willingness to accept our standard paper shortened legal review.", WIN),
        Example("Procurement ran the same RFP template for every vendor.", NEUTRAL),
    ),
    seed_phrases=(
        "procurement",
        "legal review",
        "legal team",
        "contract terms",
        "redlines",
        "msa",
        "liability",
        "indemnity",
        "security review",
        "security questionnaire",
        "soc 2",
        "iso 27001",
        "gdpr",
        "data residency",
        "data processing agreement",
        "compliance",
        "rfp",
        "preferred supplier",
        "vendor onboarding",
        "approval process",
        "sign-off",
        "signature",
        "privacy officer",
        "terms and conditions",
    ),
)

DEFAULT_CODEBOOK: list[Theme] = [
    PRODUCT_FIT,
    PRICING_COMMERCIAL,
    COMPETITIVE_DISPLACEMENT,
    SALES_PROCESS,
    MESSAGING_POSITIONING,
    IMPLEMENTATION_RISK,
    PROCUREMENT_LEGAL,
]
