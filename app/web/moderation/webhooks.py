"""Webhooks (/mod/webhooks), for admins: add, change, remove, send a test, and read the
delivery log."""

from typing import Annotated

from fastapi import Depends, Form, Request

from app.deps import AdminUser, FormStr, Id, SessionDep, SettingsDep, require_admin
from app.services.errors import ValidationFailed
from app.services.sharing import webhooks
from app.services.sharing.webhooks import WebhookDraft
from app.web.moderation import mod_router
from app.web.templating import redirect, render

router = mod_router()
router.dependencies.append(Depends(require_admin))


def webhook_draft(
    url: FormStr = "",
    description: FormStr = "",
    events: Annotated[list[str], Form()] = (),  # noqa: B006 - never mutated
    active: Annotated[bool, Form()] = False,
) -> WebhookDraft:
    return WebhookDraft(url=url, description=description, events=tuple(events), active=active)


WebhookForm = Annotated[WebhookDraft, Depends(webhook_draft)]
EVENTS = [(event.value, event.label) for event in webhooks.SUBSCRIBABLE]


def _values(draft: WebhookDraft) -> dict:
    return {"url": draft.url, "description": draft.description, "events": list(draft.events),
            "active": draft.active}  # fmt: skip


def _list_page(request, session, *, values=None, errors=None, status_code=200):
    context = {
        "webhooks": webhooks.list_webhooks(session=session),
        "events": EVENTS,
        "values": values or {"events": [e for e, _ in EVENTS], "active": True},
        "errors": errors or {},
    }
    return render(request, "mod/webhooks.html", context, status_code=status_code)


@router.get("/webhooks", name="mod_webhooks")
def webhook_list(request: Request, session: SessionDep, user: AdminUser):
    return _list_page(request, session)


@router.post("/webhooks", name="mod_create_webhook")
def create(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: AdminUser,
    draft: WebhookForm,
):
    try:
        webhook = webhooks.create_webhook(
            session=session, settings=settings, actor=user, draft=draft
        )
    except ValidationFailed as error:
        return _list_page(
            request, session, values=_values(draft), errors=error.errors, status_code=422
        )
    url = request.app.url_path_for("mod_webhook", webhook_id=webhook.id)
    return redirect(request, url, flash="The webhook is added. Send it a test.")


def _webhook_page(request, session, webhook_id, *, values=None, errors=None, status_code=200):
    webhook = webhooks.get_webhook(session=session, webhook_id=webhook_id)
    context = {
        "webhook": webhook,
        "events": EVENTS,
        "values": values or {"url": webhook.url, "description": webhook.description,
                             "events": webhook.event_list, "active": webhook.active},
        "errors": errors or {},
        "deliveries": webhooks.deliveries(session=session, webhook_id=webhook.id),
    }  # fmt: skip
    return render(request, "mod/webhook.html", context, status_code=status_code)


@router.get("/webhooks/{webhook_id}", name="mod_webhook")
def webhook_page(request: Request, webhook_id: Id, session: SessionDep, user: AdminUser):
    return _webhook_page(request, session, webhook_id)


@router.post("/webhooks/{webhook_id}", name="mod_update_webhook")
def update(
    request: Request,
    webhook_id: Id,
    session: SessionDep,
    settings: SettingsDep,
    user: AdminUser,
    draft: WebhookForm,
):
    try:
        webhooks.update_webhook(
            session=session, settings=settings, actor=user, webhook_id=webhook_id, draft=draft
        )
    except ValidationFailed as error:
        return _webhook_page(
            request, session, webhook_id, values=_values(draft), errors=error.errors,
            status_code=422,
        )  # fmt: skip
    url = request.app.url_path_for("mod_webhook", webhook_id=webhook_id)
    return redirect(request, url, flash="The webhook is saved.")


@router.post("/webhooks/{webhook_id}/test", name="mod_test_webhook")
def send_test(request: Request, webhook_id: Id, session: SessionDep, user: AdminUser):
    webhooks.send_test(session=session, webhook_id=webhook_id, actor=user)
    url = request.app.url_path_for("mod_webhook", webhook_id=webhook_id)
    return redirect(request, url, flash="A test is on its way; reload to see how it went.")


@router.post("/webhooks/{webhook_id}/delete", name="mod_delete_webhook")
def delete(request: Request, webhook_id: Id, session: SessionDep, user: AdminUser):
    webhooks.delete_webhook(session=session, actor=user, webhook_id=webhook_id)
    return redirect(request, request.app.url_path_for("mod_webhooks"), flash="Removed.")
