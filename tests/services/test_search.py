import pytest

from app.models import IdeaStatus, utcnow
from app.services import cursors
from app.services.errors import ValidationFailed
from app.services.finding import search, similar
from app.services.ideas import comments, proposals
from app.services.ideas.proposals import IdeaDraft
from tests.factories import make_comment, make_idea, make_theme, make_user
from tests.search_pairs import CORPUS, PAIRS


def _ids(page) -> list[int]:
    return [item.id for item in page.items]


def test_search_finds_mentoring_when_the_idea_says_mentors(session):
    idea = make_idea(session, title="A pool of volunteer mentors", body="Mentors for new CEOs.")
    make_idea(session, title="Shared payroll for small charities", body="One provider.")

    page = search.search_ideas(session=session, q="mentoring")

    assert _ids(page) == [idea.id]
    assert "<mark>mentors</mark>" in page.items[0].title_html


def test_a_match_in_the_title_outranks_one_in_the_body(session):
    in_body = make_idea(session, title="Cheaper venues for training", body="Budget for payroll.")
    in_title = make_idea(session, title="Shared payroll service", body="One provider for all.")

    assert _ids(search.search_ideas(session=session, q="payroll")) == [in_title.id, in_body.id]


def test_equal_matches_are_ordered_by_votes(session):
    quiet = make_idea(session, title="Shared payroll service for charities", body="")
    backed = make_idea(session, title="Shared payroll service for trusts", body="")
    backed.vote_count = 12
    session.add(backed)
    session.commit()

    assert _ids(search.search_ideas(session=session, q="payroll"))[0] == backed.id
    assert quiet.id in _ids(search.search_ideas(session=session, q="payroll"))


def test_search_combines_with_theme_and_status(session):
    first, second = make_theme(session), make_theme(session)
    open_one = make_idea(session, theme=first, title="Trustee skills bank", body="")
    other_theme = make_idea(session, theme=second, title="Trustee recruitment drive", body="")
    planned = make_idea(session, theme=first, title="Trustee induction pack", body="")
    planned.status = IdeaStatus.planned
    session.add(planned)
    session.commit()

    by_theme = search.search_ideas(session=session, q="trustee", theme_id=first.id)
    by_status = search.search_ideas(session=session, q="trustee", status=IdeaStatus.planned)

    assert set(_ids(by_theme)) == {open_one.id, planned.id}
    assert _ids(by_status) == [planned.id]
    assert other_theme.id not in _ids(by_theme)


def test_snippets_mark_matches_and_escape_everything_else(session):
    make_idea(session, title="Mentoring <b>pool</b>", body="<script>x()</script> mentors & more")

    item = search.search_ideas(session=session, q="mentor").items[0]

    for marked in (item.snippet, item.title_html):
        assert "<mark>" in marked
        assert "<" not in marked.replace("<mark>", "").replace("</mark>", "")
    assert "&amp;" in item.snippet


@pytest.mark.parametrize(
    "query",
    ['"); DROP TABLE idea; --', "NEAR(", "a AND OR NOT", "*", "名前 テスト", "café résumé",
     "mentor:* & !", "'", "\\", "((((", "^", "-mentors", "a" * 500, "", "   "],
)  # fmt: skip
def test_any_query_in_any_language_or_punctuation_never_errors(session, query):
    make_idea(session, title="Mentoring for new leaders", body="café résumé 名前")

    search.search_ideas(session=session, q=query)
    search.search_comments(session=session, q=query)
    similar.similar_ideas(session=session, title=query, body=query)


def test_editing_an_idea_changes_its_results_at_once(session):
    idea = make_idea(session, title="Shared payroll service", body="")

    draft = IdeaDraft(title="Shared finance director", body="", theme=_slug(session, idea))
    editor = session.get(type(make_user(session)), idea.author_id)
    proposals.update_idea(session=session, editor=editor, idea_id=idea.id, draft=draft)

    assert _ids(search.search_ideas(session=session, q="payroll")) == []
    assert _ids(search.search_ideas(session=session, q="finance")) == [idea.id]


def _slug(session, idea) -> str:
    from app.models import Theme

    return session.get(Theme, idea.theme_id).slug


