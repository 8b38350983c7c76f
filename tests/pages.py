"""Reading pages in tests: parsed HTML and the pieces of a form."""

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "lxml")


def is_full_page(response) -> bool:
    return soup(response).find("html") is not None and "<!doctype html>" in response.text.lower()


def field_error(page: BeautifulSoup, field_id: str) -> str | None:
    error = page.find(id=f"f-{field_id}-error")
    return error.get_text(" ", strip=True).removeprefix("Error: ") if error else None


def field_value(page: BeautifulSoup, field_id: str) -> str:
    element = page.find(id=f"f-{field_id}")
    if element.name == "textarea":
        return element.get_text()
    if element.name == "select":
        selected = element.find("option", selected=True)
        return selected["value"] if selected else ""
    return element.get("value", "")
