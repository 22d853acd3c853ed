"""What the demo adds to the Maven sample files, and how it tidies them.

The Maven files give accounts, deals and sales reps. Everything a win-loss program needs on top
(people in every role, competitors, the reps' stated reasons, buyer contacts) is invented here,
plausibly, so the demo looks like a real company's first quarter of win-loss work.
"""

from winloss.accounts.roles import Role
from winloss.deals.models import DecisionRole
from winloss.programs.models import ResearchQuestion

PASSWORD = "winloss-demo"  # printed with the logins; never use the demo on a public server
ACTOR = "demo"  # how the audit trail names the builder
SLUG, NAME = "demo", "MavenTech (demo)"
AGENCY_SLUG, AGENCY_NAME = "northwind", "Northwind Traders (agency client)"
SOURCE = "the Maven Analytics sample CRM"

# (email, name, role in the demo workspace), in the order the logins are printed.
PEOPLE = [
    ("admin@demo.winloss.example", "Morgan Reyes", Role.ADMIN),
    ("owner@demo.winloss.example", "Priya Natarajan", Role.OWNER),
    ("analyst@demo.winloss.example", "Sam Okafor", Role.ANALYST),
    ("coordinator@demo.winloss.example", "Lena Fischer", Role.COORDINATOR),
    ("interviewer@demo.winloss.example", "Jordan Blake", Role.INTERVIEWER),
    ("reviewer@demo.winloss.example", "Chen Wei", Role.REVIEWER),
    # The Maven file's busiest sales rep: their 747 deals are linked to this account, so the
    # "interviewer must not be the deal's owner" rule has someone to apply to.
    ("stakeholder@demo.winloss.example", "Darcel Schlecht", Role.STAKEHOLDER),
    # A sales rep who also interviews in-house: winloss never gives them one of their own
    # deals, so the sample shows the rule at work.
    ("interviewer2@demo.winloss.example", "Versie Hillebrand", Role.INTERVIEWER),
]
OWNER_EMAIL = "owner@demo.winloss.example"
ANALYST_EMAIL = "analyst@demo.winloss.example"  # draws the active wave's sample
# The interviewer works for an outside agency that runs another client's program too, where
# they are the program owner: the workspace switcher then has two workspaces to show.
AGENCY_MEMBER = ("interviewer@demo.winloss.example", Role.OWNER)

# The Maven accounts' office countries, by the regions a sales team would report on.
COUNTRY_REGION = {
    "United States": "North America",
    "Panama": "Latin America",
    "Brazil": "Latin America",
    "Belgium": "EMEA",
    "Germany": "EMEA",
    "Italy": "EMEA",
    "Jordan": "EMEA",
    "Kenya": "EMEA",
    "Norway": "EMEA",
    "Poland": "EMEA",
    "Romania": "EMEA",
    "China": "APAC",
    "Japan": "APAC",
    "Korea": "APAC",
    "Philippines": "APAC",
}
# Typos in the sample files. The shipped CSVs stay as published (the import tests want real
# quirks); the demo is a showcase, so it loads the corrected spelling.
SECTOR_FIXES = {"technolgy": "technology"}
COUNTRY_FIXES = {"Philipines": "Philippines"}
PRODUCT_FIXES = {"GTXPro": "GTX Pro"}  # the pipeline's spelling; the product list says GTX Pro

# name: (website, aliases buyers and reps also write)
COMPETITORS = {
    "Vector Solutions": ("https://vectorsolutions.example", ["Vector Solutions Inc.", "VectorSol"]),
    "Quantum Ledger": ("https://quantumledger.example", ["QuantumLedger", "Quantum Ledger Ltd"]),
    "Northpeak Software": ("https://northpeak.example", ["Northpeak", "NPS"]),
    "Brightline Systems": ("https://brightline.example", ["Brightline"]),
}
# How often each competitor is the one a lost deal went to: one clear rival, a long tail.
COMPETITOR_WEIGHTS = [40, 25, 20, 15]
SHARE_OF_LOSSES_WITH_COMPETITOR = 0.6
DISPUTED_DEALS = 6  # closed deals of the latest quarter, half won and half lost, with a dispute

WON_REASONS = [
    "Strong relationship with champion",
    "Better integration story",
    "Faster implementation timeline",
    "Product fit for their workflow",
    "Price competitive after discount",
]
# A rep blames a competitor only where the CRM names one.
LOST_TO_COMPETITOR_REASONS = [
    "Lost to competitor on features",
    "Competitor undercut us on price",
    "Competitor already in the account",
]
LOST_REASONS = [
    "Price too high",
    "No budget this year",
    "Procurement took too long",
    "Project deprioritised",
]

CONTACT_FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elif",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Luis",
    "Maya",
    "Nils",
    "Olga",
    "Paulo",
    "Rosa",
    "Tariq",
    "Uma",
    "Viktor",
]
CONTACT_LAST_NAMES = [
    "Almeida",
    "Brooks",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okoye",
    "Patel",
]
# (job title, role in the decision): the first contact of an account led the decision.
LEAD_TITLES = [
    ("VP Operations", DecisionRole.EXECUTIVE_SPONSOR),
    ("Chief Financial Officer", DecisionRole.EXECUTIVE_SPONSOR),
    ("IT Director", DecisionRole.EVALUATOR),
    ("Head of Sales Operations", DecisionRole.EVALUATOR),
]
OTHER_TITLES = [
    ("Procurement Manager", DecisionRole.PROCUREMENT),
    ("Sales Team Lead", DecisionRole.USER),
    ("Systems Analyst", DecisionRole.EVALUATOR),
    ("Office Manager", DecisionRole.OTHER),
]

PROGRAM_OBJECTIVE = (
    "Learn why MavenTech won and lost the deals that closed in {quarter}: how buyers weighed our "
    "price against Vector Solutions and the other rivals, whether the GTX and MG lines fit "
    "their needs, and how they experienced our sales process — and where the reps' stated "
    "reasons differ from the buyers'."
)
RESEARCH_QUESTIONS = [
    ResearchQuestion.PRICING,
    ResearchQuestion.COMPETITION,
    ResearchQuestion.PRODUCT_FIT,
    ResearchQuestion.BUYING_PROCESS,
]

# The active wave's sample, drawn when the demo is built: balanced, so losses are heard as
# often as wins, with a fixed seed so every first run draws the same deals.
SAMPLE_SIZE = 40
SAMPLE_SEED = 2017
# Two buyers the coordinator has already heard back from: (status, reason).
REFUSALS = [
    ("declined", "Left the company; their successor was not part of the decision."),
    ("unreachable", "No answer to three emails and two calls over two weeks."),
]

# SOP step 4 for the active wave. Both interviewers take interviews on the next weekdays from
# the day the demo is built, in the server's time zone: (from, until) hours each day.
COORDINATOR_EMAIL = "coordinator@demo.winloss.example"  # sends the invitations
INTERVIEWER_EMAILS = ["interviewer@demo.winloss.example", "interviewer2@demo.winloss.example"]
AVAILABILITY_WEEKDAYS = 10
AVAILABILITY_HOURS = [(9, 12), (14, 17)]
# Two buyers agreed a time by phone: (weekday of the availability, hour, minute, format,
# recording allowed, how they may be quoted). One allows recording, one does not.
BOOKED_BY_PHONE = [
    (1, 10, 0, "video", True, "named"),
    (2, 14, 30, "phone", False, "anonymous"),
]
