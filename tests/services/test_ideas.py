import pytest
from sqlmodel import select

from app.models import ROADMAP_STATUSES, Idea, IdeaStatus, Theme, User, utcnow
from app.services.errors import Forbidden, NotFound, ValidationFailed
from app.services.ideas import comments, listing, proposals, votes
from app.services.ideas.proposals import IdeaDraft
from app.services.insight import compute
from app.services.moderation import answers
from tests.dbstate import Statements
from tests.factories import make_idea, make_theme, make_user


def test_create_idea_renders_markdown_and_counts_in_its_theme(session):
    theme = make_theme(session)
    idea = make_idea(session, theme=theme, body="We need **shared** mentors.")

    assert "<strong>shared</strong>" in idea.body_html
    session.refresh(theme)
    assert theme.idea_count == 1


def test_create_idea_reports_every_problem_at_once(session):
    member = make_user(session)
    make_theme(session)  # once a theme exists, an idea must choose one

    with pytest.raises(ValidationFailed) as caught:
        proposals.create_idea(
            session=session,
            author=member,
            draft=IdeaDraft(title="Hi", body="x" * 10_001, theme=""),
        )

    assert set(caught.value.errors) == {"title", "body", "theme"}
    assert session.exec(select(Idea)).first() is None


def test_with_no_open_theme_an_idea_goes_to_a_general_theme(session):
    archived = make_theme(session, slug="old", name="Old")
    archived.archived_at = utcnow()
    session.add(archived)
    session.commit()

    first = proposals.create_idea(
        session=session, author=make_user(session), draft=IdeaDraft(title="A first idea here")
    )

    general = session.exec(select(Theme).where(Theme.slug == "general")).one()
    assert first.theme_id == general.id
    session.refresh(general)
    assert general.idea_count == 1 and general.archived_at is None
    with pytest.raises(ValidationFailed) as caught:  # General is open now: a theme is asked
        proposals.create_idea(
            session=session, author=make_user(session), draft=IdeaDraft(title="A second idea")
        )
    assert "theme" in caught.value.errors


def test_archived_theme_cannot_take_new_ideas(session):
    theme = make_theme(session)
    theme.archived_at = utcnow()
    session.add(theme)
    session.commit()

    with pytest.raises(ValidationFailed) as caught:
        make_idea(session, theme=theme)
    assert "theme" in caught.value.errors


def test_only_the_author_can_edit(session):
    idea, other = make_idea(session), make_user(session)

    with pytest.raises(Forbidden):
        proposals.update_idea(
            session=session,
            editor=other,
            idea_id=idea.id,
            draft=IdeaDraft(
                title="A hijacked title", body="", theme=session.get(Theme, idea.theme_id).slug
            ),
        )
    session.refresh(idea)
    assert idea.title.startswith("Shared mentoring pool")


def test_edit_moves_the_idea_between_theme_counts(session):
    first, second = make_theme(session), make_theme(session)
    idea = make_idea(session, theme=first)

    edited = proposals.update_idea(
        session=session,
        editor=session.get(User, idea.author_id),
        idea_id=idea.id,
        draft=IdeaDraft(title="A better title for it", body="More detail.", theme=second.slug),
    )

    session.refresh(first)
    session.refresh(second)
    assert (first.idea_count, second.idea_count) == (0, 1)
    assert edited.edited_at is not None
    assert edited.title == "A better title for it"


def test_hidden_idea_is_not_found_except_for_moderators(session):
    idea = make_idea(session)
    idea.hidden_at = utcnow()
    session.add(idea)
    session.commit()
    moderator = make_user(session, role="moderator")

    with pytest.raises(NotFound):
        proposals.get_idea(session=session, idea_id=idea.id, viewer=None)
    assert proposals.get_idea(session=session, idea_id=idea.id, viewer=moderator).id == idea.id
    assert listing.list_ideas(session=session).items == []


