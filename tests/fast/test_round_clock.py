"""Stored pages go stale when a round opens or closes by the clock, though nothing is
written then (app/fast/round_clock.py)."""

from datetime import timedelta
from types import SimpleNamespace

from app.fast import round_clock
from app.fast.generation import Generation
from app.models import utcnow
from app.services.rounds import state
from tests.factories import make_idea, make_round, make_theme, make_vote
from tests.pages import soup


class Counter(Generation):
    def __init__(self) -> None:
        self.value = 0

    def current(self) -> int:
        return self.value

    def settled(self) -> int:
        return self.value

    def site(self) -> int:
        return 0

    def bump(self, *, counts_only: bool = False, site: bool = False) -> None:
        self.value += 1


def _later(monkeypatch, by: timedelta) -> None:
    moment = utcnow() + by
    for module in (round_clock, state):
        monkeypatch.setattr(module, "utcnow", lambda: moment)
    monkeypatch.setattr(round_clock, "time", SimpleNamespace(time=moment.timestamp))


def test_the_generation_moves_on_once_when_a_round_closes(engine, session, monkeypatch):
    make_round(session, themes=[make_theme(session)], closes_in=timedelta(hours=1))
    base = Counter()
    clock = round_clock.RoundClock(base, engine)

    first = clock.current()
    assert clock.current() == first  # nothing changed: no bump
    _later(monkeypatch, timedelta(hours=2))
    after = clock.current()

    assert after != first and base.value == 1
    assert clock.current() == after  # once
    clock.stop()


def test_an_anonymous_page_shows_the_totals_once_the_round_has_closed(client, session, monkeypatch):
    theme = make_theme(session)
    make_round(session, themes=[theme], hide_counts=True, closes_in=timedelta(hours=1))
    idea = make_idea(session, theme=theme)
    for _ in range(3):
        make_vote(session, idea=idea)

    running = client.get("/ideas")
    assert client.get("/ideas").headers["etag"] == running.headers["etag"]  # from the cache
    _later(monkeypatch, timedelta(hours=2))
    closed = client.get("/ideas")

    assert "Total hidden" in soup(running).select_one(f"#idea-{idea.id} .vote").get_text()
    assert soup(closed).select_one(f"#idea-{idea.id} .vote__count").get_text(" ", strip=True) == (
        "3 votes"
    )