def test_hidden_and_merged_ideas_leave_the_results_at_once(session):
    hidden = make_idea(session, title="Shared payroll service", body="")
    merged = make_idea(session, title="Payroll shared between charities", body="")
    hidden.hidden_at = utcnow()
    merged.status = IdeaStatus.merged
    session.add_all([hidden, merged])
    session.commit()

    assert _ids(search.search_ideas(session=session, q="payroll")) == []
    hidden.hidden_at = None
    session.add(hidden)
    session.commit()
    assert _ids(search.search_ideas(session=session, q="payroll")) == [hidden.id]


def test_search_pages_are_complete_and_duplicate_free(session):
    theme, author = make_theme(session), make_user(session)
    created = {
        make_idea(session, theme=theme, author=author, title=f"Mentoring scheme number {n}").id
        for n in range(27)
    }
    seen, cursor = [], None
    for _page in range(10):
        page = search.search_ideas(session=session, q="mentoring", cursor=cursor, limit=10)
        seen += _ids(page)
        cursor = page.next_cursor
        if cursor is None:
            break

    assert len(seen) == len(set(seen)) and set(seen) == created


def test_a_broken_search_cursor_is_a_validation_error(session):
    with pytest.raises(ValidationFailed):
        search.search_ideas(session=session, q="x", cursor=cursors.encode_cursor("relevance", "a"))


def test_comment_search_skips_hidden_and_deleted_comments(session):
    idea = make_idea(session, title="Pooled training budget", body="")
    author = make_user(session)
    shown = make_comment(session, idea=idea, author=author, body="Mentoring beats courses.")
    gone = make_comment(session, idea=idea, author=author, body="Mentoring is overrated.")
    comments.delete_comment(session=session, user=author, comment_id=gone.id)

    hits = search.search_comments(session=session, q="mentoring")

    assert [hit.comment_id for hit in hits] == [shown.id]
    assert "<mark>Mentoring</mark>" in hits[0].snippet


def test_similar_ideas_find_a_rephrased_duplicate(session):
    original = make_idea(
        session,
        title="Peer mentoring for new charity chief executives",
        body="Experienced CEOs mentor newly appointed chief executives for a year.",
    )
    make_idea(session, title="Shared payroll service", body="One provider for all.")

    found = similar.similar_ideas(
        session=session,
        title="Mentors for first-time CEOs",
        body="Pair new chief executives with mentors.",
    )

    assert [idea.id for idea in found][:1] == [original.id]


def test_posting_a_likely_duplicate_needs_confirmation(session):
    theme = make_theme(session)
    make_idea(session, theme=theme, title="Peer mentoring for new chief executives", body="")
    author = make_user(session)

    with pytest.raises(similar.LikelyDuplicates) as caught:
        proposals.create_idea(
            session=session,
            author=author,
            check_duplicates=True,
            draft=IdeaDraft(
                title="Peer mentoring for new chief executives", body="", theme=theme.slug
            ),
        )
    confirmed = proposals.create_idea(
        session=session,
        author=author,
        draft=IdeaDraft(title="Peer mentoring for new chief executives", body="", theme=theme.slug),
    )

    assert caught.value.ideas and confirmed.id


def test_similar_ideas_quality_floor_on_the_labelled_pairs(session):
    """A floor, not the score: `make bench` prints precision@5 and recall on this set."""
    theme, author = make_theme(session), make_user(session)
    ids = {idea: make_idea(session, theme=theme, author=author, title=idea.title,
                           body=idea.body).id for idea in CORPUS}  # fmt: skip
    duplicates = [pair for pair in PAIRS if pair.duplicate]
    found = 0
    for pair in duplicates:
        top = similar.similar_ideas(
            session=session, title=pair.a.title, body=pair.a.body, exclude_id=ids[pair.a]
        )
        found += ids[pair.b] in [idea.id for idea in top]

    assert found / len(duplicates) >= 0.80


def test_merging_and_unmerging_change_results_at_once(session):
    from app.models import Role
    from app.services.ideas import merging

    moderator = make_user(session, role=Role.moderator)
    survivor = make_idea(session, title="Shared payroll service", body="")
    merged = make_idea(session, title="Payroll shared between charities", body="")

    merging.merge_idea(session=session, actor=moderator, idea_id=merged.id, into=survivor.id)
    assert _ids(search.search_ideas(session=session, q="payroll")) == [survivor.id]

    merging.unmerge_idea(session=session, actor=moderator, idea_id=merged.id)
    assert set(_ids(search.search_ideas(session=session, q="payroll"))) == {survivor.id, merged.id}
