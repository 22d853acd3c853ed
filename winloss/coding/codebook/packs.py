"""Optional industry packs: themes a workspace adds on top of the seven, each refining one."""

from .seed import LOSS, NEUTRAL, WIN
from .theme import Example, Theme

HEALTHCARE_COMPLIANCE: list[Theme] = [
    Theme(
        slug="hipaa_privacy",
        name="HIPAA and patient privacy",
        parent="procurement_legal",
        definition=(
            "Handling of protected health information: HIPAA compliance, business associate "
            "agreements, HITRUST certification, audit trails and patient consent."
        ),
        include=(
            "Willingness to sign a business associate agreement (BAA) and on what terms.",
            "HITRUST, HIPAA risk assessments, PHI encryption, access logging.",
            "Patient consent and data-sharing rules as a condition of purchase.",
        ),
        exclude=("General security questionnaires with no health data angle: procurement_legal.",),
        examples=(
            Example(
                "You signed our business associate agreement without redlines, which "
                "nobody else did.",
                WIN,
            ),
            Example(
                "Their HITRUST certification satisfied our compliance office straight away.", LOSS
            ),
            Example("We could not confirm where PHI would be stored, so privacy blocked it.", LOSS),
            Example(
                "The audit log of every chart access was exactly what our privacy officer wanted.",
                WIN,
            ),
            Example("Every vendor had to go through the same HIPAA risk assessment.", NEUTRAL),
            Example("Patient consent capture built into the intake form reassured legal.", WIN),
        ),
        seed_phrases=(
            "hipaa",
            "baa",
            "business associate agreement",
            "phi",
            "protected health information",
            "hitrust",
            "patient privacy",
            "patient consent",
            "audit log",
            "compliance office",
            "privacy officer",
            "health data",
        ),
    ),
    Theme(
        slug="clinical_workflow",
        name="Clinical workflow fit",
        parent="product_fit",
        definition=(
            "Fit with how clinicians and care teams work: charting, orders, shift patterns, "
            "clicks per task and use at the point of care."
        ),
        include=(
            "Clinician usability, nursing workflow, physician adoption.",
            "Point-of-care use on shared or mobile devices.",
        ),
        exclude=("Technical connection to the EHR: ehr_integration.",),
        examples=(
            Example("Nurses could document a visit in half the clicks.", WIN),
            Example("The physicians said it added a step to every discharge.", LOSS),
            Example(
                "It worked on the shared workstations on the ward without a new login each time.",
                WIN,
            ),
            Example("Their scheduling view matched how our clinics run shifts.", LOSS),
            Example("Clinician champions tried every shortlisted product.", NEUTRAL),
            Example("Charting at the bedside on tablets was a big plus for our nurses.", WIN),
        ),
        seed_phrases=(
            "clinicians",
            "nurses",
            "physicians",
            "charting",
            "clinical workflow",
            "point of care",
            "bedside",
            "discharge",
            "care team",
            "clicks",
            "ward",
            "patient flow",
        ),
    ),
    Theme(
        slug="ehr_integration",
        name="EHR integration",
        parent="implementation_risk",
        definition=(
            "Connecting to the electronic health record: Epic, Oracle Health (Cerner), "
            "HL7 and FHIR interfaces, the interface team's queue and certification."
        ),
        include=(
            "Availability of a certified EHR integration or app-market listing.",
            "HL7 v2 or FHIR interface effort and the hospital interface team's capacity.",
        ),
        exclude=("Clinician usability of the product itself: clinical_workflow.",),
        examples=(
            Example("Your Epic integration was already live at two of our peer hospitals.", WIN),
            Example("Our interface team had a nine-month queue for a new HL7 feed.", LOSS),
            Example(
                "Their app was listed in the Epic marketplace; yours needed a custom build.", LOSS
            ),
            Example("The FHIR API meant we did not need to touch the interface engine.", WIN),
            Example("Integration testing is always done by our own IT department.", NEUTRAL),
            Example("Results flowed back into the chart automatically in the pilot.", WIN),
        ),
        seed_phrases=(
            "ehr",
            "emr",
            "epic",
            "cerner",
            "oracle health",
            "hl7",
            "fhir",
            "interface team",
            "interface engine",
            "chart integration",
            "app orchard",
            "epic marketplace",
        ),
    ),
]

