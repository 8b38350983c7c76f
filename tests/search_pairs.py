"""Labelled pairs of ideas for evaluating "similar ideas" suggestions and duplicate detection.

Common Ground shows a proposer the ideas that look like theirs, so that people join an
existing proposal instead of starting a parallel one. This module is the yardstick for that
feature: plain data, no app imports, no database.

Each ``Pair`` holds two ideas written as different people would post them on the forum, with
a label:

* ``duplicate=True``: the same proposal phrased differently (other title wording, synonyms
  such as "trustees" / "board members" or "burnout" / "exhaustion", a different structure).
  Most share a handful of key words; some (marked ``# hard``) share very little.
* ``duplicate=False``: a near miss. Same theme and several shared words, but a different
  proposal ("shared HR advice line" vs "shared payroll service"). Suggesting one for the
  other is tolerable as a "similar idea" but wrong as a duplicate warning.

Pairs cover the six themes of the forum: developing leaders when budgets are cut, sharing
resources across organisations, inclusive access to leadership development, a line of sight
to social impact, wellbeing and burnout of leaders, and governance and trustee boards.

``CORPUS`` is every idea in ``PAIRS`` (in order, without repeats). The benchmark loads the
whole corpus as existing ideas, uses each side of every duplicate pair as a query and prints
precision@5 (how much of the top five is the labelled partner rather than a near miss or
noise) and recall (how often the partner is suggested at all); near-miss pairs measure how
often the duplicate threshold fires when it should not. Tests assert quality floors on the
same numbers, so a change to the similarity code that makes suggestions worse fails CI.

When editing: keep every idea's text distinct, and keep every proposal unique across the
whole corpus (an unlabelled duplicate between two different pairs would be scored as a
false positive). Titles are 25-100 characters, bodies 25-90 words, British spelling.
"""

from typing import NamedTuple


class Idea(NamedTuple):
    title: str
    body: str


class Pair(NamedTuple):
    a: Idea
    b: Idea
    # True: the same proposal phrased differently;
    # False: a near miss on the same theme that is a different proposal.
    duplicate: bool


