"""The words a generated forum is written in.

Titles, bodies and comments are assembled from the sector's own vocabulary (mentoring,
trustees, payroll, volunteers, wellbeing...), so full-text search over the generated
forum meets real English words, real stems and realistic match counts, not random
strings that every query misses. Text is plain sentences without Markdown syntax, so its
HTML is simply one <p> per paragraph (checked against the app's renderer when building).
"""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeWords:
    slug: str
    name: str
    description: str
    topics: tuple[str, ...]
    problems: tuple[str, ...]


THEMES = (
    ThemeWords(
        "leaders-on-a-budget",
        "Developing leaders when budgets are cut",
        "Growing managers and leaders when there is no training budget left.",
        (
            "mentoring",
            "coaching",
            "action learning sets",
            "secondments",
            "job shadowing",
            "peer learning",
            "apprenticeships",
            "leadership programmes",
            "training budgets",
            "reverse mentoring",
        ),
        (
            "training budgets have been cut",
            "new managers learn everything by trial and error",
            "leadership courses cost more than a month of salary",
        ),
    ),
    ThemeWords(
        "sharing-resources",
        "Sharing resources across organisations",
        "What charities could buy, run or own together instead of alone.",
        (
            "payroll",
            "finance services",
            "office space",
            "HR advice",
            "IT support",
            "procurement",
            "back office",
            "minibuses",
            "data protection advice",
            "bid writing",
        ),
        (
            "payroll costs keep rising",
            "every small charity pays for the same software",
            "nobody has time to renew the insurance",
        ),
    ),
    ThemeWords(
        "inclusive-leadership",
        "Inclusive access to leadership development",
        "Opening leadership roles to people who rarely get the chance.",
        (
            "bursaries",
            "paid internships",
            "diversity",
            "inclusion",
            "accessible venues",
            "recruitment",
            "sponsorship",
            "lived experience",
            "returnships",
            "childcare",
        ),
        (
            "leadership roles go to the same people",
            "job adverts ask for degrees nobody needs",
            "evening courses exclude carers",
        ),
    ),
    ThemeWords(
        "social-impact",
        "A line of sight to social impact",
        "Knowing, and showing, what difference our work makes.",
        (
            "impact measurement",
            "evaluation",
            "outcomes",
            "theory of change",
            "case studies",
            "data dashboards",
            "surveys",
            "annual reports",
            "storytelling",
            "benchmarks",
        ),
        (
            "funders ask for impact data we cannot collect",
            "reports take weeks to write",
            "staff never hear what happened next",
        ),
    ),
    ThemeWords(
        "wellbeing",
        "Wellbeing and burnout of leaders",
        "Keeping people well enough to keep going.",
        (
            "wellbeing",
            "burnout",
            "supervision",
            "sabbaticals",
            "counselling",
            "flexible hours",
            "resilience",
            "stress",
            "peer support",
            "rest days",
        ),
        (
            "managers are close to burnout",
            "nobody covers for sick leave in small teams",
            "leaders work every weekend",
        ),
    ),
    ThemeWords(
        "governance",
        "Governance and trustee boards",
        "Boards that help: recruitment, skills and accountability.",
        (
            "trustees",
            "board recruitment",
            "governance reviews",
            "safeguarding",
            "induction",
            "skills audits",
            "chairs",
            "succession planning",
            "risk registers",
            "board minutes",
        ),
        (
            "trustees rarely meet staff",
            "boards struggle to recruit younger trustees",
            "nobody reads the risk register",
        ),
    ),
    ThemeWords(
        "funding",
        "Funding and commissioning",
        "Grants, contracts and the money that keeps the work going.",
        (
            "funding",
            "grants",
            "commissioning",
            "core costs",
            "multi-year funding",
            "full cost recovery",
            "tenders",
            "match funding",
            "donations",
            "reserves",
        ),
        (
            "grants never cover core costs",
            "contracts are renewed a week before they end",
            "tenders take longer to write than the work they fund",
        ),
    ),
    ThemeWords(
        "volunteers",
        "Volunteers and communities",
        "Recruiting, supporting and keeping volunteers.",
        (
            "volunteers",
            "volunteer coordinators",
            "micro volunteering",
            "expenses",
            "volunteer training",
            "recognition",
            "community groups",
            "befriending",
            "time banks",
            "youth volunteering",
        ),
        (
            "volunteers leave within a year",
            "expenses take months to pay",
            "new volunteers wait weeks for checks",
        ),
    ),
)

