"""Domain errors. The web layer maps them to 404, 403, 409 and 422 in one place."""


class DomainError(Exception):
    """Base for errors a member can cause and should be told about."""


class NotFound(DomainError):
    pass


class LinkExpired(NotFound):
    """A link from an email that was used already or has run out: not a missing page."""

    title = "This link has expired or was already used"


class Forbidden(DomainError):
    pass


class AccountSuspended(Forbidden):
    """The member is suspended: they may not sign in, and an open session ends."""

    def __init__(self, reason: str = "") -> None:
        said = f" The moderators' reason: {reason}" if reason else ""
        super().__init__(
            "Your account is suspended, so you can't sign in or take part for now."
            f"{said} If you think this is a mistake, contact the inquiry's moderators."
        )


class Conflict(DomainError):
    pass


class ValidationFailed(DomainError):
    """A form with problems: `errors` maps each field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors
