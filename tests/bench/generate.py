"""A generated forum: its rows, table by table, with every stored counter exact.

The whole forum is planned in memory first (who votes for what and when, every
comment's time and stance), because an idea's row carries counters computed from rows
that are inserted after it: `vote_count`, `comment_count`, the for/against/neutral
tally, `last_activity_at` and `trending_score` (built with the app's own
`trending.initial_score` and `add_activity`, so the bench follows any change to the
formula). Popularity is skewed like a real forum's (Zipf-like: a few ideas with
thousands of votes, a long tail with a handful), times spread over two years, and each
(idea, member) votes at most once. Besides the votes, a quarter as many members
disagree with or pass on ideas they did not vote for (STANCE_SHARE): one answer per
(idea, member), as the app keeps it.

Rows are tuples in the column order of `TABLES`; datetimes are timezone-aware UTC, and
the database writers (`databases`) turn them into what each engine stores.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.models import CommentStance, IdeaStatus, MailState, NotificationKind, Role, UserState
from app.services.ideas import trending
from tests.bench import words

# Bump when what is generated changes: cached forums are rebuilt.
GENERATOR_VERSION = 4  # 4: the vote case's ideas are open (done and declined take no votes)
SEED = 6
ZIPF_EXPONENT = 0.7  # 100,000 ideas: the top idea gets ~10,000 votes, the median ~4
HISTORY = timedelta(days=730)
DISCUSSED_COMMENTS = 50  # the `idea` case's page shows an idea with exactly this many
REPLY_SHARE = 0.25
STANCES = ((CommentStance.for_, 0.5), (CommentStance.against, 0.2), (CommentStance.neutral, 0.3))
STATUSES = ((IdeaStatus.open, 0.85), (IdeaStatus.under_review, 0.05),
            (IdeaStatus.planned, 0.04), (IdeaStatus.in_progress, 0.03),
            (IdeaStatus.done, 0.02), (IdeaStatus.declined, 0.01))  # fmt: skip
PINNED = 3
STANCE_SHARE = 0.25  # disagree and pass answers, as a share of the votes
DISAGREE_SHARE = 0.6  # of those, the rest are passes
VOTE_CASE_MEMBERS = 500
VOTE_CASE_IDEAS = 200
BENCH_PASSWORD = "bench-password-shared-by-every-member"  # noqa: S105 - generated forum

TABLES: dict[str, tuple[str, ...]] = {
    "theme": ("id", "slug", "name", "description", "position", "archived_at",
              "merged_into_id", "idea_count"),
    "user": ("id", "email", "display_name", "organisation", "sector_role", "password_hash",
             "email_verified_at", "role", "state", "created_at"),
    "idea": ("id", "title", "body", "body_html", "author_id", "theme_id", "status",
             "official_response", "status_changed_at", "merged_into_id", "vote_count",
             "comment_count", "comments_for", "comments_against", "comments_neutral",
             "disagree_count", "pass_count", "trending_score", "pinned", "hidden_at",
             "created_at", "updated_at", "edited_at", "last_activity_at"),
    "idea_status_change": ("id", "idea_id", "actor_id", "from_status", "status", "response",
                           "created_at"),
    "vote": ("id", "idea_id", "user_id", "created_at"),
    "stance": ("id", "idea_id", "user_id", "answer", "created_at"),
    "comment": ("id", "idea_id", "author_id", "parent_id", "body", "body_html", "stance",
                "hidden_at", "edited_at", "deleted_at", "created_at"),
    "notification": ("id", "user_id", "kind", "idea_id", "comment_id", "created_at",
                     "read_at", "mail_state"),
}  # fmt: skip
# Authors read what happened on their ideas, except in the last month: a forum's members
# carry unread notifications, and every signed-in page counts them.
READ_AFTER = timedelta(days=1)
UNREAD_SINCE = timedelta(days=30)


@dataclass(frozen=True)
class Size:
    name: str
    ideas: int
    votes: int
    comments: int
    members: int


SIZES = {
    "large": Size("large", ideas=100_000, votes=1_000_000, comments=200_000, members=20_000),
    "small": Size("small", ideas=1_000, votes=10_000, comments=2_000, members=500),
}


def spread(total: int, weights: list[float], cap: int, rng: random.Random) -> list[int]:
    """Whole counts proportional to `weights`, each at most `cap`, summing to `total`."""
    scale = total / sum(weights)
    counts = [min(cap, int(weight * scale)) for weight in weights]
    missing = total - sum(counts)
    population = range(len(weights))
    while missing > 0:
        for index in rng.choices(population, weights, k=missing):
            if counts[index] < cap and missing > 0:
                counts[index] += 1
                missing -= 1
    return counts


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A time in [start, end), more often early: activity comes soon after posting."""
    return start + (end - start) * (rng.random() ** 2)