@pytest.mark.parametrize("sort", listing.SORTS)
def test_keyset_pages_stay_complete_while_ideas_are_added(session, settings, sort):
    theme = make_theme(session)
    author = make_user(session)
    voters = [make_user(session) for _ in range(4)]
    originals = []
    for number in range(25):
        idea = make_idea(session, author=author, theme=theme, title=f"Original idea {number:02}")
        for voter in voters[: number % 5]:
            votes.cast_vote(session=session, user=voter, idea_id=idea.id)
        if number % 3 == 0:
            comments.add_comment(
                session=session, author=voters[0], idea_id=idea.id, body="Yes.", stance="for"
            )
        originals.append(idea.id)
    if sort == listing.COMMON:  # sorted by the latest analysis: run one
        compute.compute_insight(session=session, settings=settings)

    seen: list[int] = []
    cursor = None
    for page_number in range(20):
        page = listing.list_ideas(session=session, sort=sort, cursor=cursor, limit=7)
        seen.extend(item.id for item in page.items)
        # New ideas arrive between page loads; they must not disturb what follows.
        make_idea(session, author=author, theme=theme, title=f"Late idea {page_number:02}")
        cursor = page.next_cursor
        if cursor is None:
            break

    assert len(seen) == len(set(seen)), "an idea appeared on two pages"
    assert set(originals) <= set(seen), "an idea that existed all along was skipped"


def test_list_filters_by_theme_and_status(session):
    first, second = make_theme(session), make_theme(session)
    in_first = make_idea(session, theme=first)
    planned = make_idea(session, theme=second)
    planned.status = IdeaStatus.planned
    session.add(planned)
    session.commit()

    by_theme = listing.list_ideas(session=session, theme_id=first.id)
    by_status = listing.list_ideas(session=session, status=IdeaStatus.planned)

    assert [item.id for item in by_theme.items] == [in_first.id]
    assert [item.id for item in by_status.items] == [planned.id]


@pytest.mark.parametrize("cursor", ["not-base64!", "bm9wZQ", "WyJ0b3AiLCJ4IiwxXQ", "W10"])
def test_a_broken_cursor_is_a_validation_error(session, cursor):
    with pytest.raises(ValidationFailed):
        listing.list_ideas(session=session, sort="top", cursor=cursor)


# --- query plans -----------------------------------------------------------------------


def query_plan(session, statement, parameters) -> str:
    """The planner's plan for a statement, with "SORT" where it would sort the rows itself
    instead of reading them in order from an index. PostgreSQL is told to sort or scan a
    table only if nothing else can answer, so that its plan does not depend on how few
    rows a test's tables hold."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        text = "\n".join(row[-1] for row in plan)
        return text.replace("USE TEMP B-TREE FOR ORDER BY", "SORT")
    connection.exec_driver_sql("SET LOCAL enable_sort = off")
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
    return "\n".join(row[0] for row in plan).replace("Sort", "SORT")


@pytest.mark.parametrize("status", [None, *(s for s in IdeaStatus if s != IdeaStatus.merged)])
def test_every_list_is_read_in_order_from_an_index(session, status):
    # The status indexes leave the open ideas out (app/models.py, NOT_OPEN): a list of
    # open ideas must still walk a sort index, and a list of any other status its own.
    theme = make_theme(session)
    for theme_id in (None, theme.id):
        for sort in listing.SORTS:
            with Statements(session.get_bind()) as statements:
                listing.list_ideas(session=session, sort=sort, theme_id=theme_id, status=status)
            plan = query_plan(session, *statements.run[-1])
            assert "SORT" not in plan, (sort, theme_id, status, plan)
            if sort == listing.COMMON:  # the latest insight run's order
                assert "ix_insight_idea_bridging" in plan, (theme_id, status, plan)
            elif theme_id is None and status not in (None, IdeaStatus.open):
                assert f"ix_idea_status_{sort}" in plan, (sort, status, plan)
            session.rollback()


def test_the_roadmap_is_read_in_order_from_its_index(session):
    with Statements(session.get_bind()) as statements:
        answers.roadmap(session=session)

    assert len(statements.run) == len(ROADMAP_STATUSES)
    for statement, parameters in statements.run:
        plan = query_plan(session, statement, parameters)
        assert "SORT" not in plan and "ix_idea_roadmap" in plan, plan
    session.rollback()
