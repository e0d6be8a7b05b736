"""The store of truth: tables, migrations, opening (read-write or read-only), versioned writes and history.

Knows nothing of documents or widgets. Everything that changes data goes through
`Store.writer()` (or its one-call shortcuts), which records history and refuses
conflicting edits.
"""

from workbench.store.migrations import LATEST as SCHEMA_VERSION
from workbench.store.records import Store, Writer, coerce, describe
from workbench.store.schema import entity, metadata

__all__ = ["SCHEMA_VERSION", "Store", "Writer", "coerce", "describe", "entity", "metadata"]
