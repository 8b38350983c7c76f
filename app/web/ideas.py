"""Idea pages: the list, proposing and editing, the idea page, votes and comments."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from sqlmodel import Session

from app.deps import CurrentUser, OptionalUser, PublicPage, SessionDep, VerifiedUser
from app.models import OFFICIAL_STATUSES, FlagReason, Idea, IdeaStatus, Theme, User
from app.services import (
    comments,
    flags,
    follows,
    ideas,
    moderation,
    search,
    similar,
    themes,
    votes,
)  # fmt: skip
from app.services.errors import ValidationFailed
from app.web import member_pages
from app.web.follows import idea_follow
from app.web.templating import is_htmx, local_path, path_for, redirect, render

router = APIRouter()

FormStr = Annotated[str, Form()]
OptionalFormInt = Annotated[int | None, Form()]


# --- lists -----------------------------------------------------------------------------


def list_context(
    request: Request,
    session: Session,
    user: User | None,
    *,
    sort: str,
    theme: Theme | None,
    status: str,
    cursor: str,
    q: str = "",
    route: str,
    route_params: dict | None = None,
    pinned_first: bool = False,
) -> dict:
    """Everything an idea list shows, sorted or searched; shared by /ideas and a theme's
    page. A search (`q`) orders by relevance and also lists matching comments.

    With `pinned_first` (a theme's page) the pinned ideas lead the first page in a block of
    their own and the sorted list leaves them out on every page, so that across the pages
    each idea shows exactly once. A search ranks pinned ideas like any other.
    """
    sort = sort if sort in ideas.SORTS else ideas.DEFAULT_SORT
    status_filter = IdeaStatus(status) if status in set(IdeaStatus) else None
    q = q.strip()
    filters = {"theme_id": theme.id if theme else None, "status": status_filter}
    page, pinned, comment_hits = _find_ideas(
        session, q=q, sort=sort, cursor=cursor, pinned_first=pinned_first, filters=filters
    )
    query = {"q": q, "sort": sort, "status": status_filter and status_filter.value}
    if route == "ideas":
        query["theme"] = theme.slug if theme else None
    path = path_for(request.app, route, **(route_params or {}))
    more_url = None
    if page.next_cursor:
        more_url = _with_query(path, {**query, "cursor": page.next_cursor})
    return {
        "page": page,
        "pinned": pinned,
        "voted": votes.voted_idea_ids(
            session=session, user=user, idea_ids=[item.id for item in page.items + pinned]
        ),
        "q": q,
        "comment_hits": comment_hits,
        "heading": "h3" if q else "h2",
        "sort": sort,
        "sorts": ideas.SORTS,
        "status": status_filter,
        "statuses": list(IdeaStatus),
        "theme": theme,
        "query": query,
        "list_path": str(path),
        "more_url": more_url,
        "next_path": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }


def _find_ideas(session: Session, *, q, sort, cursor, pinned_first, filters):
    """One page of the list: (page, pinned ideas, matching comments)."""
    if q:
        page = search.search_ideas(session=session, q=q, cursor=cursor or None, **filters)
        comment_hits = [] if cursor else search.search_comments(session=session, q=q)
        return page, [], comment_hits
    pinned_filter = False if pinned_first else None
    page = ideas.list_ideas(
        session=session, sort=sort, pinned=pinned_filter, cursor=cursor or None, **filters
    )
    pinned = []
    if pinned_first and not cursor:
        pinned = ideas.list_ideas(session=session, sort=sort, pinned=True, **filters).items
    return page, pinned, []


def _with_query(path: str, query: dict) -> str:
    return f"{path}?{urlencode({k: v for k, v in query.items() if v})}"


def render_list(request: Request, template: str, context: dict, *, shared: bool = False):
    """The whole page; for htmx, only what changed: after "Load more" the next ideas and
    the new link, after the filters or a search the results. With `shared`, a verified
    member's page is one rendered for all members and filled in (app/web/member_pages.py);
    only pages whose every personal part is a slot there may say so."""
    if is_htmx(request) and request.query_params.get("cursor"):
        return render(request, "ideas/_more.html", context)
    if is_htmx(request) and request.headers.get("hx-target") == "idea-results":
        return render(request, "ideas/_results.html", {**context, "swapped": True})
    if shared and member_pages.can_share(request):
        return member_pages.respond(request, template, context)
    return render(request, template, context)


@router.get("/ideas", name="ideas", dependencies=[PublicPage])
def list_page(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    sort: str = ideas.DEFAULT_SORT,
    theme: str = "",
    status: str = "",
    cursor: str = "",
    q: str = "",
):
    theme_obj = themes.get_theme(session=session, slug=theme) if theme else None
    context = list_context(
        request, session, user, sort=sort, theme=theme_obj, status=status, cursor=cursor,
        q=q, route="ideas",
    )  # fmt: skip
    context["themes"] = member_pages.per_generation(
        request, "themes", lambda: themes.list_themes(session=session)
    )
    return render_list(request, "ideas/list.html", context, shared=True)


# --- proposing and editing -------------------------------------------------------------


def _form_page(
    request: Request,
    session: Session,
    *,
    values: dict,
    errors: dict,
    idea=None,
    duplicates=(),
    status_code=200,
):
    options = [(t.slug, t.name) for t in themes.list_themes(session=session)]
    current = session.get(Theme, idea.theme_id) if idea else None
    if current is not None and current.archived_at is not None:
        options.append((current.slug, f"{current.name} (archived)"))
    context = {
        "values": values,
        "errors": errors,
        "idea": idea,
        "duplicates": duplicates,
        "theme_options": options,
    }
    return render(request, "ideas/form.html", context, status_code=status_code)


@router.get("/ideas/new", name="new_idea")
def new_idea_form(request: Request, session: SessionDep, user: VerifiedUser, theme: str = ""):
    return _form_page(request, session, values={"theme": theme}, errors={})


@router.get("/ideas/similar", name="similar_ideas")
def similar_ideas(
    request: Request, session: SessionDep, user: OptionalUser, title: str = "", body: str = ""
):
    """Ideas like the one being written: beside the new-idea form (htmx), or as a page."""
    found = similar.similar_ideas(session=session, title=title, body=body)
    context = {"similar": found, "values": {"title": title, "body": body}}
    if is_htmx(request):
        return render(request, "ideas/_similar.html", {**context, "swapped": True})
    return render(request, "ideas/similar.html", context)


@router.post("/ideas", name="create_idea")
def create_idea(
    request: Request,
    session: SessionDep,
    user: VerifiedUser,
    title: FormStr = "",
    body: FormStr = "",
    theme: FormStr = "",
    confirm: FormStr = "",
):
    """Posts the idea, unless it looks like one already proposed: then the form comes
    back asking "is yours one of these?", and `confirm=yes` posts it anyway."""
    values = {"title": title, "body": body, "theme": theme}
    try:
        idea = ideas.create_idea(
            session=session, author=user, title=title, body=body, theme_slug=theme,
            check_duplicates=confirm != "yes",
        )  # fmt: skip
    except ValidationFailed as error:
        return _form_page(request, session, values=values, errors=error.errors, status_code=422)
    except similar.LikelyDuplicates as duplicates:
        return _form_page(request, session, values=values, errors={}, duplicates=duplicates.ideas)
    url = request.app.url_path_for("idea", idea_id=idea.id)
    return redirect(request, url, flash="Your idea is posted. Share it so others can back it.")


@router.get("/ideas/{idea_id}/edit", name="edit_idea")
def edit_idea_form(request: Request, idea_id: int, session: SessionDep, user: CurrentUser):
    idea = ideas.editable_idea(session=session, editor=user, idea_id=idea_id)
    theme = session.get(Theme, idea.theme_id)
    values = {"title": idea.title, "body": idea.body, "theme": theme.slug if theme else ""}
    return _form_page(request, session, values=values, errors={}, idea=idea)


@router.post("/ideas/{idea_id}/edit", name="edit_idea_submit")
def edit_idea(
    request: Request,
    idea_id: int,
    session: SessionDep,
    user: CurrentUser,
    title: FormStr = "",
    body: FormStr = "",
    theme: FormStr = "",
):
    values = {"title": title, "body": body, "theme": theme}
    try:
        idea = ideas.update_idea(
            session=session, editor=user, idea_id=idea_id, title=title, body=body, theme_slug=theme
        )
    except ValidationFailed as error:
        idea = ideas.editable_idea(session=session, editor=user, idea_id=idea_id)
        return _form_page(
            request, session, values=values, errors=error.errors, idea=idea, status_code=422
        )
    return redirect(request, request.app.url_path_for("idea", idea_id=idea.id), flash="Saved.")


# --- the idea page ---------------------------------------------------------------------


def idea_context(
    request: Request,
    session: Session,
    user: User | None,
    idea: Idea,
    *,
    comment_form: dict | None = None,
    report_form: dict | None = None,
    mod_form: dict | None = None,
) -> dict:
    """`comment_form` re-shows one comment form with its input and errors: its `key` is
    "new", "reply-<parent id>" or "edit-<comment id>". `report_form` does the same for a
    report ("idea" or "comment-<id>"), `mod_form` for the moderators' panel ("status",
    "merge" or "theme")."""
    moderator = bool(user and user.is_moderator)
    empty = {"key": None, "values": {}, "errors": {}}
    return {
        "idea": idea,
        "author": ideas.get_author(session=session, idea=idea),
        "theme": session.get(Theme, idea.theme_id),
        "merged_into": session.get(Idea, idea.merged_into_id) if idea.merged_into_id else None,
        "vote": votes.vote_state(session=session, user=user, idea=idea),
        "follow": idea_follow(
            idea.id, follows.follows_idea(session=session, user=user, idea_id=idea.id)
        ),
        "thread": comments.comment_thread(
            session=session, idea_id=idea.id, include_hidden=moderator
        ),
        "history": moderation.status_history(session=session, idea_id=idea.id),
        "comment_form": comment_form or empty,
        "reported": flags.reported_by(session=session, user=user, idea_id=idea.id),
        "report_form": report_form or empty,
        "report_reasons": list(FlagReason),
        "mod_form": mod_form or empty,
        "mod_themes": (
            [(t.slug, t.name) for t in themes.list_themes(session=session)] if moderator else []
        ),
        "official_statuses": [(s.value, s.label) for s in OFFICIAL_STATUSES],
        "next_path": request.app.url_path_for("idea", idea_id=idea.id),
    }


@router.get("/ideas/{idea_id}", name="idea", dependencies=[PublicPage])
def idea_page(request: Request, idea_id: int, session: SessionDep, user: OptionalUser):
    idea = ideas.get_idea(session=session, idea_id=idea_id, viewer=user)
    return render(request, "ideas/detail.html", idea_context(request, session, user, idea))


# --- votes -----------------------------------------------------------------------------


def vote_answer(app, state: votes.VoteState, next: str) -> tuple[str, bool]:
    """Where a vote's answer sends the member back to (`next` if it is ours, else the
    idea), and whether that is the idea's own page."""
    idea_page = path_for(app, "idea", idea_id=state.idea_id)
    back = local_path(next, idea_page)
    return back, back == idea_page


