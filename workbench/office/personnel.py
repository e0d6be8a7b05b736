"""人事事项: a meeting's 任免名单 — the people the 常委会议 is asked to decide about, and how that is worded.

The office types the list in the editor (tab 人事事项). The packet prints it as one table per
kind, in the order offices use (增补委员, 接受辞去职务, 撤销委员资格, 任职, 免职), the
pre-export check names what is still blank, and the minutes' draft words the decisions
("增补×××为政协××县第十一届委员会委员"). Every sentence about a change is built here, so the
three never word the same decision differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from workbench.base import config
from workbench.base.errors import ValidationError
from workbench.store import Store, schema
from workbench.store.rows import PersonnelChange

ORDER = ("add_member", "resign", "revoke", "appoint", "remove")
# Columns a printed 任免名单 never leaves blank (the check reminds the office of each).
PRINTED = (
    ("gender", "性别"),
    ("ethnicity", "民族"),
    ("born", "出生年月"),
    ("party", "党派"),
    ("unit_and_post", "工作单位及职务"),
)
# Kinds that are about a post, which must therefore be named (任 what? 免去 what?).
NEEDS_POST = {"appoint": "拟任职务", "remove": "拟免职务"}


def changes(store: Store, meeting_id: int) -> list[PersonnelChange]:
    return store.select(PersonnelChange, meeting_id=meeting_id, order_by="position")


def kind_label(kind: str) -> str:
    return config.labels()["personnel_kind"].label(kind)


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    changes: list[PersonnelChange]


def grouped(rows: list[PersonnelChange]) -> list[Group]:
    """The changes by kind in the printed order (kinds an office added to labels.toml last), none empty."""
    kinds = list(ORDER) + sorted({r.kind for r in rows} - set(ORDER))
    return [Group(k, kind_label(k), [r for r in rows if r.kind == k]) for k in kinds if any(r.kind == k for r in rows)]


def _post(committee: str, post: str) -> str:
    """A post as a decision names it: the committee is written in front unless the office already did,
    or left out when `committee` is empty (the list's own column, under a title that names it)."""
    post = post.strip()
    if not committee or post.startswith(("政协", committee)):
        return post  # the office wrote the committee out itself
    # "县政协文史委员会副主任" as typed becomes the committee's full name in a decision.
    for short in ("县政协", "区政协", "市政协"):
        if post.startswith(short):
            return committee + post[len(short) :]
    return committee + post


def matter(change: PersonnelChange, committee: str = "") -> str:
    """What is decided about one person: "任文史和学习委员会副主任" in the list's 任免事项 column,
    with the committee written out ("任政协××县第十一届委员会……") when `committee` is given."""
    post = (change.post or "").strip()
    if change.kind == "add_member":
        return f"增补为{_post(committee, post or '委员')}"
    if change.kind == "resign":
        return f"辞去{_post(committee, post or '委员')}职务"
    if change.kind == "revoke":
        return f"撤销{committee}委员资格"
    if change.kind == "appoint":
        return f"任{_post(committee, post)}"
    if change.kind == "remove":
        return f"免去{_post(committee, post)}职务"
    return kind_label(change.kind) + (f"：{post}" if post else "")


def summary(rows: list[PersonnelChange]) -> str:
    """The sentence above the list: how many, of which kinds."""
    parts = "，".join(f"{g.label}{len(g.changes)}名" for g in grouped(rows))
    return f"提请本次会议审议的人事事项共{len(rows)}人次，其中{parts}。"


def missing(change: PersonnelChange) -> list[str]:
    """The Chinese names of what this row of the list would print blank."""
    out = [zh for field, zh in PRINTED if not (getattr(change, field) or "").strip()]
    if change.kind in NEEDS_POST and not (change.post or "").strip():
        out.append(NEEDS_POST[change.kind])
    return out


def check_values(values: dict) -> None:
    """Refuse, in Chinese, a change the list could not print: an appointment or removal without its post."""
    kind = values.get("kind")
    if kind in NEEDS_POST and not (values.get("post") or "").strip():
        raise ValidationError(f"“{kind_label(kind)}”须填写{NEEDS_POST[kind]}（如：文史委员会副主任）。")


def decisions(rows: list[PersonnelChange], committee: str) -> list[str]:
    """The decisions as the minutes word them (FORMATS (f)), one clause per kind or person."""
    out: list[str] = []
    for g in grouped(rows):
        names = "、".join(r.name for r in g.changes)
        if g.kind == "add_member":
            out.append(f"增补{names}为{committee}委员")
        elif g.kind == "revoke":
            out.append(f"撤销{names}的{committee}委员资格")
        else:
            for r in g.changes:
                if g.kind == "resign":
                    reason = (r.reason or "").strip()
                    because = f"因{reason}" if reason else ""
                    out.append(f"接受{r.name}{because}辞去{_post(committee, (r.post or '委员'))}职务")
                elif g.kind == "appoint":
                    out.append(f"同意{r.name}任{_post(committee, r.post or '')}")
                elif g.kind == "remove":
                    out.append(f"免去{r.name}{_post(committee, r.post or '')}职务")
                else:
                    out.append(f"{r.name}{matter(r, committee)}")
    return out


def append(store: Store, meeting_id: int, rows: list[dict], *, actor: str | None = None) -> int:
    """Add `rows` (checked values of `personnel_change`) at the end of a meeting's list, all or none."""
    with store.writer(actor) as w:
        last = (
            w.conn.execute(
                select(func.max(schema.personnel_change.c.position)).where(schema.personnel_change.c.meeting_id == meeting_id)
            ).scalar()
            or 0
        )
        for n, row in enumerate(rows, start=last + 1):
            w.insert(schema.personnel_change, {**row, "meeting_id": meeting_id, "position": n})
    return len(rows)