ADJECTIVES = (
    "shared",
    "free",
    "pooled",
    "regional",
    "local",
    "low-cost",
    "peer-led",
    "online",
    "joint",
    "flexible",
    "independent",
    "confidential",
    "funded",
    "county-wide",
)
GROUPS = (
    "small charities",
    "new managers",
    "trustees",
    "volunteers",
    "frontline staff",
    "chief executives",
    "community groups",
    "rural organisations",
    "young leaders",
    "finance officers",
    "social enterprises",
    "housing associations",
    "youth projects",
)
VERBS = (
    "Pool",
    "Share",
    "Fund",
    "Offer",
    "Launch",
    "Build",
    "Create",
    "Run",
    "Open",
    "Map",
    "Pilot",
    "Expand",
)
GOALS = (
    "cut costs",
    "keep good staff",
    "reduce burnout",
    "widen access",
    "show our impact",
    "strengthen boards",
    "grow new leaders",
    "support volunteers",
    "share expertise",
    "save money on payroll",
    "protect wellbeing",
    "win longer funding",
)
PLACES = (
    "Leeds",
    "Norwich",
    "the valleys",
    "north Devon",
    "Glasgow",
    "Bradford",
    "our county",
    "east London",
    "Cumbria",
    "Belfast",
    "the Fens",
    "Swansea",
)
RESULTS = (
    "it worked well",
    "turnover fell",
    "people kept coming back",
    "costs dropped by a third",
    "two new leaders stepped up",
    "trustees asked for more",
)
NEEDS = (
    "a small coordinating budget",
    "a shared calendar",
    "a template agreement",
    "one paid coordinator",
    "a simple booking system",
    "support from funders",
)
TASKS = (
    "match people",
    "keep the list up to date",
    "collect feedback",
    "chair the sessions",
    "report back to trustees",
    "chase the paperwork",
)
CONCERNS = (
    "it adds work for teams already stretched",
    "the cost will land on the smallest",
    "funders will not pay for it",
    "it duplicates what the CVS already offers",
    "nobody will own it after the first year",
    "it favours the big organisations",
)
QUESTIONS = (
    "this be funded after the pilot",
    "small groups join without paying",
    "we measure whether it works",
    "trustees be involved",
    "volunteers fit into this",
    "it work in rural areas",
)

FIRST_NAMES = (
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Eleanor",
    "Femi",
    "Grace",
    "Hamza",
    "Imogen",
    "Jack",
    "Kiran",
    "Laura",
    "Mohammed",
    "Niamh",
    "Owen",
    "Priya",
    "Rhys",
    "Sara",
    "Tom",
    "Uma",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zoe",
    "Amir",
    "Bethan",
    "Callum",
    "Deborah",
    "Euan",
    "Fatima",
    "Gareth",
    "Hannah",
    "Isaac",
    "Joy",
    "Kofi",
    "Lucy",
)
LAST_NAMES = (
    "Ahmed",
    "Baker",
    "Campbell",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nolan",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walsh",
    "Young",
)
TOWNS = (
    "Northfield",
    "Riverside",
    "Ashford",
    "Brookside",
    "Castlegate",
    "Dunmore",
    "Eastleigh",
    "Fairhaven",
    "Greenway",
    "Hillcrest",
    "Kingsmead",
    "Larkfield",
    "Millbrook",
)
KINDS = (
    "Food Bank",
    "Community Trust",
    "Youth Project",
    "Citizens Advice",
    "Carers Network",
    "Arts Centre",
    "Hospice",
    "CVS",
    "Housing Association",
    "Refugee Welcome",
    "Mind",
)
ROLES = (
    "Chief executive",
    "Trustee",
    "Volunteer coordinator",
    "Finance manager",
    "Operations lead",
    "Team leader",
    "Fundraiser",
    "Chair of trustees",
    "Project worker",
)

