"""Domain errors. The web layer maps them to 404, 403, 409 and 422 in one place."""


class DomainError(Exception):
    """Base for errors a member can cause and should be told about."""


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    pass


class Conflict(DomainError):
    pass


class ValidationFailed(DomainError):
    """A form with problems: `errors` maps each field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors
