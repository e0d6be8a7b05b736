"""The store of truth: tables, migrations, opening (read-write or read-only), versioned writes and history.

Knows nothing of documents or widgets. Everything that changes data goes through
`Store.writer()` (or its one-call shortcuts), which records history and refuses
conflicting edits.
"""
from .records import Store, Writer, coerce, describe
from .schema import entity, metadata
from .migrations import LATEST as SCHEMA_VERSION

__all__ = ["Store", "Writer", "coerce", "describe", "entity", "metadata", "SCHEMA_VERSION"]
