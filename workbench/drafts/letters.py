"""Letters (函) the office sends around a meeting, drafted from the store.

- 邀请函 (invitation): one per reporting department, for its briefing topic(s) at the meeting: topic,
  who briefs, materials due date (the topic's own, else the schedule's 部门报送材料 date), contact.
- 催交函 (materials reminder): one per department whose materials have not come in, citing the
  invitation by its 发文字号.
- 催办函 (urge): one per department with supervision items past their deadline or filed proposals
  past their handling period without a reply (as of a date, by `figures`), listing exactly those.

Wording follows the skeletons in FORMATS.md (函 structure; the CPPCC wording is the office's usual
practice, to be edited). Each letter gets its 发文字号 once, from `[letters] number_pattern` in
labels.toml and the year's next serial; the number is stored in `letter` so printing again gives
the same number. Each kind is its own module (`invitation`, `materials_reminder`, `urge`); this one
holds what they share. Layout is `documents.letter` (信函格式).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from workbench.base import config
from workbench.base.errors import ValidationError
from workbench.base.filenames import safe_component
from workbench.drafts.blocks import Letter
from workbench.drafts.kinds import LETTERS, Drafted, Output, Request
from workbench.office.meetings import MeetingInfo
from workbench.office.sender import Office, office
from workbench.store import Store, schema
from workbench.store.rows import Letter as LetterRecord

KINDS = tuple(k.key for k in LETTERS)


@dataclass
class Drafts:
    letters: list[Letter] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def topic_core(topic: str, department: str | None) -> str:
    """ "县农业农村局关于农村人居环境整治情况的通报" → "农村人居环境整治情况"."""
    text = topic.strip()
    for head in filter(None, (department, "县人民政府")):
        if text.startswith(head):
            text = text[len(head) :]
    text = re.sub(r"^关于", "", text)
    text = re.sub(r"的(情况)?通报$", "", text)
    return text or topic


def meeting_name(meeting: MeetingInfo) -> str:
    return f"县政协{meeting.short_title}"


def _number_text(office_: Office, year: int, serial: int) -> str:
    group = config.labels().group("letters")
    code = str(group.get("code") or "") or office_.county[:1]
    try:
        return str(group["number_pattern"]).format(code=code, year=year, no=serial)
    except (KeyError, IndexError, ValueError):
        raise ValidationError(
            f"标签配置（{config.labels().source}）[letters] number_pattern“{group['number_pattern']}”"
            "有误，只能使用 {code}、{year}、{no} 三个占位符。"
        ) from None


def by_department(rows, key) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for r in rows:
        out[key(r) or ""].append(r)
    return out


def _number(
    store: Store, meeting: MeetingInfo, letters: list[Letter], sender: Office, issued_on: date, actor: str | None
) -> None:
    """Give each letter its 发文字号 and 成文日期: the stored ones if it was numbered before, else the next."""
    lt = schema.letter
    first = int(config.labels().group("letters").get("first_number", 1))
    with store.writer(actor) as w:
        for letter in letters:
            found = (
                w.conn.execute(
                    select(lt).where(lt.c.meeting_id == meeting.id, lt.c.kind == letter.kind, lt.c.recipient == letter.recipient)
                )
                .mappings()
                .first()
            )
            row = LetterRecord.from_row(found) if found else None
            if row is None:
                year = issued_on.year
                top = w.conn.execute(select(func.max(lt.c.serial)).where(lt.c.year == year)).scalar()
                serial = max(first, (top or 0) + 1)
                w.insert(
                    lt,
                    {
                        "meeting_id": meeting.id,
                        "kind": letter.kind,
                        "recipient": letter.recipient,
                        "year": year,
                        "serial": serial,
                        "title": letter.title,
                        "issued_on": issued_on,
                    },
                )
                letter.issued_on = issued_on
                letter.number = _number_text(sender, year, serial)
            else:
                letter.issued_on = row.issued_on
                letter.number = _number_text(sender, row.year, row.serial)
                if row.title != letter.title:
                    w.update(lt, row.id, {"title": letter.title}, expected_version=row.version)


def stored_numbers(store: Store, meeting: MeetingInfo, sender: Office) -> dict[tuple[str, str], str]:
    return {
        (r.kind, r.recipient): _number_text(sender, r.year, r.serial) for r in store.select(LetterRecord, meeting_id=meeting.id)
    }


def draft(store: Store, request: Request) -> Drafted:
    """函件 through `publish`: the letters of `request.letter_kinds` (default all), one file each."""
    meeting = request.need_meeting("函件")
    found = letters_of(
        store, meeting, request.letter_kinds or KINDS, issued_on=request.issued_on, as_of=request.as_of, actor=request.actor
    )
    outputs = [Output(file_name(meeting, letter), letter, label=letter.number) for letter in found.letters]
    return Drafted(outputs, found.notices, draft=found)


def letters_of(
    store: Store,
    meeting: MeetingInfo,
    kinds: tuple[str, ...] = KINDS,
    *,
    issued_on: date | None = None,
    as_of: date | None = None,
    actor: str | None = None,
) -> Drafts:
    """The meeting's letters of the given kinds, numbered and dated (numbers are stored).

    Each kind is drafted by its own module (`drafts.kinds.LETTERS`: invitation, materials_reminder,
    urge), all with the same call, so a new kind of letter is one module and one registry line.
    """
    from workbench.drafts import kinds as registry

    issued_on = issued_on or date.today()
    as_of = as_of or issued_on
    sender = office(store)
    out = Drafts()
    for kind in kinds:
        found = registry.drafter(kind).letters(
            store, meeting, sender, issued_on=issued_on, as_of=as_of, numbers=stored_numbers(store, meeting, sender)
        )
        _number(store, meeting, found.letters, sender, issued_on, actor)
        out.letters += found.letters
        out.notices += found.notices
    if not sender.contact:
        out.notices.append("本会设置中没有办公室联系人和电话，函件未写附注（联系人）。")
    return out


def file_name(meeting: MeetingInfo, letter: Letter) -> str:
    kind = config.labels()["letter_kind"].label(letter.kind)
    return f"{safe_component(meeting.short_title)}_{safe_component(kind)}_{safe_component(letter.recipient)}.docx"
