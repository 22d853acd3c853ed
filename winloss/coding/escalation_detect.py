"""Escalation hints (SOP step 9): passages that may need an owner, for a person to confirm.

Each category has a table of patterns, each with the reason shown to whoever confirms; a new
pattern is one line. Patterns are case-insensitive and match within one line of the text,
so they may run across a sentence end ("They promised SSO. It never worked."). A hint's
passage is the whole sentence or sentences its match touches.
"""

import re
from dataclasses import dataclass

CATEGORIES = (
    "misrepresentation",
    "contract_privacy_compliance",
    "churn_risk",
    "pricing_approval_bottleneck",
    "safety_legal_ethical",
    "security_risk",
)

# What a security incident or a weakness is said to touch: the data, the system, the accounts.
ASSET = (
    r"(?:data|records|database|files|backups?|passwords?|credentials|keys|tokens|accounts?"
    r"|customer\s+(?:data|information|records)|pii|phi|personal\s+(?:data|information)"
    r"|api|system|platform|servers?|environment|tenant|instance|logins?|endpoints?|portal)"
)
SECURITY_FLAW = (
    r"(?:vulnerabilit(?:y|ies)|exploit(?:ed|s)?|zero-?day|cve-\d|security\s+(?:hole|flaw|gap|issue"
    r"|incident|breach|problem|weakness|finding|risk)s?|penetration\s+test\w*\s+(?:found|failed"
    r"|flagged|showed)|pen-?test\w*\s+(?:found|failed|flagged|showed)|hacked|compromised"
    r"|ransomware|malware|phishing)"
)

SECURITY_TOPIC = (
    r"(?:security|infosec|ciso|soc\s*2|iso\s*27001|pen(?:etration)?[- ]?test\w*|encrypt\w*"
    r"|sso|single\s+sign-?on|mfa|two-?factor|multi-?factor|passwords?|credentials|api\s+keys"
    r"|access\s+controls?|admin\s+rights|audit\s+logs?|data\s+protection|breach\w*)"
)
TROUBLE = (
    r"(?:lapsed|expired|out\s+of\s+date|years?\s+old|blank|unanswered|missing|lacking|lacked"
    r"|failed|fails|couldn'?t|could\s+not|wouldn'?t|would\s+not|refused|red\s+flags?|worr(?:y|ied)"
    r"|scared|concern(?:ed|ing)|rejected|vetoed|blocked|exposed|leaked|non-?starter|deal-?breaker"
    r"|ruled\s+(?:it|them)\s+out|weak|poor|insecure)"
)

SELLER = (
    r"(?:rep|reps|salesperson|sales\s*(?:team|guy|person|people|rep|engineer)s?|account\s+"
    r"(?:exec|executive|manager)s?|ae|you|your\s+(?:team|people|company|website|pitch)|they"
    r"|presales|pre-sales|solutions?\s+engineers?|the\s+vendor|the\s+demo)"
)
CLAIMED = r"(?:told|promised|assured|said|claimed|showed|guaranteed|committed|swore|insisted)"
NOT_SO = (
    r"(?:(?:it|that|they|this|which|the\s+\w+)\s+(?:did\s*n[o']t|does\s*n[o']t|was\s*n[o']t"
    r"|is\s*n[o']t|can\s*n[o']?t|could\s*n[o']t|never)|not\s+true|turned\s+out\s+(?:to\s+be\s+)?"
    r"(?:false|wrong|untrue|not|only|a\s+roadmap)|was\s+only\s+on\s+the\s+roadmap"
    r"|does\s*n[o']t\s+exist|did\s*n[o']t\s+exist|no\s+such\s+(?:thing|feature))"
)
CONTRACT = (
    r"(?:contract|agreement|terms|sla|msa|dpa|baa|gdpr|hipaa|ccpa|privacy|data\s+protection"
    r"|regulation|regulatory|compliance|law|order\s+form)"
)

