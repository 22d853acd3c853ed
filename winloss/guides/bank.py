"""The question bank a new guide is seeded from: neutral, open questions in the SOP's topics.

Kept as text in the code so a researcher can read and edit it as a list, and a change is
reviewed like code. A test runs every question and prompt through the linter, so the bank can
never seed a guide with a leading, closed or double-barrelled question.

The format: ``[section]`` starts a section (a ``Section`` value) and ``(topic)`` a topic in
it; ``key: question`` is a question, its key stable across releases so answers line up across
waves; the ``- `` lines under a question are its follow-up prompts.
"""

import re
from dataclasses import dataclass

from .models import Section

TOPICS = {
    "context": "Context",
    "criteria": "Decision criteria",
    "alternatives": "Alternatives and competitors",
    "pricing": "Pricing and value",
    "buying": "Buying experience",
    "implementation": "Implementation",
    "outcome": "The outcome",
    "closing": "Closing",
}

BANK_TEXT = """
[common]
(context)
role: To start, could you describe your part in this purchase?
problem: What problem were you trying to solve when this project began?
  - What prompted the search at that moment?
  - Who first raised the need?
(criteria)
criteria: What criteria mattered most when you compared the options?
  - Which of those criteria were must-haves?
  - How did the criteria change during the evaluation?
  - Who set the criteria?
decision_makers: Who was involved in the decision?
  - What role did each person play?
  - Whose view carried the most weight?
(alternatives)
alternatives: Which other options did you consider, including doing nothing?
  - How did each option make the shortlist?
  - How did the options differ in your eyes?
comparison: How did our offer compare with the alternatives you considered?
  - Where did we stand out?
  - Where did we fall short?
(pricing)
price_value: How did the price compare with the value you expected to get?
  - What did you compare the price against?
  - How did the commercial terms shape the decision?
budget: What role did budget play in the decision?
  - Who had to approve the spend?
  - How was the business case built?
(buying)
process: Could you walk me through the buying process from first contact to the final decision?
  - Which steps took longer than expected?
  - What happened between the final demonstration and the decision?
sales_team: How would you describe your experience with our sales team?
  - What did the sales team do that helped you?
  - What got in the way?
demo: What stood out to you during the product demonstrations?
  - Which questions did the demonstrations leave unanswered?
  - How closely did the demonstrations reflect your own situation?
procurement: How did procurement shape the process?
  - What did procurement need from the vendors?
  - Which terms took the longest to agree?
legal: What part did the legal review play in the process?
  - Which contract terms needed negotiation?
security: What role did the security review play?
  - What did the security team ask for?
  - How long did the review take?
(implementation)
implementation_concerns: What concerns came up about implementation during the evaluation?
  - How were those concerns addressed?
  - Who raised them?
implementation_plan: How did the implementation plan factor into your decision?
  - What did you need to see in the plan?
(closing)
main_reason: Looking back, what was the most important reason for the decision?
advice: What advice would you give a vendor selling to a company like yours?
anything_else: What else should we know that we have not asked about?

[won]
(outcome)
won_reason: What made you choose us in the end?
  - At what point did you know?
  - What almost changed your mind?
won_doubts: Which concerns did you still have when you signed?
  - What was done to address them?
won_runner_up: Which option came closest to being chosen instead?
  - What did that option offer that appealed to you?
won_expectations: What do you expect the product to change for your team?
  - Which results matter most to you in the first months?

[lost]
(outcome)
lost_reason: What led you to choose the vendor you selected?
  - At what point did that vendor pull ahead?
  - Who championed that choice?
lost_gap: How did our offer compare with what you needed?
  - Which requirements did it leave unmet?
lost_sales_process: What did the chosen vendor do during the sales process that we did not?
lost_turning_point: What, if anything, would have changed the outcome?

[no_decision]
(outcome)
no_decision_reason: What led your team to stop the project at this time?
  - Who made that call?
  - What else was competing for the same budget?
no_decision_priorities: How did your priorities change during the evaluation?
no_decision_missing: What was missing internally to move forward?
  - Which approvals were still outstanding?
no_decision_today: How is your team handling the original problem today?
  - Who owns the problem now?

[withdrawn]
(outcome)
withdrawn_communication: How was our decision to step back from the evaluation communicated to you?
  - What did you understand our reasons to be?
withdrawn_effect: How did our withdrawal affect your project?
  - What did your team do next?
withdrawn_expectations: What were you hoping we could provide?

[rejected]
(outcome)
rejected_moment: At what point did you decide we were not the right fit?
  - Who made the call?
  - What information was it based on?
rejected_requirement: Which requirement led you to rule us out?
  - How did you learn about the gap?
rejected_understanding: How well did we understand your requirements early on?
  - What did we miss?
"""


@dataclass(frozen=True)
class BankQuestion:
    key: str
    section: Section
    topic: str
    text: str
    prompts: tuple[str, ...] = ()


_QUESTION = re.compile(r"^(?P<key>\w+): (?P<text>.+)$")


def _parse(text: str) -> tuple[BankQuestion, ...]:
    questions: list[BankQuestion] = []
    section, topic = Section.COMMON, ""
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("["):
            section = Section(line.strip("[]"))
        elif line.startswith("("):
            topic = line.strip("()")
            if topic not in TOPICS:
                raise ValueError(f"Question bank: unknown topic {topic!r}")
        elif line.startswith("  - "):
            last = questions[-1]
            questions[-1] = BankQuestion(
                last.key, last.section, last.topic, last.text, (*last.prompts, line[4:])
            )
        else:
            match = _QUESTION.match(line)
            if match is None or not topic:
                raise ValueError(f"Question bank: cannot read {line!r}")
            questions.append(BankQuestion(match["key"], section, topic, match["text"]))
    return tuple(questions)


BANK = _parse(BANK_TEXT)


def bank_for(section: Section) -> list[BankQuestion]:
    return [q for q in BANK if q.section == section]
