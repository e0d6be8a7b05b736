"""pandas DataFrames of every entity, for analysts' one-off questions.

    import workbench
    f = workbench.frames()                 # codes as stored, English column names
    f = workbench.frames(chinese=True)     # labels and Chinese column headers, for reading and charts
    f["proposal"].groupby("lead_unit").size()
    f["history"]                           # every change: who, when, field, old → new (values as JSON)

Reads through a read-only connection: an analysis cannot change the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Date, select

from workbench.base import config
from workbench.store import Store, schema

if TYPE_CHECKING:
    import pandas as pd


def _frame(store: Store, table, *, chinese: bool) -> pd.DataFrame:
    # pandas is imported here, not at module level: `import workbench` stays light for exports and dashboards.
    import pandas as pd

    with store.engine.connect() as conn:
        df = pd.DataFrame(conn.execute(select(table).order_by(table.c.id)).mappings().all(), columns=[c.name for c in table.c])
    for col in table.c:
        if isinstance(col.type, Date) and not df.empty:
            df[col.name] = pd.to_datetime(df[col.name])
    if chinese:
        labels = config.labels()
        for col in table.c:
            name = col.info.get("labels")
            if name:
                df[col.name] = df[col.name].map(lambda v, s=labels[name]: s.label(v) if v else v)
        df = df.rename(columns={c.name: c.info.get("zh", c.name) for c in table.c})
    return df


def frames(store: Store | None = None, *, chinese: bool = False) -> dict[str, pd.DataFrame]:
    """Every entity as a DataFrame, keyed by table name (see `workbench.store.schema`).

    Args:
        store: an open store; by default the configured one is opened read-only.
        chinese: show label wording instead of codes and Chinese column headers.
    """
    own = store is None
    store = store or Store.open(readonly=True)
    try:
        tables = [*schema.entity_tables(), schema.history]
        return {t.name: _frame(store, t, chinese=chinese) for t in tables}
    finally:
        if own:
            store.close()