PAIRS: list[Pair] = [
    # --- Developing leaders when budgets are cut -------------------------------------------------
    Pair(
        Idea(
            "Free action learning sets for managers across local charities",
            "Our training budget has gone, but the problems haven't. I propose **action learning "
            "sets**: six managers from different local charities meet monthly for half a day, "
            "each brings a live challenge, and the others ask questions rather than give advice. "
            "The CVS could host and train a few volunteer facilitators. The only costs are a room "
            "and a kettle.",
        ),
        Idea(
            "Cross-charity problem-solving circles instead of paid leadership courses",
            "Paid courses are off the table for most of us this year. What if managers from "
            "neighbouring organisations formed small circles that meet every few weeks, each "
            "person bringing a real dilemma from work for the group to question and reflect on? "
            "Rotate the hosting, agree confidentiality and use a trained facilitator for the "
            "first sessions. Learning from peers' real situations often beats a classroom anyway.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Short secondments between charities as a no-cost development route",
            "Secondments are one of the cheapest ways to stretch people. Two organisations agree "
            "to swap a middle manager for three months; salaries stay where they are, so nobody "
            "pays extra. The secondee gets new problems, a new culture and a wider network, and "
            "the host gets fresh eyes. A simple template agreement covering safeguarding, data "
            "and line management would make it easy.",
        ),
        Idea(
            "Swap staff with a partner organisation to grow leaders without a training budget",
            "We have no money for leadership programmes but plenty of good people. I'd like a few "
            "organisations in the network to exchange staff for a fixed period, say a quarter, "
            "each continuing to pay their own employee. Someone who has only ever worked in a "
            "housing association spends time in a food bank or a youth charity, and comes back "
            "with far more rounded judgement.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Let deputies shadow the chief executive for a week",
            "Succession planning doesn't need a budget. Invite a deputy or head of service to "
            "shadow the CEO for a full week: board meetings, funder calls, difficult HR "
            "conversations, the lot. Follow it with an hour's debrief. It demystifies the top job "
            "and shows people whether they really want it.",
        ),
        Idea(
            "Sit-in rotation: aspiring leaders observe senior decisions first-hand",
            "Most of our emerging managers never see how strategic decisions actually get made. "
            "Each month, one of them could attend senior team and trustee meetings as an "
            "observer, join the director on a commissioning negotiation, and then talk through "
            "what they saw and why choices were made. It costs nothing except a little of the "
            "director's time.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Funders should accept leadership development as part of full cost recovery",
            "Staff development keeps being cut because it's seen as overhead. Funders and "
            "commissioners should explicitly accept a **learning and development line** in grant "
            "budgets as part of full cost recovery, say 2% of staff costs. It is a legitimate "
            "core cost of delivering good services, and making it standard would stop it being "
            "the first thing to go.",
        ),
        Idea(
            "Build staff training costs into every grant application as a core cost",
            "Every bid we write strips out training so that we look lean. I'd like grant-makers "
            "to say publicly that they expect applicants to include a modest allowance for "
            "developing staff and managers, and that it won't count against value for money. If "
            "the big local funders signed up, commissioners might follow.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Pro bono coaching for charity managers from private-sector coaches",
            "Lots of qualified coaches in local businesses want to volunteer their skills. A "
            "simple scheme could pair them with charity team leaders for six one-to-one coaching "
            "sessions. Our infrastructure body would vet the coaches, handle introductions and "
            "collect feedback. Managers who would never get coaching on a shoestring budget would "
            "get proper, confidential support.",
        ),
        Idea(
            "Match volunteer executive coaches from local firms with our team leaders",
            "Corporate volunteering usually means painting a community centre. Far more useful "
            "would be accredited coaches from companies giving a few hours a month to work "
            "individually with charity managers on their leadership. We just need someone to "
            "broker the matches and keep the quality up.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Peer mentoring circles for newly appointed charity CEOs",
            "Being a first-time chief executive is lonely. New CEOs in their first two years "
            "could join a small circle with three experienced CEOs who act as mentors, meeting "
            "every other month to talk through budgets, boards and staffing. Free to join and run "
            "through the local CVS.",
        ),
        Idea(
            "Reverse mentoring: young people mentor charity CEOs",
            "Our chief executives rarely hear directly from the young people they serve. In "
            "reverse mentoring, a young person who uses the charity mentors the CEO for six "
            "months: on social media, on what services feel like from the inside, and on what "
            "they would change. The young person is paid for their time and gets a reference.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Use our own apprenticeship levy to fund leadership qualifications",
            "Larger charities and housing associations already pay the apprenticeship levy, and "
            "much of it expires unused. Management and leadership apprenticeships at levels 3 to "
            "7 can be funded from it, so existing managers can gain a recognised qualification "
            "with no extra training spend. We should make this standard practice.",
        ),
        Idea(
            "Large employers should transfer unused apprenticeship levy to small charities",
            "Big companies can transfer part of their unspent apprenticeship levy to other "
            "employers. A local brokerage could connect businesses that have unspent funds with "
            "small charities that want to put staff through apprenticeships but have no levy pot "
            "of their own.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Curated free online library of leadership learning for small charities",
            "There is a mountain of free leadership content (webinars, podcasts, guides) but "
            "nobody has time to sift it. A curated library, organised by topic such as managing "
            "people, finance, strategy and influencing, and tagged by level, would let managers "
            "on tight budgets find the good stuff in minutes. Volunteers could review and refresh "
            "it each quarter.",
        ),
        Idea(
            "Free self-assessment tool to help small charity managers spot leadership gaps",
            "Before spending scarce money on training, managers need to know what they actually "
            "need. A short online self-assessment, based on a simple leadership competency "
            "framework, would produce a personal development plan and suggest free or low-cost "
            "next steps. Anonymised results could be combined to show where the sector's biggest "
            "gaps are.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Stretch projects that give emerging leaders real responsibility",
            "When we can't afford courses, we can still give people real challenges. Each "
            "emerging leader takes on a time-limited stretch project (leading a bid, redesigning "
            "a service, chairing a working group) with a senior sponsor and clear objectives. "
            "Development happens on the job and the organisation gets the work done.",
        ),
        Idea(
            "Job rotation across departments for middle managers",
            "Middle managers often stay in one silo for years. A planned rotation, with six "
            "months each in fundraising, services and finance, would build the all-round "
            "understanding that senior roles need. It's budget-neutral because people are still "
            "doing necessary work, just in a different team.",
        ),
        duplicate=False,
    ),
    # --- Sharing resources across organisations --------------------------------------------------
    Pair(
        Idea(
            "Pooled training budget across a consortium of small charities",
            "On our own, none of us can afford a decent leadership programme. If ten small "
            "charities each put £1,000 into a **pooled training budget**, we could commission a "
            "programme tailored to the sector and negotiate a group rate. A rotating steering "
            "group would decide priorities each year.",
        ),
        Idea(
            "Club together: a shared fund so small groups can afford management courses",
            "Individually, small community organisations can't justify paying for management "
            "development. Together we could. I'm suggesting a shared fund that members pay into "
            "according to their size, used to buy course places and bring in trainers for joint "
            "sessions. The CVS could hold the money and report back on how it is spent.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Open up spare desks in our offices to other local groups",
            "Since hybrid working started, half our desks sit empty most days. We'd happily let "
            "volunteer-led groups and start-up social enterprises use them for free, along with "
            "the meeting room and wifi. A simple booking system and a licence agreement would "
            "cover it. Other organisations with spare space could do the same.",
        ),
        Idea(
            "Free hot-desking hub for community organisations in under-used buildings",
            "Many tiny charities work from kitchen tables. Bigger organisations, including "
            "housing associations, have floors that are quiet for much of the week. Let's create "
            "a network of hot-desking spaces where community groups can book a desk or meeting "
            "room at no cost, with a shared online calendar.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Equipment lending library between community groups",
            "Each group buys its own gazebo, PA system and folding tables, then uses them twice a "
            "year. An equipment lending library, listed online and stored at the community "
            "centre, would save money and storage space. Members borrow for free and pay only for "
            "damage.",
        ),
        Idea(
            "Borrow, don't buy: let groups share minibuses, marquees and sound kit",
            "There's a minibus parked at our youth club most weekends while another group down "
            "the road hires one at great expense. A simple arrangement (an online list of what "
            "each organisation owns, when it's free, and an agreed contribution towards fuel and "
            "wear) would stretch everyone's money further.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "One data protection officer shared across several small charities",
            "Small charities struggle with GDPR, subject access requests and data breaches, but "
            "nobody can afford a specialist. Five or six organisations could jointly employ a "
            "part-time data protection officer, splitting the cost by size, who writes policies, "
            "trains staff and handles incidents.",
        ),
        Idea(
            "Joint privacy and information governance lead for a cluster of organisations",
            "Information governance keeps landing on the desk of an already overloaded operations "
            "manager. A cluster of local organisations could fund one expert to cover all of us: "
            "keeping privacy notices up to date, advising on consent and retention, and being on "
            "call when something goes wrong with personal data.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Skills swap directory between voluntary organisations",
            "Every organisation has expertise that another one lacks. A skills swap directory "
            "would let staff offer what they are good at (budgeting, social media, safeguarding "
            "policy, bid writing) and ask for help in return. No money changes hands; it's about "
            "reciprocity.",
        ),
        Idea(
            "Time-banking professional know-how across the sector",
            "I'd like a time bank for professional expertise: our finance manager gives two hours "
            "helping a youth group with its accounts, and earns two hours she can spend on, say, "
            "a comms officer reviewing our website. Credits, not cash. The CVS could run the "
            "platform and keep track.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Shared HR advice line for small charities",
            "Small charities rarely have an HR manager, so a disciplinary or a grievance can "
            "consume a CEO for weeks. A shared HR advice line, funded by member subscriptions, "
            "would give any member organisation access to a qualified adviser by phone, plus "
            "template policies and contracts.",
        ),
        Idea(
            "Shared payroll service for small charities",
            "Running payroll in-house is a headache for small charities: pension auto-enrolment, "
            "statutory sick pay, tax deadlines. A shared payroll service run by one larger member "
            "organisation would process salaries for the others for a small monthly fee per "
            "employee.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Joint bid-writing team for a consortium of local charities",
            "A consortium of local charities could jointly employ two experienced bid writers. "
            "They would write applications for members in turn and lead on consortium bids for "
            "larger contracts and commissioning opportunities that no single member could "
            "deliver.",
        ),
        Idea(
            "Shared library of successful funding bids for local charities",
            "Bids that won funding are gold dust. A shared, searchable library of successful "
            "applications, with budgets, outcomes and funder feedback, would help smaller "
            "organisations learn what good looks like. Members contribute one bid a year to get "
            "access.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Group purchasing of insurance for small charities",
            "Insurance premiums have shot up. Buying as a group (public liability, employers' "
            "liability, trustee indemnity) would give small charities negotiating power and a "
            "broker who understands the sector. The CVS could lead the tender.",
        ),
        Idea(
            "Group purchasing of IT and cyber security for small charities",
            "Software licences, laptops and cyber security support cost far more when bought one "
            "organisation at a time. A buying group could negotiate charity discounts, pay for a "
            "shared IT support contract and run phishing training for all members.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Shared volunteer recruitment portal for local charities",
            "Would-be volunteers don't know where to start, and charities each advertise "
            "separately. One local portal listing every volunteering opportunity, searchable by "
            "cause, location and time commitment, would bring more people in and reduce "
            "duplicated effort.",
        ),
        Idea(
            "Joint volunteer induction and training programme for local charities",
            "Every charity runs its own volunteer induction covering safeguarding, health and "
            "safety and data protection. A joint programme run monthly by the CVS would cover the "
            "common ground once, leaving each organisation to add only its role-specific "
            "training.",
        ),
        duplicate=False,
    ),
    # --- Inclusive access to leadership development ----------------------------------------------
    Pair(
        Idea(
            "Bursaries for racially minoritised managers to join leadership programmes",
            "People from racially minoritised backgrounds are badly under-represented in senior "
            "roles in our sector, and cost is one barrier. A bursary fund covering full fees and "
            "travel for leadership programmes, with a simple application and a mentor attached, "
            "would help change who reaches the top.",
        ),
        Idea(
            "Fully funded development places for Black, Asian and ethnic minority staff",
            "Our boards and senior teams don't reflect the communities we serve. Funders could "
            "sponsor free places on established leadership courses reserved for Black, Asian and "
            "minority ethnic managers, alongside sponsorship from a senior leader who commits to "
            "opening doors.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Reasonable adjustments built into leadership programmes by default",
            "Disabled participants shouldn't have to disclose and negotiate every time. "
            "Leadership programmes should build in **reasonable adjustments** from the start: "
            "materials sent in advance in accessible formats, captions on all video, step-free "
            "venues, quiet rooms, flexible pacing and the option to join remotely.",
        ),
        Idea(
            "Design leadership courses so disabled people never have to ask for access",
            "Too often, disabled managers find out on the day that a course venue has no lift or "
            "the slides can't be read by a screen reader. Course providers should make "
            "accessibility the standard design, not a favour granted on request, and test it with "
            "disabled people before launch.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Leadership pathway for staff with lived experience",
            "Many of our best frontline workers have lived experience of homelessness, addiction "
            "or the care system, yet few progress into management. A dedicated pathway (paid "
            "development time, a mentor, and support with things like formal writing and "
            "interviews) would turn lived experience into leadership.",
        ),
        Idea(
            "From service user to senior manager: growing our own from the people we support",
            "Some of our most effective staff once came through our doors needing help "
            "themselves. We should deliberately create routes for them to progress, through "
            "traineeships, coaching and ring-fenced places on management training, so that people "
            "who know our services from the inside end up running them.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Run leadership programmes in the regions, not just in London",
            "Almost every good leadership programme seems to run in central London, which means "
            "expensive train fares and overnight stays for anyone from the North, the South West "
            "or rural areas. Providers should deliver cohorts regionally and in partnership with "
            "local infrastructure bodies.",
        ),
        Idea(
            "Take development courses to where people are, outside the capital",
            "For a manager in Cumbria or Cornwall, a one-day course in the capital is a two-day "
            "trip and a hotel bill. Holding sessions in local hubs such as community centres, CVS "
            "offices and housing association meeting rooms would make leadership learning "
            "realistic for people who can't travel far.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Cover childcare and carer costs so parents can attend leadership training",
            "Residential and evening leadership courses quietly exclude parents and unpaid "
            "carers. Programme budgets should include childcare and replacement care costs, paid "
            "upfront rather than reimbursed weeks later, so that caring responsibilities are not "
            "a barrier to progression.",
        ),
        Idea(
            "Fund replacement care so unpaid carers don't miss out on development",
            "I look after my mum, so a two-day residential is impossible unless someone else "
            "covers her care. If funders and training providers paid for respite care or a "
            "nursery place while people attend, many more women and carers would apply for "
            "leadership programmes.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Paid leadership traineeships for young people from low-income backgrounds",
            "Young people from low-income backgrounds rarely get a foot in the door of charity "
            "management. A two-year paid traineeship, rotating through services, finance and "
            "fundraising with a leadership qualification at the end, would open up the pipeline.",
        ),
        Idea(
            "End unpaid internships across the voluntary sector",
            "Unpaid internships mean that only people who can afford to work for free get started "
            "in our sector. Organisations should commit to paying at least the real Living Wage "
            "for every internship and publicly pledge to end unpaid roles for young people.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Anonymised applications for leadership programmes",
            "Selection for competitive leadership programmes can be skewed by names, schools and "
            "job titles. Removing identifying details from applications and scoring against "
            "published criteria would make selection fairer for under-represented candidates.",
        ),
        Idea(
            "Publish diversity data on who gets onto leadership programmes",
            "We don't actually know who benefits from leadership development. Every programme "
            "provider and funder should publish annual data on the ethnicity, disability, gender, "
            "age and region of participants, so that gaps are visible and can be tackled.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Leadership development for volunteers, not just paid staff",
            "Volunteers chair our groups, coordinate rotas and run whole projects, yet they are "
            "never offered leadership development. Opening programmes to volunteer leaders, with "
            "expenses covered, would recognise that much of the sector is led by unpaid people.",
        ),
        Idea(
            "Leadership development for frontline workers, not just managers",
            "Leadership courses are usually reserved for people who already have management job "
            "titles. Support workers, caseworkers and receptionists lead every day too. Offering "
            "short development modules to frontline staff would widen the talent pool and help "
            "more people step up.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Leadership programme delivered in British Sign Language for Deaf leaders",
            "Deaf leaders usually have to follow training through an interpreter, which is tiring "
            "and loses nuance. A leadership programme designed and delivered directly in BSL by "
            "Deaf facilitators would be far more effective and would build a peer network.",
        ),
        Idea(
            "Shared BSL interpreter fund for small charities' public events",
            "Small charities want their public meetings, consultations and AGMs to be accessible "
            "to Deaf people but can't afford interpreters. A shared fund that any member can draw "
            "on to book BSL interpreters would make inclusion routine rather than occasional.",
        ),
        duplicate=False,
    ),
    # --- A line of sight to social impact --------------------------------------------------------
    Pair(
        Idea(
            "Report once: one common grant report accepted by all local funders",
            "Our small team writes eight different monitoring reports a year for eight funders, "
            "each asking much the same thing in a different format. Local grant-makers should "
            "agree a single common report and accept the one we've already written for someone "
            "else. The time saved could go back into delivery.",
        ),
        Idea(
            "Cut the reporting burden with a single template every grant-maker signs up to",
            "Monitoring and evaluation demands from funders take up days every quarter. If "
            "funders in the area agreed a standard annual and end-of-grant template, with the "
            "same headings and definitions, charities could produce it once and send it to all of "
            "them.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Show every member of staff how their daily work connects to outcomes",
            "Frontline staff often can't see the difference they make because the data disappears "
            "into funder reports. Simple team dashboards, updated monthly, showing outcomes for "
            "the people we support (tenancies sustained, jobs found, school attendance) would "
            "give everyone a **line of sight** from their work to our mission.",
        ),
        Idea(
            "Impact dashboards for frontline teams, not just the board",
            "Impact data in our organisation only goes upwards, to trustees and funders. I want "
            "to turn it round: visual dashboards in every team meeting, so support workers and "
            "volunteers see the results their effort contributes to and can suggest improvements.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Let the people we support define what success looks like",
            "Our outcome measures were written by funders and managers. We should run workshops "
            "with service users to agree what a good result means to them (feeling less isolated, "
            "having a say, being treated with respect) and measure those things alongside the "
            "funder's targets.",
        ),
        Idea(
            "Beneficiary-led impact measurement: indicators chosen with those who use services",
            "Impact measurement is usually done to communities rather than with them. Involving "
            "people with lived experience in choosing indicators, designing surveys and "
            "interpreting findings would make our evidence more honest and more meaningful.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Theory of change workshops for small charities run by the CVS",
            "Many small charities can describe their activities but struggle to explain how those "
            "lead to lasting change. Half-day theory of change workshops, run by the local CVS, "
            "would help groups map inputs, activities, outcomes and assumptions on one page they "
            "can reuse in bids.",
        ),
        Idea(
            "Help grassroots groups draw the link between what they do and the difference it makes",
            "Grassroots groups know their work matters, but funders keep asking 'so what?'. A "
            "facilitated session where a group sketches its pathway, from the activities it runs, "
            "to short-term changes for people, to long-term impact, would give them a clear story "
            "and a basis for deciding what to measure.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Pro bono data analysts to help charities make sense of their numbers",
            "We collect a lot of data in spreadsheets and case management systems, but nobody has "
            "the time or skills to analyse it. Volunteer data analysts from local universities "
            "and businesses could be matched with charities for short projects to turn that data "
            "into insight about impact.",
        ),
        Idea(
            "Volunteer data scientists paired with small charities for impact analysis",
            "Skilled data volunteers could spend a few weeks with a small charity cleaning its "
            "records, spotting trends in outcomes and setting up an analysis it can repeat each "
            "year. The charity learns what's working; the volunteer gets meaningful experience. A "
            "brokerage would manage the pairings.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Funders should pay for evaluation as part of full cost recovery",
            "Funders demand evidence of impact but rarely pay for the work of producing it. "
            "Grants should include a realistic budget for impact measurement (staff time, survey "
            "tools, data systems) as part of full cost recovery, rather than expecting it to "
            "appear from thin air.",
        ),
        Idea(
            "Funders should commission independent evaluations instead of self-reporting",
            "Self-reported outcomes have limited credibility. Instead of every grantee evaluating "
            "itself, funders could pool resources to commission independent evaluations of whole "
            "portfolios, sharing the findings openly with grantees and the wider sector.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Plain-English impact report written for the people we support",
            "Our annual impact report is written for funders. We should also produce a short, "
            "plain-English version for the people and communities we work with, showing what "
            "changed, what didn't, and what we'll do differently as a result of their feedback.",
        ),
        Idea(
            "Board-level impact report with key performance indicators for trustees",
            "Trustees often get activity statistics but not a clear view of impact. A quarterly "
            "board report with a handful of outcome KPIs, trends and red flags would help "
            "trustees hold the organisation to account for its mission, not just its finances.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Common outcomes framework for youth organisations in the county",
            "Every youth project measures something different, so nobody can say what youth work "
            "achieves across the county. A common outcomes framework, with six agreed outcomes "
            "and standard measures such as confidence and trusted relationships, would let us "
            "tell a collective story to commissioners.",
        ),
        Idea(
            "Shared case management system for youth organisations in the county",
            "Young people get passed between youth services and have to tell their story again "
            "each time. A shared case management system, used with consent, would let youth "
            "workers in different organisations see referrals and support history and coordinate "
            "their work.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Follow up with people a year after they leave our services",
            "We know how people are doing when they leave us but not whether the change lasts. A "
            "light-touch follow-up call or text survey twelve months later would show whether "
            "tenancies, jobs and recovery are sustained, which is the real test of long-term "
            "impact.",
        ),
        Idea(
            "Exit surveys for everyone leaving our services",
            "Feedback is collected inconsistently and mostly from people who had a good "
            "experience. A short exit survey for everyone finishing with a service, including "
            "those who drop out, would tell us what helped, what didn't, and who we're failing to "
            "reach.",
        ),
        duplicate=False,
    ),
    # --- Wellbeing and burnout of leaders --------------------------------------------------------
    Pair(
        Idea(
            "Funded clinical supervision for leaders of frontline charities",
            "Leaders in domestic abuse, homelessness and mental health charities absorb a huge "
            "amount of secondary trauma, yet clinical supervision is usually offered only to "
            "frontline staff, if at all. A funded scheme offering monthly reflective supervision "
            "with a qualified practitioner would help prevent burnout at the top.",
        ),
        Idea(
            "Pay for a trained supervisor to help managers process trauma from the work",
            "Managers hear the worst stories from their teams and rarely have anywhere to take "
            "them. Funders could pay for regular confidential sessions with a psychotherapist or "
            "counsellor trained in supervision, so that managers can offload, reflect and stay "
            "well enough to support others.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Pilot a four-day week for charity staff",
            "Burnout is driving good people out of the sector. Several organisations could pilot "
            "a **four-day week** for six months (same pay, same outcomes expected, 80% of the "
            "hours) and measure sickness absence, retention and service quality. If it works, "
            "it's a recruitment advantage we can offer without a pay rise.",
        ),
        Idea(
            "Trial 32 hours on full salary to tackle exhaustion and turnover",
            "We can't compete on salaries, but we could compete on time. I'd like a group of "
            "organisations to try cutting contracted hours to 32 with no loss of income, "
            "ruthlessly trimming meetings and low-value tasks, and then compare staff exhaustion, "
            "turnover and results with last year.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Sabbaticals for long-serving charity leaders",
            "Chief executives who have given ten years to an organisation are often running on "
            "empty. A paid sabbatical of three months, with a deputy stepping up as interim, "
            "would let leaders rest and come back renewed, and it's a great development "
            "opportunity for the deputy too.",
        ),
        Idea(
            "A paid three-month break for CEOs after seven years to prevent burnout",
            "Too many chief executives leave the sector exhausted after a decade. Boards should "
            "offer a fully paid career break after seven years' service. A small fund from local "
            "funders could cover the cost of interim cover for the smallest organisations.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Email curfew: no work messages in the evening or at weekends",
            "Leaders who send emails at 11pm set the culture for everyone. An organisation-wide "
            "email curfew, with no sending between 7pm and 7am or at weekends and scheduled send "
            "as the default, would protect rest. Emergencies go by phone to whoever is on call.",
        ),
        Idea(
            "Adopt a right-to-disconnect policy across the organisation",
            "Staff should be able to switch off once their working day ends without worrying "
            "about missing something. A written policy saying nobody is expected to read or "
            "answer work messages outside their contracted hours, backed by senior leaders "
            "modelling it, would reduce the always-on culture.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Shared pool of mental health first aiders for small charities",
            "Small organisations can't justify training their own mental health first aiders. A "
            "shared pool of trained staff from larger members, who agree to be on call for "
            "colleagues in small charities, would mean anyone struggling has someone to talk to, "
            "quickly and confidentially.",
        ),
        Idea(
            "Mental health first aid cover that tiny organisations can call on",
            "If you're one of three staff in a community group, there's no one trained to notice "
            "when a colleague is in crisis. Larger local organisations could train extra mental "
            "health first aiders and offer their time to staff in neighbouring groups who have "
            "nobody in-house.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Confidential peer support group for charity CEOs close to burnout",
            "Chief executives can't always be honest with their staff or trustees about how close "
            "they are to the edge. A small, closed group of CEOs meeting monthly with a "
            "facilitator, under strict confidentiality, would give leaders somewhere to admit "
            "they're struggling.",
        ),
        Idea(
            "A safe space where worn-out chief executives can talk to others in the same seat",
            "Running a charity can be lonely, and the people around you are either reporting to "
            "you or employing you. I'd value a regular, off-the-record gathering of leaders in "
            "the same position, where it's fine to say 'I'm not coping' and get understanding "
            "rather than advice.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Wellbeing check-ins as a standing item in every supervision",
            "Supervision tends to be all caseloads and targets. Making a short wellbeing check-in "
            "the first item in every one-to-one (workload, sleep, stress, what support would "
            "help) normalises the conversation and spots burnout early.",
        ),
        Idea(
            "Annual staff wellbeing survey benchmarked across the sector",
            "We each run our own staff survey and have no idea whether our results are good or "
            "bad. A common annual wellbeing survey used by many organisations would let us "
            "benchmark stress and workload against similar charities and track trends.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Recovery days for staff after a serious incident or crisis",
            "After a death, a safeguarding incident or a crisis weekend, staff are expected to "
            "carry on as normal. Granting a paid recovery day, plus a debrief, straight after "
            "serious incidents would acknowledge the emotional toll.",
        ),
        Idea(
            "Extra annual leave for staff in high-stress frontline roles",
            "People working in refuges, hostels and crisis services face relentless pressure. "
            "Giving them five extra days of annual leave compared with office-based roles would "
            "recognise the intensity of the work and help retention.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Boards should check in on the chief executive's wellbeing every quarter",
            "Trustees ask about finances and risks but rarely about the person carrying them. The "
            "chair, or a named trustee, should have a quarterly conversation with the CEO purely "
            "about workload, health and support, kept separate from performance.",
        ),
        Idea(
            "Boards should run a proper annual appraisal of the chief executive",
            "Many chief executives haven't had a meaningful appraisal in years. Boards should set "
            "objectives with the CEO annually, gather 360-degree feedback from staff and "
            "partners, and agree a development plan, as they would for any other employee.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Personal wellbeing budget of £200 a year for every staff member",
            "Give each member of staff a small annual budget to spend on whatever helps their "
            "wellbeing: a gym pass, therapy sessions, an art class. It treats staff as adults and "
            "recognises that wellbeing looks different for everyone.",
        ),
        Idea(
            "A protected wellbeing hour every week for every staff member",
            "One paid hour each week for something that supports wellbeing: a walk, a swim, a "
            "quiet lunch away from the screen. Managers block it in diaries and protect it, so "
            "that rest isn't just something people squeeze into their evenings.",
        ),
        duplicate=False,
    ),
    # --- Governance and trustee boards -----------------------------------------------------------
    Pair(
        Idea(
            "Recruit trustees under 30 onto charity boards",
            "The average trustee is over sixty. Boards should set a target to recruit at least "
            "two trustees under 30, advertise through youth networks and universities, and offer "
            "each new recruit a buddy from the existing board. Young people bring insight, "
            "digital skills and a long-term view.",
        ),
        Idea(
            "Getting people in their twenties onto governing bodies",
            "Young adults are rarely asked to govern the organisations that serve them. I'd like "
            "us to actively bring people in their twenties into governance roles, with training "
            "on finance and legal duties and meetings at times they can manage.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Sector-wide trustee induction pack",
            "Every charity reinvents its trustee induction, and some barely do one. A sector-wide "
            "pack covering legal duties, reading management accounts, safeguarding, conflicts of "
            "interest and the difference between governance and management would give new "
            "trustees a solid start. Each charity just adds its own specifics.",
        ),
        Idea(
            "Standard onboarding toolkit for new board members",
            "New board members often sit through three meetings before they understand what's "
            "going on. A ready-made welcome toolkit (short guides, a glossary, a jargon-free "
            "guide to the accounts and a checklist for the chair) could be adapted by any "
            "organisation.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Pay trustees of small charities so people on low incomes can serve",
            "Unpaid trusteeship favours retired professionals and people with flexible, well-paid "
            "jobs. Small charities should be able to pay trustees a modest fee for their time, "
            "with the regulator's permission made simpler, so that people on low incomes or "
            "benefits can afford to serve.",
        ),
        Idea(
            "Remunerate board members to widen who can govern",
            "If you're on a zero-hours contract, giving up evenings for unpaid governance means "
            "losing income. A small payment for board members, not just expenses, would open "
            "boards up to people who have the insight but not the financial cushion.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Annual board skills audit to find the gaps",
            "Boards rarely stop to check whether they have the right mix of expertise. An annual "
            "skills audit, in which each trustee rates themselves against a matrix of finance, "
            "legal, HR, safeguarding, digital and lived experience, would show the gaps and guide "
            "recruitment.",
        ),
        Idea(
            "Map what our governing body knows and what it's missing, once a year",
            "Before we advertise for a new treasurer or chair, we should know what knowledge the "
            "people round the table already bring. A yearly exercise listing competencies and "
            "experience, then comparing them against our strategy, would tell us exactly who to "
            "look for.",
        ),
        duplicate=True,
    ),
    Pair(  # hard
        Idea(
            "Brokerage service matching would-be trustees with local charities",
            "Lots of people would like to become trustees but don't know how, while charities "
            "struggle to fill board vacancies. A local brokerage, run by the CVS, could interview "
            "candidates, understand what boards need and make introductions, with follow-up "
            "support in the first year.",
        ),
        Idea(
            "Connecting people who want to join a board with organisations that need them",
            "Plenty of people would happily govern a local cause if someone helped them find the "
            "right one, and plenty of organisations have empty seats round the table. A matching "
            "service that talks to both sides, makes introductions and checks in after six months "
            "would fill vacancies with the right people rather than friends of the chair.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Reserve board seats for people with lived experience",
            "Decisions about our services are made by people who've never used them. At least a "
            "third of trustee places should be reserved for people with lived experience, "
            "supported with training, expenses and a pre-meeting briefing so they can contribute "
            "fully.",
        ),
        Idea(
            "Put people who use our services at the heart of the governing body",
            "Service users are consulted but never in the room when decisions are taken. We "
            "should change our articles so that a set number of board members are drawn from the "
            "people we support, and give them the induction and support to play a full role.",
        ),
        duplicate=True,
    ),
    Pair(
        Idea(
            "Nine-year term limit for all trustees",
            "Some trustees have served for twenty years and boards become stale. A firm limit of "
            "three terms of three years, written into governing documents, would guarantee "
            "renewal and make space for new voices.",
        ),
        Idea(
            "Plan the succession of the chair two years in advance",
            "Chairs often step down with little notice and nobody ready to replace them. Boards "
            "should identify and develop a vice-chair or successor two years ahead, with a "
            "gradual handover, so that leadership of the board doesn't lapse.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Mentoring from experienced chairs for newly appointed chairs",
            "Stepping into the chair is a big jump, even for an experienced trustee. Pairing each "
            "new chair with an experienced chair from another organisation for a year of informal "
            "mentoring would help with managing the CEO relationship and running good meetings.",
        ),
        Idea(
            "Quarterly chairs' network to share governance dilemmas",
            "Chairs have nobody to compare notes with. A network of chairs meeting quarterly, in "
            "person and online, to discuss real governance dilemmas, hear from an expert and "
            "share policies would reduce isolation and spread good practice.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Hold board meetings in the evening or online so working trustees can join",
            "Board meetings at 2pm on a Tuesday rule out anyone with a job or caring "
            "responsibilities. Moving meetings to the evening, or offering a hybrid option, would "
            "let working trustees take part without using up their annual leave.",
        ),
        Idea(
            "Hold an annual open board meeting where the public can ask questions",
            "Governance happens behind closed doors. Once a year the board should meet in public, "
            "in a community venue, presenting its decisions and finances and taking questions "
            "from members, service users and local residents.",
        ),
        duplicate=False,
    ),
    Pair(
        Idea(
            "Independent governance review for every board every three years",
            "Boards mark their own homework. Every three years, an independent reviewer should "
            "observe board meetings, interview trustees and senior staff, and report on how well "
            "the board sets strategy, manages risk and holds the executive to account.",
        ),
        Idea(
            "Independent safeguarding audit for charities working with children",
            "Trustees carry ultimate responsibility for safeguarding, but few can judge whether "
            "practice is good enough. An independent audit of policies, recruitment checks, "
            "training and case handling every couple of years would give boards assurance and a "
            "clear action plan.",
        ),
        duplicate=False,
    ),
]

