"""The app's own route table, flattened across included routers (FastAPI ≥ 0.16x keeps
included routers nested; `iter_route_contexts` gives each route with its full path)."""

from dataclasses import dataclass

from fastapi.routing import iter_route_contexts


@dataclass(frozen=True)
class Route:
    path: str
    methods: frozenset[str]
    name: str


def app_routes(app) -> list[Route]:
    routes = []
    for context in iter_route_contexts(app.routes):
        if context.methods and context.path:
            routes.append(Route(context.path, frozenset(context.methods), context.name))
    return routes


def post_paths(app) -> list[str]:
    return [route.path for route in app_routes(app) if "POST" in route.methods]
