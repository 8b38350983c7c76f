"""Declared segments: profile questions admins ask (organisation type, income band,
nation or region, role) and members' optional answers to them.

The insight shows support by answer (app/services/insight), never for a slice of fewer
than five members. Answering is always optional: a member can leave any question, or all,
unanswered, and change or clear an answer at any time. Each question says whether a
member's answer may show on their public profile.
"""

from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.db import lock_row, write_transaction
from app.models import Segment, SegmentAnswer, User, utcnow
from app.services.errors import NotFound, ValidationFailed
from app.services.ideas.themes import slugify
from app.services.moderation import audit

QUESTION_MIN, QUESTION_MAX = 3, 160
OPTION_MAX = 120
OPTIONS_MIN, OPTIONS_MAX = 2, 20


@dataclass(frozen=True)
class SegmentDraft:
    """The admins' form for a question: its options one per line."""

    question: str = ""
    options: str = ""
    public: bool = False

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


def list_segments(*, session: Session, include_archived: bool = False) -> list[Segment]:
    query = select(Segment).order_by(col(Segment.position), col(Segment.id))
    if not include_archived:
        query = query.where(col(Segment.archived_at).is_(None))
    return list(session.exec(query))


def get_segment(*, session: Session, segment_id: int) -> Segment:
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise NotFound("There is no profile question at this address.")
    return segment


def _validate(draft: SegmentDraft) -> list[str]:
    """The draft's options, once its question and options are fit to ask."""
    errors = {}
    question, options = draft.question.strip(), draft.option_list()
    if not QUESTION_MIN <= len(question) <= QUESTION_MAX:
        errors["question"] = (
            f"Write the question in {QUESTION_MIN} to {QUESTION_MAX} characters, "
            "e.g. “What kind of organisation do you work for?”"
        )
    if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
        errors["options"] = f"Give {OPTIONS_MIN} to {OPTIONS_MAX} answers, one per line."
    elif len(set(options)) != len(options):
        errors["options"] = "Each answer must be different."
    elif any(len(option) > OPTION_MAX for option in options):
        errors["options"] = f"Keep each answer to {OPTION_MAX} characters."
    if errors:
        raise ValidationFailed(errors)
    return options


def create_segment(*, session: Session, actor: User, draft: SegmentDraft) -> Segment:
    options = _validate(draft)
    question = draft.question.strip()
    with write_transaction(session):
        slug, taken = slugify(question)[:50] or "question", 1
        while session.exec(select(Segment.id).where(Segment.slug == slug)).first():
            taken += 1
            slug = f"{slugify(question)[:46]}-{taken}"
        last = session.exec(select(Segment.position).order_by(col(Segment.position).desc())).first()
        segment = Segment(
            slug=slug, question=question, options=options, public=draft.public,
            position=(last or 0) + 1,
        )  # fmt: skip
        session.add(segment)
        session.flush()
        audit.record(
            session, actor=actor, action="segment.create", target_type="segment",
            target_id=segment.id, after={"question": question, "options": options},
        )  # fmt: skip
    return segment


def update_segment(
    *, session: Session, actor: User, segment_id: int, draft: SegmentDraft
) -> Segment:
    """Edit a question. An answer no longer among the options is cleared: the member's
    answer meant something else."""
    options = _validate(draft)
    with write_transaction(session):
        segment = lock_row(session, Segment, segment_id)
        if segment is None:
            raise NotFound("There is no profile question at this address.")
        before = {
            "question": segment.question,
            "options": segment.options,
            "public": segment.public,
        }
        segment.question, segment.options = draft.question.strip(), options
        segment.public = draft.public
        session.add(segment)
        session.exec(
            delete(SegmentAnswer).where(
                col(SegmentAnswer.segment_id) == segment.id,
                col(SegmentAnswer.option).not_in(options),
            )
        )
        after = _described(segment)
        if after != before:
            audit.record(
                session, actor=actor, action="segment.update", target_type="segment",
                target_id=segment.id, before=before, after=after,
            )  # fmt: skip
    return segment


def _described(segment: Segment) -> dict:
    return {
        "question": segment.question,
        "options": list(segment.options),
        "public": segment.public,
    }


def set_archived(*, session: Session, actor: User, segment_id: int, archived: bool) -> Segment:
    """Archive a question (members stop seeing it; answers are kept) or bring it back."""
    with write_transaction(session):
        segment = lock_row(session, Segment, segment_id)
        if segment is None:
            raise NotFound("There is no profile question at this address.")
        if (segment.archived_at is not None) == archived:
            return segment
        segment.archived_at = utcnow() if archived else None
        session.add(segment)
        audit.record(
            session, actor=actor, action="segment.archive" if archived else "segment.unarchive",
            target_type="segment", target_id=segment.id,
            before={"archived": not archived}, after={"archived": archived},
        )  # fmt: skip
    return segment


def answers_of(*, session: Session, user_id: int) -> dict[str, str]:
    """The member's answers, by question slug."""
    rows = session.exec(
        select(Segment.slug, SegmentAnswer.option)
        .join(Segment, col(Segment.id) == SegmentAnswer.segment_id)
        .where(SegmentAnswer.user_id == user_id)
    ).all()
    return dict(rows)


def public_answers(*, session: Session, user_id: int) -> list[tuple[str, str]]:
    """(question, answer) the member's public profile may show."""
    return list(
        session.exec(
            select(Segment.question, SegmentAnswer.option)
            .join(Segment, col(Segment.id) == SegmentAnswer.segment_id)
            .where(
                SegmentAnswer.user_id == user_id,
                col(Segment.public).is_(True),
                col(Segment.archived_at).is_(None),
            )
            .order_by(col(Segment.position))
        ).all()
    )


def check_answers(segments: list[Segment], answers: dict[str, str]) -> dict[str, str]:
    """The answers given (question slug -> option; "" for none), checked against the
    questions' options; ValidationFailed names each field (`segment-<slug>`)."""
    errors, kept = {}, {}
    for segment in segments:
        value = answers.get(segment.slug, "").strip()
        if value and value not in segment.options:
            errors[f"segment-{segment.slug}"] = "Choose one of the answers, or leave it blank."
        kept[segment.slug] = value
    if errors:
        raise ValidationFailed(errors)
    return kept


def write_answers(session: Session, *, user_id: int, answers: dict[str, str]) -> None:
    """Record checked answers inside the caller's transaction (sign-up, settings)."""
    segments = {s.slug: s for s in list_segments(session=session)}
    for slug, option in answers.items():
        segment = segments.get(slug)
        if segment is None:
            continue
        row = session.exec(
            select(SegmentAnswer).where(
                SegmentAnswer.segment_id == segment.id, SegmentAnswer.user_id == user_id
            )
        ).first()
        if not option:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = SegmentAnswer(segment_id=segment.id, user_id=user_id, option=option)
        elif row.option != option:
            row.option, row.answered_at = option, utcnow()
        session.add(row)


def save_answers(*, session: Session, user: User, answers: dict[str, str]) -> None:
    """The member's answers from the settings page."""
    checked = check_answers(list_segments(session=session), answers)
    with write_transaction(session):
        write_answers(session, user_id=user.id, answers=checked)
