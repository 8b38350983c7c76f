"""What moderators do to a round: create and edit it, open it early, extend it, close
it, and write and publish its report. Each action is one transaction with its audit
event; opening and closing early only move the dates (state.py derives the rest)."""

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.db import lock_row, write_transaction
from app.models import Round, RoundTheme, Theme, User, utcnow
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.ideas.themes import SLUG_PATTERN, slugify
from app.services.moderation import audit
from app.services.rounds.state import LONDON, RoundState, state_of

TITLE_MIN, TITLE_MAX = 4, 120
QUESTION_MIN, QUESTION_MAX = 10, 300
TEXT_MAX = 20_000
SLUG_MAX = 80
# The form's date fields (<input type="datetime-local">), read as Europe/London time.
LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class RoundDraft:
    """The fields of the round form, as typed."""

    title: str = ""
    slug: str = ""
    question: str = ""
    introduction: str = ""
    opens_at: str = ""  # Europe/London, YYYY-MM-DDTHH:MM
    closes_at: str = ""
    themes: list[str] = field(default_factory=list)  # slugs
    hide_counts: bool = False
    comments_after_close: bool = False

    @classmethod
    def of(cls, round_: Round, theme_slugs: list[str]) -> "RoundDraft":
        return cls(
            title=round_.title, slug=round_.slug, question=round_.question,
            introduction=round_.introduction, opens_at=local_input(round_.opens_at),
            closes_at=local_input(round_.closes_at), themes=theme_slugs,
            hide_counts=round_.hide_counts, comments_after_close=round_.comments_after_close,
        )  # fmt: skip

    def values(self) -> dict:
        return asdict(self)


def local_input(moment: datetime) -> str:
    """A stored UTC time as the form's field shows it (Europe/London)."""
    return moment.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")


def parse_local(text: str) -> datetime | None:
    """The form's Europe/London time as an aware datetime, or None if it is not one."""
    text = text.strip()
    for pattern in LOCAL_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=LONDON)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class _Clean:
    title: str
    slug: str
    question: str
    introduction: str
    opens_at: datetime
    closes_at: datetime
    theme_ids: list[int]
    hide_counts: bool
    comments_after_close: bool


def _validate(
    session: Session, draft: RoundDraft, *, round_id: int | None, current_slug: str = ""
) -> _Clean:
    """The draft cleaned; an empty address is made from the title (a new round) or kept
    (an edited one, whose links are out there)."""
    errors: dict[str, str] = {}
    title, question = draft.title.strip(), draft.question.strip()
    introduction = draft.introduction.strip()
    slug = draft.slug.strip().lower() or current_slug or slugify(title)
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors["title"] = f"Give the round a title of {TITLE_MIN} to {TITLE_MAX} characters."
    if not QUESTION_MIN <= len(question) <= QUESTION_MAX:
        errors["question"] = (
            f"Put the round's question in {QUESTION_MIN} to {QUESTION_MAX} characters."
        )
    if len(introduction) > TEXT_MAX:
        errors["introduction"] = f"Keep the introduction to {TEXT_MAX:,} characters."
    if not slug or len(slug) > SLUG_MAX or not SLUG_PATTERN.match(slug):
        errors["slug"] = (
            "Use lower-case letters, digits and single hyphens, like leaders-on-less "
            f"(at most {SLUG_MAX} characters)."
        )
    else:
        taken = session.exec(select(Round.id).where(Round.slug == slug)).first()
        if taken is not None and taken != round_id:
            errors["slug"] = "Another round already has this address. Choose another."
    opens_at, closes_at = parse_local(draft.opens_at), parse_local(draft.closes_at)
    if opens_at is None:
        errors["opens_at"] = "Give the date and time the round opens, like 2027-01-11 09:00."
    if closes_at is None:
        errors["closes_at"] = "Give the date and time the round closes, like 2027-02-05 17:00."
    elif opens_at is not None and closes_at <= opens_at:
        errors["closes_at"] = "The round must close after it opens."
    wanted = sorted(set(draft.themes))
    themes = list(session.exec(select(Theme).where(col(Theme.slug).in_(wanted)))) if wanted else []
    if not themes or len(themes) != len(wanted):
        errors["themes"] = "Choose the themes the round covers (at least one)."
    if errors:
        raise ValidationFailed(errors)
    assert opens_at is not None and closes_at is not None
    return _Clean(
        title=title, slug=slug, question=question, introduction=introduction,
        opens_at=opens_at.astimezone(UTC), closes_at=closes_at.astimezone(UTC),
        theme_ids=sorted(t.id for t in themes), hide_counts=draft.hide_counts,
        comments_after_close=draft.comments_after_close,
    )  # fmt: skip


def _set_themes(session: Session, round_id: int, theme_ids: list[int]) -> None:
    session.exec(delete(RoundTheme).where(col(RoundTheme.round_id) == round_id))
    for theme_id in theme_ids:
        session.add(RoundTheme(round_id=round_id, theme_id=theme_id))


def theme_ids_of(session: Session, round_id: int) -> list[int]:
    return sorted(session.exec(select(RoundTheme.theme_id).where(RoundTheme.round_id == round_id)))


def _snapshot(round_: Round, theme_ids: list[int]) -> dict:
    return {
        "title": round_.title, "slug": round_.slug, "question": round_.question,
        "introduction": round_.introduction, "opens_at": round_.opens_at,
        "closes_at": round_.closes_at, "themes": theme_ids, "hide_counts": round_.hide_counts,
        "comments_after_close": round_.comments_after_close,
    }  # fmt: skip


