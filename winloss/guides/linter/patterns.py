"""The pattern tables, one per rule. Text reaches them with straight apostrophes only."""

# The start of a sentence, past a filler word: "So, did you …", "… pricing? Was it …".
START = (
    r"(?:^|(?<=[.?!:;—]))\s*[\"“(]?\s*"
    r"(?:(?:so|and|but|okay|ok|now|then|well|also|first|firstly|finally|lastly)\b,?\s+)?"
)
NEGATIVE = (
    r"(?:don't|doesn't|didn't|isn't|aren't|wasn't|weren't|wouldn't|won't|couldn't|can't"
    r"|shouldn't|haven't|hasn't)"
)
AUXILIARY = (
    r"(?:(?:did|do|does|was|were|is|are|have|has|would|could|should)(?:n't)?"
    r"|can(?:'t|not)?|will|won't|shall)"
)
# "Could you describe …", "Can we talk about …": invitations to tell the story, not yes/no.
INVITATION = (
    r"\s+(?:you|we)\s+(?:(?:please|briefly|perhaps|maybe|now|also)\s+)*"
    r"(?:describe|walk|talk|take|tell|explain|share|say\s+more|elaborate|expand|give|outline"
    r"|summari[sz]e|help\s+me|paint|go\s+(?:through|over|back)|run\s+(?:me|us)|recount"
    r"|think\s+back|characteri[sz]e|mind|start|reflect|list|compare)\b"
)
DETERMINER = r"(?:the|our|your|their|its|this|that)"
# The words after "and" in "the pricing and the support", up to a preposition or punctuation.
NOUN_PHRASE = (
    r"[\w'-]+(?:\s+(?!(?:about|during|for|in|on|at|with|compared|from|to|when|while|before"
    r"|after|than|versus|vs)\b)[\w'-]+){0,3}"
)
OPINION = (
    r"(?:find|rate|judge|assess|view|think\s+(?:of|about)|feel\s+about|like\s+about"
    r"|(?:satisfied|happy|pleased|impressed)\s+with"
    r"|(?:impressions?|opinions?|views?|thoughts?|feelings?|experiences?)\s+(?:of|on|about|with))"
)
JUDGING_VERB = (
    r"(?:like|dislike|love|hate|enjoy|value|prefer|evaluate|compare|choose|select|buy|purchase"
    r"|implement|rate|test|review|trust|approve|negotiate|recommend|expect|want|need)"
)
PRAISING = (
    r"(?:award[- ]winning|industry[- ]leading|market[- ]leading|best[- ]in[- ]class|world[- ]class"
    r"|first[- ]class|top[- ]rated|highly[- ]rated|state[- ]of[- ]the[- ]art|cutting[- ]edge"
    r"|excellent|outstanding|exceptional|superior|great|amazing|fantastic|brilliant|superb"
    r"|stellar|incredible|wonderful|innovative|powerful|robust|seamless|intuitive|renowned"
    r"|acclaimed|unmatched|unrivall?ed|trusted|proven|talented|expert|beautiful|elegant"
    r"|flawless|effortless|unique|revolutionary|leading"
    r"|best(?!\s+(?:and\s+final|offer|price|guess|efforts?)))"
)
MODAL_SUBJECT = r"(?:you|your\s+[\w'-]+)"

LEADING: tuple[str, ...] = (
    START + rf"(?P<span>{NEGATIVE}\s+(?:you|it|they|we|that|this|there|the|our|their|your)\b"
    r"(?:\s+(?:think|agree|feel|say|find|true|fair|clear|obvious))?)",
    r"\b(?:don't\s+you\s+(?:think|agree|feel)|wouldn't\s+you\s+(?:agree|say)"
    r"|isn't\s+it\s+(?:true|fair\s+to\s+say|clear|obvious)|would\s+you\s+not\s+agree"
    r"|you(?:'d|\s+would)\s+agree|i(?:'m|\s+am)\s+sure\s+you|i\s+assume\s+you"
    r"|i\s+take\s+it\s+you|presumably\s+you)\b",
    r",\s*(?P<span>right|correct|isn't\s+it|wasn't\s+it|didn't\s+you|don't\s+you|wouldn't\s+you"
    r"|didn't\s+it|doesn't\s+it|isn't\s+that\s+so)\s*\?\s*$",
    r"\bhow\s+much\s+did\s+(?:you|your\s+[\w'-]+)\s+(?:like|love|enjoy|appreciate|value|prefer)\b",
    r"\bhow\s+much\s+(?:better|easier|faster|cheaper|simpler|stronger|worse"
    r"|more\s+(?:useful|helpful|valuable|reliable|intuitive))\b",
    r"\bwhy\s+(?:was|were|is|are|did|does|do)\b[^?.!]{0,60}?\b(?:better|superior|stronger|easier"
    r"|faster|cheaper|simpler|worse|weaker|inferior|best|worst)\b",
    r"\bhow\s+(?:great|easy|good|helpful|smooth|simple|quick|fast|intuitive|impressive|amazing"
    r"|excellent|wonderful|useful|valuable|pleasant|seamless|happy|pleased|delighted|impressed"
    r"|satisfied|bad|frustrating|painful|difficult|hard|confusing|disappointing|disappointed"
    r"|poor|slow|unhappy)\s+(?:was|were|is|are|has|have|had|did\s+you\s+find)\b",
    r"\bwhat\s+did\s+you\s+(?:love|enjoy\s+most|appreciate\s+most)\b",
)

