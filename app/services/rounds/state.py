"""A round's state, derived from its dates and moderators' actions, never stored:
draft until it opens, open until it closes, then closed, and reported once the report
is published. Opening early and closing early move the dates, so a round's state is
always what its dates say, in every process, without a job to flip it.

Hidden totals (Decidim's `votes_hidden`): while a round that hides them runs, its ideas'
vote, disagree and pass counts are hidden from everyone; a member still sees their own
answer. `hidden_counts_sql` is the one rule, as a column any query can add, and
`counts_hidden` the same rule for a row already read.
"""

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, case, exists, func, select

from app.models import Round, utcnow

LONDON = ZoneInfo("Europe/London")


class RoundState(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"
    reported = "reported"

    @property
    def label(self) -> str:
        return {"draft": "Not open yet", "open": "Open", "closed": "Closed",
                "reported": "Report published"}[self.value]  # fmt: skip


def state_of(round_: Round, now: datetime | None = None) -> RoundState:
    now = now or utcnow()
    if round_.reported_at is not None:
        return RoundState.reported
    if now < round_.opens_at:
        return RoundState.draft
    if now < round_.closes_at:
        return RoundState.open
    return RoundState.closed


def counts_hidden(round_: Round | None, now: datetime | None = None) -> bool:
    """Whether the totals of an idea in `round_` are hidden now."""
    return bool(round_ and round_.hide_counts and (now or utcnow()) < round_.closes_at)


def hidden_counts_sql(round_id_column, now: datetime | None = None):
    """True for ideas whose totals are hidden now: the column form of `counts_hidden`,
    for a query over ideas (`round_id_column` is the idea's round_id)."""
    return _hidden(round_id_column, now).label("counts_hidden")


def shown_count_sql(count_column, round_id_column, now: datetime | None = None):
    """`count_column` (a total of the idea's answers), or NULL while it is hidden."""
    return case((_hidden(round_id_column, now), None), else_=count_column).label(count_column.key)


def _hidden(round_id_column, now: datetime | None):
    rounds = Round.__table__.c
    return exists(
        select(rounds.id).where(
            and_(
                rounds.id == round_id_column,
                rounds.hide_counts,
                rounds.closes_at > (now or _now_at_execution()),
            )
        )
    )


def _now_at_execution():
    """The time a statement runs (not the time it was built), so a statement can be built
    once and run again later (app/services/ideas/listing.py keeps them)."""
    closes_at = Round.__table__.c.closes_at
    return bindparam("now", callable_=lambda: utcnow(), type_=closes_at.type, unique=True)


def round_closed_sql(round_id_column, now: datetime | None = None):
    """True for ideas of a round that has closed (they take no new answers)."""
    rounds = Round.__table__.c
    return exists(
        select(rounds.id).where(
            and_(rounds.id == round_id_column, rounds.closes_at <= (now or _now_at_execution()))
        )
    ).label("round_closed")


def next_change_query(now):
    """When the next round opens and the next one closes after `now` (None if none), and
    whether one is open now: for the page caches, which must not outlive a change."""
    rounds = Round.__table__.c
    return select(
        select(func.min(rounds.opens_at)).where(rounds.opens_at > now).scalar_subquery()
        .label("next_open"),
        select(func.min(rounds.closes_at)).where(rounds.closes_at > now).scalar_subquery()
        .label("next_close"),
        exists(select(rounds.id).where(rounds.opens_at <= now, rounds.closes_at > now))
        .label("open_now"),
    )  # fmt: skip


def london(moment: datetime) -> str:
    """A moment as people in the UK read it: Europe/London time."""
    local = moment.astimezone(LONDON)
    return local.strftime("%-d %B %Y, %H:%M ") + (local.tzname() or "")


def countdown(moment: datetime, now: datetime | None = None) -> str:
    """How long until `moment`, in words ("3 days", "5 hours", "less than an hour")."""
    seconds = int((moment - (now or utcnow())).total_seconds())
    if seconds <= 0:
        return "now"
    for unit, size in (("week", 604_800), ("day", 86_400), ("hour", 3_600)):
        if seconds >= size * (2 if unit == "week" else 1):
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "less than an hour"
