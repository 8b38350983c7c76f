"""`commonground seed-demo`: load the demo inquiry from `content.json` beside this file.

The content is data, no logic: the themes, members, ideas, votes and comment threads of a
fictional UK social-sector collaborative inquiry into leadership. Every person and
organisation is made up; all addresses use the reserved `example.org` domain. `days_ago`
values are relative to the moment the demo is seeded; a comment is never older than its
idea, and a reply never older than the comment it answers.

The demo is loaded in one transaction, back-dated with the content's `days_ago`, and its
counters (votes, comments, stance tally, trending score, theme counts) are computed from
the rows it inserts with the same rules the services use. Loading twice changes nothing:
the demo's admin account marks it as loaded.
"""

import json
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from app.db import write_transaction
from app.markdown import render_markdown
from app.models import (
    Comment,
    CommentStance,
    Follow,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    Role,
    Round,
    RoundTheme,
    Segment,
    SegmentAnswer,
    SiteSettings,
    Stance,
    Theme,
    User,
    Vote,
    utcnow,
)
from app.security import hash_password
from app.services.finding import duplicates, vectors
from app.services.ideas import counters, trending
from app.services.site import pages as site_pages
from app.services.site import settings as site_settings

DEMO_CONTACT = "inquiry@example.org"

# The demo moderator's answer to the ideas the demo gives a status, so that the idea
# pages, the status history and the roadmap have something to show.
STATUS_RESPONSES = {
    IdeaStatus.under_review: (
        "The inquiry team is looking at this with the funders' group. We will post what we "
        "find here."
    ),
    IdeaStatus.planned: (
        "This is in the inquiry's plan for next year. We are looking for **three or four "
        "partner organisations** to shape it with us: say so in the debate if you are one."
    ),
    IdeaStatus.in_progress: (
        "Work has started: a working group of members is drafting the first version. "
        "Progress notes will follow here."
    ),
    IdeaStatus.done: "Done. Thank you to everyone who backed and argued this through.",
    IdeaStatus.declined: (
        "We have decided not to take this forward in this inquiry: the debate showed the "
        "cost falls on the smallest groups. The arguments stay here for others to use."
    ),
}
DEMO_MODERATOR = "rhiannon"
CONTENT = Path(__file__).with_name("content.json")


@cache
def content() -> dict:
    """The demo's themes, members (with the published demo password) and ideas."""
    return json.loads(CONTENT.read_text(encoding="utf-8"))


def database_is_empty(session: Session) -> bool:
    return (
        not session.exec(select(func.count()).select_from(User)).one()
        and not session.exec(select(func.count()).select_from(Theme)).one()
    )


def seed_demo(*, session: Session) -> bool:
    """Load the demo; returns False (and does nothing) if it is already there."""
    with write_transaction(session):
        admin_email = next(m["email"] for m in content()["members"] if m["role"] == "admin")
        if session.exec(select(User).where(User.email == admin_email)).first() is not None:
            return False

        now = utcnow()
        themes = {}
        for position, data in enumerate(content()["themes"]):
            theme = Theme(
                slug=data["slug"],
                name=data["name"],
                description=data["description"],
                position=position,
            )
            session.add(theme)
            themes[data["slug"]] = theme
        session.flush()
        rounds = _add_rounds(session, themes, now)

        # One hash for every demo member: they share the published demo password.
        password_hash = hash_password(content()["password"])
        members = {}
        for data in content()["members"]:
            member = User(
                email=data["email"],
                display_name=data["display_name"],
                organisation=data["organisation"],
                role=Role(data["role"]),
                password_hash=password_hash,
                email_verified_at=now - timedelta(days=150),
                created_at=now - timedelta(days=150),
            )
            session.add(member)
            members[data["key"]] = member
        session.flush()
        # The demo's members agreed to the pages when they joined; the inquiry has an address.
        for member in members.values():
            site_pages.record_sign_up_agreement(session, member.id)
        if session.get(SiteSettings, site_settings.SETTINGS_ID) is None:
            session.add(SiteSettings(id=site_settings.SETTINGS_ID, contact_email=DEMO_CONTACT))

        ideas = {}
        for data in content()["ideas"]:
            ideas[data["key"]] = _add_idea(session, data, themes, members, now, rounds)
        _add_segments(session, members)
        _add_stances(session, ideas, members, now)
    duplicates.find_all(session=session)
    return True


def _add_segments(session: Session, members: dict) -> None:
    """The demo's profile questions, and the demo members' answers to them."""
    found = {}
    for position, data in enumerate(content()["segments"]):
        segment = Segment(
            slug=data["slug"], question=data["question"], options=data["options"],
            public=data["public"], position=position,
        )  # fmt: skip
        session.add(segment)
        found[data["slug"]] = segment
    session.flush()
    for answer in content()["segment_answers"]:
        session.add(
            SegmentAnswer(
                segment_id=found[answer["segment"]].id,
                user_id=members[answer["member"]].id,
                option=answer["option"],
            )
        )