PUBLIC_SECTOR_PROCUREMENT: list[Theme] = [
    Theme(
        slug="tender_rules",
        name="Tender and framework rules",
        parent="procurement_legal",
        definition=(
            "Public procurement rules: tenders, frameworks and contract vehicles, mandatory "
            "requirements, scoring criteria, standstill periods and award challenges."
        ),
        include=(
            "Being on (or off) a framework, schedule or contract vehicle.",
            "Tender scoring, mandatory pass/fail requirements, clarifications.",
            "Award notices, standstill periods, bid protests.",
        ),
        exclude=("Private-sector procurement steps: procurement_legal.",),
        examples=(
            Example("You were on the framework, so we could award without a full tender.", WIN),
            Example(
                "The bid scored lower on social value, which carried twenty percent of the marks.",
                LOSS,
            ),
            Example(
                "A missing mandatory certificate meant the bid failed the pass/fail stage.", LOSS
            ),
            Example("Your clarification answers were the clearest of all bidders.", WIN),
            Example("All bids were scored against the published evaluation matrix.", NEUTRAL),
            Example("The losing bidder's challenge delayed the award by two months.", LOSS),
        ),
        seed_phrases=(
            "tender",
            "framework",
            "contract vehicle",
            "gsa schedule",
            "g-cloud",
            "evaluation criteria",
            "scoring",
            "mandatory requirement",
            "pass/fail",
            "standstill",
            "bid protest",
            "award",
            "social value",
            "invitation to tender",
        ),
    ),
    Theme(
        slug="budget_cycle",
        name="Budget cycle and funding",
        parent="pricing_commercial",
        definition=(
            "Public funding constraints: fiscal-year timing, appropriations, grants, capital "
            "versus operating budgets and multi-year commitments."
        ),
        include=(
            "Fiscal year-end timing and use-it-or-lose-it budget.",
            "Grant or programme funding conditions; capital versus operating spend.",
        ),
        exclude=("The price level itself: pricing_commercial.",),
        examples=(
            Example(
                "The grant only covered capital costs, and your subscription is operating spend.",
                LOSS,
            ),
            Example(
                "You could invoice before our fiscal year closed, which saved the budget.", WIN
            ),
            Example("Council could not commit beyond one financial year.", LOSS),
            Example("The appropriation came through in the spring, as every year.", NEUTRAL),
            Example("Phasing payments across two budget years made it affordable.", WIN),
            Example("Funding was cut mid-procurement and the project paused.", LOSS),
        ),
        seed_phrases=(
            "fiscal year",
            "financial year",
            "appropriation",
            "grant funding",
            "capital budget",
            "operating budget",
            "capex",
            "opex",
            "council",
            "funding cut",
            "budget cycle",
            "year-end",
        ),
    ),
    Theme(
        slug="accessibility_sovereignty",
        name="Accessibility, accreditation and data sovereignty",
        parent="product_fit",
        definition=(
            "Public-sector technical mandates: accessibility standards (WCAG, Section 508), "
            "government security accreditation (FedRAMP, IL levels) and in-country hosting."
        ),
        include=(
            "WCAG 2.x conformance, Section 508 VPAT, accessibility audits.",
            "FedRAMP, StateRAMP, government impact levels, in-country data hosting.",
        ),
        exclude=("General commercial security certifications: procurement_legal.",),
        examples=(
            Example("Your VPAT showed full WCAG 2.1 AA conformance.", WIN),
            Example("They had FedRAMP Moderate and you were still in process.", LOSS),
            Example("Data had to stay in-country and you only host abroad.", LOSS),
            Example("The accessibility audit found screen reader problems in the forms.", LOSS),
            Example("Each supplier filled in the same accessibility statement.", NEUTRAL),
            Example("Sovereign hosting in a government region settled the question.", WIN),
        ),
        seed_phrases=(
            "accessibility",
            "wcag",
            "section 508",
            "vpat",
            "screen reader",
            "fedramp",
            "stateramp",
            "impact level",
            "data sovereignty",
            "in-country",
            "government cloud",
            "accreditation",
        ),
    ),
]

INDUSTRY_PACKS: dict[str, list[Theme]] = {
    "healthcare": HEALTHCARE_COMPLIANCE,
    "public_sector": PUBLIC_SECTOR_PROCUREMENT,
}
