"""The office as the sender of letters and documents: its name, county, contact and leaders.

Read from the committee profile (`workbench.office.committee.profile`), so letters, the schedule, the
ballot, the summary and the minutes all sign with the same name. Only reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.base.errors import NotFoundError
from workbench.office.committee import profile
from workbench.store import Store


@dataclass(frozen=True)
class Office:
    county: str  # 青岚县
    committee: str  # 政协青岚县委员会
    name: str  # 政协青岚县委员会办公室
    contact_person: str | None
    contact_phone: str | None
    leaders: tuple[tuple[str, str], ...] = ()  # (name, title) in protocol order

    @property
    def contact(self) -> str:
        """附注 text without brackets, or "" when the office has not entered a contact."""
        parts = []
        if self.contact_person:
            parts.append(f"联系人：{self.contact_person}")
        if self.contact_phone:
            parts.append(f"电话：{self.contact_phone}")
        return "，".join(parts)

    def title_of(self, name: str | None) -> str | None:
        for leader, title in self.leaders:
            if leader == (name or "").strip():
                return title
        return None


def office(store: Store) -> Office:
    found = profile(store)
    if found is None:
        raise NotFoundError("库中还没有委员会信息（县名、办公室名称），无法署名。请先运行 init 或载入数据。")
    return Office(
        found.county,
        found.name,
        found.office,
        found.contact_person,
        found.contact_phone,
        tuple((leader.name, leader.title) for leader in found.leaders),
    )
