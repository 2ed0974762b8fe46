"""The application's one error type, raised by services and selectors, rendered by the API and
pages in one shape: ``{"error": {"code": ..., "message": ..., "details": ...}}``."""

from typing import Any


class ApplicationError(Exception):
    status = 400

    def __init__(self, message: str, *, code: str = "invalid", details: Any = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.details = details or {}


class NotFound(ApplicationError):
    """Missing and forbidden look the same: existence is not revealed."""

    status = 404

    def __init__(self, message: str | None = None, *, code: str = "not_found", details=None):
        from django.utils.translation import gettext

        super().__init__(message or gettext("Not found."), code=code, details=details)


class PermissionDenied(ApplicationError):
    """For acts on something the actor may see but not change."""

    status = 403

    def __init__(self, message: str, *, code: str = "forbidden", details=None):
        super().__init__(message, code=code, details=details)


class Conflict(ApplicationError):
    """The record's current state, read under its lock, does not admit the request: what the
    loser of a race meets (409), as for a life cycle's transitions."""

    status = 409