def vote_swap_context(state: votes.VoteState, back: str, following: bool | None) -> dict:
    """What `_vote_swap.html` shows after a vote; `following` only on the idea's page
    (None elsewhere), where the follow button comes too."""
    votes_text = f"{state.vote_count} vote{'' if state.vote_count == 1 else 's'}"
    announcement = "You voted for this idea. " if state.voted else "Your vote is removed. "
    context = {"vote": state, "next_path": back, "announcement": announcement + votes_text}
    if following is not None:
        context["follow"] = idea_follow(state.idea_id, following)
    return context


def _vote_response(
    request: Request, session: Session, user: User, state: votes.VoteState, next: str
):
    back, on_idea_page = vote_answer(request.app, state, next)
    if is_htmx(request):
        following = None
        if on_idea_page:
            following = follows.follows_idea(session=session, user=user, idea_id=state.idea_id)
        return render(request, "ideas/_vote_swap.html", vote_swap_context(state, back, following))
    return redirect(request, back)


@router.post("/ideas/{idea_id}/vote", name="vote")
def vote(
    request: Request, idea_id: int, session: SessionDep, user: VerifiedUser, next: FormStr = ""
):
    state = votes.cast_vote(session=session, user=user, idea_id=idea_id)
    return _vote_response(request, session, user, state, next)