def _changed(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def create_round(*, session: Session, actor: User, draft: RoundDraft) -> Round:
    with write_transaction(session):
        clean = _validate(session, draft, round_id=None)
        round_ = Round(
            title=clean.title, slug=clean.slug, question=clean.question,
            introduction=clean.introduction, opens_at=clean.opens_at, closes_at=clean.closes_at,
            hide_counts=clean.hide_counts, comments_after_close=clean.comments_after_close,
        )  # fmt: skip
        session.add(round_)
        session.flush()
        _set_themes(session, round_.id, clean.theme_ids)
        audit.record(
            session, actor=actor, action="round.create", target_type="round",
            target_id=round_.id, after=_snapshot(round_, clean.theme_ids),
        )  # fmt: skip
    return round_


def _lock(session: Session, round_id: int) -> Round:
    round_ = lock_row(session, Round, round_id)
    if round_ is None:
        raise NotFound("There is no round at this address.")
    return round_


def update_round(*, session: Session, actor: User, round_id: int, draft: RoundDraft) -> Round:
    with write_transaction(session):
        round_ = _lock(session, round_id)
        if round_.reported_at is not None:
            raise Conflict("This round's report is published; its details no longer change.")
        clean = _validate(session, draft, round_id=round_id, current_slug=round_.slug)
        before = _snapshot(round_, theme_ids_of(session, round_id))
        for name in ("title", "slug", "question", "introduction", "opens_at", "closes_at",
                     "hide_counts", "comments_after_close"):  # fmt: skip
            setattr(round_, name, getattr(clean, name))
        session.add(round_)
        _set_themes(session, round_id, clean.theme_ids)
        was, now = _changed(before, _snapshot(round_, clean.theme_ids))
        if now:
            audit.record(
                session, actor=actor, action="round.update", target_type="round",
                target_id=round_id, before=was, after=now,
            )  # fmt: skip
    return round_


def open_round(*, session: Session, actor: User, round_id: int) -> Round:
    """Open a round that has not opened yet, now."""
    with write_transaction(session):
        round_ = _lock(session, round_id)
        now = utcnow()
        if state_of(round_, now) != RoundState.draft:
            raise Conflict("This round is already open, or has closed.")
        before = round_.opens_at
        round_.opens_at = now
        session.add(round_)
        audit.record(
            session, actor=actor, action="round.open", target_type="round", target_id=round_id,
            before={"opens_at": before}, after={"opens_at": now},
        )  # fmt: skip
    return round_


def extend_round(*, session: Session, actor: User, round_id: int, closes_at: str) -> Round:
    """Move a round's close later (reopening it if it had closed, until it reports)."""
    with write_transaction(session):
        round_ = _lock(session, round_id)
        if round_.reported_at is not None:
            raise Conflict("This round's report is published; it cannot be extended.")
        when = parse_local(closes_at)
        now = utcnow()
        if when is None:
            raise ValidationFailed({"closes_at": "Give a date and time, like 2027-02-19 17:00."})
        when = when.astimezone(UTC)
        if when <= max(now, round_.closes_at):
            raise ValidationFailed(
                {"closes_at": "Choose a time later than both now and the current close."}
            )
        before = round_.closes_at
        round_.closes_at = when
        round_.closing_notice_at = None  # a new "closing soon" is due before the new close
        session.add(round_)
        audit.record(
            session, actor=actor, action="round.extend", target_type="round",
            target_id=round_id, before={"closes_at": before}, after={"closes_at": when},
        )  # fmt: skip
    return round_


def close_round(*, session: Session, actor: User, round_id: int) -> Round:
    """Close an open round now."""
    with write_transaction(session):
        round_ = _lock(session, round_id)
        now = utcnow()
        if state_of(round_, now) != RoundState.open:
            raise Conflict("Only an open round can be closed.")
        before = round_.closes_at
        round_.closes_at = now
        session.add(round_)
        audit.record(
            session, actor=actor, action="round.close", target_type="round",
            target_id=round_id, before={"closes_at": before}, after={"closes_at": now},
        )  # fmt: skip
    return round_


def save_report(
    *, session: Session, actor: User, round_id: int, heard: str, next_steps: str, publish: bool
) -> Round:
    """Save the report's text ("what we heard", "what happens next"); with `publish`,
    publish it at /rounds/{slug}/report (the mail worker then tells everyone who took
    part: notices.py)."""
    heard, next_steps = heard.strip(), next_steps.strip()
    with write_transaction(session):
        round_ = _lock(session, round_id)
        now = utcnow()
        if state_of(round_, now) in (RoundState.draft, RoundState.open):
            raise Conflict("A round's report is written once it has closed.")
        errors = {}
        for name, text in (("heard", heard), ("next_steps", next_steps)):
            if len(text) > TEXT_MAX:
                errors[name] = f"Keep this to {TEXT_MAX:,} characters."
            elif publish and not text:
                errors[name] = "Write this before publishing the report."
        if errors:
            raise ValidationFailed(errors)
        before = {"heard": round_.heard, "next_steps": round_.next_steps,
                  "published": round_.reported_at is not None}  # fmt: skip
        round_.heard, round_.next_steps = heard, next_steps
        first_publish = publish and round_.reported_at is None
        if first_publish:
            round_.reported_at = now
        session.add(round_)
        after = {"heard": heard, "next_steps": next_steps,
                 "published": round_.reported_at is not None}  # fmt: skip
        was, changed = _changed(before, after)
        if changed:
            action = "round.publish" if first_publish else "round.report"
            audit.record(
                session, actor=actor, action=action, target_type="round", target_id=round_id,
                before=was, after=changed,
            )  # fmt: skip
    return round_


def get_round_by_id(*, session: Session, round_id: int) -> Round:
    round_ = session.get(Round, round_id)
    if round_ is None:
        raise NotFound("There is no round at this address.")
    return round_
