"""Whether a proposal's recorded status agrees with its dates: 已答复 needs a 答复日期, a 答复日期 needs a status past 办理中.

The packet counts a proposal as replied by its 答复日期 (`figures.proposal_figures`), so a
status of 已答复 without the date prints 已答复 beside 答复日期 未答复 and is not counted, and a
date under 办理中 is counted while the lists still say 办理中. The editor shows these beside
the row as soon as it is shown or saved; the wording names what to change.
"""

from __future__ import annotations

from datetime import date

from workbench.base import config

# Statuses that say a reply came; statuses that say it has not come yet.
REPLIED = ("replied", "rated", "closed")
BEFORE_REPLY = ("registered", "assigned", "handling")


def contradictions(status: str | None, replied_on: date | None, satisfaction: str | None = None) -> list[str]:
    """What in a proposal's status, 答复日期 and 满意度 contradicts the rest, in Chinese (empty when they agree)."""
    labels = config.labels()["proposal_status"]
    out = []
    if status in REPLIED and replied_on is None:
        out.append(f"状态为“{labels.label(status)}”，但没有答复日期：请填写答复日期，或把状态改回“{labels.label('handling')}”。")
    if status in BEFORE_REPLY and replied_on is not None:
        out.append(
            f"已填写答复日期（{replied_on:%Y-%m-%d}），状态却为“{labels.label(status)}”："
            f"请把状态改为“{labels.label('replied')}”，或核对答复日期。"
        )
    if satisfaction and replied_on is None and status not in REPLIED:
        out.append("已填写满意度，但没有答复日期：请核对。")
    return out
