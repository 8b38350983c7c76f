"""Content of the demo inquiry loaded by ``commonground seed-demo``.

Pure data, no logic: the themes, members, ideas, votes and comment threads of a
fictional UK social-sector collaborative inquiry into leadership. Every person and
organisation is made up; all addresses use the reserved ``example.org`` domain.

``days_ago`` values are relative to the moment the demo is seeded. A comment is never
older than its idea, and a reply never older than the comment it answers.
"""

DEMO_PASSWORD = "commonground-demo"  # noqa: S105 - public, documented demo password

THEMES = [
    {
        "slug": "leadership-on-a-budget",
        "name": "Developing leaders when budgets are cut",
        "description": (
            "Training and development are usually the first lines to go when a grant ends. "
            "How can the sector keep growing its leaders - new and experienced - when there "
            "is little or no money for it? Ideas on **low-cost and shared approaches** are "
            "especially welcome."
        ),
    },
    {
        "slug": "sharing-resources",
        "name": "Sharing resources across organisations",
        "description": (
            "Small organisations each pay for their own payroll, HR, venues and expertise. "
            "What could we share, pool or lend each other so that leaders spend less time on "
            "back-office problems and more on the work that matters?"
        ),
    },
    {
        "slug": "inclusive-access",
        "name": "Inclusive access to leadership development",
        "description": (
            "Who gets onto leadership programmes, and who is quietly left out? This theme is "
            "about lived experience, disability and reasonable adjustments, rural access, "
            "caring responsibilities, language and class - and the practical changes that "
            "would open the door wider."
        ),
    },
    {
        "slug": "line-of-sight-to-impact",
        "name": "A line of sight to social impact",
        "description": (
            "Leaders need to see, and show, the difference their work makes - without drowning "
            "in monitoring forms. Ideas here cover proportionate impact measurement, funder "
            "reporting and staying connected to the people we exist for."
        ),
    },
    {
        "slug": "wellbeing-and-burnout",
        "name": "Wellbeing and burnout of leaders",
        "description": (
            "Funding cliffs, safeguarding decisions, redundancies and rising demand take a real "
            "toll on the people leading our organisations. What would help leaders stay well, "
            "and stay in the sector? Please look after yourself when sharing personal experience."
        ),
    },
    {
        "slug": "governance-and-boards",
        "name": "Governance and trustee boards",
        "description": (
            "Trustee boards carry legal responsibility but are often under-supported, "
            "unrepresentative or unclear about their relationship with the chief executive. "
            "Ideas on recruitment, induction, the chair-CEO relationship and "
            "[good governance](https://example.org/resources/governance) belong here."
        ),
    },
]

MEMBERS = [
    {
        "key": "admin",
        "display_name": "Inquiry Team",
        "organisation": "Common Ground Inquiry",
        "email": "admin@example.org",
        "role": "admin",
    },
    {
        "key": "rhiannon",
        "display_name": "Rhiannon Price",
        "organisation": "Valleys Voluntary Action",
        "email": "moderator@example.org",
        "role": "moderator",
    },
    {
        "key": "tunde",
        "display_name": "Tunde Bakare",
        "organisation": "Leadership Exchange North",
        "email": "tunde.bakare@example.org",
        "role": "moderator",
    },
    {
        "key": "amara",
        "display_name": "Amara Okafor",
        "organisation": "Eastside Youth Collective",
        "email": "amara.okafor@example.org",
        "role": "member",
    },
    {
        "key": "gareth",
        "display_name": "Gareth Llewellyn",
        "organisation": "Teifi Valley Community Transport",
        "email": "gareth.llewellyn@example.org",
        "role": "member",
    },
    {
        "key": "priya",
        "display_name": "Priya Chauhan",
        "organisation": "Everyday Larder Food Bank",
        "email": "priya.chauhan@example.org",
        "role": "member",
    },
    {
        "key": "callum",
        "display_name": "Callum MacLeod",
        "organisation": "Strathglass Carers Network",
        "email": "callum.macleod@example.org",
        "role": "member",
    },
    {
        "key": "siobhan",
        "display_name": "Siobhan Doherty",
        "organisation": "Riverbend Women's Centre",
        "email": "siobhan.doherty@example.org",
        "role": "member",
    },
    {
        "key": "david",
        "display_name": "David Adeyemi",
        "organisation": "Hollybank Homes Housing Association",
        "email": "david.adeyemi@example.org",
        "role": "member",
    },
    {
        "key": "helen",
        "display_name": "Helen Whitaker",
        "organisation": "Pennine Moors Community Foundation",
        "email": "helen.whitaker@example.org",
        "role": "member",
    },
    {
        "key": "imran",
        "display_name": "Imran Siddiqui",
        "organisation": "Kirkgate Kitchen CIC",
        "email": "imran.siddiqui@example.org",
        "role": "member",
    },
    {
        "key": "joanne",
        "display_name": "Joanne Fletcher",
        "organisation": "Brackenfield Council for Voluntary Service",
        "email": "joanne.fletcher@example.org",
        "role": "member",
    },
    {
        "key": "kwame",
        "display_name": "Kwame Mensah",
        "organisation": "Avonside Disabled People's Alliance",
        "email": "kwame.mensah@example.org",
        "role": "member",
    },
    {
        "key": "lowri",
        "display_name": "Lowri Evans",
        "organisation": "Cwm Arts Collective",
        "email": "lowri.evans@example.org",
        "role": "member",
    },
    {
        "key": "marcus",
        "display_name": "Marcus Bell",
        "organisation": "The Harebell Trust",
        "email": "marcus.bell@example.org",
        "role": "member",
    },
    {
        "key": "nadia",
        "display_name": "Nadia Rahman",
        "organisation": "Shadwell Parents' Network",
        "email": "nadia.rahman@example.org",
        "role": "member",
    },
    {
        "key": "oliver",
        "display_name": "Oliver Grant",
        "organisation": "Northmoor District Council, Voluntary Sector Team",
        "email": "oliver.grant@example.org",
        "role": "member",
    },
    {
        "key": "patrice",
        "display_name": "Patrice Campbell",
        "organisation": "Hulme Roots Mentoring",
        "email": "patrice.campbell@example.org",
        "role": "member",
    },
    {
        "key": "fiona",
        "display_name": "Fiona Sinclair",
        "organisation": "Shore Street Recovery Café",
        "email": "fiona.sinclair@example.org",
        "role": "member",
    },
    {
        "key": "ben",
        "display_name": "Ben Hartley",
        "organisation": "Penwith Reuse Network",
        "email": "ben.hartley@example.org",
        "role": "member",
    },
    {
        "key": "zainab",
        "display_name": "Zainab Hussain",
        "organisation": "New Roots Refugee Welcome",
        "email": "zainab.hussain@example.org",
        "role": "member",
    },
    {
        "key": "tom",
        "display_name": "Tom Ashworth",
        "organisation": "Larchwood Hospice",
        "email": "tom.ashworth@example.org",
        "role": "member",
    },
    {
        "key": "mei",
        "display_name": "Mei Ling Chen",
        "organisation": "Golden Years Chinese Elders Association",
        "email": "meiling.chen@example.org",
        "role": "member",
    },
    {
        "key": "sean",
        "display_name": "Seán Kavanagh",
        "organisation": "Lagan Bridges Youth Project",
        "email": "sean.kavanagh@example.org",
        "role": "member",
    },
    {
        "key": "grace",
        "display_name": "Grace Oyelaran",
        "organisation": "Thrive Together Peer Network",
        "email": "grace.oyelaran@example.org",
        "role": "member",
    },
    {
        "key": "ruth",
        "display_name": "Ruth Abernethy",
        "organisation": "Dunmore Community Hub",
        "email": "ruth.abernethy@example.org",
        "role": "member",
    },
]

