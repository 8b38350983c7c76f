"""Profile questions: a member's optional answers to the profile questions (declared segments),
in their settings and, when they join, on the sign-up form."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from app.deps import CurrentUser, SessionDep
from app.services.accounts import segments
from app.services.errors import ValidationFailed
from app.web.templating import redirect, render

router = APIRouter()
FIELD = "segment-"


async def segment_fields(request: Request) -> dict[str, str]:
    """The form's answers to profile questions (`segment-<slug>` fields), by slug."""
    form = await request.form()
    return {
        key[len(FIELD) :]: value
        for key, value in form.items()
        if key.startswith(FIELD) and isinstance(value, str)
    }


SegmentAnswers = Annotated[dict[str, str], Depends(segment_fields)]


def _page(request: Request, session, *, values: dict, errors=None, status_code: int = 200):
    context = {
        "questions": segments.list_segments(session=session),
        "values": values,
        "errors": errors or {},
    }
    return render(request, "settings/profile_questions.html", context, status_code=status_code)


@router.get("/settings/questions", name="profile_questions")
def profile_questions_page(request: Request, session: SessionDep, user: CurrentUser):
    answers = segments.answers_of(session=session, user_id=user.id)
    return _page(request, session, values={FIELD + slug: v for slug, v in answers.items()})


@router.post("/settings/questions", name="profile_questions_submit")
def save_profile_questions(
    request: Request, session: SessionDep, user: CurrentUser, answers: SegmentAnswers
):
    try:
        segments.save_answers(session=session, user=user, answers=answers)
    except ValidationFailed as error:
        values = {FIELD + slug: value for slug, value in answers.items()}
        return _page(request, session, values=values, errors=error.errors, status_code=422)
    return redirect(request, request.app.url_path_for("profile_questions"), flash="Saved.")
