"""The site's settings and its pages, for admins: /mod/settings and /mod/pages."""

from typing import Annotated

from fastapi import File, Form, Request, UploadFile
from pydantic import BaseModel

from app.deps import AdminUser, SessionDep, SettingsDep
from app.services.bounds import without_controls
from app.services.errors import ValidationFailed
from app.services.site import pages
from app.services.site import settings as site_settings
from app.services.site.settings import SettingsDraft, Upload
from app.web.moderation import mod_router
from app.web.templating import redirect, render, site_for

router = mod_router(admins_only=True)


class _SettingsFields(BaseModel):
    name: str = ""
    tagline: str = ""
    landing_intro: str = ""
    accent: str = ""
    accent_dark: str = ""
    footer_links: str = ""
    contact_email: str = ""
    roadmap_label: str = ""
    logo_alt: str = ""
    logo_url: str = ""
    remove_logo: str = ""  # the checkbox: "on" when ticked


SettingsForm = Annotated[_SettingsFields, Form()]


def _settings_page(request: Request, session, *, values=None, errors=None, status_code=200):
    context = {
        "values": values if values is not None else site_settings.form_values(session=session),
        "errors": errors or {},
        "has_logo": bool(site_for(request).logo_version),
        "max_logo_kb": site_settings.LOGO_MAX_BYTES // 1024,
    }
    return render(request, "mod/settings.html", context, status_code=status_code)


@router.get("/settings", name="mod_settings")
def settings_page(request: Request, session: SessionDep, user: AdminUser):
    return _settings_page(request, session)


@router.post("/settings", name="mod_settings_submit")
def save_settings(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: AdminUser,
    fields: SettingsForm,
    logo: Annotated[UploadFile | None, File()] = None,
):
    # A plain def runs on the thread pool, where the upload's file is read directly.
    content = logo.file.read(site_settings.LOGO_MAX_BYTES + 1) if logo is not None else b""
    # A multipart body passes the boundary's cleaning (app/web/boundary.py): clean it here.
    values = {
        name: without_controls(value) if isinstance(value, str) else value
        for name, value in fields.model_dump().items()
    }
    draft = SettingsDraft(**{**values, "remove_logo": bool(fields.remove_logo)})
    try:
        site_settings.update_settings(
            session=session, settings=settings, actor=user, draft=draft,
            upload=Upload(content=content) if content else None,
        )  # fmt: skip
    except ValidationFailed as error:
        return _settings_page(request, session, values=values, errors=error.errors, status_code=422)
    url = request.app.url_path_for("mod_settings")
    return redirect(request, url, flash="The site settings are saved.")


# --- the pages that build trust -----------------------------------------------------------


class _PageFields(BaseModel):
    title: str = ""
    body: str = ""
    asks_again: str = ""  # the checkbox


PageForm = Annotated[_PageFields, Form()]


@router.get("/pages", name="mod_pages")
def page_list(request: Request, session: SessionDep, user: AdminUser):
    return render(request, "mod/pages.html", {"pages": pages.list_pages(session=session)})


def _edit_page(request: Request, session, slug: str, *, values=None, errors=None, status_code=200):
    page = pages.get_page(session=session, slug=slug)
    context = {
        "kind": pages.PAGES[slug],
        "page": page,
        "history": pages.history(session=session, slug=slug),
        "values": values if values is not None else {"title": page.title, "body": page.body},
        "errors": errors or {},
    }
    return render(request, "mod/page.html", context, status_code=status_code)


@router.get("/pages/{slug}", name="mod_page")
def page_form(request: Request, slug: str, session: SessionDep, user: AdminUser):
    pages.get_page(session=session, slug=slug)  # a friendly 404 for any other slug
    return _edit_page(request, session, slug)


@router.post("/pages/{slug}", name="mod_page_submit")
def publish_page(
    request: Request, slug: str, session: SessionDep, user: AdminUser, fields: PageForm
):
    try:
        page = pages.publish(
            session=session, actor=user, slug=slug, title=fields.title, body=fields.body,
            asks_again=bool(fields.asks_again),
        )  # fmt: skip
    except ValidationFailed as error:
        return _edit_page(
            request, session, slug, values=fields.model_dump(), errors=error.errors, status_code=422
        )
    note = " Members will be asked to agree to it." if page.asks_again else ""
    return redirect(
        request, request.app.url_path_for("mod_page", slug=slug),
        flash=f"Version {page.version} of the {page.title.lower()} is published.{note}",
    )  # fmt: skip