# Every distinct idea, in order of first appearance: the corpus the benchmark searches.
CORPUS: list[Idea] = list(dict.fromkeys(idea for pair in PAIRS for idea in (pair.a, pair.b)))


# New proposals on the forum's subjects that none of the ideas above makes: posted as new
# ideas, the "is yours one of these?" step should stay quiet for them.
NEW_PROPOSALS: list[Idea] = [
    Idea(
        "A shared minibus pool for rural youth clubs",
        "Three youth clubs in our valley each pay to insure a minibus that sits idle most of "
        "the week. A pooled booking calendar and one insurance policy would cut costs and let "
        "smaller clubs take young people on trips they cannot run today.",
    ),
    Idea(
        "Translate our grant guidance into Welsh and community languages",
        "Funders publish guidance in English only, so groups run by and for migrant "
        "communities miss deadlines. A shared translation fund, with volunteer checkers, would "
        "open funding to organisations that never hear about it.",
    ),
    Idea(
        "Energy audits for charity buildings before winter",
        "Heating bills have doubled for village halls and day centres. A free energy audit, "
        "done by trained volunteers with a thermal camera, would show the cheap fixes: draught "
        "proofing, timers, insulation grants that few of us know exist.",
    ),
    Idea(
        "Open a sector-wide library of evaluation survey questions",
        "Every charity writes its own beneficiary survey from scratch. A public bank of tested "
        "questions, with notes on wording for children and for people with learning "
        "disabilities, would save time and let us compare results.",
    ),
    Idea(
        "Digital safeguarding training for volunteers who run online groups",
        "Since the pandemic many of our groups meet on video calls and messaging apps, but "
        "volunteers were trained for rooms, not screens. A short course on online "
        "safeguarding, consent and reporting would close that gap.",
    ),
    Idea(
        "A register of empty shop units offered to charities at peppercorn rent",
        "High streets are full of empty units while charities pay commercial rents. A register "
        "matching landlords who would accept a peppercorn rent with local groups needing space "
        "would help both, and councils could keep it.",
    ),
    Idea(
        "Pay volunteers' travel costs from a pooled county fund",
        "People on low incomes cannot afford the bus fare to volunteer. A county fund that "
        "reimburses travel for any registered volunteer, claimed through one simple form, "
        "would widen who can give their time.",
    ),
    Idea(
        "Plain-English versions of our annual accounts",
        "Supporters and beneficiaries cannot read statutory accounts. A one-page plain-English "
        "summary, with a template the sector agrees, would show where the money goes and "
        "build trust with the people we serve.",
    ),
    Idea(
        "Cyber security health checks for small charities",
        "Small charities hold sensitive data on old laptops with shared passwords. A free "
        "health check, run by volunteers from local firms, would find the worst risks and give "
        "each charity three fixes it can make this month.",
    ),
    Idea(
        "A food waste partnership between supermarkets and community kitchens",
        "Supermarkets throw away good food while community kitchens run short. A shared "
        "collection rota and a refrigerated van, run by the kitchens together, would turn "
        "waste into meals every evening.",
    ),
    Idea(
        "Sign language interpreters on call for charity helplines",
        "Deaf callers cannot use most of our helplines. A shared contract for video relay "
        "interpreting, paid for by the helplines together, would make every line accessible "
        "at a fraction of the cost of each buying its own.",
    ),
    Idea(
        "Longer grant reporting deadlines in the summer holidays",
        "Funders set reporting deadlines in August, when volunteers and staff with children "
        "are away. Moving them to the autumn, or letting us choose, would cost funders nothing "
        "and spare small teams a miserable month.",
    ),
    Idea(
        "Community allotments on church and council land",
        "Unused land behind churches and council depots could grow food with people who are "
        "isolated or recovering from illness. A simple licence agreement and a starter kit of "
        "tools would let groups begin next spring.",
    ),
    Idea(
        "A repair café network for household appliances",
        "People on low incomes throw out kettles and vacuum cleaners that a volunteer could fix "
        "in ten minutes. A network of monthly repair cafés, sharing tools and insurance, would "
        "save money and bring neighbours together.",
    ),
    Idea(
        "Accessible websites for every charity through a shared template",
        "Many charity websites fail people who use screen readers or magnifiers. A shared, "
        "accessible website template that small charities can fill in without a developer "
        "would fix that for all of us at once.",
    ),
    Idea(
        "Warm spaces directory updated daily in winter",
        "Libraries, churches and community centres open warm spaces, but people cannot find "
        "out which are open today. One directory that venues update by text message would "
        "send people to a warm room instead of a locked door.",
    ),
    Idea(
        "Legal advice clinic on charity property leases",
        "Charities sign leases they do not understand and then face repair bills they cannot "
        "pay. A monthly clinic with volunteer property lawyers, booked in twenty-minute slots, "
        "would catch the worst clauses before we sign.",
    ),
    Idea(
        "Hire disabled people as paid consultants on service design",
        "We design services for disabled people without paying them for their expertise. A "
        "sector rate card and a pool of paid consultants with lived experience would make "
        "co-design real rather than a consultation exercise.",
    ),
    Idea(
        "A bulk-buying scheme for office supplies and software",
        "Each small charity pays full price for printer ink, laptops and accounting software. "
        "A purchasing consortium negotiating once for hundreds of organisations would cut "
        "those costs by a third.",
    ),
    Idea(
        "Bereavement leave policy template for charity staff",
        "Few small charities have a bereavement leave policy, so managers improvise when staff "
        "lose someone. A template policy, with guidance on pay and phased returns, would help "
        "managers act kindly and consistently.",
    ),
]
