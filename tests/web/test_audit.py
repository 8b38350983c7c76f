"""The audit trail: one event per moderator and admin action, the filtered log, the CSV."""

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import delete, select

from app.models import AuditEvent, Comment, DuplicatePair, Idea, Theme, User, utcnow
from app.services.accounts import security_events, segments
from app.services.ideas import merging, themes
from app.services.moderation import audit, hiding, members, pinning
from app.services.rounds.curation import local_input
from tests.conftest import end_test_transactions
from tests.factories import (
    make_admin,
    make_comment,
    make_flag,
    make_idea,
    make_moderator,
    make_round,
    make_theme,
    make_user,
)
from tests.pages import field_error, field_value, soup


@dataclass
class World:
    admin: User
    theme: Theme
    other: Theme
    idea: Idea
    survivor: Idea
    comment: Comment
    member: User


@pytest.fixture
def world(session) -> World:
    theme, other = make_theme(session), make_theme(session, slug="other-theme")
    idea = make_idea(session, theme=theme)
    return World(
        admin=make_admin(session),
        theme=theme,
        other=other,
        idea=idea,
        survivor=make_idea(session, theme=theme),
        comment=make_comment(session, idea=idea),
        member=make_user(session),
    )


def _archived(s, w):
    themes.archive_theme(session=s, actor=w.admin, theme_id=w.theme.id)
    return f"/mod/themes/{w.theme.id}/unarchive", {}


HOOK = {"url": "https://93.184.215.14/hook", "active": "true"}


def _webhook(s, w) -> int:
    from app.config import Settings
    from app.services.sharing.webhooks import WebhookDraft, create_webhook

    draft = WebhookDraft(url=HOOK["url"], events=("idea.created",))
    webhook = create_webhook(session=s, settings=Settings(), actor=w.admin, draft=draft)
    s.exec(delete(AuditEvent))
    s.commit()
    return webhook.id


def _merged(s, w):
    merging.merge_idea(session=s, actor=w.admin, idea_id=w.idea.id, into=w.survivor.id)
    return f"/mod/ideas/{w.idea.id}/unmerge", {}


def _hidden_idea(s, w):
    hiding.hide_idea(session=s, actor=w.admin, idea_id=w.idea.id)
    return f"/mod/ideas/{w.idea.id}/restore", {}


def _hidden_comment(s, w):
    hiding.hide_comment(session=s, actor=w.admin, comment_id=w.comment.id)
    return f"/mod/comments/{w.comment.id}/restore", {}


def _pinned(s, w):
    pinning.pin_idea(session=s, actor=w.admin, idea_id=w.idea.id)
    return f"/mod/ideas/{w.idea.id}/unpin", {}


def _reported(s, w):
    make_flag(s, idea=w.idea)
    return f"/mod/flags/ideas/{w.idea.id}/dismiss", {}


def _suspended(s, w):
    members.suspend(session=s, actor=w.admin, user_id=w.member.id, reason="Spam links")
    return f"/mod/users/{w.member.id}/unsuspend", {}


def _duplicate_pair(s, w):
    first, second = sorted((w.idea.id, w.survivor.id))
    pair = s.exec(
        select(DuplicatePair).where(
            DuplicatePair.first_id == first, DuplicatePair.second_id == second
        )
    ).first() or DuplicatePair(first_id=first, second_id=second, similarity=0.5)
    s.add(pair)
    s.commit()
    return f"/mod/duplicates/{pair.id}/dismiss", {}


# Each moderator action: how to get to the point where it can be taken, and the request.
def _round(s, w, **dates):
    return make_round(s, themes=[w.theme], **dates).id


def _round_form(w) -> dict:
    now = utcnow()
    return {
        "title": "Leaders on less",
        "question": "How do we keep developing leaders?",
        "opens_at": local_input(now + timedelta(days=1)),
        "closes_at": local_input(now + timedelta(days=20)),
        "themes": [w.theme.slug],
    }


def _segment(s, w, *, archived: bool = False):
    draft = segments.SegmentDraft(question="Role?", options="A\nB")
    found = segments.create_segment(session=s, actor=w.admin, draft=draft)
    if archived:
        segments.set_archived(session=s, actor=w.admin, segment_id=found.id, archived=True)
    return found