CLOSED: tuple[str, ...] = (START + rf"(?P<span>{AUXILIARY}\b(?!{INVITATION})(?:\s+[\w'-]+)?)",)

DOUBLE_BARRELLED: tuple[str, ...] = (
    # A second question after the first question mark.
    r"(?<=\?)\s*(?P<span>[^\s?][^?]*\?)",
    rf"\b{OPINION}\s+(?P<span>(?:{DETERMINER}\s+)?[\w'-]+(?:\s+[\w'-]+){{0,3}}?\s+(?:and|&)\s+"
    rf"(?:{DETERMINER}\s+)?{NOUN_PHRASE})",
    rf"\b(?P<span>{DETERMINER}\s+[\w'-]+(?:\s+[\w'-]+)?\s+and\s+{DETERMINER}\s+[\w'-]+"
    r"(?:\s+[\w'-]+)?)\s+(?:compare|compared|stack\s+up|measure\s+up|rate|perform|fit)\b",
    rf"\b(?P<span>{JUDGING_VERB}\s+(?:and|or)\s+{JUDGING_VERB})\b",
    r"\b(?:most\s+and\s+least|best\s+and\s+worst|strengths?\s+and\s+weakness(?:es)?"
    r"|pros\s+and\s+cons)\b",
    r"\band\s+(?:what|how|who|which|where)\s+(?:[\w'-]+\s+){0,2}?(?:did|do|does|was|were|is|are"
    r"|would|could|will|should|has|have|had|made|makes|make)\b[^?.!]*",
    r"\band\s+(?:did|do|does|was|were|is|are|would|could|will|should|has|have)\s+(?:you|your|it"
    r"|they|we|there|the|that|this|anyone|anybody)\b[^?.!]*",
)

LOADED: tuple[str, ...] = (
    r"\bobviously\b",
    r"(?<!how )\bclearly\b",
    # Not the "just" of time: "just before you signed".
    r"\bjust\b(?!\s+(?:before|after|as|now|then|prior|once|ahead|about\s+to|in\s+time|started"
    r"|starting|beginning|finished|signed|launched))",
    r"\bsurely\b",
    r"\badmit(?:s|ted|ting)?\b",
    r"\bblam(?:e|es|ed|ing)\b",
    r"\bfail(?:s|ed|ing)?\s+to\b",
    rf"\bwhy\s+{NEGATIVE}\s+[\w'-]+",
    r"\bwhy\s+did\s+(?:you|they|your\s+[\w'-]+)\s+not\b",
    r"\bmistak(?:e|es|en|enly)\b",
    r"\b(?:did|do|does|were|was|are|is)\s+(?:you|they|your\s+[\w'-]+)\s+(?P<span>even|really)\b",
    r"\bignor(?:e|es|ed|ing)\b",
    r"\brefus(?:e|es|ed|ing)\b",
    r"\bbother(?:ed)?\s+to\b",
    r"\bwast(?:e|es|ed|ing)\b",
    r"\bexcuses?\b",
    r"\blet\s+(?:us|me|you)\s+down\b",
    r"\bregret(?:s|ted)?\b",
    r"\b(?:poor|bad|wrong)\s+(?:decision|choice|call)\b",
)

