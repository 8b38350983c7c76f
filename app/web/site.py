"""The site's own pages: the pages that build trust (about, privacy, code of conduct,
accessibility, contact), agreeing to a changed one, the first admin's set-up link, and the
logo and accent stylesheet that the site settings make."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from markupsafe import Markup
from pydantic import BaseModel

from app.deps import CurrentUser, FormStr, OptionalUser, PublicPage, SessionDep, SettingsDep
from app.security import SESSION_COOKIE, rotate_csrf_token
from app.services.accounts import sessions
from app.services.errors import NotFound, ValidationFailed
from app.services.site import first_admin, pages
from app.services.site import settings as site_settings
from app.web.templating import local_path, redirect, render, site_for

router = APIRouter()

IMMUTABLE = "public, max-age=31536000, immutable"


def _page(request: Request, session, slug: str):
    page = pages.get_page(session=session, slug=slug)
    site = site_for(request)
    context = {
        "page": page,
        "kind": pages.PAGES[slug],
        # Sanitised by nh3 (app.markdown), so safe to show as it is.
        "html": Markup(page.html(site_name=site.name, contact_email=site.contact_email)),  # noqa: S704
        "checks": pages.ACCESSIBILITY_CHECKS if slug == "accessibility" else (),
    }
    return render(request, "site/page.html", context)


@router.get("/about", name="about", dependencies=[PublicPage])
def about(request: Request, session: SessionDep):
    return _page(request, session, "about")


@router.get("/privacy", name="privacy", dependencies=[PublicPage])
def privacy(request: Request, session: SessionDep):
    return _page(request, session, "privacy")


@router.get("/code-of-conduct", name="code_of_conduct", dependencies=[PublicPage])
def code_of_conduct(request: Request, session: SessionDep):
    return _page(request, session, "code-of-conduct")


@router.get("/accessibility", name="accessibility", dependencies=[PublicPage])
def accessibility(request: Request, session: SessionDep):
    return _page(request, session, "accessibility")


@router.get("/contact", name="contact", dependencies=[PublicPage])
def contact(request: Request, session: SessionDep):
    return _page(request, session, "contact")


@router.post("/agree", name="agree")
def agree(request: Request, session: SessionDep, user: CurrentUser, next: FormStr = ""):
    """The member agrees to the changed pages they were asked about."""
    agreed = pages.agree(session=session, user=user)
    back = local_path(next, request.app.url_path_for("ideas"))
    if not agreed:
        return redirect(request, back)
    names = " and the ".join(page.title.lower() for page in agreed)
    return redirect(request, back, flash=f"Thank you: you agreed to the new {names}.")


# --- the logo and the accent ------------------------------------------------------------


@router.get("/site/logo", name="site_logo")
def logo(session: SessionDep):
    found = site_settings.logo(session=session)
    if found is None:
        raise NotFound("This site has no logo.")
    content, kind = found
    return Response(content, media_type=kind, headers={"Cache-Control": IMMUTABLE})


@router.get("/site/style.css", name="site_style")
def style(request: Request):
    css = site_for(request).style_sheet()
    return Response(css, media_type="text/css", headers={"Cache-Control": IMMUTABLE})


# --- the first admin ------------------------------------------------------------------


class _SetupFields(BaseModel):
    email: str = ""
    password: str = ""
    display_name: str = ""
    organisation: str = ""


SetupForm = Annotated[_SetupFields, Form()]


def _setup_page(request, token: str, *, values=None, errors=None, status_code=200):
    context = {"token": token, "values": values or {}, "errors": errors or {}}
    return render(request, "site/setup.html", context, status_code=status_code)


@router.get("/setup/{token}", name="setup")
def setup_form(request: Request, token: str, session: SessionDep, settings: SettingsDep):
    first_admin.check_token(session=session, settings=settings, token=token)
    return _setup_page(request, token)


@router.post("/setup/{token}", name="setup_submit")
def setup(
    request: Request,
    token: str,
    session: SessionDep,
    settings: SettingsDep,
    user: OptionalUser,
    fields: SetupForm,
):
    try:
        admin = first_admin.create_first_admin(
            session=session, settings=settings, token=token, **fields.model_dump()
        )
    except ValidationFailed as error:
        values = fields.model_dump(exclude={"password"})
        return _setup_page(request, token, values=values, errors=error.errors, status_code=422)
    session_token = sessions.start_session(
        session=session,
        user=admin,
        days=settings.session_days,
        user_agent=request.headers.get("user-agent", ""),
    )
    rotate_csrf_token(request)
    response = redirect(
        request,
        request.app.url_path_for("mod_settings"),
        flash="You are this forum's first admin. Give it a name and look through its settings.",
    )
    response.set_cookie(
        SESSION_COOKIE, session_token, max_age=settings.session_days * 86_400, path="/",
        httponly=True, samesite="lax", secure=request.url.scheme == "https",
    )  # fmt: skip
    return response