# Words the `search` case rotates through (wrk), and the issue 5 latency queries' source.
SEARCH_CASE_QUERIES = ("mentoring", "trustees", "payroll volunteers", "wellbeing", "funding")


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def title(rng: random.Random, theme: ThemeWords) -> str:
    topic = rng.choice(theme.topics)
    pattern = rng.randrange(5)
    if pattern == 0:
        text = f"{rng.choice(ADJECTIVES)} {topic} for {rng.choice(GROUPS)}"
    elif pattern == 1:
        text = f"{rng.choice(VERBS)} {topic} across {rng.choice(GROUPS)}"
    elif pattern == 2:
        text = f"A {rng.choice(ADJECTIVES)} {topic} scheme to {rng.choice(GOALS)}"
    elif pattern == 3:
        text = f"{topic} to {rng.choice(GOALS)} in {rng.choice(PLACES)}"
    else:
        text = f"Let {rng.choice(GROUPS)} {rng.choice(VERBS).lower()} {topic}"
    return _cap(text)


def _sentence(rng: random.Random, theme: ThemeWords) -> str:
    topic = rng.choice(theme.topics)
    pattern = rng.randrange(6)
    if pattern == 0:
        return (f"{_cap(rng.choice(GROUPS))} could {rng.choice(VERBS).lower()} {topic} with "
                f"{rng.choice(GROUPS)} to {rng.choice(GOALS)}.")  # fmt: skip
    if pattern == 1:
        return f"Right now {rng.choice(theme.problems)}, and {topic} would help."
    if pattern == 2:
        return f"We tried {topic} in {rng.choice(PLACES)} and {rng.choice(RESULTS)}."
    if pattern == 3:
        return f"It needs {rng.choice(NEEDS)} and someone to {rng.choice(TASKS)}."
    if pattern == 4:
        return f"The {rng.choice(ADJECTIVES)} version of {topic} costs little and helps " + (
            f"{rng.choice(GROUPS)} {rng.choice(GOALS)}."
        )
    return f"{_cap(topic)} matters because {rng.choice(theme.problems)}."


def body(rng: random.Random, theme: ThemeWords) -> str:
    """Two to six sentences in one or two paragraphs."""
    sentences = [_sentence(rng, theme) for _ in range(rng.randint(2, 6))]
    if len(sentences) > 3 and rng.random() < 0.6:
        cut = len(sentences) // 2
        return " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:])
    return " ".join(sentences)


def comment(rng: random.Random, theme: ThemeWords, stance: str) -> str:
    topic = rng.choice(theme.topics)
    if stance == "for":
        opener = rng.choice(("Yes please.", "We would join straight away.", "Strongly agree."))
        reason = f"In {rng.choice(PLACES)} {topic} {rng.choice(('helped', 'worked'))} and " + (
            f"{rng.choice(RESULTS)}."
        )
    elif stance == "against":
        opener = rng.choice(("Not convinced.", "I worry about this.", "Careful here."))
        reason = f"My concern is that {rng.choice(CONCERNS)}."
    else:
        opener = rng.choice(("Interesting.", "A question.", "Worth discussing."))
        reason = f"How would {rng.choice(QUESTIONS)}? {_cap(rng.choice(GROUPS))} ask about {topic}."
    return f"{opener} {reason}"


def paragraphs_html(text: str) -> str:
    """The HTML the app's Markdown renderer makes of plain sentences: one <p> each."""
    return "".join(f"<p>{paragraph}</p>\n" for paragraph in text.split("\n\n"))


def display_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def organisation(rng: random.Random) -> str:
    return f"{rng.choice(TOWNS)} {rng.choice(KINDS)}"


def search_queries(rng: random.Random, count: int) -> list[str]:
    """Queries as members type them: one word, two words, and unfinished words (prefixes:
    search matches the last word as a prefix)."""
    words = sorted(
        {word.lower() for theme in THEMES for topic in theme.topics for word in topic.split()}
        - {"of", "to", "and", "for"}
    )
    queries = []
    for n in range(count):
        kind = n % 4
        if kind in (0, 1):
            queries.append(rng.choice(words))
        elif kind == 2:
            queries.append(f"{rng.choice(words)} {rng.choice(words)}")
        else:
            word = rng.choice([w for w in words if len(w) >= 6])
            queries.append(word[: rng.randint(3, len(word) - 2)])
    return queries
