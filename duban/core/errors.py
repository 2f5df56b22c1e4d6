class DomainError(Exception):
    """A refusal that a user can read: every entry point shows `message` as it is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    """Missing and forbidden look the same: a user never learns that a task exists."""
