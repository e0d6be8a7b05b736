"""Full-text search over the store (全文检索): one interface on SQLite and PostgreSQL.

What is searchable is declared once, in `SEARCHABLE`: a later table is one more line there.

Chinese tokenization. Chinese has no spaces, and the words a secretary types are mostly two
characters (停车, 养老). SQLite's `trigram` tokenizer and PostgreSQL's `pg_trgm` both need three
characters, so they cannot find 停车; jieba would add a dependency and a dictionary that misses
local names. We therefore tokenize ourselves, the same way on both databases: every run of Chinese
characters becomes its overlapping character bigrams (停车难 → 停车 车难), every run of Latin letters
and digits one lower-cased word (5G → 5g). A query is tokenized alike and matched as a phrase, so
"5G基站" finds 5g followed by 基站. A one-character query has no bigram and is answered by a plain scan
of the stored text.

- SQLite: an FTS5 table over the token string with the `unicode61` tokenizer (which splits on
  our spaces and keeps a bigram whole), ranked by bm25.
- PostgreSQL: a plain table with a `tsvector` written as a literal (no text-search parser, no
  extension: `CREATE EXTENSION pg_trgm` needs privileges the office's role may lack), a GIN index,
  ranked by ts_rank.

The index is derived data, not part of `schema.py` and so no migration step: it is created, and
filled from every record, when a writer first finds it missing (`ensure`), kept current by
`Store.writer()` in the same transaction (`refresh`, from the history rows the transaction wrote),
and rebuilt whole by `python -m workbench search --rebuild`. A read-only connection never creates
it: with no index it scans the records themselves and says so (`Results.note`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, bindparam, select, text

from workbench.store import schema

__all__ = ["SEARCHABLE", "Hit", "Results", "Searchable", "ensure", "rebuild", "refresh", "search", "tokens"]

INDEX = "search_index"
# Tables the index consists of on each database (FTS5 keeps shadow tables beside its own); the
# schema comparison of tests/test_migrations.py leaves them out, since they are derived, not schema.
DERIVED_PREFIX = INDEX


@dataclass(frozen=True)
class Searchable:
    table: str  # the store's table
    fields: tuple[str, ...]  # its text columns that are searched
    title: Callable[[dict], str]  # what a result is called
    code: Callable[[dict], str]  # how the office refers to it (案号, 事项编号 …)
    tab: str  # the editor tab where it is kept


def _num(value) -> str:
    return "" if value is None else str(value)


# The one declaration of what is searchable. 会议纪要 are drafted from the store, not stored, so
# there is nothing of theirs to index.
SEARCHABLE: tuple[Searchable, ...] = (
    Searchable(
        "proposal",
        ("title", "proposer", "co_proposers", "lead_unit", "co_units", "handling_note"),
        lambda r: r["title"] or "",
        lambda r: f"{_num(r['year'])}年第{_num(r['case_no'])}号",
        "提案办理",
    ),
    Searchable(
        "plan_item",
        ("title", "text", "lead_leader", "lead_committee", "partners", "owner"),
        lambda r: r["title"] or "",
        lambda r: f"第{_num(r['number'])}条",
        "工作要点",
    ),
    Searchable(
        "progress_note",
        ("text", "author"),
        lambda r: (r["text"] or "")[:30],
        lambda r: f"{r['noted_on']}",
        "工作要点",
    ),
    Searchable(
        "supervision_item",
        ("topic", "department", "leader", "lead_committee", "progress"),
        lambda r: r["topic"] or "",
        lambda r: r["code"] or "",
        "民主监督",
    ),
    Searchable(
        "briefing_topic",
        ("topic", "reporting_body", "reporter", "reporter_title"),
        lambda r: r["topic"] or "",
        lambda r: r["code"] or "",
        "情况通报",
    ),
    Searchable(
        "public_opinion",
        ("title", "submitter", "submitter_unit", "adopted_by", "instruction_leader", "instruction"),
        lambda r: r["title"] or "",
        lambda r: r["code"] or "",
        "社情民意",
    ),
    Searchable(
        "special_committee",
        ("name", "short_name", "duties"),
        lambda r: r["name"] or "",
        lambda r: r["short_name"] or "",
        "专委会",
    ),
    Searchable(
        "special_committee_activity",
        ("title",),
        lambda r: r["title"] or "",
        lambda r: f"{r['held_on']}",
        "专委会",
    ),
    # 议定事项 only: a 表决 may be 保密 until announced, and the dashboard searches this index too.
    Searchable(
        "decision",
        ("text", "subject", "owner_unit", "feedback"),
        lambda r: r["text"] or "",
        lambda r: f"议定事项第{_num(r['position'])}项",
        "议定与表决",
    ),
    Searchable(
        "member",
        ("name", "sector", "party", "position"),
        lambda r: r["name"] or "",
        lambda r: r["sector"] or "",
        "出勤",  # members have no tab of their own: they are imported, and shown on 出勤
    ),
)
_BY_TABLE = {s.table: s for s in SEARCHABLE}

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"  # incl. rare characters of names
_RUNS = re.compile(rf"[{_CJK}]+|[0-9A-Za-z]+")


def tokens(value: str) -> list[str]:
    """Chinese runs as overlapping bigrams (a lone character as itself), Latin and digit runs as words."""
    out: list[str] = []
    for run in _RUNS.findall(value or ""):
        if run[0].isascii():
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


@dataclass(frozen=True)
class Hit:
    table: str
    record_id: int
    kind: str  # the table's Chinese name, e.g. 提案
    code: str
    title: str
    tab: str  # the editor tab holding it
    parts: tuple[tuple[str, bool], ...]  # the snippet: (text, is it a match)
    score: float = 0.0

    @property
    def snippet(self) -> str:
        """The snippet with matches in 【】, for plain text (the command line)."""
        return "".join(f"【{t}】" if hit else t for t, hit in self.parts)


@dataclass(frozen=True)
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    note: str = ""  # e.g. that no index exists yet and the records were scanned


# -- the index itself


def _dialect(conn: Connection) -> str:
    return conn.dialect.name


def exists(conn: Connection) -> bool:
    if _dialect(conn) == "sqlite":
        return conn.exec_driver_sql(f"SELECT 1 FROM sqlite_master WHERE name = '{INDEX}'").first() is not None
    return conn.exec_driver_sql(f"SELECT to_regclass('public.{INDEX}')").scalar() is not None


def _create(conn: Connection) -> None:
    if _dialect(conn) == "sqlite":
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX} USING fts5("
            "table_name UNINDEXED, record_id UNINDEXED, plain UNINDEXED, body, tokenize = 'unicode61')"
        )
    else:
        conn.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {INDEX} (table_name varchar(40) NOT NULL, record_id integer NOT NULL, "
            "plain text NOT NULL, body tsvector NOT NULL, PRIMARY KEY (table_name, record_id))"
        )
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {INDEX}_body ON {INDEX} USING gin (body)")


def _plain(spec: Searchable, row: dict) -> str:
    return "\n".join(str(row[f]) for f in spec.fields if row.get(f))


def _tsvector(words: list[str]) -> str:
    # Our tokens are letters, digits and CJK only, so quoting needs no escapes.
    return " ".join(f"'{w}':{min(i + 1, 16383)}" for i, w in enumerate(words))


def _write(conn: Connection, entries: list[tuple[str, int, str]]) -> None:
    if not entries:
        return
    if _dialect(conn) == "sqlite":
        conn.execute(
            text(f"INSERT INTO {INDEX} (table_name, record_id, plain, body) VALUES (:t, :i, :p, :b)"),
            [{"t": t, "i": i, "p": p, "b": " ".join(tokens(p))} for t, i, p in entries],
        )
    else:
        conn.execute(
            text(f"INSERT INTO {INDEX} (table_name, record_id, plain, body) VALUES (:t, :i, :p, CAST(:b AS tsvector))"),
            [{"t": t, "i": i, "p": p, "b": _tsvector(tokens(p))} for t, i, p in entries],
        )


def _records(conn: Connection, spec: Searchable, ids: list[int] | None = None):
    table: Table = schema.metadata.tables[spec.table]
    query = select(table)
    if ids is not None:
        query = query.where(table.c.id.in_(bindparam("ids", expanding=True)))
        return conn.execute(query, {"ids": ids}).mappings()
    return conn.execute(query).mappings()


def rebuild(conn: Connection) -> int:
    """Drop and refill the index from every searchable record; returns how many were indexed."""
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {INDEX}")
    _create(conn)
    count = 0
    for spec in SEARCHABLE:
        entries = [(spec.table, r["id"], _plain(spec, dict(r))) for r in _records(conn, spec)]
        _write(conn, entries)
        count += len(entries)
    return count


def ensure(conn: Connection) -> bool:
    """Create and fill the index if it is missing (a store from before search, or after a restore); True if it was."""
    if exists(conn):
        return False
    rebuild(conn)
    return True


def refresh(conn: Connection, changed: list[tuple[str, int]] | None) -> None:
    """Re-index the records a transaction wrote (inserted, edited, deleted, undone), in that transaction;
    `changed` None (history emptied, so what changed is unknown) rebuilds the whole index."""
    if changed is None:
        rebuild(conn)
        return
    if ensure(conn):
        return  # just built from the records as they now are
    by_table: dict[str, set[int]] = {}
    for table_name, record_id in changed:
        if table_name in _BY_TABLE:
            by_table.setdefault(table_name, set()).add(record_id)
    for table_name, ids in by_table.items():
        id_list = sorted(ids)
        for start in range(0, len(id_list), 500):
            chunk = id_list[start : start + 500]
            conn.execute(
                text(f"DELETE FROM {INDEX} WHERE table_name = :t AND record_id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"t": table_name, "ids": chunk},
            )
            spec = _BY_TABLE[table_name]
            _write(conn, [(table_name, r["id"], _plain(spec, dict(r))) for r in _records(conn, spec, chunk)])


# -- searching


def _terms(query: str) -> list[str]:
    return [t for t in query.split() if t]


def _needs_scan(terms: list[str]) -> bool:
    # A single Chinese character has no bigram in the index.
    return any(any(len(w) == 1 and not w.isascii() for w in tokens(t)) or not tokens(t) for t in terms)


def _fts_query(terms: list[str]) -> str:
    return " AND ".join('"' + " ".join(tokens(t)) + '"' for t in terms)


def _ts_query(terms: list[str]) -> str:
    return " & ".join("(" + " <-> ".join(f"'{w}'" for w in tokens(t)) + ")" for t in terms)


def _parts(plain: str, terms: list[str], width: int = 60) -> tuple[tuple[str, bool], ...]:
    """A window of the text around the first match, matches marked (case-insensitively)."""
    # A term's runs may stand apart in the text ("5G 基站" matches 5G基站 in the index), so allow spaces between them.
    alternatives = [r"\s*".join(re.escape(run) for run in _RUNS.findall(t)) or re.escape(t) for t in terms]
    pattern = re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)
    flat = plain.replace("\n", " ")
    first = pattern.search(flat)
    start = max(0, (first.start() if first else 0) - width // 3)
    window = flat[start : start + width]
    out: list[tuple[str, bool]] = [("…", False)] if start else []
    at = 0
    for m in pattern.finditer(window):
        if m.start() > at:
            out.append((window[at : m.start()], False))
        out.append((m.group(), True))
        at = m.end()
    if at < len(window):
        out.append((window[at:], False))
    if start + width < len(flat):
        out.append(("…", False))
    return tuple(out)


def _kind_tables(kind: str | None) -> list[Searchable]:
    if not kind:
        return list(SEARCHABLE)
    from workbench.base.errors import ValidationError

    chosen = [s for s in SEARCHABLE if kind in (s.table, schema.metadata.tables[s.table].info["zh"])]
    if not chosen:
        names = "、".join(schema.metadata.tables[s.table].info["zh"] for s in SEARCHABLE)
        raise ValidationError(f"没有“{kind}”这类记录可以检索。可检索的有：{names}。")
    return chosen


def search(conn: Connection, query: str, *, kind: str | None = None, limit: int = 20) -> Results:
    """Records matching every word of `query`, best first, each with a highlighted snippet."""
    from workbench.base.errors import ValidationError

    terms = _terms(query)
    if not terms:
        raise ValidationError("请输入要检索的词语。")
    specs = _kind_tables(kind)
    tables = [s.table for s in specs]
    note = ""
    if not exists(conn):
        rows = _scan(conn, specs, terms)
        note = "检索索引尚未建立（首次保存或执行“search --rebuild”后建立），本次逐条查找，速度较慢。"
    elif _needs_scan(terms):
        rows = _scan_index(conn, tables, terms)
    else:
        rows = _match(conn, tables, terms, limit)
    rows = rows[:limit]
    # One query per table for the records shown, not one per result.
    records: dict[tuple[str, int], dict] = {}
    for table_name in {r[0] for r in rows}:
        ids = [r[1] for r in rows if r[0] == table_name]
        records.update(((table_name, r["id"]), dict(r)) for r in _records(conn, _BY_TABLE[table_name], ids))
    hits = [
        _hit(table_name, records[(table_name, record_id)], plain, terms, score)
        for table_name, record_id, plain, score in rows
        if (table_name, record_id) in records
    ]
    return Results(query, hits, note)


def _match(conn: Connection, tables: list[str], terms: list[str], limit: int) -> list[tuple[str, int, str, float]]:
    params = {"q": _fts_query(terms), "tables": tables, "n": limit}
    # Filtering on the table costs a third of the time; leave it out when every table is asked for.
    where = "" if set(tables) == set(_BY_TABLE) else " AND table_name IN :tables"
    if _dialect(conn) == "sqlite":
        # bm25 is lower for better matches; negated so a higher score is better on both databases.
        sql = (
            f"SELECT table_name, record_id, plain, -bm25({INDEX}) AS score FROM {INDEX} "
            f"WHERE {INDEX} MATCH :q{where} ORDER BY bm25({INDEX}) LIMIT :n"
        )
    else:
        params["q"] = _ts_query(terms)
        sql = (
            f"SELECT table_name, record_id, plain, ts_rank(body, CAST(:q AS tsquery)) AS score FROM {INDEX} "
            f"WHERE body @@ CAST(:q AS tsquery){where} ORDER BY score DESC, record_id LIMIT :n"
        )
    stmt = text(sql).bindparams(bindparam("tables", expanding=True)) if where else text(sql)
    if not where:
        del params["tables"]
    return [(r[0], int(r[1]), r[2], float(r[3])) for r in conn.execute(stmt, params)]


def _scan_index(conn: Connection, tables: list[str], terms: list[str]) -> list[tuple[str, int, str, float]]:
    rows = conn.execute(
        text(f"SELECT table_name, record_id, plain FROM {INDEX} WHERE table_name IN :tables").bindparams(
            bindparam("tables", expanding=True)
        ),
        {"tables": tables},
    )
    return _ranked([(r[0], int(r[1]), r[2]) for r in rows], terms)


def _scan(conn: Connection, specs: list[Searchable], terms: list[str]) -> list[tuple[str, int, str, float]]:
    found = [(s.table, r["id"], _plain(s, dict(r))) for s in specs for r in _records(conn, s)]
    return _ranked(found, terms)


def _ranked(found: list[tuple[str, int, str]], terms: list[str]) -> list[tuple[str, int, str, float]]:
    """Without the index: every term must occur; more occurrences in shorter text rank higher."""
    out = []
    for table_name, record_id, plain in found:
        low = plain.lower()
        counts = [low.count(t.lower()) for t in terms]
        if all(counts):
            out.append((table_name, record_id, plain, sum(counts) / (1 + len(plain) / 100)))
    return sorted(out, key=lambda r: (-r[3], r[0], r[1]))


def _hit(table_name: str, r: dict, plain: str, terms: list[str], score: float) -> Hit:
    spec = _BY_TABLE[table_name]
    kind = schema.metadata.tables[table_name].info["zh"]
    return Hit(table_name, r["id"], kind, spec.code(r), spec.title(r), spec.tab, _parts(plain, terms), score)