def _add_stances(session: Session, ideas: dict, members: dict, now: datetime) -> None:
    """Demo members' "I disagree" and pass on ideas they did not vote for."""
    for data in content()["stances"]:
        idea = ideas[data["idea"]]
        answered = idea.created_at + (now - idea.created_at) / 2
        session.add(
            Stance(
                idea_id=idea.id, user_id=members[data["member"]].id, answer=data["answer"],
                created_at=answered,
            )
        )  # fmt: skip
        counters.stance_added(idea, data["answer"])
        session.add(idea)


def _add_rounds(session: Session, themes: dict, now: datetime) -> list[tuple[Round, set[int]]]:
    """The demo's rounds: one closed with its report published, one open. Their notices
    count as sent, so that loading the demo mails nobody."""
    rounds = []
    for data in content()["rounds"]:
        reported = data["reported_days_ago"]
        round_ = Round(
            slug=data["slug"], title=data["title"], question=data["question"],
            introduction=data["introduction"],
            opens_at=now - timedelta(days=data["opens_days_ago"]),
            closes_at=now - timedelta(days=data["closes_days_ago"]),
            hide_counts=data["hide_counts"], comments_after_close=data["comments_after_close"],
            heard=data["heard"], next_steps=data["next_steps"],
            reported_at=now - timedelta(days=reported) if reported is not None else None,
            opened_notice_at=now, report_notice_at=now if reported is not None else None,
            created_at=now - timedelta(days=data["opens_days_ago"] + 7),
        )  # fmt: skip
        session.add(round_)
        session.flush()
        for slug in data["themes"]:
            session.add(RoundTheme(round_id=round_.id, theme_id=themes[slug].id))
        rounds.append((round_, {themes[slug].id for slug in data["themes"]}))
    return rounds


def _round_of(rounds: list, theme_id: int, created: datetime) -> Round | None:
    """The round an idea proposed then in this theme joined (as proposals.create_idea)."""
    for round_, theme_ids in rounds:
        if theme_id in theme_ids and round_.opens_at <= created < round_.closes_at:
            return round_
    return None


def _add_idea(
    session: Session, data: dict, themes: dict, members: dict, now: datetime, rounds: list
) -> Idea:
    created = now - timedelta(days=data["days_ago"])
    theme = themes[data["theme"]]
    round_ = _round_of(rounds, theme.id, created)
    idea = Idea(
        title=data["title"],
        body=data["body"],
        body_html=render_markdown(data["body"]),
        author_id=members[data["author"]].id,
        theme_id=theme.id,
        status=data["status"],
        created_at=created,
        updated_at=created,
        last_activity_at=created,
        trending_score=trending.initial_score(created),
        round_id=round_.id if round_ else None,
    )
    session.add(idea)
    session.flush()
    counters.theme_ideas_changed(session, theme.id, +1)
    vectors.store(session, idea_id=idea.id, title=idea.title, body=idea.body)

    # Votes arrive spread over the idea's life (until its round closed), oldest voter first.
    voters = data["voters"]
    until = min(now, round_.closes_at) if round_ else now
    for position, key in enumerate(voters):
        voted_at = created + (until - created) * (position + 1) / (len(voters) + 1)
        session.add(Vote(idea_id=idea.id, user_id=members[key].id, created_at=voted_at))
        counters.vote_added(idea, voted_at)
        idea.last_activity_at = max(idea.last_activity_at, voted_at)

    if data["status"] != IdeaStatus.open:
        answered = created + (now - created) * 3 / 5
        response = STATUS_RESPONSES[IdeaStatus(data["status"])]
        session.add(
            IdeaStatusChange(
                idea_id=idea.id,
                actor_id=members[DEMO_MODERATOR].id,
                from_status=IdeaStatus.open,
                status=data["status"],
                response=response,
                created_at=answered,
            )
        )
        idea.official_response = response
        idea.status_changed_at = answered

    for comment_data in data["comments"]:
        parent = _add_comment(session, idea, comment_data, members, now, parent=None)
        for reply in comment_data.get("replies", []):
            _add_comment(session, idea, reply, members, now, parent=parent)
    session.add(idea)

    # As the services do: proposing, voting and commenting follow the idea.
    followers = {data["author"], *voters}
    for comment_data in data["comments"]:
        followers.add(comment_data["author"])
        followers.update(reply["author"] for reply in comment_data.get("replies", []))
    for key in sorted(followers):
        session.add(Follow(user_id=members[key].id, idea_id=idea.id, created_at=created))
    return idea


def _add_comment(
    session: Session,
    idea: Idea,
    data: dict,
    members: dict,
    now: datetime,
    *,
    parent: Comment | None,
) -> Comment:
    # Spread same-day comments over the day; never before what they answer.
    created = now - timedelta(days=data["days_ago"], hours=len(data["body"]) % 20)
    created = max(created, parent.created_at if parent else idea.created_at)
    comment = Comment(
        idea_id=idea.id,
        author_id=members[data["author"]].id,
        parent_id=parent.id if parent else None,
        body=data["body"],
        body_html=render_markdown(data["body"]),
        stance=CommentStance(data["stance"]) if data["stance"] else "",
        created_at=created,
    )
    session.add(comment)
    session.flush()
    counters.comment_shown(idea, comment)
    idea.last_activity_at = max(idea.last_activity_at, created)
    return comment