ACTIONS = {
    "theme.create": lambda s, w: ("/mod/themes", {"name": "A brand new theme"}),
    "theme.update": lambda s, w: (
        f"/mod/themes/{w.theme.id}",
        {"name": "Renamed theme", "slug": w.theme.slug, "description": ""},
    ),
    "theme.reorder": lambda s, w: (f"/mod/themes/{w.other.id}/reorder", {"direction": "up"}),
    "theme.archive": lambda s, w: (f"/mod/themes/{w.theme.id}/archive", {}),
    "theme.unarchive": _archived,
    "theme.merge": lambda s, w: (f"/mod/themes/{w.theme.id}/merge", {"into": w.other.slug}),
    "theme.move_ideas": lambda s, w: (
        f"/mod/themes/{w.theme.id}/move-ideas",
        {"idea_ids": [str(w.idea.id), str(w.survivor.id)], "theme": w.other.slug},
    ),
    "idea.status": lambda s, w: (
        f"/mod/ideas/{w.idea.id}/status",
        {"status": "planned", "response": "Yes"},
    ),
    "idea.merge": lambda s, w: (f"/mod/ideas/{w.idea.id}/merge", {"into": str(w.survivor.id)}),
    "idea.unmerge": _merged,
    "idea.hide": lambda s, w: (f"/mod/ideas/{w.idea.id}/hide", {}),
    "idea.restore": _hidden_idea,
    "idea.pin": lambda s, w: (f"/mod/ideas/{w.idea.id}/pin", {}),
    "idea.unpin": _pinned,
    "idea.move": lambda s, w: (f"/mod/ideas/{w.idea.id}/theme", {"theme": w.other.slug}),
    "comment.hide": lambda s, w: (f"/mod/comments/{w.comment.id}/hide", {}),
    "comment.restore": _hidden_comment,
    "flags.dismiss": _reported,
    "duplicates.dismiss": _duplicate_pair,
    "user.suspend": lambda s, w: (f"/mod/users/{w.member.id}/suspend", {"reason": "Spam"}),
    "user.unsuspend": _suspended,
    "user.role": lambda s, w: (f"/mod/users/{w.member.id}/role", {"role": "moderator"}),
    "segment.create": lambda s, w: ("/mod/segments", {"question": "Role?", "options": "A\nB"}),
    "segment.update": lambda s, w: (
        f"/mod/segments/{_segment(s, w).id}",
        {"question": "Your role?", "options": "A\nB"},
    ),
    "segment.archive": lambda s, w: (f"/mod/segments/{_segment(s, w).id}/archive", {}),
    "segment.unarchive": lambda s, w: (
        f"/mod/segments/{_segment(s, w, archived=True).id}/unarchive",
        {},
    ),
    "user.erase": lambda s, w: (f"/mod/users/{w.member.id}/erase", {"content": "keep"}),
    "webhook.create": lambda s, w: ("/mod/webhooks", {**HOOK, "events": ["idea.created"]}),
    "webhook.update": lambda s, w: (
        f"/mod/webhooks/{_webhook(s, w)}",
        {**HOOK, "events": ["comment.created"]},
    ),
    "webhook.delete": lambda s, w: (f"/mod/webhooks/{_webhook(s, w)}/delete", {}),
    "round.create": lambda s, w: ("/mod/rounds", _round_form(w)),
    "round.update": lambda s, w: (f"/mod/rounds/{_round(s, w)}", _round_form(w)),
    "round.open": lambda s, w: (f"/mod/rounds/{_round(s, w, opens_in=timedelta(days=1))}/open", {}),
    "round.extend": lambda s, w: (
        f"/mod/rounds/{_round(s, w)}/extend",
        {"closes_at": local_input(utcnow() + timedelta(days=60))},
    ),
    "round.close": lambda s, w: (f"/mod/rounds/{_round(s, w)}/close", {}),
    "round.report": lambda s, w: (
        f"/mod/rounds/{_round(s, w, closes_in=timedelta(hours=-1))}/report",
        {"heard": "Lots.", "next_steps": ""},
    ),
    "round.publish": lambda s, w: (
        f"/mod/rounds/{_round(s, w, closes_in=timedelta(hours=-1))}/report",
        {"heard": "Lots.", "next_steps": "A pilot.", "publish": "yes"},
    ),
}
# Not posted through /mod: automatic hides, security events, and the site's own actions
# (tests/web/test_site.py checks that each writes its audit event).
SYSTEM_ACTIONS = {
    "idea.auto_hide",
    "comment.auto_hide",
    "site.settings",
    "page.publish",
    "site.first_admin",
} | set(security_events.EVENTS)


