"""Which way a passage pushed the decision, guessed from cue words: a suggestion only.

The passage is a buyer talking to the vendor who ran the interview, so "you" and "your" are
that vendor and "they", "the other vendor", "the incumbent" a rival. Each cue counts one
point: a good word for the win side, a bad word for the loss side. A cue about a rival
counts for the other side (their strength is our loss), and a negation just before a cue
("not impressed") turns it around.
"""

import re

# fmt: off
GOOD: tuple[str, ...] = (
    r"(?:chose|picked|selected|went\s+with|signed\s+with|bought\s+from)\s+(?:you|your)",
    r"won\s+(?:us|me)\s+over", r"sold\s+(?:us|me)\s+on", r"(?:sealed|clinched|tipped)\s+it",
    r"stood\s+out", r"impress(?:ed|ive)", r"lov(?:ed|e)", r"convinc\w+", r"reassur\w+",
    r"(?:easy|easier|easiest|simple|simpler|smooth|seamless|quick|quicker|fast|faster|clear"
    r"|clearer|clearly|credible|concrete|helpful|responsive|flexible|confident|confidence"
    r"|trust(?:ed)?|great|excellent|best|strong|stronger|better|safe|tidy|efficient|natively"
    r"|complete|completely|candidly|upfront|patient|polished|comfortable|obvious|default)",
    r"(?:beat|beats|outperformed|ahead\s+of|undercut)", r"made\s+(?:it|the\s+decision)\s+easy",
    r"(?:deciding|decisive|tipping)\s+(?:factor|point)", r"exceeded", r"worth\s+it",
    r"the\s+only\s+(?:vendor|one|product|company)", r"(?:saved?|saves)\s+(?:us|my|our)",
    r"(?:just|it)\s+works", r"worked\s+on\s+the\s+first", r"pays\s+for\s+itself",
    r"(?:built[- ]in|out\s+of\s+the\s+box|included|waived|free|for\s+free)",
    r"(?:resonated|clicked|matched|addressed|fit|fits)", r"(?:partnership|made\s+a\s+difference)",
    r"(?:helped|affordable|satisfied|plus|settled|shortened|clear\w*|exactly|nobody\s+else)",
    r"(?:didn't|did\s+not)\s+(?:need|have)\s+to", r"did\s+everything", r"opened\s+the\s+door",
    r"gave\s+us\s+the\s+nerve", r"within\s+a\s+day", r"scored\s+best",
    r"(?:already\s+)?knew\s+our", r"low\s+risk", r"taught\s+themselves", r"live\s+in\s+\w+\s+weeks",
)
BAD: tuple[str, ...] = (
    r"too\s+(?:expensive|slow|complex|complicated|long|late|much|many|risky|low|high|generic)",
    r"(?:lack(?:ed|s|ing)?|missing|limited|thin|sluggish|crash\w*|dated|clunky|buggy)",
    r"(?:(?:didn't|did\s+not)(?!\s+(?:need|have)\s+to)|couldn't|could\s+not|wouldn't|would\s+not|can't|cannot|won't"
    r"|doesn't|does\s+not|wasn't|weren't|never|nobody|no\s+one)",
    r"(?:deal[- ]?breaker|show[- ]?stopper|red\s+flag|blocker|blocked|stalled|delayed"
    r"|dragged|sticking\s+point|back\s+and\s+forth|sat\s+with|pause[d]?)",
    r"(?:worr(?:y|ied|ies)|concern(?:ed|s)?|nervous|scared|fear|afraid|doubt(?:s|ed)?)",
    r"(?:frustrat\w+|disappoint\w+|annoy\w+|confus\w+|unclear|vague|generic|canned|pushy"
    r"|ignored|unanswered|slow|expensive|pricier|hidden|surpris\w+|struggl\w+|painful|rough"
    r"|punish\w*|problem|afterthought|fluff|black\s+hole|out\s+of\s+reach|made\s+no\s+sense)",
    r"(?:over|beyond)\s+(?:our\s+)?budget", r"put\s+(?:us|me)\s+off", r"let\s+us\s+down",
    r"(?:lost|dropped|walked\s+away|ruled\s+(?:you\s+)?out|written\s+(?:you\s+)?off|eliminated)",
    r"(?:only\s+on\s+the\s+roadmap|not\s+(?:there|ready|available)\s+yet)",
    r"(?:stuck|locked\s+(?:us\s+)?in|attached\s+to|huge\s+ask|hard\s+to\s+justify|barely)",
    r"(?:waited|pushing|queue|lower|above|problems?|custom\s+build|added\s+a\s+step|not\s+for)",
    r"(?:passed\s+between|over\s+my\s+head|tied\s+up|kept\s+uncovering|jumped)",
)
# fmt: on
NEGATION = re.compile(r"\b(?:not|never|no|hardly|wasn't|weren't|isn't|didn't)\s+(?:\w+\s+)?$")
# Who a clause is about: the last of these words before a cue, within its clause.
RIVAL = re.compile(
    r"\b(?:they|their|theirs|them|the\s+other(?:\s+\w+)?|another\s+vendor|a\s+competitor"
    r"|the\s+competitor|the\s+incumbent|the\s+old\s+(?:vendor|provider|tool|system)"
    r"|the\s+existing\s+vendor|our\s+(?:current|previous|old)\s+(?:vendor|provider|supplier))\b",
    re.IGNORECASE,
)
VENDOR = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
CLAUSE = re.compile(r"[.;:!?]|,\s+(?:but|while|whereas|and)\b|\bbut\b|\bwhile\b|\bwhereas\b")


def _compiled(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.IGNORECASE)


GOOD_CUES = _compiled(GOOD)
BAD_CUES = _compiled(BAD)
# What a rival had or did, with no judging word at all: "they had a Toronto region".
RIVAL_ADVANTAGE = re.compile(
    r"\b(?:only\s+)?(?:they|their\s+[\w-]+(?:\s+[\w-]+)?|the\s+other\s+[\w-]+)\s+"
    r"(?:had|has|have|offered|offers|covers|included|includes|tailored|positioned|lined\s+up"
    r"|stayed\s+late|were\s+already|was\s+already)\b",
    re.IGNORECASE,
)


def direction_hint(text: str) -> str:
    """ "win_driver", "loss_driver" or "neutral": the side with more points, neutral on a tie."""
    text = text.replace("’", "'")
    balance = -len(RIVAL_ADVANTAGE.findall(text))
    for pattern, sign in ((GOOD_CUES, 1), (BAD_CUES, -1)):
        for match in pattern.finditer(text):
            before = text[: match.start()]
            sign_here = -sign if NEGATION.search(before[-25:]) else sign
            if _about_rival(before):
                sign_here = -sign_here
            balance += sign_here
    if balance > 0:
        return "win_driver"
    if balance < 0:
        return "loss_driver"
    return "neutral"


def _about_rival(before: str) -> bool:
    clause = CLAUSE.split(before)[-1]
    rival = [match.start() for match in RIVAL.finditer(clause)]
    vendor = [match.start() for match in VENDOR.finditer(clause)]
    return bool(rival) and (not vendor or rival[-1] > vendor[-1])