@dataclass
class _Comment:
    at: datetime
    stance: str
    parent: int  # index of the top-level comment (same idea) it replies to, or -1


class Forum:
    """The planned forum of `size`, as of `now`."""

    def __init__(self, size: Size, *, password_hash: str, now: datetime | None = None) -> None:
        self.size = size
        self.password_hash = password_hash
        self.now = now or datetime.now(UTC).replace(microsecond=0)
        self.start = self.now - HISTORY
        rng = random.Random(f"{SEED}-{size.name}")
        self._plan_ideas(rng)
        self._plan_votes(rng)
        self._plan_stances(rng)
        self._plan_comments(rng)
        self._plan_counters()

    # --- planning ------------------------------------------------------------------------

    def _plan_ideas(self, rng: random.Random) -> None:
        n = self.size.ideas
        span = self.now - timedelta(hours=1) - self.start
        # Ids grow with time, as they do on a real forum.
        self.created = sorted(self.start + span * rng.random() for _ in range(n))
        self.theme = [rng.randrange(len(words.THEMES)) + 1 for _ in range(n)]
        self.author = [rng.randint(1, self.size.members) for _ in range(n)]
        statuses, shares = zip(*STATUSES, strict=True)
        self.status = rng.choices(statuses, shares, k=n)
        ranks = list(range(1, n + 1))
        rng.shuffle(ranks)
        self.popularity = [rank**-ZIPF_EXPONENT for rank in ranks]

    def _plan_votes(self, rng: random.Random) -> None:
        counts = spread(self.size.votes, self.popularity, self.size.members, rng)
        members = range(1, self.size.members + 1)
        self.voters = [sorted(rng.sample(members, count)) for count in counts]
        self.vote_times = [
            [_between(rng, created, self.now) for _ in range(count)]
            for created, count in zip(self.created, counts, strict=True)
        ]

    def _plan_stances(self, rng: random.Random) -> None:
        """Members who did not vote for an idea disagree with it or pass, a quarter as
        many answers as votes, spread like them."""
        total = round(self.size.votes * STANCE_SHARE)
        counts = spread(total, self.popularity, self.size.members // 2, rng)
        self.stances: list[list[tuple[int, str, datetime]]] = []
        for i, count in enumerate(counts):
            voted = set(self.voters[i])
            # Never more than the members who did not vote for it (the total may then
            # fall a little short of STANCE_SHARE on a small forum).
            count = min(count, (self.size.members - len(voted)) // 2)
            chosen: set[int] = set()
            while len(chosen) < count:
                member = rng.randint(1, self.size.members)
                if member not in voted:
                    chosen.add(member)
            answers = []
            for member in sorted(chosen):
                answer = "disagree" if rng.random() < DISAGREE_SHARE else "pass"
                answers.append((member, answer, _between(rng, self.created[i], self.now)))
            self.stances.append(answers)

    def vote_ideas(self) -> list[int]:
        """The ids of the ideas the vote cases vote on, spread over the forum."""
        n = self.size.ideas
        return list(range(1, n + 1, max(1, n // VOTE_CASE_IDEAS)))[:VOTE_CASE_IDEAS]

    def _plan_comments(self, rng: random.Random) -> None:
        n = self.size.ideas
        weights = [w * rng.lognormvariate(0, 1) for w in self.popularity]
        counts = spread(self.size.comments, weights, 10 * self.size.comments, rng)
        # The `idea` case: a recent, popular, open idea with exactly 50 comments. The
        # difference is taken from (or given to) other ideas, so the total stays exact.
        recent = [i for i in range(n) if self.created[i] > self.now - timedelta(days=90)]
        self.discussed = max(recent, key=lambda i: self.popularity[i])
        self.status[self.discussed] = IdeaStatus.open
        for number in self.vote_ideas():  # a done or declined idea takes no votes
            self.status[number - 1] = IdeaStatus.open
        difference = counts[self.discussed] - DISCUSSED_COMMENTS
        counts[self.discussed] = DISCUSSED_COMMENTS
        others = [i for i in range(n) if i != self.discussed]
        while difference != 0:
            index = rng.choice(others)
            if difference > 0:
                counts[index] += 1
                difference -= 1
            elif counts[index] > 0:
                counts[index] -= 1
                difference += 1
        stances, shares = zip(*STANCES, strict=True)
        self.comments: list[list[_Comment]] = []
        for created, count in zip(self.created, counts, strict=True):
            times = sorted(_between(rng, created, self.now) for _ in range(count))
            thread: list[_Comment] = []
            top_level: list[int] = []
            for at in times:
                parent = -1
                if top_level and rng.random() < REPLY_SHARE:
                    parent = rng.choice(top_level)
                else:
                    top_level.append(len(thread))
                thread.append(_Comment(at, rng.choices(stances, shares)[0], parent))
            self.comments.append(thread)
        by_theme_votes = sorted(range(n), key=lambda i: -len(self.voters[i]))
        self.pinned: set[int] = set()
        for theme in range(1, PINNED + 1):
            self.pinned.add(
                next(i for i in by_theme_votes if self.theme[i] == theme and i != self.discussed)
            )
        self.status_at = [
            _between(rng, created, self.now) if status != IdeaStatus.open else None
            for created, status in zip(self.created, self.status, strict=True)
        ]

    def _plan_counters(self) -> None:
        self.trending: list[float] = []
        self.last_activity: list[datetime] = []
        for i, created in enumerate(self.created):
            score = trending.initial_score(created)
            last = created
            for at in self.vote_times[i]:
                score = trending.add_activity(score, at)
                last = max(last, at)
            for comment in self.comments[i]:
                score = trending.add_activity(score, comment.at)
                last = max(last, comment.at)
            self.trending.append(score)
            self.last_activity.append(last)

    # --- what the benchmark needs to know ------------------------------------------------

    def info(self) -> dict:
        """Ids the cases use, kept in the cached forum's marker."""
        n, members = self.size.ideas, self.size.members
        regular = list(range(3, members + 1))
        step = max(1, len(regular) // VOTE_CASE_MEMBERS)
        return {
            "discussed_idea": self.discussed + 1,
            "member": regular[len(regular) // 2],
            "vote_members": regular[::step][:VOTE_CASE_MEMBERS],
            "vote_ideas": self.vote_ideas(),
            "password": BENCH_PASSWORD,
            "counts": {
                "themes": len(words.THEMES),
                "members": members,
                "ideas": n,
                "votes": sum(len(v) for v in self.voters),
                "stances": sum(len(s) for s in self.stances),
                "comments": sum(len(c) for c in self.comments),
            },
        }

    # --- rows ----------------------------------------------------------------------------

    def tables(self) -> Iterator[tuple[str, int, Iterator[tuple]]]:
        """(table, row count, rows), parents before children."""
        changed = sum(1 for status in self.status if status != IdeaStatus.open)
        yield "theme", len(words.THEMES), self._themes()
        yield "user", self.size.members, self._users()
        yield "idea", self.size.ideas, self._ideas()
        yield "idea_status_change", changed, self._status_changes()
        yield "vote", self.size.votes, self._votes()
        yield "stance", sum(len(s) for s in self.stances), self._stances()
        yield "comment", self.size.comments, self._comments()
        yield "notification", self.size.comments, self._notifications()

    def _themes(self) -> Iterator[tuple]:
        counts = [0] * (len(words.THEMES) + 1)
        for theme in self.theme:
            counts[theme] += 1
        for number, theme in enumerate(words.THEMES, start=1):
            yield (number, theme.slug, theme.name, theme.description, number, None, None,
                   counts[number])  # fmt: skip

    def _users(self) -> Iterator[tuple]:
        rng = random.Random(f"{SEED}-users")
        roles = {1: Role.admin, 2: Role.moderator}
        for number in range(1, self.size.members + 1):
            joined = self.start - timedelta(days=1 + 90 * rng.random())
            yield (
                number,
                f"member{number}@bench.example.org",
                words.display_name(rng),
                words.organisation(rng),
                rng.choice(words.ROLES),
                self.password_hash,
                joined + timedelta(minutes=5),
                roles.get(number, Role.member).value,
                UserState.active.value,
                joined,
            )

    def _response(self, status: str) -> str:
        label = IdeaStatus(status).label.lower()
        return f"Thank you: this is now {label}. We will post updates here."

    def _ideas(self) -> Iterator[tuple]:
        rng = random.Random(f"{SEED}-ideas")
        for i, created in enumerate(self.created):
            theme = words.THEMES[self.theme[i] - 1]
            body = words.body(rng, theme)
            stances = [comment.stance for comment in self.comments[i]]
            status = self.status[i]
            yield (
                i + 1,
                words.title(rng, theme),
                body,
                words.paragraphs_html(body),
                self.author[i],
                self.theme[i],
                status.value,
                self._response(status) if status != IdeaStatus.open else None,
                self.status_at[i],
                None,
                len(self.voters[i]),
                len(stances),
                stances.count(CommentStance.for_),
                stances.count(CommentStance.against),
                stances.count(CommentStance.neutral),
                sum(1 for _m, answer, _at in self.stances[i] if answer == "disagree"),
                sum(1 for _m, answer, _at in self.stances[i] if answer == "pass"),
                self.trending[i],
                i in self.pinned,
                None,
                created,
                created,
                None,
                self.last_activity[i],
            )

    def _status_changes(self) -> Iterator[tuple]:
        number = 0
        for i, status in enumerate(self.status):
            if status != IdeaStatus.open:
                number += 1
                yield (number, i + 1, 2, IdeaStatus.open.value, status.value,
                       self._response(status), self.status_at[i])  # fmt: skip

    def _votes(self) -> Iterator[tuple]:
        number = 0
        for i, voters in enumerate(self.voters):
            for user, at in zip(voters, self.vote_times[i], strict=True):
                number += 1
                yield number, i + 1, user, at

    def _stances(self) -> Iterator[tuple]:
        number = 0
        for i, answers in enumerate(self.stances):
            for user, answer, at in answers:
                number += 1
                yield number, i + 1, user, answer, at

    def _comments(self) -> Iterator[tuple]:
        rng = random.Random(f"{SEED}-comments")
        number = 0
        for i, thread in enumerate(self.comments):
            theme = words.THEMES[self.theme[i] - 1]
            first_id = number + 1
            for comment in thread:
                number += 1
                text = words.comment(rng, theme, comment.stance)
                parent = first_id + comment.parent if comment.parent >= 0 else None
                yield (number, i + 1, rng.randint(1, self.size.members), parent, text,
                       words.paragraphs_html(text), comment.stance.value, None, None, None,
                       comment.at)  # fmt: skip

    def _notifications(self) -> Iterator[tuple]:
        """Each comment tells the idea's author (the app's `comment` notification)."""
        number = 0
        for i, thread in enumerate(self.comments):
            for comment in thread:
                number += 1
                read_at = comment.at + READ_AFTER
                if comment.at > self.now - UNREAD_SINCE:
                    read_at = None
                yield (number, self.author[i], NotificationKind.comment.value, i + 1, number,
                       comment.at, read_at, MailState.done.value)  # fmt: skip