def _event_count(session) -> int:
    end_test_transactions()
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


def test_every_recorded_action_is_checked_here():
    assert set(ACTIONS) | SYSTEM_ACTIONS == set(audit.ACTIONS)


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_writes_exactly_one_audit_event(client, session, world, action):
    url, data = ACTIONS[action](session, world)
    client.login(world.admin)
    before = _event_count(session)

    response = client.submit(url, data)

    assert response.status_code == 303, soup(response).get_text(" ", strip=True)[:300]
    assert _event_count(session) == before + 1
    event = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor_id) == (action, world.admin.id)
    assert event.created_at > utcnow() - timedelta(minutes=1)


def test_a_refused_action_writes_no_event(client, session, world):
    client.login(world.admin)

    client.submit(f"/mod/ideas/{world.idea.id}/merge", {"into": str(world.idea.id)})
    client.submit(f"/mod/users/{world.admin.id}/role", {"role": "member"})
    client.submit(f"/mod/ideas/{world.idea.id}/status", {"status": "nonsense"})

    assert _event_count(session) == 0


def _rows(page) -> list[str]:
    return [row.select_one(".audit-action")["data-action"] for row in page.select("tbody tr")]


def test_the_audit_log_filters_by_actor_action_and_date(client, session, world):
    first, second = make_moderator(session, display_name="Ana Mod"), make_moderator(session)
    hiding.hide_idea(session=session, actor=first, idea_id=world.idea.id)
    hiding.restore_idea(session=session, actor=second, idea_id=world.idea.id)
    pinning.pin_idea(session=session, actor=second, idea_id=world.idea.id)
    old = session.exec(select(AuditEvent).where(AuditEvent.action == "idea.pin")).one()
    old.created_at = utcnow() - timedelta(days=10)
    session.add(old)
    session.commit()
    client.login(world.admin)
    today = utcnow().date().isoformat()

    everything = soup(client.get("/mod/audit"))
    by_actor = soup(client.get(f"/mod/audit?actor={first.id}"))
    by_action = soup(client.get("/mod/audit?action=idea.restore"))
    recent = soup(client.get(f"/mod/audit?from={today}&to={today}"))

    assert _rows(everything) == ["idea.pin", "idea.restore", "idea.hide"]
    assert _rows(by_actor) == ["idea.hide"]
    assert "Ana Mod" in by_actor.select_one("tbody").get_text()
    assert _rows(by_action) == ["idea.restore"]
    assert _rows(recent) == ["idea.restore", "idea.hide"]
    assert field_value(by_actor, "actor") == str(first.id)
    assert everything.find("a", string="Download these events as CSV")["href"] == "/mod/audit.csv"


def test_bad_audit_filters_come_back_with_input_kept(client, session, world):
    client.login(world.admin)

    response = client.get("/mod/audit?from=27/11/2026&to=2026-01-01&action=idea.explode")

    assert response.status_code == 422
    page = soup(response)
    assert field_error(page, "from") == "Enter a date like 2026-11-27."
    assert field_value(page, "from") == "27/11/2026"
    assert page.select_one(".error-summary")
    assert client.get("/mod/audit?from=2026-02-01&to=2026-01-01").status_code == 422


def test_the_csv_escapes_cells_a_spreadsheet_would_run(client, session, world):
    sneaky = make_moderator(session, display_name='=HYPERLINK("https://evil.example")')
    themes.create_theme(
        session=session,
        actor=sneaky,
        name="+SUM(A1:A9)",
        slug="sum",
        description="@cmd|' /C calc'!A0",
    )
    hiding.hide_idea(session=session, actor=world.admin, idea_id=world.idea.id)
    client.login(world.admin)

    response = client.get("/mod/audit.csv")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["action"] for row in rows] == ["idea.hide", "theme.create"]
    created = rows[1]
    assert created["actor_name"] == '\'=HYPERLINK("https://evil.example")'
    assert created["after"].startswith("{") and "+SUM(A1:A9)" in created["after"]
    filtered = client.get("/mod/audit.csv?action=idea.hide")
    assert len(list(csv.DictReader(io.StringIO(filtered.text)))) == 1


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+44 113", "'+44 113"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Plain text", "Plain text"),
        (-5, "'-5"),
        (None, ""),
        ({"name": "=x"}, '{"name": "=x"}'),
    ],
)
def test_csv_cells_starting_with_a_formula_character_get_an_apostrophe(value, cell):
    assert audit.csv_cell(value) == cell