IDEAS = [
    # ------------------------------------------------------------------
    # Developing leaders when budgets are cut
    # ------------------------------------------------------------------
    {
        "key": "pooled-training-budget",
        "theme": "leadership-on-a-budget",
        "author": "joanne",
        "title": "Pooled leadership training budget for small charities in each county",
        "body": (
            "Most small charities I work with have a training budget of **nothing**, or close "
            "to it. When a grant is cut, staff development is the first line to go, and leaders "
            "stop learning just when they most need to.\n\n"
            "What if small organisations in each county pooled whatever they can spare - even "
            "£200 a year each - and the local CVS or community foundation matched it? Forty "
            "groups at £200 plus a match gives roughly £16,000 a year, enough for:\n\n"
            "- two cohorts of a six-month leadership programme (12 places each)\n"
            "- a bank of coaching hours leaders can draw on when things get difficult\n"
            "- travel bursaries for rural members\n\n"
            "The pot would be run by a small panel of the members themselves, not the "
            "infrastructure body, so decisions stay with the people paying in. It replaces "
            "dozens of organisations each trying (and failing) to buy one expensive place on a "
            "national course."
        ),
        "status": "open",
        "days_ago": 94,
        "voters": [
            "amara",
            "gareth",
            "priya",
            "callum",
            "siobhan",
            "helen",
            "imran",
            "kwame",
            "lowri",
            "nadia",
            "patrice",
            "fiona",
            "ben",
            "zainab",
            "mei",
            "sean",
            "grace",
            "rhiannon",
        ],
        "comments": [
            {
                "author": "helen",
                "stance": "for",
                "body": (
                    "As a funder we would seriously consider matching this. What puts us off "
                    "most 'capacity building' requests is that they fund one person in one "
                    "organisation, who then leaves. A pooled fund governed by members spreads "
                    "the benefit and keeps the learning in the county even when people move "
                    "jobs. I'd want a simple annual summary of who took part and what changed, "
                    "nothing more."
                ),
                "days_ago": 90,
                "replies": [
                    {
                        "author": "joanne",
                        "stance": "for",
                        "body": (
                            "That's really encouraging, Helen. A one-page annual summary feels "
                            "proportionate - we'd happily agree that upfront so nobody is "
                            "surprised later."
                        ),
                        "days_ago": 88,
                    },
                ],
            },
            {
                "author": "tom",
                "stance": "against",
                "body": (
                    "I like the spirit but I'm wary. Pooled pots tend to get captured by the "
                    "most confident organisations - the ones with time to sit on panels and "
                    "write applications. The smallest groups, the ones this is meant for, "
                    "often don't have anyone free to take part. If it goes ahead, I'd "
                    "ring-fence at least half the places for groups with an income under £100k."
                ),
                "days_ago": 85,
                "replies": [
                    {
                        "author": "priya",
                        "stance": "neutral",
                        "body": (
                            "Agree with the ring-fence. Our food bank would only ever get to "
                            "something like this if applying was a five-minute conversation, "
                            "not a form."
                        ),
                        "days_ago": 80,
                    },
                ],
            },
            {
                "author": "oliver",
                "stance": "neutral",
                "body": (
                    "Speaking from a council voluntary sector team: we can't put money into a "
                    "pot governed by the organisations themselves without procurement "
                    "headaches, but we could fund the admin - a few hours a week to run the "
                    "bookings and the matching. That might be the more useful contribution "
                    "anyway."
                ),
                "days_ago": 70,
                "replies": [],
            },
            {
                "author": "ruth",
                "stance": "for",
                "body": (
                    "Trustee perspective: our board would find it much easier to approve £200 "
                    "into a shared fund with a clear menu than a £1,500 place for one person. "
                    "It also takes the awkwardness out of deciding which member of staff 'gets' "
                    "the training this year."
                ),
                "days_ago": 41,
                "replies": [],
            },
        ],
    },
    {
        "key": "peer-mentoring-new-ceos",
        "theme": "leadership-on-a-budget",
        "author": "amara",
        "title": "Peer mentoring pairs for first-time chief executives of small charities",
        "body": (
            "I became a CEO at 31 with a staff team of four, a £280k budget and no one to ask "
            "whether what I was feeling was normal. The most useful thing that happened in my "
            "first year was an informal monthly coffee with a retired CEO of another youth "
            "charity.\n\n"
            "I'd like the inquiry to set up a simple matching scheme:\n\n"
            "- first-time CEOs (anyone in their first two years in post) are paired with an "
            "experienced peer from a **different** organisation, ideally not a funder or a "
            "commissioner\n"
            "- one hour a month for twelve months, in person or online\n"
            "- a short guide on confidentiality and boundaries, and a light check-in at six "
            "months\n\n"
            "The cost is mainly someone's time to do the matching - perhaps a day a month. It "
            "replaces expensive executive coaching that most small charities will never be able "
            "to afford."
        ),
        "status": "planned",
        "days_ago": 88,
        "voters": [
            "joanne",
            "gareth",
            "priya",
            "siobhan",
            "david",
            "imran",
            "kwame",
            "lowri",
            "nadia",
            "patrice",
            "fiona",
            "ben",
            "zainab",
            "mei",
            "grace",
            "tunde",
        ],
        "comments": [
            {
                "author": "patrice",
                "stance": "for",
                "body": (
                    "This is exactly what our sector does well when it remembers to. I'd add "
                    "one thing: let people choose to be matched with someone who shares their "
                    "background. As a Black leader, some of the conversations I needed in my "
                    "first year I could only have had with someone who had been there."
                ),
                "days_ago": 84,
                "replies": [
                    {
                        "author": "amara",
                        "stance": "for",
                        "body": (
                            "Yes - an option, not a requirement. Some people will want a match "
                            "with a very different perspective, others the opposite. Both are "
                            "valid."
                        ),
                        "days_ago": 82,
                    },
                ],
            },
            {
                "author": "tom",
                "stance": "neutral",
                "body": (
                    "Happy to be a mentor. One caution from experience: mentoring schemes "
                    "fizzle out around month four when diaries fill up. Having a named person "
                    "who nudges pairs, and a clear end date, makes a big difference."
                ),
                "days_ago": 76,
                "replies": [],
            },
            {
                "author": "admin",
                "stance": "neutral",
                "body": (
                    "Update from the Inquiry Team: this is one of the most supported ideas so "
                    "far, so we've moved it to **planned**. We'll pilot 15 pairs from January "
                    "with help from two infrastructure bodies and report back here on what "
                    "works. There is a near-duplicate idea under *Inclusive access*, which we'll "
                    "fold into the same pilot."
                ),
                "days_ago": 40,
                "replies": [
                    {
                        "author": "tunde",
                        "stance": "neutral",
                        "body": (
                            "Leadership Exchange North can take on the matching for the northern "
                            "pairs. Anyone interested in being a mentor, drop me a line."
                        ),
                        "days_ago": 38,
                    },
                ],
            },
        ],
    },
    {
        "key": "free-action-learning-sets",
        "theme": "leadership-on-a-budget",
        "author": "gareth",
        "title": "Free action learning sets run by local infrastructure bodies every quarter",
        "body": (
            "Action learning sets are one of the cheapest and most effective forms of leadership "
            "development: six to eight leaders meet, one brings a real problem, and the others "
            "help by asking questions rather than giving advice. No trainer fees, and no venue "
            "costs if someone lends a room.\n\n"
            "Our local CVS ran one before the pandemic and it was the best thing I did that "
            "year. It stopped when the development worker post was cut.\n\n"
            "Proposal: every CVS or infrastructure body commits to facilitating at least one "
            "free set per quarter, using trained volunteer facilitators from the sector itself. "
            "The inquiry could produce a one-page guide and a short training session for "
            "facilitators, so it doesn't depend on one paid post surviving the next funding "
            "round."
        ),
        "status": "open",
        "days_ago": 61,
        "voters": [
            "joanne",
            "amara",
            "callum",
            "lowri",
            "fiona",
            "ben",
            "sean",
            "rhiannon",
            "tunde",
        ],
        "comments": [
            {
                "author": "rhiannon",
                "stance": "for",
                "body": (
                    "We still run these at Valleys Voluntary Action and they are always "
                    "oversubscribed. The volunteer facilitator model works - three CEOs trained "
                    "up with us and now facilitate in exchange for a place in another set."
                ),
                "days_ago": 58,
                "replies": [],
            },
            {
                "author": "joanne",
                "stance": "neutral",
                "body": (
                    "Supportive, but 'every CVS commits' is a big ask when many of us have lost "
                    "half our staff since 2020. A facilitation rota shared across neighbouring "
                    "CVSs might be more realistic than each one doing it alone."
                ),
                "days_ago": 50,
                "replies": [],
            },
        ],
    },
    {
        "key": "five-percent-for-development",
        "theme": "leadership-on-a-budget",
        "author": "lowri",
        "title": "Ask funders to allow 5% of every grant to be spent on leader and staff development",
        "body": (
            "Funders increasingly talk about 'investing in the sector', but most restricted "
            "grants still leave no room for developing the people who deliver the work. Full "
            "cost recovery conversations focus on rent and finance - rarely on learning.\n\n"
            "I propose the inquiry asks funders to sign up to a simple principle: **up to 5% of "
            "any grant can be spent on staff and leadership development without separate "
            "approval.** On a typical £40,000 grant that's £2,000 - enough for coaching, a "
            "course, or cover so someone can attend one.\n\n"
            "Why this matters:\n\n"
            "- it treats development as a core cost, not a luxury\n"
            "- it doesn't need new money, just flexibility within existing grants\n"
            "- it's easy to monitor: a line in the budget and a sentence in the end-of-grant "
            "report\n\n"
            "Several funders already allow this informally. Writing it down would give small "
            "charities the confidence to actually use it."
        ),
        "status": "under_review",
        "days_ago": 70,
        "voters": [
            "joanne",
            "amara",
            "gareth",
            "priya",
            "callum",
            "siobhan",
            "david",
            "imran",
            "kwame",
            "nadia",
            "patrice",
            "fiona",
            "ben",
            "zainab",
            "tom",
            "mei",
            "sean",
            "grace",
            "rhiannon",
        ],
        "comments": [
            {
                "author": "marcus",
                "stance": "against",
                "body": (
                    "Speaking as a small funder: I agree with the goal but I'm uneasy about a "
                    "blanket percentage. On our £5,000 grants, 5% is £250 - barely a day's "
                    "course - and for some grants it would simply come out of delivery. I'd "
                    "rather see funders offer unrestricted funding where they can, and separate "
                    "development grants for the rest."
                ),
                "days_ago": 66,
                "replies": [
                    {
                        "author": "lowri",
                        "stance": "for",
                        "body": (
                            "Fair point on small grants. But unrestricted funding is still rare "
                            "for groups like ours, and a separate development grant means yet "
                            "another application. The percentage is a floor that works now, "
                            "while we wait for the rest of the sector to catch up."
                        ),
                        "days_ago": 64,
                    },
                    {
                        "author": "helen",
                        "stance": "neutral",
                        "body": (
                            "We've been debating exactly this at the community foundation. One "
                            "option: 'up to 5% or £500, whichever is greater'. That avoids the "
                            "tiny-amounts problem Marcus describes."
                        ),
                        "days_ago": 60,
                    },
                ],
            },
            {
                "author": "kwame",
                "stance": "for",
                "body": (
                    "This would make a real difference for disabled leaders in particular. "
                    "Development costs us more - accessible venues, BSL interpreters, a support "
                    "worker for travel - and those costs are never in the training line. "
                    "Flexibility within grants means we don't have to choose between inclusion "
                    "and delivery."
                ),
                "days_ago": 62,
                "replies": [],
            },
            {
                "author": "oliver",
                "stance": "neutral",
                "body": (
                    "Council grants are bound by our own financial regulations, so I can't "
                    "promise this for us. But I'd be willing to take a paper to elected members "
                    "if the inquiry produced a short model clause. Something concrete is much "
                    "easier to get through committee than a principle."
                ),
                "days_ago": 55,
                "replies": [],
            },
            {
                "author": "admin",
                "stance": "neutral",
                "body": (
                    "We've moved this to **under review**. The steering group is drafting a "
                    "model grant clause (as Oliver suggested) and testing it with three funders "
                    "of different sizes. We'll share the draft here for comment before anything "
                    "is published."
                ),
                "days_ago": 30,
                "replies": [],
            },
            {
                "author": "priya",
                "stance": "for",
                "body": (
                    "Just to add: our last two funders both said 'of course you can' when I "
                    "asked directly. The problem is that nobody knows they're allowed to ask. "
                    "Even a public list of funders who permit it would help."
                ),
                "days_ago": 21,
                "replies": [],
            },
        ],
    },
    {
        "key": "two-way-secondments",
        "theme": "leadership-on-a-budget",
        "author": "tom",
        "title": "Two-way secondments between large charities and small local groups",
        "body": (
            "Large charities like ours have things small groups need - HR expertise, "
            "fundraising teams, data analysts - and small groups have things we badly need: "
            "agility, closeness to communities, the ability to try something on Monday and "
            "change it by Friday.\n\n"
            "I'd like to test short, two-way secondments:\n\n"
            "- a manager from a large charity spends one day a week for three months in a small "
            "organisation, on a defined piece of work\n"
            "- a leader from the small organisation spends the equivalent time with the larger "
            "one, shadowing a function they're trying to build\n"
            "- the large charity covers salary costs both ways where it can\n\n"
            "We've done one informally with a local refugee group and both sides learned more "
            "than from any course. The aim isn't rescue - it's a genuine exchange."
        ),
        "status": "open",
        "days_ago": 45,
        "voters": ["david", "helen", "joanne", "zainab", "sean", "oliver", "tunde"],
        "comments": [
            {
                "author": "zainab",
                "stance": "for",
                "body": (
                    "I was on the other end of Tom's informal secondment and can vouch for it. "
                    "Having someone with real HR experience help us write our first proper "
                    "policies saved us thousands. My time at the hospice also changed how I "
                    "think about volunteer management."
                ),
                "days_ago": 43,
                "replies": [],
            },
            {
                "author": "nadia",
                "stance": "against",
                "body": (
                    "I've seen 'exchanges' that were really a large organisation learning our "
                    "community relationships and then bidding against us for the same contract. "
                    "Any scheme needs a clear agreement about what happens to shared knowledge, "
                    "and a commitment not to compete for the same local work during and after."
                ),
                "days_ago": 38,
                "replies": [
                    {
                        "author": "tom",
                        "stance": "neutral",
                        "body": (
                            "That's a legitimate worry, and it has happened. A simple "
                            "non-compete commitment on local contracts for, say, 12 months seems "
                            "reasonable. I'd sign that."
                        ),
                        "days_ago": 36,
                    },
                ],
            },
        ],
    },
    {
        "key": "apprenticeship-levy-transfer",
        "theme": "leadership-on-a-budget",
        "author": "david",
        "title": "Transfer unspent apprenticeship levy to fund charity leadership apprenticeships",
        "body": (
            "As a housing association we pay the apprenticeship levy and, like many large "
            "employers, we don't manage to spend all of it. Unspent funds expire after 24 months "
            "and are lost to the sector.\n\n"
            "Levy-paying employers can transfer part of their funds to other employers, "
            "including small charities. A management or senior leader apprenticeship could then "
            "be fully funded for a charity leader who would never otherwise get access to that "
            "kind of programme.\n\n"
            "What we need:\n\n"
            "- a simple way for levy payers in the sector (housing associations, hospices, "
            "larger charities) to pledge funds\n"
            "- a list of small charities with a leader ready to start\n"
            "- help with the paperwork, which is genuinely off-putting\n\n"
            "There's more detail in the [levy transfer guidance](https://example.org/guidance/levy-transfer). "
            "This costs levy payers nothing they weren't going to lose anyway."
        ),
        "status": "in_progress",
        "days_ago": 52,
        "voters": [
            "amara",
            "priya",
            "callum",
            "helen",
            "imran",
            "joanne",
            "kwame",
            "nadia",
            "patrice",
            "mei",
            "grace",
        ],
        "comments": [
            {
                "author": "imran",
                "stance": "for",
                "body": (
                    "We've looked at this twice and given up both times because of the admin - "
                    "the online account, finding a training provider, the off-the-job training "
                    "rules. If someone could walk small employers through it, I think take-up "
                    "would be much higher."
                ),
                "days_ago": 49,
                "replies": [],
            },
            {
                "author": "admin",
                "stance": "neutral",
                "body": (
                    "This is now **in progress**. Hollybank Homes and two other housing "
                    "associations have pledged levy funds for eight places, and we're working "
                    "with a training provider on a cohort starting in the spring. We'll post "
                    "here when applications open."
                ),
                "days_ago": 20,
                "replies": [
                    {
                        "author": "david",
                        "stance": "neutral",
                        "body": (
                            "To add to this: we're prioritising leaders from organisations with "
                            "an income under £250k, and keeping at least half the places for "
                            "people who haven't had any formal management training before."
                        ),
                        "days_ago": 18,
                    },
                ],
            },
        ],
    },
    {
        "key": "lunchtime-sessions",
        "theme": "leadership-on-a-budget",
        "author": "imran",
        "title": "Monthly 45-minute lunchtime leadership sessions, recorded and free",
        "body": (
            "Not everyone can give up a whole day for training, let alone a residential. A "
            "monthly lunchtime session - 45 minutes, one practical topic, one speaker from the "
            "sector - would be easy to fit around the day job.\n\n"
            "Topics could come straight from this forum: managing a restructure, reading a "
            "budget, handling a difficult trustee, writing a tender. Sessions would be "
            "recorded, captioned and kept in a free library so people can watch when it suits "
            "them, including the evening and weekend volunteers who run many small groups.\n\n"
            "The cost is minimal: a video-call licence, captioning, and a thank-you for "
            "speakers. I'd happily host the first one, on setting up a trading arm."
        ),
        "status": "open",
        "days_ago": 12,
        "voters": ["ben", "kwame"],
        "comments": [
            {
                "author": "callum",
                "stance": "for",
                "body": (
                    "Please keep the recordings. Lots of our carers' group leaders are "
                    "volunteers who work shifts, and live sessions at 12.30 are impossible for "
                    "them. Captions are essential too."
                ),
                "days_ago": 9,
                "replies": [],
            },
        ],
    },
    # ------------------------------------------------------------------
    # Sharing resources across organisations
    # ------------------------------------------------------------------
    {
        "key": "shared-learning-fund",
        "theme": "sharing-resources",
        "author": "priya",
        "title": "Small charities pay a few pounds a month into a shared learning fund",
        "body": (
            "Individually, none of the food banks in our network can afford proper training for "
            "our coordinators. Collectively, we could.\n\n"
            "The idea is a subscription: each group pays £10 to £25 a month, depending on "
            "income, into a shared learning fund. Members can then draw on it for:\n\n"
            "- places on courses and conferences\n"
            "- coaching sessions for coordinators and leads\n"
            "- travel costs, which for rural members are often the real barrier\n\n"
            "A small members' panel would approve requests every month, so nobody waits for a "
            "once-a-year funding round. If 30 groups join, that's between £3,600 and £9,000 a "
            "year - small, but more than any of us has on our own, and it could attract match "
            "funding."
        ),
        "status": "open",
        "days_ago": 30,
        "voters": ["joanne", "ben", "nadia", "sean", "gareth"],
        "comments": [
            {
                "author": "tunde",
                "stance": "neutral",
                "body": (
                    "This is very close to Joanne's pooled training budget idea in the budgets "
                    "theme. It might be worth combining them - the monthly subscription and a "
                    "funder match could sit together nicely."
                ),
                "days_ago": 27,
                "replies": [],
            },
            {
                "author": "mei",
                "stance": "for",
                "body": (
                    "Small monthly amounts are much easier for us than one lump sum, and our "
                    "treasurer would support it. Please allow requests for interpreters at "
                    "training - many of our volunteers speak Cantonese as their first language."
                ),
                "days_ago": 20,
                "replies": [],
            },
        ],
    },
    {
        "key": "shared-back-office",
        "theme": "sharing-resources",
        "author": "fiona",
        "title": "Shared finance, HR and payroll back office for charities under £500k",
        "body": (
            "Every small charity in Leith is running its own payroll, its own bookkeeping and "
            "its own HR policies, and every one of us is paying for it - in money, and in "
            "leaders' evenings spent on spreadsheets rather than on the work.\n\n"
            "A shared back office could serve 15-20 organisations with an income under £500k:\n\n"
            "- monthly bookkeeping and management accounts\n"
            "- payroll and pension auto-enrolment\n"
            "- HR advice and a shared set of policies we can adapt\n"
            "- support with the annual return and independent examination\n\n"
            "Each member pays a fee based on income. From what we currently spend, I'd estimate "
            "a saving of 20-30% for most of us, and a much bigger saving in leader time. It "
            "could be hosted by an existing organisation or set up as a co-operative owned by "
            "its members. [This summary of shared services models](https://example.org/resources/shared-services) "
            "sets out some of the options."
        ),
        "status": "open",
        "days_ago": 110,
        "voters": [
            "amara",
            "gareth",
            "priya",
            "callum",
            "siobhan",
            "imran",
            "joanne",
            "kwame",
            "lowri",
            "nadia",
            "oliver",
            "ben",
            "zainab",
            "mei",
            "sean",
            "grace",
            "tunde",
        ],
        "comments": [
            {
                "author": "david",
                "stance": "neutral",
                "body": (
                    "We tried something like this across three housing-related charities about "
                    "ten years ago. The savings were real but smaller than expected, and it fell "
                    "apart when the host organisation got into difficulty - suddenly everyone's "
                    "payroll was at risk. If you do it, the governance of the shared service "
                    "matters more than the cost model."
                ),
                "days_ago": 105,
                "replies": [
                    {
                        "author": "fiona",
                        "stance": "for",
                        "body": (
                            "Really useful, thank you. That's partly why I lean towards a "
                            "co-operative owned by its members rather than a single host - it "
                            "spreads the risk."
                        ),
                        "days_ago": 101,
                    },
                ],
            },
            {
                "author": "marcus",
                "stance": "for",
                "body": (
                    "From a funder's side, this is exactly the kind of thing we'd pay set-up "
                    "costs for. We see the same back-office costs repeated in almost every "
                    "budget we receive, and a shared service would make our grants go further."
                ),
                "days_ago": 96,
                "replies": [],
            },
            {
                "author": "siobhan",
                "stance": "against",
                "body": (
                    "I'm not convinced for very small groups like ours. Our bookkeeper is a "
                    "volunteer who has been with us for 15 years and knows every line. Moving to "
                    "a shared service would cost us money we don't currently spend, and we'd "
                    "lose that local knowledge. It should be an option, not the expectation."
                ),
                "days_ago": 90,
                "replies": [
                    {
                        "author": "imran",
                        "stance": "neutral",
                        "body": (
                            "I think that's fair. It's probably most useful for organisations in "
                            "the middle - big enough to have real payroll complexity, too small "
                            "for a finance team."
                        ),
                        "days_ago": 86,
                    },
                ],
            },
            {
                "author": "oliver",
                "stance": "for",
                "body": (
                    "Our council would consider helping with the procurement side, or offering "
                    "office space. Several of our commissioned providers have told us that "
                    "back-office compliance is what keeps them up at night."
                ),
                "days_ago": 72,
                "replies": [],
            },
        ],
    },
    {
        "key": "shared-hr-adviser",
        "theme": "sharing-resources",
        "author": "nadia",
        "title": "One part-time HR adviser shared between five neighbouring small charities",
        "body": (
            "A lighter version of the shared back office idea: five small charities within a "
            "few miles of each other jointly employ one HR adviser for two and a half days a "
            "week. Each organisation gets half a day a week of proper HR support, plus cover in "
            "a crisis.\n\n"
            "For us in Shadwell, HR is where leaders are most exposed - a grievance, a "
            "disciplinary, a redundancy - and it's where an hour of good advice saves months of "
            "stress. Commercial HR helplines are generic and often slow.\n\n"
            "One charity would be the employer; the others pay a share through a simple "
            "agreement. The total cost is roughly £20k a year, so £4k each - less than most of "
            "us end up spending on legal advice when things go wrong."
        ),
        "status": "open",
        "days_ago": 40,
        "voters": ["amara", "fiona", "imran", "zainab", "patrice", "grace", "siobhan", "david"],
        "comments": [
            {
                "author": "grace",
                "stance": "for",
                "body": (
                    "We'd have joined this in a heartbeat last year. Handling a grievance "
                    "against a manager with no HR support was one of the worst periods of my "
                    "time as CEO. Half a day a week is plenty for most small organisations."
                ),
                "days_ago": 36,
                "replies": [],
            },
        ],
    },
    {
        "key": "venue-register",
        "theme": "sharing-resources",
        "author": "ben",
        "title": "An open register of rooms and venues charities will lend each other for free",
        "body": (
            "Venue hire is one of the quiet costs that stops small groups running training, "
            "away days and even trustee meetings. Meanwhile, lots of us have rooms that sit "
            "empty half the week.\n\n"
            "Proposal: a simple, open register - a shared spreadsheet would do to start - where "
            "organisations list spaces they're willing to lend to other charities for free or "
            "at cost. Include the basics: capacity, step-free access, hearing loop, parking, "
            "public transport and who to contact.\n\n"
            "In Cornwall especially, this could mean a leadership session in Penzance doesn't "
            "need a trip to Truro. It costs nothing to run beyond keeping the list up to date."
        ),
        "status": "done",
        "days_ago": 66,
        "voters": [
            "gareth",
            "priya",
            "callum",
            "joanne",
            "lowri",
            "oliver",
            "kwame",
            "mei",
            "ruth",
            "rhiannon",
        ],
        "comments": [
            {
                "author": "kwame",
                "stance": "for",
                "body": (
                    "Yes please, and make the access information mandatory and specific. "
                    "'Accessible' on a venue listing often means one ramp and no accessible "
                    "toilet. Ask about step-free routes, accessible toilets, lifts, hearing "
                    "loops and quiet space."
                ),
                "days_ago": 62,
                "replies": [],
            },
            {
                "author": "admin",
                "stance": "neutral",
                "body": (
                    "This is now **done**. The shared venue register is live on the Common "
                    "Ground resources page with 47 spaces listed so far, and the access fields "
                    "follow Kwame's suggestions. Please keep adding your spaces."
                ),
                "days_ago": 15,
                "replies": [],
            },
        ],
    },
    {
        "key": "shared-data-protection-lead",
        "theme": "sharing-resources",
        "author": "callum",
        "title": "A shared data protection lead for groups who can't afford their own",
        "body": (
            "Carers' organisations hold some of the most sensitive data there is - health "
            "conditions, safeguarding concerns, family circumstances - and most small ones have "
            "nobody who really understands UK GDPR. Leaders carry that worry personally.\n\n"
            "A shared data protection lead, employed by an infrastructure body and available to "
            "20-30 small organisations, could:\n\n"
            "- review privacy notices and consent forms\n"
            "- help with data breach decisions, including whether to report to the ICO\n"
            "- run an annual half-day training session for staff and volunteers\n\n"
            "Funded by small member fees and a grant, this would be far cheaper than each "
            "organisation buying in consultancy when something goes wrong."
        ),
        "status": "open",
        "days_ago": 35,
        "voters": ["fiona", "grace"],
        "comments": [
            {
                "author": "joanne",
                "stance": "neutral",
                "body": (
                    "We get asked about data protection more than almost anything else at the "
                    "CVS, so the demand is definitely there. The hard part is finding someone "
                    "with the expertise who will work for a sector salary."
                ),
                "days_ago": 30,
                "replies": [],
            },
        ],
    },
    {
        "key": "bidding-consortium",
        "theme": "sharing-resources",
        "author": "zainab",
        "title": "A standing consortium so small groups can bid jointly for council contracts",
        "body": (
            "Council contracts in Birmingham are increasingly let in large lots that only big "
            "providers can bid for. Small, community-led groups - often the ones with the trust "
            "of the people the service is for - end up as subcontractors on poor terms, or not "
            "involved at all.\n\n"
            "A standing consortium of small groups, with a rotating lead partner and a shared "
            "bid-writing function, would let us compete properly. It would need:\n\n"
            "- a consortium agreement settled in advance, not scrambled together a week before "
            "a deadline\n"
            "- a shared approach to full cost recovery, so nobody undercuts\n"
            "- a fair management fee (no more than 8-10%) for whoever leads\n\n"
            "It would also help commissioners, who tell us they want local and specialist "
            "providers but can't contract with twelve tiny organisations separately."
        ),
        "status": "open",
        "days_ago": 80,
        "voters": [
            "amara",
            "priya",
            "david",
            "imran",
            "joanne",
            "kwame",
            "nadia",
            "oliver",
            "patrice",
            "mei",
            "grace",
            "sean",
            "tunde",
        ],
        "comments": [
            {
                "author": "oliver",
                "stance": "for",
                "body": (
                    "From the commissioning side, I'd welcome this. We genuinely struggle to "
                    "contract with lots of small groups - the due diligence alone is a barrier. "
                    "A consortium with one contracting body and clear accountability makes it "
                    "much easier to include smaller providers."
                ),
                "days_ago": 76,
                "replies": [
                    {
                        "author": "zainab",
                        "stance": "for",
                        "body": (
                            "That's good to hear. Would the council consider funding the "
                            "consortium's set-up costs, given it saves your team work too?"
                        ),
                        "days_ago": 74,
                    },
                ],
            },
            {
                "author": "tom",
                "stance": "against",
                "body": (
                    "I've been the lead partner in a consortium and it nearly sank us. The lead "
                    "carries all the contract risk, the cash-flow problem when payments are "
                    "late, and the reputational damage if a partner fails. Unless lead partners "
                    "are properly paid for that risk, the model won't last."
                ),
                "days_ago": 70,
                "replies": [],
            },
            {
                "author": "patrice",
                "stance": "neutral",
                "body": (
                    "We need both: a consortium for bidding, and pressure on commissioners to "
                    "break contracts into smaller lots in the first place. Otherwise we're just "
                    "adapting ourselves to a system designed to leave us out."
                ),
                "days_ago": 63,
                "replies": [],
            },
        ],
    },
    {
        "key": "lend-a-leader",
        "theme": "sharing-resources",
        "author": "sean",
        "title": "'Lend a leader' days: experienced CEOs give one day a quarter to another group",
        "body": (
            "A lighter-touch version of secondments. Experienced leaders pledge one day a "
            "quarter to spend with a small organisation that has asked for help with something "
            "specific: a restructure, a new strategy, a difficult funding conversation, or "
            "getting ready for a Charity Commission inquiry.\n\n"
            "In Belfast we've done this informally across a few youth organisations, and it "
            "works because it's practical and time-limited. The host organisation sets the "
            "agenda; the visiting leader listens first and advises second.\n\n"
            "All we'd need is a simple sign-up form and someone to match requests with "
            "volunteers."
        ),
        "status": "open",
        "days_ago": 20,
        "voters": ["amara", "tom", "zainab", "lowri", "patrice", "ruth"],
        "comments": [
            {
                "author": "tom",
                "stance": "for",
                "body": (
                    "I'd sign up. This is much easier for a CEO to commit to than a three-month "
                    "secondment, and it probably gets most of the benefit."
                ),
                "days_ago": 17,
                "replies": [],
            },
        ],
    },
    # ------------------------------------------------------------------
    # Inclusive access to leadership development
    # ------------------------------------------------------------------
    {
        "key": "paid-places-lived-experience",
        "theme": "inclusive-access",
        "author": "grace",
        "title": "Paid places and expenses for leaders with lived experience on all programmes",
        "body": (
            "Leadership programmes keep telling us they want more leaders with lived "
            "experience - of mental ill health, homelessness, addiction, the care system, the "
            "criminal justice system. But the way they're designed quietly excludes us.\n\n"
            "Many peer leaders are on sessional or zero-hours contracts, or on benefits. An "
            "unpaid day at a programme is a day's lost income. Travel has to be paid up front "
            "and claimed back weeks later. And for some people, payments can affect benefits "
            "unless they're handled properly.\n\n"
            "I'm proposing that any programme supported through this inquiry commits to:\n\n"
            "- paying participants with lived experience for their time, at the real Living "
            "Wage or above\n"
            "- paying expenses in advance, not in arrears\n"
            "- offering advice on how payments interact with benefits\n"
            "- involving lived experience leaders in designing the programme, not just "
            "attending it\n\n"
            "This isn't a nice-to-have. Without it, 'inclusive' programmes stay full of people "
            "who can already afford to be there."
        ),
        "status": "open",
        "days_ago": 100,
        "voters": [
            "amara",
            "gareth",
            "priya",
            "callum",
            "siobhan",
            "david",
            "helen",
            "imran",
            "joanne",
            "kwame",
            "lowri",
            "nadia",
            "patrice",
            "fiona",
            "ben",
            "zainab",
            "mei",
            "sean",
            "ruth",
            "rhiannon",
        ],
        "comments": [
            {
                "author": "fiona",
                "stance": "for",
                "body": (
                    "Completely agree. Half of our café team are in recovery and several are "
                    "brilliant emerging leaders. The one who went on a regional programme last "
                    "year had to borrow money for the train fare and wait six weeks to get it "
                    "back. That's not a minor inconvenience when you're on Universal Credit."
                ),
                "days_ago": 97,
                "replies": [],
            },
            {
                "author": "helen",
                "stance": "for",
                "body": (
                    "We've started doing this for our grant panels - paying people with lived "
                    "experience £25 an hour plus travel up front - and it transformed who "
                    "applies. It costs us about £3,000 a year. Every programme should budget "
                    "for it from the start."
                ),
                "days_ago": 92,
                "replies": [
                    {
                        "author": "grace",
                        "stance": "for",
                        "body": (
                            "Thank you, Helen - that's a great model. Would you share your "
                            "payment policy? It might help others get it through their boards."
                        ),
                        "days_ago": 90,
                    },
                ],
            },
            {
                "author": "marcus",
                "stance": "against",
                "body": (
                    "I agree on expenses and accessibility, but I'm not sure about paying some "
                    "participants and not others on the same programme. Plenty of charity staff "
                    "on low salaries also lose out by attending. A simpler principle might be: "
                    "anyone who isn't being paid by an employer to attend gets paid for their "
                    "time, whatever their background."
                ),
                "days_ago": 85,
                "replies": [
                    {
                        "author": "kwame",
                        "stance": "neutral",
                        "body": (
                            "That's a fair way of framing it, and it would cover a lot of "
                            "disabled leaders on freelance or sessional work too."
                        ),
                        "days_ago": 80,
                    },
                ],
            },
            {
                "author": "ben",
                "stance": "neutral",
                "body": (
                    "Strongly support the principle. A practical point: programme budgets will "
                    "need to rise by perhaps 15-20% to cover this properly. Whoever funds these "
                    "programmes needs to know that now, not discover it halfway through the "
                    "first cohort."
                ),
                "days_ago": 60,
                "replies": [],
            },
            {
                "author": "siobhan",
                "stance": "for",
                "body": (
                    "Advance expenses is the bit I'd push hardest on. The women we work with "
                    "can't float £60 for a train and a childminder for a month. A prepaid card, "
                    "or a float handed out on the day, makes all the difference."
                ),
                "days_ago": 45,
                "replies": [],
            },
        ],
    },
    {
        "key": "online-route-rural",
        "theme": "inclusive-access",
        "author": "callum",
        "title": "Make every leadership programme available online for rural and island leaders",
        "body": (
            "For leaders in the Highlands and Islands, a one-day course in Glasgow or Edinburgh "
            "can mean two nights away, a ferry, and finding cover for a service that only one "
            "person runs. Most of us simply don't go.\n\n"
            "I'd like every programme supported by the inquiry to offer a genuinely equal online "
            "route - not a webcam pointed at a room, but sessions designed for remote "
            "participants, with breakout groups, materials sent in advance and a named person "
            "to contact if the connection drops.\n\n"
            "Where in-person time really matters, programmes should meet people halfway: run at "
            "least one session in a rural location each year, and cover travel and overnight "
            "costs for remote participants."
        ),
        "status": "open",
        "days_ago": 75,
        "voters": [
            "gareth",
            "lowri",
            "ruth",
            "ben",
            "fiona",
            "kwame",
            "siobhan",
            "sean",
            "mei",
            "rhiannon",
            "tunde",
            "joanne",
        ],
        "comments": [
            {
                "author": "amara",
                "stance": "against",
                "body": (
                    "I understand the problem, but I'd be sad to see programmes go fully online. "
                    "The best thing I got from my leadership course was the relationships, and "
                    "those were built over dinner and in corridors, not in breakout rooms. Could "
                    "we fund rural leaders to attend in person rather than moving everyone online?"
                ),
                "days_ago": 70,
                "replies": [
                    {
                        "author": "callum",
                        "stance": "neutral",
                        "body": (
                            "I'm not asking to move everyone online - just that the online route "
                            "is equally good. For some of us, funding to attend in person doesn't "
                            "solve the problem that there's nobody to run the service while "
                            "we're away."
                        ),
                        "days_ago": 68,
                    },
                ],
            },
            {
                "author": "kwame",
                "stance": "for",
                "body": (
                    "Online options also matter hugely for disabled leaders. Travel is often the "
                    "most exhausting part of attending anything. Hybrid done well widens access "
                    "far beyond rural leaders."
                ),
                "days_ago": 66,
                "replies": [],
            },
            {
                "author": "gareth",
                "stance": "for",
                "body": (
                    "In rural Ceredigion broadband is still patchy, so 'online' needs to include "
                    "low-bandwidth options - dial-in audio, materials by post or email, and not "
                    "assuming everyone can keep their camera on."
                ),
                "days_ago": 54,
                "replies": [],
            },
        ],
    },
    {
        "key": "accessibility-standard",
        "theme": "inclusive-access",
        "author": "kwame",
        "title": "A minimum accessibility standard for leadership courses, agreed before booking",
        "body": (
            "As a wheelchair user and the CEO of a disabled people's organisation, I spend a "
            "ridiculous amount of time before every course asking the same questions. Is the "
            "venue step-free? Is there an accessible toilet on the same floor? Will slides be "
            "sent in advance? Is there a quiet room? Will the trainer use a microphone?\n\n"
            "The answer is often 'we'll check' - and then it's wrong on the day.\n\n"
            "I'd like the inquiry to publish a short minimum accessibility standard that every "
            "programme it promotes must meet, and a simple 'tell us once' form where "
            "participants set out their reasonable adjustments, shared (with consent) with each "
            "provider. Disabled leaders shouldn't have to do unpaid access auditing as a "
            "condition of learning."
        ),
        "status": "planned",
        "days_ago": 58,
        "voters": [
            "amara",
            "gareth",
            "priya",
            "callum",
            "joanne",
            "lowri",
            "nadia",
            "patrice",
            "fiona",
            "zainab",
            "mei",
            "grace",
            "ruth",
            "rhiannon",
        ],
        "comments": [
            {
                "author": "grace",
                "stance": "for",
                "body": (
                    "The 'tell us once' form is brilliant. Repeating my adjustments for anxiety "
                    "to every new trainer is exhausting, and it feels exposing every time."
                ),
                "days_ago": 55,
                "replies": [],
            },
            {
                "author": "tunde",
                "stance": "neutral",
                "body": (
                    "We run a lot of programmes and would welcome a standard. One request: make "
                    "it achievable for small providers too, with a core minimum and a 'good "
                    "practice' tier, so we don't end up with only large conference venues able "
                    "to comply."
                ),
                "days_ago": 48,
                "replies": [
                    {
                        "author": "kwame",
                        "stance": "for",
                        "body": (
                            "Agreed - a minimum and a good-practice level makes sense. The "
                            "minimum just needs to be a genuine minimum, not optional."
                        ),
                        "days_ago": 46,
                    },
                ],
            },
            {
                "author": "admin",
                "stance": "neutral",
                "body": (
                    "Moved to **planned**. Kwame and Grace have agreed to co-design the standard "
                    "with a small group of disabled leaders, who will be paid for their time. A "
                    "first draft will be posted here for comment."
                ),
                "days_ago": 25,
                "replies": [],
            },
        ],
    },
    {
        "key": "drop-degree-requirements",
        "theme": "inclusive-access",
        "author": "patrice",
        "title": "Drop degree and 'senior manager' requirements from leadership programme entry",
        "body": (
            "Too many leadership programmes still ask for a degree, or for applicants to be in a "
            "'senior management' role, or to have managed a budget above a certain size. Those "
            "criteria screen out exactly the people the sector says it wants: youth workers "
            "who've led projects for years without the job title, founders of small community "
            "groups, and leaders who came up through lived experience rather than university.\n\n"
            "I'd like the inquiry to ask every programme it promotes to replace formal entry "
            "criteria with a short conversation, or a few questions about what someone is "
            "leading now and what they want to change. Leadership in our sector often happens "
            "without the title."
        ),
        "status": "open",
        "days_ago": 47,
        "voters": ["amara", "grace", "fiona", "nadia", "zainab", "sean", "kwame", "siobhan", "mei"],
        "comments": [
            {
                "author": "tom",
                "stance": "neutral",
                "body": (
                    "Agree on degrees. I'd keep some expectation of current leadership "
                    "responsibility, though, even informal, so a cohort is at a similar stage. "
                    "Mixed cohorts are great, but someone six months into their first role can "
                    "feel lost alongside CEOs of twenty years."
                ),
                "days_ago": 44,
                "replies": [
                    {
                        "author": "patrice",
                        "stance": "neutral",
                        "body": (
                            "That's fair, as long as 'current leadership' is defined broadly. "
                            "Running a youth club on Tuesday nights for ten years is leadership."
                        ),
                        "days_ago": 42,
                    },
                ],
            },
            {
                "author": "nadia",
                "stance": "for",
                "body": (
                    "I left school at 16 and now run an organisation with 12 staff. I was turned "
                    "down by two programmes before one took a chance on me. This change costs "
                    "nothing and opens doors."
                ),
                "days_ago": 30,
                "replies": [],
            },
        ],
    },
    {
        "key": "mentoring-under-represented",
        "theme": "inclusive-access",
        "author": "mei",
        "title": "Match experienced leaders with first-time CEOs from under-represented communities",
        "body": (
            "Many leaders of small community organisations - especially those serving migrant "
            "and minority ethnic communities - become CEO without any handover, because the "
            "organisation was started by volunteers. There is no previous CEO to ask.\n\n"
            "I'd like a mentoring scheme where experienced sector leaders are matched with "
            "first-time chief executives, with priority for leaders from under-represented "
            "communities. Meetings once a month for a year. Mentors could be recently retired "
            "CEOs as well as current ones.\n\n"
            "For our elders' association in Liverpool, having someone to ask about trustees, "
            "funding bids and managing staff would have saved me many sleepless nights in my "
            "first year."
        ),
        "status": "open",
        "days_ago": 25,
        "voters": ["amara", "zainab", "patrice", "nadia", "sean", "grace"],
        "comments": [
            {
                "author": "amara",
                "stance": "for",
                "body": (
                    "This overlaps a lot with my peer mentoring idea in the budgets theme, which "
                    "is now planned. It would be great to make sure the pilot prioritises "
                    "leaders from under-represented communities, as you describe."
                ),
                "days_ago": 22,
                "replies": [],
            },
            {
                "author": "ruth",
                "stance": "for",
                "body": (
                    "Retired CEOs are an under-used resource. Several in our area would love to "
                    "help, but nobody ever asks them."
                ),
                "days_ago": 18,
                "replies": [],
            },
        ],
    },
    {
        "key": "carer-bursaries",
        "theme": "inclusive-access",
        "author": "siobhan",
        "title": "Childcare and carer bursaries so parents and carers can attend residentials",
        "body": (
            "Residential leadership programmes are still seen as the gold standard, but for the "
            "women we work with - and for me - two nights away means arranging and paying for "
            "childcare, or care for a relative. Most programmes don't cover this, and many "
            "don't even ask.\n\n"
            "Proposal: every programme offers a carer bursary covering childcare or replacement "
            "care, paid in advance, alongside the travel bursary. Programmes should also ask in "
            "the application what would make attendance possible, rather than assuming.\n\n"
            "The cost is modest - a few hundred pounds per participant who needs it - but "
            "without it, residential programmes remain the preserve of people without caring "
            "responsibilities."
        ),
        "status": "open",
        "days_ago": 38,
        "voters": [
            "amara",
            "nadia",
            "grace",
            "callum",
            "mei",
            "fiona",
            "zainab",
            "kwame",
            "lowri",
            "helen",
        ],
        "comments": [
            {
                "author": "callum",
                "stance": "for",
                "body": (
                    "Unpaid carers are massively under-represented on leadership programmes. "
                    "Replacement care for an adult can cost £25 an hour or more, so the bursary "
                    "needs to be realistic."
                ),
                "days_ago": 35,
                "replies": [],
            },
            {
                "author": "ben",
                "stance": "neutral",
                "body": (
                    "Could we also question whether residentials need to be residential? Some of "
                    "the best programmes I know now run as non-residential days close to home, "
                    "which solves part of this at source."
                ),
                "days_ago": 27,
                "replies": [],
            },
        ],
    },
    {
        "key": "welsh-and-community-languages",
        "theme": "inclusive-access",
        "author": "rhiannon",
        "title": "Leadership materials in Welsh and community languages, not just English",
        "body": (
            "Across Wales, many community leaders work bilingually every day, and in some "
            "valleys and rural areas Welsh is the first language of the people running local "
            "groups. Yet nearly all the leadership resources the sector shares are in English "
            "only.\n\n"
            "I'd suggest that core materials produced by the inquiry - guides, templates, "
            "recorded sessions - are published in Welsh as well as English, and that we work "
            "with community organisations to translate key resources into other widely used "
            "languages such as Polish, Urdu, Bengali and Arabic. Translation costs are modest "
            "compared with programme costs, and it sends a clear signal about who leadership is "
            "for."
        ),
        "status": "open",
        "days_ago": 16,
        "voters": [],
        "comments": [],
    },
    # ------------------------------------------------------------------
    # A line of sight to social impact
    # ------------------------------------------------------------------
    {
        "key": "common-monitoring-report",
        "theme": "line-of-sight-to-impact",
        "author": "helen",
        "title": "One common monitoring report accepted by all local funders",
        "body": (
            "I'm writing this as a funder, with some embarrassment. Our grantees tell us they "
            "produce five or six monitoring reports a year for different funders, each asking "
            "for slightly different numbers, in slightly different formats, at different times. "
            "Leaders of small charities are spending days on reporting that nobody reads "
            "closely.\n\n"
            "Proposal: funders in each area agree a **common monitoring report** - a short "
            "template covering:\n\n"
            "- who you worked with, and how many\n"
            "- what changed for them, in your words\n"
            "- what didn't go to plan and what you learned\n"
            "- how the money was spent\n\n"
            "Each funder can add no more than three questions of its own. Grantees write one "
            "report a year and send it to all their funders. Several funder networks have "
            "experimented with this; see [this short summary](https://example.org/resources/common-reporting). "
            "I'd like the inquiry to help our area try it."
        ),
        "status": "under_review",
        "days_ago": 90,
        "voters": [
            "amara",
            "gareth",
            "priya",
            "callum",
            "siobhan",
            "david",
            "imran",
            "joanne",
            "kwame",
            "lowri",
            "nadia",
            "patrice",
            "fiona",
            "ben",
            "zainab",
            "mei",
            "sean",
            "grace",
            "ruth",
        ],
        "comments": [
            {
                "author": "priya",
                "stance": "for",
                "body": (
                    "Yes, yes, yes. Last year I counted: eleven days of my time went on "
                    "monitoring reports for grants totalling £64,000. That's time I wasn't "
                    "spending on the food bank or on our volunteers."
                ),
                "days_ago": 87,
                "replies": [],
            },
            {
                "author": "marcus",
                "stance": "neutral",
                "body": (
                    "We'd sign up, but the trustees of smaller trusts sometimes insist on their "
                    "own forms because 'it's how we've always done it'. It would help if the "
                    "inquiry produced a short briefing for funder trustees explaining why this "
                    "reduces risk rather than increasing it."
                ),
                "days_ago": 82,
                "replies": [
                    {
                        "author": "helen",
                        "stance": "for",
                        "body": (
                            "Agreed. The argument that worked with our board was that honest, "
                            "useful reports tell us more than lots of box-ticking ones. I'm "
                            "happy to help draft that briefing."
                        ),
                        "days_ago": 80,
                    },
                ],
            },
            {
                "author": "oliver",
                "stance": "against",
                "body": (
                    "I support the aim, but council grants come with audit requirements I can't "
                    "just drop - we need specific outputs tied to the corporate plan. I'd hate "
                    "the common report to become a reason councils are left out. Could there be "
                    "a council annex rather than a cap of three questions?"
                ),
                "days_ago": 76,
                "replies": [
                    {
                        "author": "helen",
                        "stance": "neutral",
                        "body": (
                            "That seems sensible. A standard annex for statutory funders, agreed "
                            "once, is still far better than every department inventing its own "
                            "form."
                        ),
                        "days_ago": 73,
                    },
                ],
            },
            {
                "author": "admin",
                "stance": "neutral",
                "body": (
                    "Now **under review**. Four local funders have agreed in principle to test a "
                    "common report from April. We're drafting the template with grantees and "
                    "will share it here for comment."
                ),
                "days_ago": 35,
                "replies": [],
            },
        ],
    },
    {
        "key": "one-shared-monitoring-form",
        "theme": "line-of-sight-to-impact",
        "author": "gareth",
        "title": "Shared monitoring form so we stop reporting the same numbers five times",
        "body": (
            "Our community transport scheme has six funders. Each one wants passenger numbers, "
            "journeys, volunteer hours and case studies - but in a different format, over a "
            "different period, with a different deadline. I spend most of March and September "
            "rewriting the same information.\n\n"
            "Could funders agree a single shared form, or at least accept a report written for "
            "another funder? It would save leaders of small charities days every year and, "
            "honestly, the information would probably be better, because we'd have time to "
            "reflect rather than just fill in boxes."
        ),
        "status": "open",
        "days_ago": 14,
        "voters": ["priya", "ben", "callum", "ruth"],
        "comments": [
            {
                "author": "rhiannon",
                "stance": "neutral",
                "body": (
                    "Gareth, have a look at Helen's idea for a common monitoring report - it's "
                    "essentially the same proposal and it's now under review. It might be worth "
                    "adding your example there so the discussion is in one place."
                ),
                "days_ago": 12,
                "replies": [
                    {
                        "author": "gareth",
                        "stance": "for",
                        "body": (
                            "Thanks Rhiannon, I missed that one. Happy for this to be merged - "
                            "I'll add our transport example to Helen's thread."
                        ),
                        "days_ago": 11,
                    },
                ],
            },
        ],
    },
    {
        "key": "proportionate-reporting",
        "theme": "line-of-sight-to-impact",
        "author": "marcus",
        "title": "Light-touch impact reporting for any grant under £10,000",
        "body": (
            "At the Harebell Trust we used to ask for the same detailed impact report whether "
            "we'd given £2,000 or £50,000. After talking to grantees, we realised that for small "
            "grants we were asking for more evidence than the grant could possibly justify.\n\n"
            "We now ask grantees of under £10k for a short phone call or a one-page note: what "
            "you did, what you noticed, what you'd do differently. No outcome indicators, no "
            "baseline surveys.\n\n"
            "I'd like the inquiry to promote proportionate reporting as a principle for all "
            "funders: the reporting burden should scale with the size and risk of the grant. "
            "Small charities shouldn't need an evaluation budget to account for a £5,000 grant."
        ),
        "status": "open",
        "days_ago": 64,
        "voters": [
            "priya",
            "gareth",
            "siobhan",
            "lowri",
            "mei",
            "ben",
            "imran",
            "callum",
            "joanne",
            "nadia",
            "ruth",
        ],
        "comments": [
            {
                "author": "siobhan",
                "stance": "for",
                "body": (
                    "The phone-call option is brilliant. For some of our community leaders, "
                    "writing in English is a barrier, and a conversation lets them show their "
                    "real impact."
                ),
                "days_ago": 60,
                "replies": [],
            },
            {
                "author": "david",
                "stance": "against",
                "body": (
                    "I'd be cautious about 'no indicators at all'. Without some consistent "
                    "measures, it's hard for anyone - funders or charities - to learn what works "
                    "across the sector. Light-touch, yes, but a couple of common measures would "
                    "still be useful."
                ),
                "days_ago": 55,
                "replies": [
                    {
                        "author": "marcus",
                        "stance": "neutral",
                        "body": (
                            "That's a reasonable challenge. We do still ask two standard "
                            "questions about numbers reached. The point is proportion, not "
                            "abolishing evidence."
                        ),
                        "days_ago": 52,
                    },
                ],
            },
        ],
    },
    {
        "key": "stories-not-spreadsheets",
        "theme": "line-of-sight-to-impact",
        "author": "mei",
        "title": "Let leaders report impact through stories and case studies, not only numbers",
        "body": (
            "For many community organisations, the most important things we do don't fit neatly "
            "into numbers. At our lunch club, the measure that matters is that Mrs Wong, who "
            "hadn't spoken to anyone for a week, laughed with friends on Thursday. A spreadsheet "
            "of 'attendances' misses that completely.\n\n"
            "I'd like funders and commissioners to accept stories, short videos, photographs and "
            "case studies as legitimate evidence of impact - told or recorded by the people we "
            "support, where they want to. The inquiry could collect examples of funders who "
            "already do this well and share them."
        ),
        "status": "open",
        "days_ago": 50,
        "voters": ["siobhan", "fiona", "grace", "zainab", "nadia", "ben", "callum", "patrice"],
        "comments": [
            {
                "author": "helen",
                "stance": "against",
                "body": (
                    "I love stories and we use them, but I'd gently push back on 'not only "
                    "numbers' drifting into 'no numbers'. Stories are easy to cherry-pick, and "
                    "funders have a duty to show money went where it was meant to. The best "
                    "reports I see combine a small set of numbers with a couple of honest "
                    "stories - including one where something didn't work."
                ),
                "days_ago": 47,
                "replies": [
                    {
                        "author": "mei",
                        "stance": "neutral",
                        "body": (
                            "I agree with the mix. My worry is that numbers are always required "
                            "and stories are optional. I'd like them treated as equally valid."
                        ),
                        "days_ago": 44,
                    },
                ],
            },
            {
                "author": "grace",
                "stance": "for",
                "body": (
                    "Peer-led organisations have been saying this for years. Evidence from "
                    "people with lived experience is evidence. Approaches like *most significant "
                    "change* exist precisely to make stories rigorous."
                ),
                "days_ago": 40,
                "replies": [],
            },
            {
                "author": "tom",
                "stance": "neutral",
                "body": (
                    "A good middle ground we've found is asking the people we support to choose "
                    "the stories, not staff. That reduces the cherry-picking risk Helen mentions."
                ),
                "days_ago": 33,
                "replies": [
                    {
                        "author": "helen",
                        "stance": "for",
                        "body": (
                            "That's a really good safeguard. I'd be very happy to accept reports "
                            "built that way."
                        ),
                        "days_ago": 31,
                    },
                ],
            },
        ],
    },
    {
        "key": "theory-of-change-clinics",
        "theme": "line-of-sight-to-impact",
        "author": "oliver",
        "title": "Free theory of change clinics for small groups, run by volunteer evaluators",
        "body": (
            "Small groups are often asked for a 'theory of change' by funders and commissioners, "
            "but nobody explains what that means or helps them write one. The result is a "
            "diagram copied from a template that nobody uses.\n\n"
            "Our council team would like to pilot free two-hour clinics where a volunteer "
            "evaluator - from a university, a larger charity, or a retired researcher - sits "
            "with a small group's leader and helps them map what they do, what changes and how "
            "they'd know. The result is something the organisation actually owns and uses for "
            "planning, not just for bids.\n\n"
            "If other areas are interested, we could share the session plan."
        ),
        "status": "open",
        "days_ago": 33,
        "voters": ["joanne", "priya", "sean", "kwame", "imran"],
        "comments": [
            {
                "author": "lowri",
                "stance": "neutral",
                "body": (
                    "Useful, but please make the clinics about the organisation's own learning "
                    "first and funders second. Otherwise it becomes one more compliance exercise."
                ),
                "days_ago": 28,
                "replies": [],
            },
        ],
    },
    {
        "key": "back-to-the-floor",
        "theme": "line-of-sight-to-impact",
        "author": "david",
        "title": "Quarterly 'back to the floor' days for chief executives with frontline teams",
        "body": (
            "As organisations grow, leaders can lose sight of what the work feels like for the "
            "people doing it and the people receiving it. I realised this year that I hadn't "
            "spent a full day with our tenancy sustainment team in over 18 months.\n\n"
            "I'm proposing a simple commitment for CEOs across the inquiry: one day a quarter "
            "working alongside a frontline team - not inspecting, just doing and listening - "
            "then sharing what you learned at the next board meeting.\n\n"
            "It costs nothing but time, and it keeps a line of sight between decisions made in "
            "meetings and what happens to a tenant whose boiler has broken in February."
        ),
        "status": "open",
        "days_ago": 22,
        "voters": ["amara", "tom", "ruth", "fiona", "sean", "helen", "oliver", "tunde", "patrice"],
        "comments": [
            {
                "author": "patrice",
                "stance": "for",
                "body": (
                    "Do it - and go on the awkward shifts, not a nice Tuesday morning. Our staff "
                    "respect leaders who turn up at 9pm on a Friday."
                ),
                "days_ago": 19,
                "replies": [],
            },
            {
                "author": "nadia",
                "stance": "against",
                "body": (
                    "In a small charity I'm already on the floor most days - that's part of the "
                    "problem! This works for large organisations, but for small ones the "
                    "challenge is the opposite: finding time to step back and think "
                    "strategically."
                ),
                "days_ago": 15,
                "replies": [],
            },
        ],
    },
    # ------------------------------------------------------------------
    # Wellbeing and burnout of leaders
    # ------------------------------------------------------------------
    {
        "key": "reflective-supervision-ceos",
        "theme": "wellbeing-and-burnout",
        "author": "fiona",
        "title": "Funded reflective supervision for chief executives of small charities",
        "body": (
            "Frontline staff in good organisations get supervision. CEOs of small charities "
            "usually get nothing. We hold safeguarding decisions, staff crises, funding cliffs "
            "and grief (in recovery services, we lose people) - and we're expected to process "
            "all of it alone, or at the kitchen table.\n\n"
            "I'd like a funded scheme offering CEOs of charities with an income under £1m one "
            "hour of reflective supervision a month with a trained, independent supervisor. At "
            "around £70 an hour, that's under £850 a year per leader - far less than the cost of "
            "a CEO going off sick or leaving.\n\n"
            "Supervisors could come from counselling and psychotherapy backgrounds with "
            "experience of the sector, and the scheme could be run by an infrastructure body so "
            "that it stays confidential from boards and funders."
        ),
        "status": "open",
        "days_ago": 85,
        "voters": [
            "amara",
            "gareth",
            "priya",
            "callum",
            "siobhan",
            "david",
            "imran",
            "joanne",
            "kwame",
            "lowri",
            "nadia",
            "patrice",
            "ben",
            "zainab",
            "mei",
            "grace",
            "sean",
        ],
        "comments": [
            {
                "author": "zainab",
                "stance": "for",
                "body": (
                    "Supervision kept me in my job. Our team works with people who have survived "
                    "torture and trafficking, and I was carrying their stories home every night. "
                    "When a funder paid for six months of supervision, it was the first time I'd "
                    "had space to process any of it."
                ),
                "days_ago": 82,
                "replies": [],
            },
            {
                "author": "ruth",
                "stance": "neutral",
                "body": (
                    "As a chair, I'd be keen for our CEO to have this. But boards should be "
                    "honest that providing it is our responsibility, not only a funder's. Many "
                    "boards could find £850 a year if they thought of it as a core cost."
                ),
                "days_ago": 78,
                "replies": [
                    {
                        "author": "fiona",
                        "stance": "for",
                        "body": (
                            "Totally agree, Ruth - I'd love more boards to see it that way. The "
                            "funded scheme is for the many who can't, or who don't yet see it as "
                            "core."
                        ),
                        "days_ago": 75,
                    },
                ],
            },
            {
                "author": "tom",
                "stance": "against",
                "body": (
                    "I'm not against supervision, but I'd question making this a separate "
                    "scheme. Peer support, coaching and supervision are blurring together across "
                    "these ideas. Could we fund one flexible 'leader support' budget and let "
                    "leaders choose what helps them?"
                ),
                "days_ago": 68,
                "replies": [
                    {
                        "author": "grace",
                        "stance": "neutral",
                        "body": (
                            "Choice is good, but supervision isn't the same as coaching or peer "
                            "support - it's specifically for the emotional weight of the work. "
                            "I'd want it named, so it doesn't get crowded out."
                        ),
                        "days_ago": 64,
                    },
                ],
            },
            {
                "author": "helen",
                "stance": "for",
                "body": (
                    "Our community foundation would be interested in co-funding a pilot. It's "
                    "exactly the sort of investment in leaders that rarely makes it into grant "
                    "applications, because applicants assume we'll say no."
                ),
                "days_ago": 50,
                "replies": [],
            },
        ],
    },
    {
        "key": "clinical-supervision-budget",
        "theme": "wellbeing-and-burnout",
        "author": "zainab",
        "title": "Clinical supervision budget for leaders who hold safeguarding and trauma",
        "body": (
            "Leaders in refugee, domestic abuse, homelessness and recovery organisations carry "
            "vicarious trauma. We make safeguarding decisions late at night and hear the hardest "
            "stories the people we support tell.\n\n"
            "I'd like funders to include a clinical supervision line in grant budgets as "
            "standard for organisations working with trauma, covering the CEO and senior "
            "managers as well as frontline staff - roughly £1,000 per person per year.\n\n"
            "This would be more reliable than one-off wellbeing grants, which disappear after a "
            "year and leave leaders without support just when they've started to rely on it."
        ),
        "status": "open",
        "days_ago": 28,
        "voters": ["fiona", "grace", "siobhan", "callum", "nadia", "patrice", "kwame"],
        "comments": [
            {
                "author": "rhiannon",
                "stance": "neutral",
                "body": (
                    "This is very similar to Fiona's reflective supervision idea. The difference "
                    "seems to be building it into grant budgets rather than a central scheme - "
                    "perhaps both routes are needed?"
                ),
                "days_ago": 25,
                "replies": [],
            },
            {
                "author": "siobhan",
                "stance": "for",
                "body": (
                    "Both routes, definitely. For women's organisations supervision isn't a "
                    "perk - it's how we stay safe to practise."
                ),
                "days_ago": 20,
                "replies": [],
            },
        ],
    },
    {
        "key": "sabbatical-fund",
        "theme": "wellbeing-and-burnout",
        "author": "ben",
        "title": "A sector sabbatical fund: three months' paid leave after seven years as CEO",
        "body": (
            "Leaders of small social enterprises and charities rarely take more than a week off "
            "at a time, and many never have a proper break in a decade. By the time they leave - "
            "often burnt out - the organisation has depended on them so heavily that succession "
            "becomes a crisis.\n\n"
            "A sabbatical fund would pay for three months' leave for long-serving CEOs, plus the "
            "cost of an interim or acting-up arrangement. The sabbatical also tests the "
            "organisation's resilience and gives the next layer of leaders real experience.\n\n"
            "Funded by a group of funders, with perhaps ten sabbaticals a year across the UK, "
            "this would cost around £300k a year - less than the cost of a handful of "
            "organisations collapsing because a founder leaves suddenly."
        ),
        "status": "declined",
        "days_ago": 105,
        "voters": [
            "amara",
            "gareth",
            "fiona",
            "lowri",
            "imran",
            "patrice",
            "sean",
            "siobhan",
            "grace",
            "zainab",
            "tom",
            "callum",
            "nadia",
        ],
        "comments": [
            {
                "author": "marcus",
                "stance": "for",
                "body": (
                    "Some independent funders already do this for small numbers of leaders, and "
                    "the evaluations are strongly positive - especially on succession. It would "
                    "be good to see it scaled up."
                ),
                "days_ago": 100,
                "replies": [],
            },
            {
                "author": "oliver",
                "stance": "against",
                "body": (
                    "I see the appeal, but £300k for ten people is a hard sell when the same "
                    "money could fund a year of supervision for over 300 leaders. I'd prioritise "
                    "broad, preventative support over deep support for a few."
                ),
                "days_ago": 95,
                "replies": [],
            },
            {
                "author": "admin",
                "stance": "neutral",
                "body": (
                    "Thank you for the discussion. The steering group has **declined** this as "
                    "an inquiry action because it needs funding on a scale the inquiry can't "
                    "commit to. We've passed the idea and this thread to the funders' forum, and "
                    "the supervision ideas in this theme will take forward the preventative "
                    "support Oliver describes."
                ),
                "days_ago": 60,
                "replies": [],
            },
        ],
    },
    {
        "key": "four-day-week-pilot",
        "theme": "wellbeing-and-burnout",
        "author": "amara",
        "title": "Pilot a four-day week for leadership teams in ten willing organisations",
        "body": (
            "Burnout among leaders isn't just about individual resilience - it's about how work "
            "is designed. Several UK organisations have trialled a four-day week on full pay and "
            "reported better wellbeing with no drop in output.\n\n"
            "I'd like ten organisations from this inquiry to pilot a four-day week for their "
            "leadership teams (and ideally everyone) for six months, with a light evaluation "
            "covering:\n\n"
            "- sickness absence and staff turnover\n"
            "- delivery against targets\n"
            "- how leaders themselves feel\n\n"
            "The results would give the sector real evidence, rather than guessing whether it's "
            "affordable for organisations like ours."
        ),
        "status": "open",
        "days_ago": 42,
        "voters": ["nadia", "grace", "imran", "sean", "patrice", "lowri"],
        "comments": [
            {
                "author": "david",
                "stance": "against",
                "body": (
                    "We'd struggle with this in housing - repairs and tenancy support run every "
                    "day, and a four-day week for leaders can just mean managers' work shifts to "
                    "Friday on-call. I'm interested in the evidence, but I'd want the pilot to "
                    "include organisations with 24/7 services, not just office-based ones."
                ),
                "days_ago": 38,
                "replies": [
                    {
                        "author": "amara",
                        "stance": "neutral",
                        "body": (
                            "That's a good challenge, and exactly why I'd want the pilot mixed. "
                            "If it only works for office-based charities, that's worth knowing "
                            "too."
                        ),
                        "days_ago": 36,
                    },
                ],
            },
            {
                "author": "imran",
                "stance": "for",
                "body": (
                    "We moved to a 32-hour week at our café two years ago. It took three months "
                    "to redesign the rotas, but sickness fell by half and we haven't lost a chef "
                    "since. Happy to share what we learned."
                ),
                "days_ago": 33,
                "replies": [],
            },
            {
                "author": "ruth",
                "stance": "neutral",
                "body": (
                    "Boards will need support with this. Trustees worry - understandably - about "
                    "what funders will say if staff work fewer hours on the same grant. A letter "
                    "from funders saying they're open to pilots would help."
                ),
                "days_ago": 26,
                "replies": [
                    {
                        "author": "helen",
                        "stance": "neutral",
                        "body": (
                            "Most funders care about outcomes, not hours worked. I'd be happy to "
                            "say that publicly if it helps boards feel more confident."
                        ),
                        "days_ago": 24,
                    },
                ],
            },
        ],
    },
    {
        "key": "no-weekend-emails-pact",
        "theme": "wellbeing-and-burnout",
        "author": "nadia",
        "title": "A sector pact: no funder or council emails expecting weekend replies",
        "body": (
            "Friday 5pm emails from funders and commissioners asking for 'a quick response by "
            "Monday' are routine. For small charity leaders, that means the weekend is gone.\n\n"
            "I'd like funders, councils and infrastructure bodies in the inquiry to sign a short "
            "pact:\n\n"
            "- no deadlines set for a Monday or the day after a bank holiday\n"
            "- at least ten working days for any information request that isn't urgent\n"
            "- no expectation of replies outside working hours\n\n"
            "It costs nothing. It signals that the people with power in the relationship take "
            "leaders' wellbeing seriously."
        ),
        "status": "open",
        "days_ago": 19,
        "voters": [
            "amara",
            "gareth",
            "priya",
            "callum",
            "siobhan",
            "imran",
            "kwame",
            "lowri",
            "patrice",
            "fiona",
            "ben",
            "zainab",
            "mei",
            "grace",
            "sean",
        ],
        "comments": [
            {
                "author": "oliver",
                "stance": "for",
                "body": (
                    "Guilty as charged - often because our own deadlines come down from above. "
                    "I'll happily take this to our team as a commitment. Ten working days is "
                    "reasonable for almost everything we ask for."
                ),
                "days_ago": 16,
                "replies": [
                    {
                        "author": "nadia",
                        "stance": "for",
                        "body": (
                            "Thank you, Oliver. That would make a real difference for groups "
                            "like ours, where the CEO is also the person answering the emails."
                        ),
                        "days_ago": 15,
                    },
                ],
            },
            {
                "author": "marcus",
                "stance": "neutral",
                "body": (
                    "We'll sign. One addition: funders should publish their decision dates and "
                    "stick to them. Not knowing whether a grant will come through is probably a "
                    "bigger source of stress than weekend emails."
                ),
                "days_ago": 12,
                "replies": [],
            },
        ],
    },
    {
        "key": "redundancy-peer-circles",
        "theme": "wellbeing-and-burnout",
        "author": "imran",
        "title": "Confidential peer support circles for CEOs going through redundancies",
        "body": (
            "Making colleagues redundant is one of the loneliest things a leader does. You can't "
            "talk to your staff, your board is often part of the decision, and funders are the "
            "last people you want to confide in.\n\n"
            "I'd like small, confidential peer circles - six leaders, facilitated, meeting "
            "monthly for six months - specifically for leaders going through restructures, "
            "service closures or redundancies. The focus would be both practical (how others "
            "handled consultation, what they'd do differently) and personal.\n\n"
            "With grant cuts continuing, demand for this is only going to grow."
        ),
        "status": "in_progress",
        "days_ago": 55,
        "voters": [
            "fiona",
            "grace",
            "tom",
            "david",
            "sean",
            "amara",
            "kwame",
            "lowri",
            "zainab",
            "rhiannon",
        ],
        "comments": [
            {
                "author": "tunde",
                "stance": "for",
                "body": (
                    "We ran two of these at Leadership Exchange North last year. Leaders told us "
                    "it was the only place they could be completely honest. It's worth having a "
                    "facilitator with HR knowledge as well as coaching skills."
                ),
                "days_ago": 50,
                "replies": [
                    {
                        "author": "lowri",
                        "stance": "for",
                        "body": (
                            "I was in one of those circles and would strongly recommend it. I "
                            "came out with a plan, and a lot less guilt."
                        ),
                        "days_ago": 47,
                    },
                ],
            },
            {
                "author": "admin",
                "stance": "neutral",
                "body": (
                    "This is now **in progress**. Leadership Exchange North and Valleys "
                    "Voluntary Action are running the first two circles this term, with places "
                    "prioritised for leaders of organisations with an income under £500k. "
                    "Expressions of interest are open via the resources page."
                ),
                "days_ago": 10,
                "replies": [],
            },
        ],
    },
    {
        "key": "wellbeing-pulse-survey",
        "theme": "wellbeing-and-burnout",
        "author": "tunde",
        "title": "An anonymous annual wellbeing pulse survey of social-sector leaders",
        "body": (
            "We talk a lot about leader burnout, but we have little consistent evidence about "
            "how leaders in our sector are actually doing, or whether anything we try makes a "
            "difference.\n\n"
            "I'm suggesting a short, anonymous survey every year - ten questions at most - "
            "covering workload, hours, sickness, the support available and intention to leave. "
            "Results would be published by region and organisation size, so that funders and "
            "infrastructure bodies can see where pressure is greatest.\n\n"
            "Leadership Exchange North could host it, with help from other infrastructure "
            "bodies to reach small and rural groups. It would take leaders five minutes and "
            "give us a baseline for everything else in this theme."
        ),
        "status": "open",
        "days_ago": 8,
        "voters": [],
        "comments": [],
    },
    # ------------------------------------------------------------------
    # Governance and trustee boards
    # ------------------------------------------------------------------
    {
        "key": "trustee-matching-young",
        "theme": "governance-and-boards",
        "author": "patrice",
        "title": "Trustee matching service for under-30s and people with lived experience",
        "body": (
            "Trustee boards are, on average, older and less diverse than the communities "
            "charities serve, and young people are badly under-represented. Yet the young people "
            "we've supported at Hulme Roots are sharp, committed and full of ideas about how "
            "charities should be run.\n\n"
            "A matching service would:\n\n"
            "- recruit and prepare under-30s and people with lived experience to become "
            "trustees\n"
            "- match them with boards that have genuinely committed to making space for them\n"
            "- offer both sides a short induction, and a buddy on the board for the first year\n\n"
            "The buddy matters. The main reason young trustees leave is feeling like the token "
            "young person in a room full of accountants."
        ),
        "status": "open",
        "days_ago": 96,
        "voters": [
            "amara",
            "nadia",
            "grace",
            "sean",
            "zainab",
            "kwame",
            "ruth",
            "joanne",
            "fiona",
            "mei",
            "lowri",
            "siobhan",
            "rhiannon",
            "tunde",
        ],
        "comments": [
            {
                "author": "ruth",
                "stance": "for",
                "body": (
                    "We recruited two trustees under 25 last year and they have transformed our "
                    "board conversations. We did have to change things - evening meetings, an "
                    "online option, papers that aren't 80 pages long. Boards need to be ready to "
                    "adapt, not just to recruit."
                ),
                "days_ago": 92,
                "replies": [
                    {
                        "author": "patrice",
                        "stance": "for",
                        "body": (
                            "That's exactly it - the matching service should help boards make "
                            "those changes before the new trustee arrives, not after they leave."
                        ),
                        "days_ago": 90,
                    },
                ],
            },
            {
                "author": "david",
                "stance": "neutral",
                "body": (
                    "Supportive. A practical point: many housing association boards pay their "
                    "members, which can draw talented young people away from unpaid charity "
                    "boards. It's worth being open about that tension."
                ),
                "days_ago": 80,
                "replies": [],
            },
            {
                "author": "joanne",
                "stance": "for",
                "body": (
                    "Our CVS already runs a trustee brokerage service, but it's mostly retired "
                    "professionals who sign up. Partnering with youth organisations like "
                    "Patrice's would reach people we never hear from."
                ),
                "days_ago": 67,
                "replies": [],
            },
        ],
    },
    {
        "key": "paying-lived-experience-trustees",
        "theme": "governance-and-boards",
        "author": "grace",
        "title": "Simplify the route to paying trustees with lived experience for their time",
        "body": (
            "Most charities can't pay their trustees unless their governing document allows it "
            "or the Charity Commission gives permission. That protects against conflicts of "
            "interest, and I understand why. But it also means people with lived experience, "
            "who may be on low incomes or benefits, are effectively asked to give their time "
            "for free - while others around the table are often there as part of a salaried "
            "career.\n\n"
            "I'd like the inquiry to:\n\n"
            "- produce clear guidance on what small charities can already do (expenses, paid "
            "advisory roles, payment for specific services)\n"
            "- make the case to the Charity Commission for a simpler route for small charities "
            "to pay trustees with lived experience a modest amount\n\n"
            "The [current guidance on trustee payments](https://example.org/guidance/trustee-payments) "
            "sets out the rules as they stand."
        ),
        "status": "open",
        "days_ago": 72,
        "voters": [
            "fiona",
            "siobhan",
            "kwame",
            "patrice",
            "zainab",
            "nadia",
            "sean",
            "callum",
            "mei",
            "amara",
            "helen",
            "tunde",
        ],
        "comments": [
            {
                "author": "ruth",
                "stance": "against",
                "body": (
                    "As a chair, I'm torn. Trustee independence matters precisely because we have "
                    "no personal financial interest. Paying some trustees and not others can "
                    "create a two-tier board, and the conflict of interest paperwork is heavier "
                    "than people realise. I'd rather see well-paid advisory panels with real "
                    "influence, and generous expenses for all trustees."
                ),
                "days_ago": 68,
                "replies": [
                    {
                        "author": "grace",
                        "stance": "neutral",
                        "body": (
                            "I understand that, Ruth, but advisory panels too often become a "
                            "place to put lived experience so it doesn't have to sit at the real "
                            "table. I'd want the option, with safeguards, rather than a blanket "
                            "no."
                        ),
                        "days_ago": 65,
                    },
                    {
                        "author": "ruth",
                        "stance": "neutral",
                        "body": (
                            "That's a fair challenge. If panels are part of the answer, they "
                            "need a formal route to the board - not just a report once a year."
                        ),
                        "days_ago": 62,
                    },
                ],
            },
            {
                "author": "kwame",
                "stance": "for",
                "body": (
                    "For disabled trustees, 'expenses only' often doesn't cover the real cost of "
                    "taking part. Payment recognises the time, and the extra effort it takes just "
                    "to be in the room."
                ),
                "days_ago": 60,
                "replies": [],
            },
            {
                "author": "marcus",
                "stance": "neutral",
                "body": (
                    "Many small charities already have the power to pay expenses and just don't "
                    "use it generously. Clear guidance on expenses - including care costs and "
                    "loss of earnings where permitted - would solve part of the problem quickly, "
                    "while the bigger policy question is worked through."
                ),
                "days_ago": 50,
                "replies": [],
            },
            {
                "author": "oliver",
                "stance": "neutral",
                "body": (
                    "Worth checking the benefits implications carefully. A modest payment can "
                    "affect Universal Credit or disability benefits, so trustees need good, "
                    "independent advice before they accept."
                ),
                "days_ago": 37,
                "replies": [],
            },
        ],
    },
    {
        "key": "chair-ceo-agreement",
        "theme": "governance-and-boards",
        "author": "ruth",
        "title": "A written chair-CEO agreement covering support, boundaries and appraisal",
        "body": (
            "Many of the crises I've seen in small charities began with an unclear relationship "
            "between the chair and the chief executive. Who does the CEO go to when they're "
            "struggling? How often should the chair be in touch? Who appraises the CEO, and "
            "how?\n\n"
            "I'm suggesting a simple two-page template that chairs and CEOs fill in together "
            "when either is new in post, and review every year:\n\n"
            "- how often they meet and how they communicate\n"
            "- what the CEO can decide without the board\n"
            "- how the CEO's wellbeing and development will be supported\n"
            "- how appraisal will work and who else is involved\n\n"
            "It's not a legal document. It's a conversation, written down."
        ),
        "status": "done",
        "days_ago": 60,
        "voters": ["amara", "fiona", "tom", "joanne", "sean", "helen", "imran", "kwame", "tunde"],
        "comments": [
            {
                "author": "amara",
                "stance": "for",
                "body": (
                    "I wish I'd had this in my first year. My chair and I had completely "
                    "different ideas about how often we'd talk, and it caused a lot of friction "
                    "for months before either of us said anything."
                ),
                "days_ago": 56,
                "replies": [],
            },
            {
                "author": "admin",
                "stance": "neutral",
                "body": (
                    "This is now **done**. Ruth and a small group of chairs and CEOs drafted the "
                    "template, and it's available in the Common Ground resources section. Thank "
                    "you to everyone who tested it."
                ),
                "days_ago": 12,
                "replies": [],
            },
        ],
    },
    {
        "key": "trustee-induction-pack",
        "theme": "governance-and-boards",
        "author": "joanne",
        "title": "A plain-English trustee induction pack every small charity can adapt",
        "body": (
            "New trustees are often handed a pile of policies, the last annual accounts and a "
            "copy of the constitution, then expected to make decisions at their first meeting. "
            "It's no surprise many feel lost for a year.\n\n"
            "A plain-English induction pack, written with trustees from small charities, could "
            "cover trustee duties, reading the accounts, safeguarding, conflicts of interest and "
            "how to challenge constructively. It would be free and editable, with a short "
            "checklist for chairs.\n\n"
            "It would also help boards recruit more widely, because people who've never been a "
            "trustee are often put off by how complicated it sounds."
        ),
        "status": "open",
        "days_ago": 36,
        "voters": ["ruth", "kwame", "patrice", "mei", "gareth", "ben", "siobhan", "rhiannon"],
        "comments": [
            {
                "author": "ruth",
                "stance": "for",
                "body": (
                    "Please include a page on reading the accounts that doesn't assume any "
                    "finance background. It's the most common worry I hear from new trustees."
                ),
                "days_ago": 33,
                "replies": [],
            },
            {
                "author": "mei",
                "stance": "for",
                "body": (
                    "A version in simpler English, and translated into community languages, "
                    "would help us recruit trustees from our own community."
                ),
                "days_ago": 28,
                "replies": [],
            },
        ],
    },
    {
        "key": "board-skills-review",
        "theme": "governance-and-boards",
        "author": "kwame",
        "title": "Boards review their skills every two years, including lived experience and digital",
        "body": (
            "Most boards only think about skills when someone leaves. I'd like every board in "
            "the inquiry to complete a short skills and experience review every two years, and "
            "publish a summary in its annual report.\n\n"
            "The review should include lived experience of the issues the charity works on, "
            "digital and data skills, and knowledge of the communities served - not only "
            "finance, legal and HR. It would give boards a clear basis for recruitment and help "
            "them spot gaps before a crisis rather than after."
        ),
        "status": "open",
        "days_ago": 26,
        "voters": ["ruth", "grace", "joanne"],
        "comments": [
            {
                "author": "sean",
                "stance": "neutral",
                "body": (
                    "Agree in principle, but skills audits can become a tick-box exercise. The "
                    "follow-up matters more: what the board actually does about the gaps it "
                    "finds."
                ),
                "days_ago": 20,
                "replies": [],
            },
        ],
    },
    {
        "key": "ceo-360-appraisal",
        "theme": "governance-and-boards",
        "author": "sean",
        "title": "Annual 360-degree appraisal for CEOs including staff and service users",
        "body": (
            "In many small charities the CEO's appraisal is a conversation with the chair once a "
            "year, if it happens at all. That misses the people who see the CEO's leadership "
            "most clearly: staff, volunteers and, in our case, young people.\n\n"
            "I'd like boards to use a simple 360-degree appraisal for their CEO, including "
            "anonymous feedback from staff and, where appropriate, from the people the "
            "organisation works with. The inquiry could share a template and guidance on doing "
            "it safely and fairly, so that it supports the CEO's development rather than "
            "becoming a weapon in a difficult relationship."
        ),
        "status": "open",
        "days_ago": 5,
        "voters": [],
        "comments": [],
    },
]