PRAISE: tuple[str, ...] = (
    r"\b(?:our|my)\s+(?:[\w-]+'s\s+|new\s+|own\s+)?"
    rf"(?:(?:very|truly|really|highly|most|genuinely|uniquely)\s+)?{PRAISING}\b",
    r"\b(?:we're|we\s+are|as|us,?)\s+(?:the\s+)?(?:clear\s+|undisputed\s+)?"
    r"(?:market|industry|category)\s+leaders?\b",
    r"\bwe(?:'re|\s+are)\s+(?:so\s+|very\s+|really\s+)?proud\b",
)

HYPOTHETICAL: tuple[str, ...] = (
    rf"\bwould\s+{MODAL_SUBJECT}\s+ever\b",
    rf"\bwould\s+{MODAL_SUBJECT}\s+(?:(?:still|now|then)\s+)?(?:consider|reconsider"
    r"|be\s+(?:willing|open|interested|likely)|buy|purchase|switch|come\s+back|return|recommend"
    r"|pay|choose|sign|want|expect|renew)\b",
    r"\bif\s+(?:we|our|you|your|the|they|their|it|there|a|an|i)\b[^?.!]*?\b(?:would|will|could"
    r"|might)\b",
    START + r"(?P<span>had\s+(?:we|our|you|your|the|they|their)\b[^?.!]*?\bwould\b)",
    rf"\bwill\s+{MODAL_SUBJECT}\b(?!\s+(?:please\s+)?(?:walk|talk|describe|tell|explain|share"
    r"|take|go)\b)",
    rf"\b(?:are|is)\s+{MODAL_SUBJECT}\s+(?:going|planning|likely)\s+to\b",
    r"\bhow\s+likely\s+(?:are|is|would|will)\s+(?:you|your|they)\b",
    r"\bin\s+the\s+future\b",
    r"\bnext\s+time\b",
    r"\bgoing\s+forward\b",
    r"\bdown\s+the\s+(?:road|line)\b",
    r"\bin\s+the\s+(?:next|coming)\s+(?:few\s+)?(?:weeks?|months?|years?|quarters?)\b",
    r"\b(?:imagine|imagining|suppose|supposing|hypothetically|pretend)\b",
    r"\bwhat\s+would\s+it\s+take\b",
)

JARGON: tuple[str | tuple[str, str], ...] = (
    (r"\bsynerg(?:y|ies|istic)\b", "Say what would work together, and how."),
    (r"\bleverag(?:e|es|ed|ing)\b", "Say 'use'."),
    (r"\bICPs?\b", "Say 'the kind of customer the product is built for'."),
    (r"\b(?-i:ARR)\b", "Say 'annual revenue' or 'yearly contract value'."),
    (r"\b(?-i:MRR)\b", "Say 'monthly revenue'."),
    (r"\bMQLs?\b", "Say 'leads from marketing'."),
    # Only the sales acronym: SQL the query language is a buyer's word too.
    (
        r"\b(?-i:SQLs?)\b(?!\s+(?:query|queries|database|server|support|editor|access|interface"
        r"|dialect|engine|skills?|knowledge|syntax|code))",
        "Say 'leads ready for a sales conversation'.",
    ),
    (r"\bTCO\b", "Say 'the total cost over the life of the contract'."),
    (r"\bnorth[- ]star\b", "Say 'main goal'."),
    (r"\bland[- ]and[- ]expand\b", "Say 'start small and grow later'."),
    (r"\bvalue[- ]prop(?:osition)?s?\b", "Say 'what we offered' or 'the main benefit'."),
    (r"\bup-?sell(?:s|ing)?\b|\bup-?sold\b", "Say 'an offer to buy more'."),
    (r"\bcross-?sell(?:s|ing)?\b|\bcross-?sold\b", "Say 'an offer of another product'."),
    (r"\b(?-i:TAM)\b", "Say 'market size'."),
    (r"\b(?-i:BANT|MEDDP?I?CC?)\b", "Ask about budget, authority, need or timing in plain words."),
    (r"\beconomic\s+buyer\b", "Say 'the person who controlled the budget'."),
    (r"\b(?:share\s+of\s+wallet|wallet\s+share)\b", "Say 'how much of your budget'."),
    (r"\bmove\s+the\s+needle\b", "Say 'make a real difference'."),
    (r"\blow[- ]hanging\s+fruit\b", "Say 'easy wins'."),
    (r"\bparadigm\s+shift\b", "Say what changed."),
    (r"\bnet[- ]new\b", "Say 'new'."),
)