# fmt: off
PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "misrepresentation": (
        (rf"\b{SELLER}\b[^\n]{{0,80}}?\b{CLAIMED}\b[^\n]{{0,100}}?\b{NOT_SO}",
         "The buyer says a capability the seller claimed was not there."),
        (rf"\b(?:we|i)\s+(?:were|was)\s+(?:told|promised|assured|shown|sold)\b[^\n]{{0,100}}?\b{NOT_SO}",
         "The buyer says a capability they were promised was not there."),
        (r"\b(?:misled|misleading|misrepresent\w*|lied|lying|dishonest|false\s+(?:claims?|promises?)"
         r"|over-?promised|bait[- ]and[- ]switch|vaporware|not\s+what\s+we\s+were\s+sold)\b",
         "The buyer says they were misled about the product."),
        (r"\bdemo\w*\b[^\n]{0,80}?\b(?:fake[d]?|staged|mock(?:ed)?[- ]?up|scripted|not\s+the\s+real"
         r"\s+product|smoke\s+and\s+mirrors)\b",
         "The buyer says the demo did not show the real product."),
    ),
    "contract_privacy_compliance": (
        (rf"\b(?:breach(?:ed|es)?|violat\w+|non-?complian\w*|not\s+compliant|out\s+of\s+compliance"
         rf"|in\s+breach)\b[^\n]{{0,60}}?\b{CONTRACT}\b",
         "The buyer raises a breach of contract, privacy or compliance rules."),
        (rf"\b{CONTRACT}\b[^\n]{{0,60}}?\b(?:breach(?:ed|es)?|violat\w+|non-?complian\w*"
         r"|exposure|leak\w*)\b",
         "The buyer raises a breach of contract, privacy or compliance rules."),
        (r"\b(?:privacy|compliance|regulatory|legal|contractual)\s+(?:concerns?|issues?|problems?"
         r"|risks?|complaints?|violations?)\b",
         "The buyer names a privacy, compliance or contract concern."),
        (r"\b(?:data|records|information|pii|phi|customer\s+lists?)\b[^\n]{0,40}?\b(?:leak\w*"
         r"|exposed|shared|sold|sent|copied)\b[^\n]{0,40}?\b(?:without|third[- ]part\w+|outside)\b",
         "The buyer says data was shared or exposed without permission."),
        (r"\b(?:auto-?renew\w*|renewed|charged|billed|price\s+increase)\b[^\n]{0,60}?\b(?:without"
         r"\s+(?:telling|notice|notifying|asking|our\s+(?:consent|agreement))|not\s+in\s+(?:the"
         r"|our)\s+contract|against\s+(?:the|our)\s+contract)",
         "The buyer says they were bound or billed outside the contract."),
        (r"\b(?:refused|would\s*n[o']t|would\s+not|won't|unable|declined)\s+to\s+sign\b[^\n]{0,30}?"
         r"\b(?:baa|dpa|data\s+processing|business\s+associate)",
         "The vendor would not sign a required data agreement."),
    ),
    "churn_risk": (
        (r"\b(?:cancel(?:l?ing|l?ed)?|terminat\w+|get\s+out\s+of|exit(?:ing)?|break(?:ing)?|end(?:ing)?)"
         r"\s+(?:the\s+|our\s+|this\s+)?(?:contract|subscription|agreement|account|relationship)\b",
         "The buyer talks about ending the contract."),
        (r"\b(?:not|won't|will\s+not|unlikely\s+to|don't\s+plan\s+to|no\s+intention\s+to|doubt\s+we'?ll)"
         r"\s+(?:be\s+)?renew\w*",
         "The buyer does not expect to renew."),
        (r"\b(?:already|now|actively)\s+(?:looking|evaluating|talking|shopping)\b[^\n]{0,40}?"
         r"\b(?:alternatives?|other\s+vendors?|replacements?|competitors?|elsewhere)\b",
         "The buyer is already looking for a replacement."),
        (r"\b(?:rip(?:ping)?\s+(?:it|you|this|the\s+\w+)\s+out|replace\s+you|switch(?:ing)?\s+away"
         r"\s+from\s+you|move\s+off\s+(?:you|your\s+\w+))\b",
         "The buyer plans to replace the product."),
        (r"\b(?:extremely|very|really|deeply|completely|totally|incredibly|seriously)\s+(?:unhappy"
         r"|dissatisfied|disappointed|frustrated|angry|upset)\b",
         "The buyer is severely dissatisfied."),
        (r"\bregret\w*\s+(?:signing|buying|choosing|the\s+(?:purchase|decision|contract)|going\s+with"
         r"|ever)\b",
         "The buyer regrets the purchase."),
        (r"\b(?:unacceptable|fed\s+up|at\s+our\s+wits'?\s+end|last\s+straw|worst\s+vendor)\b",
         "The buyer is severely dissatisfied."),
        (r"\bescalat\w+\s+(?:this\s+|it\s+)?to\s+(?:our|my|the)\s+(?:ceo|cio|cfo|coo|board|leadership"
         r"|executive\s+team)\b",
         "The buyer has escalated dissatisfaction to their leadership."),
    ),
    "pricing_approval_bottleneck": (
        (r"\b(?:wait(?:ed|ing)?)\b[^\n]{0,40}?\b(?:for|on)\b[^\n]{0,30}?\b(?:approval|sign-?off|pricing"
         r"|quote|discount|deal\s+desk|your\s+(?:manager|boss|vp|leadership|headquarters))\b",
         "The buyer waited on a price or an approval."),
        (r"\b(?:approval|sign-?off|pricing|quote|discount|proposal)s?\b[^\n]{0,40}?\b(?:stuck|held\s+up"
         r"|bottleneck|stalled|took\s+(?:weeks|months|forever|ages|\w+\s+(?:weeks|months))|bounced"
         r"|sat\s+(?:with|on|for)|kept\s+(?:going|coming)\s+back)",
         "A price or approval held the deal up."),
        (r"\b(?:sat|stuck|waited)\s+(?:with|on)\s+(?:our|their|the|your)\s+(?:cfo|ceo|board|finance"
         r"|procurement|legal|deal\s+desk)\b[^\n]{0,30}?\b(?:sign-?off|approval)",
         "An approval held the deal up."),
        (r"\b(?:deal\s+desk|pricing\s+committee|approval\s+(?:chain|loop|process)\s+(?:took|was\s+slow"
         r"|dragged))\b|\b(?:had|needed|need)\s+to\s+(?:go|check)\s+(?:back\s+)?(?:to|with)\s+"
         r"(?:his|her|their|the)\s+(?:manager|boss|vp|director|headquarters|hq)\b",
         "The seller's own approvals slowed the price."),
        (r"\b(?:again|repeated(?:ly)?|(?:three|four|five|several|multiple)\s+(?:times|rounds)"
         r"|round\s+after\s+round|every\s+time)\b[^\n]{0,40}?\b(?:quotes?|pricing|approvals?|discounts?"
         r"|re-?quoted?)\b",
         "Pricing or approval went round repeatedly."),
        (r"\b(?:quotes?|pricing|approvals?|discounts?)\b[^\n]{0,40}?\b(?:again\s+and\s+again"
         r"|(?:three|four|five|several|multiple)\s+(?:times|rounds)|round\s+after\s+round)\b",
         "Pricing or approval went round repeatedly."),
    ),
    "safety_legal_ethical": (
        (r"\b(?:bribe\w*|bribery|kickbacks?|under\s+the\s+table|off\s+the\s+books|personal\s+(?:payment"
         r"|incentive|gift)s?)\b",
         "The buyer describes an improper payment or inducement."),
        (r"\b(?:safety\s+(?:issue|risk|concern|incident|problem|hazard)s?|unsafe|injur(?:y|ies|ed)"
         r"|hazard(?:s|ous)?|put\s+(?:patients|people|staff|workers|lives|children)\s+at\s+risk"
         r"|patient\s+harm)\b",
         "The buyer raises a safety concern."),
        (r"\b(?:lawsuits?|su(?:e|ed|ing)\s+(?:you|them|us|the\s+vendor)|litigation|legal\s+action"
         r"|illegal|unlawful|fraud\w*)\b",
         "The buyer raises a legal matter."),
        (r"\b(?:discriminat\w+|harass\w+|unethical|threaten\w*|intimidat\w+|retaliat\w+"
         r"|inappropriate\s+(?:comments?|behaviou?r|remarks?))\b",
         "The buyer describes unethical or threatening conduct."),
    ),
    "security_risk": (
        (rf"\b{SECURITY_FLAW}\b",
         "The buyer names a security weakness or incident."),
        (rf"\b(?:data\s+)?breach(?:ed|es)?\b[^\n]{{0,60}}?\b{ASSET}\b|\b{ASSET}\b[^\n]{{0,60}}?"
         r"\b(?:breach(?:ed|es)?|leak(?:ed|s|ing)?|exposed|stolen|unprotected|publicly\s+"
         r"(?:accessible|visible|readable))\b",
         "The buyer says data or a system was breached or exposed."),
        (r"\b(?:(?:did\s*n[o']t|does\s*n[o']t|do\s*n[o']t|never|not|without|lacked|lacking"
         r"|missing)\s+(?:\w+\s+){0,3}?|(?:no|weak|poor|no\s+real|zero)\s+)(?:encrypt\w*|mfa|multi-?factor|two-?factor|2fa|sso|access\s+controls?"
         r"|audit\s+(?:logs?|trails?)|lockout|role-?based\s+access|data\s+protection|security\s+"
         r"(?:controls?|review|questionnaire|certification)|soc\s*2|iso\s*27001)\b",
         "The buyer says a basic security protection was missing or weak."),
        (r"\b(?:passwords?|credentials|keys|tokens|data|files|backups?)\b[^\n]{0,30}?\b(?:in\s+"
         r"(?:plain|clear)\s*text|unencrypted|in\s+a\s+(?:shared|public)\s+\w+)",
         "The buyer describes credentials or data kept unprotected."),
        (r"\b(?:plain\s*text|unencrypted|clear\s*text|hard-?coded|shared)\s+(?:\w+\s+)?"
         r"(?:passwords?|credentials|keys|api\s+keys|data|files|backups?|logins?)\b",
         "The buyer describes credentials or data kept unprotected."),
        (r"\b(?:failed|could\s*n[o']t\s+pass|did\s*n[o']t\s+pass|would\s*n[o']t\s+pass|flunked"
         r"|blocked\s+(?:by|at|in))\s+(?:our\s+|the\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:it|infosec"
         r"|information\s+security|cyber\s*security|security|risk|vendor\s+risk)\s+(?:review"
         r"|assessment|questionnaire|audit|team|check)",
         "The vendor failed the buyer's security review."),
        (r"\b(?:security|infosec|ciso|it\s+security)\b[^\n]{0,40}?\b(?:vetoed|veto|blocked|killed"
         r"|rejected|red[- ]?flag\w*|would\s*n[o']t\s+(?:approve|sign\s+off)|refused)\b",
         "The buyer's security team blocked or flagged the vendor."),
        (r"\b(?:had|suffered|disclosed|reported|a|their|recent|last)\s+(?:\w+\s+)?(?:data\s+|security"
         r"\s+)?breach(?:es)?\b(?!\s+of\s+(?:contract|the\s+contract|terms))|\bbreach\s+notification",
         "The buyer mentions a breach at the vendor or how it would be reported."),
        (r"\b(?:encrypt\w*|sso|single\s+sign-?on|mfa|multi-?factor|two-?factor|2fa|lockout|audit\s+logs?"
         r"|access\s+controls?)\b[^\n]{0,20}?\b(?:was|were|is|are)\s*(?:missing|absent|n[o']t\s+"
         r"(?:supported|available|encrypted|enforced|there)|not\s+(?:supported|available|encrypted"
         r"|enforced|there))|\b(?:was|were|is|are)\s*(?:n[o']t|not)\s+encrypted\b",
         "The buyer says a basic security protection was missing or weak."),
        (r"\b(?:e-?mail|send|sent|share|shared|give|hand\s+over|paste)\w*\s+(?:\w+\s+){0,3}?"
         r"(?:passwords?|credentials|api\s+keys|private\s+keys)\b|\bshared\s+(?:\w+\s+){0,2}?"
         r"(?:accounts?|logins?|admin\s+(?:accounts?|logins?))\b[^\n]{0,40}?\b(?:admin|full|all"
         r"|every|no\s+scop\w+)",
         "The buyer describes credentials handled unsafely."),
        (r"\b(?:pen(?:etration)?[- ]?test\w*|red\s+team\w*|ethical\s+hackers?)\b[^\n]{0,40}?"
         r"\b(?:got\s+in|getting\s+in|got\s+into|getting\s+into|broke\s+into|breaking\s+into"
         r"|bypass\w*|took\s+over|gained\s+access)",
         "The buyer's testers broke into the vendor's product."),
        # The general rule under the specific ones: a security subject and a trouble word in
        # one sentence (either order, a few words apart).
        (rf"\b{SECURITY_TOPIC}\b[^.!?\n]{{0,60}}?\b{TROUBLE}\b|\b{TROUBLE}\b[^.!?\n]{{0,60}}?"
         rf"\b{SECURITY_TOPIC}\b",
         "The buyer ties a security subject to a problem."),
    ),
}
# fmt: on


