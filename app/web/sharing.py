"""The inquiry's data for people: the open-data downloads (/data) and the API's
reference (/api/docs, rendered here from the OpenAPI schema: no script, so it meets the
same CSP and accessibility bar as every page), and the schema itself at /openapi.json."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from app.deps import LoginRequired, OptionalUser, SessionDep, SettingsDep
from app.services.errors import Forbidden
from app.services.sharing import opendata
from app.web.templating import render

router = APIRouter()

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _may_download(user, settings) -> None:
    if opendata.may_download(user, settings.open_data):
        return
    if user is None:
        raise LoginRequired()
    raise Forbidden("The inquiry's open data is for its moderators for now.")


@router.get("/data", name="open_data")
def open_data(request: Request, user: OptionalUser, settings: SettingsDep):
    _may_download(user, settings)
    context = {"datasets": list(opendata.DATASETS.values()), "formats": opendata.FORMATS,
               "everyone": settings.open_data == "everyone"}  # fmt: skip
    return render(request, "sharing/open_data.html", context)


@router.get("/data/{filename}", name="open_data_file")
def open_data_file(filename: str, session: SessionDep, user: OptionalUser, settings: SettingsDep):
    _may_download(user, settings)
    dataset, fmt = opendata.dataset_for(filename)
    return StreamingResponse(
        opendata.stream(session, dataset, fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{dataset.name}.{fmt}"',
                 "Cache-Control": "no-store"},
    )  # fmt: skip


@router.get("/openapi.json", name="openapi")
def openapi(request: Request):
    return JSONResponse(request.app.state.api_schema())


METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"list of {_ref_name(schema.get('items', {}))}"
    if "anyOf" in schema:
        return " or ".join(_ref_name(part) for part in schema["anyOf"])
    return schema.get("type", "object")


def _parameter(spec: dict) -> dict:
    return {"name": spec["name"], "in": spec["in"], "required": spec.get("required", False),
            "type": _ref_name(spec.get("schema", {})),
            "description": spec.get("description", "")}  # fmt: skip


@router.get("/api/docs", name="api_docs")
def api_docs(request: Request):
    schema = request.app.state.api_schema()
    operations = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            ok = next((code for code in operation["responses"] if code.startswith("2")), "200")
            answer = operation["responses"][ok].get("content", {}).get("application/json", {})
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            operations.append({
                "id": operation["operationId"],
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "tag": (operation.get("tags") or ["other"])[0],
                "parameters": [_parameter(p) for p in operation.get("parameters", [])],
                "body": _ref_name(body["schema"]) if body else None,
                "answer": f"{ok} {_ref_name(answer['schema'])}" if answer else ok,
            })  # fmt: skip
    schemas = []
    for name, model in schema.get("components", {}).get("schemas", {}).items():
        fields = [
            {"name": field, "type": _ref_name(spec), "required": field in model.get("required", []),
             "description": spec.get("description", "")}
            for field, spec in model.get("properties", {}).items()
        ]  # fmt: skip
        schemas.append({"name": name, "description": model.get("description", ""),
                        "fields": fields})  # fmt: skip
    tags = list(dict.fromkeys(operation["tag"] for operation in operations))
    context = {"info": schema["info"], "operations": operations, "tags": tags, "schemas": schemas}
    return render(request, "sharing/api_docs.html", context)
