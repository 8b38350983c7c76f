"""What a vote or a stance answers: where it sends the member back to, and what the vote
button and the stance control show after it. The routes and the fast lane answer the
same way."""

from app.services.ideas import votes
from app.web.notifying.follows import idea_follow
from app.web.templating import local_path, path_for


def vote_answer(app, state: votes.VoteState, next: str) -> tuple[str, bool]:
    """Where a vote's answer sends the member back to (`next` if it is ours, else the
    idea; on a list, at the idea's card), and whether that is the idea's own page."""
    idea_page = path_for(app, "idea", idea_id=state.idea_id)
    back = local_path(next, idea_page).split("#", 1)[0]
    if back == idea_page:
        return back, True
    if back == path_for(app, "deck"):  # the deck shows its next card: nothing to come back to
        return back, False
    if back.split("?", 1)[0] == path_for(app, "new_idea"):  # the kept draft, not a card
        return back, False
    # Elsewhere (a list) the answer comes back to the idea's own card, not the page's top:
    # without JavaScript, the 7th card's vote would otherwise leave the member at the 1st.
    return f"{back}#idea-{state.idea_id}", False


def _page(back: str) -> str:
    """The page without the card's anchor: what the swapped-in control posts as `next`."""
    return back.split("#", 1)[0]


def vote_swap_context(state: votes.VoteState, back: str, following: bool | None) -> dict:
    """What `_vote_swap.html` shows after a vote; `following` only on the idea's page
    (None elsewhere), where the follow button comes too."""
    votes_text = f"{state.vote_count} vote{'' if state.vote_count == 1 else 's'}"
    if state.counts_hidden:
        votes_text = "The total is hidden until the round closes."
    announcement = "You voted for this idea. " if state.voted else "Your vote is removed. "
    context = {"vote": state, "next_path": _page(back), "announcement": announcement + votes_text}
    if following is not None:
        context["follow"] = idea_follow(state.idea_id, following)
    return context


ANSWERED = {
    "support": "You support this idea.",
    "disagree": "You disagree with this idea.",
    "pass": "You passed on this idea.",
    None: "Your answer is taken back.",
}


def stance_swap_context(state: votes.VoteState, back: str, following: bool) -> dict:
    """What `_stance_swap.html` shows after a stance on the idea's page."""
    counts = (
        f"{state.vote_count} support, {state.disagree_count} disagree, {state.pass_count} passed."
    )
    if state.counts_hidden:
        counts = "The totals are hidden until the round closes."
    return {
        "vote": state,
        "next_path": _page(back),
        "announcement": f"{ANSWERED[state.answer]} {counts}",
        "follow": idea_follow(state.idea_id, following),
    }
