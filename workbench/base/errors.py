"""The errors a user may see. Each carries a complete Chinese message.

The CLI prints `str(error)` and exits with `exit_code`; notebooks show the same
text beside the widget. Anything that is not a `WorkbenchError` is a bug.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base of every error whose message is meant for the user."""

    exit_code = 1


class ConfigError(WorkbenchError):
    """Settings or the office's label file are wrong."""


class LabelError(WorkbenchError):
    """A value is not one of the configured labels."""


class ValidationError(WorkbenchError):
    """A value has the wrong form (a date that is not a date, a missing required field)."""


class StoreError(WorkbenchError):
    """The store cannot be opened or is not a workbench database."""


class NotFoundError(WorkbenchError):
    """A record, meeting or file that was asked for does not exist."""


class ConflictError(WorkbenchError):
    """Someone else saved the same record since the editor loaded it."""

    exit_code = 3

    def __init__(self, message: str, *, table: str, record_id: int, current: dict, changed_by: str, changes: list[dict]):
        super().__init__(message)
        self.table = table
        self.record_id = record_id
        self.current = current
        self.changed_by = changed_by
        self.changes = changes


class ReadOnlyError(WorkbenchError):
    """A write was attempted through a read-only store (the leaders' dashboard)."""


class PlanParseError(WorkbenchError):
    """A document holds no recognisable work plan."""


class SheetError(WorkbenchError):
    """A spreadsheet cannot be read or has bad cells; `problems` lists each one."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class DocumentError(WorkbenchError):
    """A template or an output file has a problem."""


class CancelledError(WorkbenchError):
    """The person who started a long job (an export) stopped it; nothing of it was kept."""
