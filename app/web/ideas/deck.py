""" "Have your say" (/ideas/deck): ideas one at a time, each answered with a plain form
that comes back here for the next, or with htmx the next card swapped in."""

from fastapi import APIRouter, Request

from app.deps import SessionDep, VerifiedUser
from app.services.ideas import deck
from app.web.templating import is_htmx, render

router = APIRouter()


@router.get("/ideas/deck", name="deck")
def deck_page(request: Request, session: SessionDep, user: VerifiedUser):
    context = {"card": deck.next_card(session=session, user=user)}
    if is_htmx(request):
        return render(request, "ideas/deck.html", context, block="deck")
    return render(request, "ideas/deck.html", context)