@dataclass(frozen=True)
class EscalationHint:
    """A passage that may need escalating: ``text[start:end] == passage``."""

    category: str
    passage: str
    start: int
    end: int
    reason: str


COMPILED = {
    category: tuple((re.compile(pattern, re.IGNORECASE), reason) for pattern, reason in rules)
    for category, rules in PATTERNS.items()
}
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def detect(text: str) -> list[EscalationHint]:
    """Every category's hints in ``text``, by position; one per category and passage."""
    plain = text.translate(APOSTROPHES)
    bounds = _sentences(plain)
    hints: dict[tuple[str, int, int], EscalationHint] = {}
    for category in CATEGORIES:
        for pattern, reason in COMPILED[category]:
            for match in pattern.finditer(plain):
                start, end = _passage(bounds, match.start(), match.end())
                key = (category, start, end)
                if key not in hints:
                    hints[key] = EscalationHint(category, text[start:end], start, end, reason)
    return sorted(hints.values(), key=lambda hint: (hint.start, CATEGORIES.index(hint.category)))


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in SENTENCE_END.finditer(text):
        bounds.append((start, match.end()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    # Spaces and line breaks around a sentence are not part of it.
    return [
        (s + len(text[s:e]) - len(text[s:e].lstrip()), e - len(text[s:e]) + len(text[s:e].rstrip()))
        for s, e in bounds
        if text[s:e].strip()
    ]


def _passage(bounds: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    touched = [(s, e) for s, e in bounds if s < end and start < e]
    if not touched:
        return start, end
    return touched[0][0], touched[-1][1]