@router.post("/ideas/{idea_id}/unvote", name="unvote")
def unvote(
    request: Request, idea_id: int, session: SessionDep, user: VerifiedUser, next: FormStr = ""
):
    state = votes.withdraw_vote(session=session, user=user, idea_id=idea_id)
    return _vote_response(request, session, user, state, next)


# --- comments --------------------------------------------------------------------------


def render_comments(
    request: Request,
    session: Session,
    user: User,
    idea_id: int,
    *,
    focus: str = "comments-title",
    announcement: str = "",
    status_code: int = 200,
    comment_form: dict | None = None,
):
    """After a comment action: for htmx, the comments section with focus moved to `focus`
    and `announcement` read out by screen readers; otherwise back to the idea page (or
    the page itself with the form's errors when there are some)."""
    idea = ideas.get_idea(session=session, idea_id=idea_id, viewer=user)
    if status_code == 200 and not is_htmx(request):
        url = request.app.url_path_for("idea", idea_id=idea_id)
        return redirect(request, f"{url}#{focus}")
    context = idea_context(request, session, user, idea, comment_form=comment_form)
    if not is_htmx(request):
        return render(request, "ideas/detail.html", context, status_code=status_code)
    # On an error, focus goes to the field at fault (the template marks it), not `focus`.
    focus = "" if status_code >= 400 else focus
    context |= {"htmx_swap": True, "focus": focus, "announcement": announcement}
    return render(request, "ideas/detail.html", context, status_code=status_code, block="comments")


@router.post("/ideas/{idea_id}/comments", name="add_comment")
def add_comment(
    request: Request,
    idea_id: int,
    session: SessionDep,
    user: VerifiedUser,
    body: FormStr = "",
    stance: FormStr = "",
    parent_id: OptionalFormInt = None,
):
    try:
        comment = comments.add_comment(
            session=session, author=user, idea_id=idea_id, body=body, stance=stance,
            parent_id=parent_id,
        )  # fmt: skip
    except ValidationFailed as error:
        form = {
            "key": f"reply-{parent_id}" if parent_id else "new",
            "values": {"body": body, "stance": stance},
            "errors": error.errors,
        }
        return render_comments(
            request, session, user, idea_id, status_code=422, comment_form=form,
            announcement="Your comment was not posted. " + " ".join(error.errors.values()),
        )  # fmt: skip
    return render_comments(
        request, session, user, idea_id, focus=f"comment-{comment.id}",
        announcement="Your reply is posted." if parent_id else "Your comment is posted.",
    )  # fmt: skip
