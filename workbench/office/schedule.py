"""The preparation schedule (筹备日程) of a meeting: steps dated back from the meeting in working days.

The steps and their offsets come from `[schedule]` in labels.toml (材料征集 T-20, 部门报送材料 T-10,
主席会议审定 T-5, 印发会议材料 T-3, 会议 T by default), counted in working days: weekends and the
office's listed holidays are skipped, weekend days listed as 调休 working days count. A step's
state (未开始/进行中/已完成) and a date moved by hand are stored in `schedule_step`; a step
without a row is simply not started, on its rule's date.

Signal for the editor and dashboard: 已完成 → done; not done and past its date → red (逾期);
due within `warn_days` (today included) → yellow; otherwise green.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from workbench.base import config
from workbench.base.errors import ConfigError, NotFoundError, ValidationError
from workbench.base.numerals import chinese_date
from workbench.office.meetings import MeetingInfo
from workbench.store import Store, schema
from workbench.store.rows import ScheduleStep

RED, YELLOW, GREEN, DONE = "red", "yellow", "green", "done"
SIGNAL_WORDS = {RED: "逾期", YELLOW: "临近", GREEN: "正常", DONE: "已完成"}


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    workdays_before: int


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date]
    workdays: frozenset[date]  # weekend days that are working days (调休)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def working_days_before(self, day: date, n: int) -> date:
        """The n-th working day before `day` (n = 0: `day` itself)."""
        current, left = day, n
        while left > 0:
            current -= timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current


@dataclass
class Step:
    key: str
    label: str
    workdays_before: int
    rule_date: date
    due_on: date  # the rule's date, or the one the office set by hand
    state: str  # code of labels' schedule_state
    done_on: date | None
    note: str | None
    record_id: int | None  # the stored row, if any
    version: int | None

    @property
    def moved(self) -> bool:
        return self.due_on != self.rule_date

    def signal(self, today: date, warn_days: int) -> str:
        if self.state == "done":
            return DONE
        if self.due_on < today:
            return RED
        if (self.due_on - today).days <= warn_days:
            return YELLOW
        return GREEN

    @property
    def offset_text(self) -> str:
        return "会议当天" if self.workdays_before == 0 else f"会前{self.workdays_before}个工作日"


@dataclass
class Schedule:
    meeting: MeetingInfo
    steps: list[Step]
    warn_days: int

    def step(self, key: str) -> Step:
        for s in self.steps:
            if s.key == key:
                return s
        raise NotFoundError(
            f"筹备日程中没有“{key}”这一项。可用的有：" + "、".join(f"{s.label}（{s.key}）" for s in self.steps) + "。"
        )

    def lines(self, today: date) -> list[str]:
        states = config.labels()["schedule_state"]
        out = [f"{self.meeting.short_title}筹备日程（会议日期：{chinese_date(self.meeting.held_on)}）"]
        for n, s in enumerate(self.steps, start=1):
            signal = SIGNAL_WORDS[s.signal(today, self.warn_days)]
            moved = "（已调整）" if s.moved else ""
            done = f"，{chinese_date(s.done_on)}完成" if s.done_on else ""
            out.append(
                f"{n}. {s.label}　{chinese_date(s.due_on)}{moved}（{s.offset_text}）　{states.label(s.state)}{done}　[{signal}]"
            )
        return out


def _dates(values, name: str, source: str) -> frozenset[date]:
    out = set()
    for v in values or []:
        try:
            out.add(v if isinstance(v, date) else date.fromisoformat(str(v)))
        except ValueError:
            what = {"holidays": "放假日期", "workdays": "调休上班日期"}.get(name, name)
            raise ConfigError(
                f"筹备日程的设置（{source}）中，{what}“{v}”不是日期，应写作 2026-10-01。请告知系统管理员改正。"
            ) from None
    return frozenset(out)


def rules() -> list[Rule]:
    labels = config.labels()
    raw = labels.group("schedule")["steps"]
    out = []
    for i, step in enumerate(raw, start=1):
        try:
            rule = Rule(str(step["key"]), str(step["label"]), int(step["workdays_before"]))
        except (KeyError, TypeError, ValueError):
            raise ConfigError(
                f"筹备日程的设置（{labels.source}）中，第 {i} 个步骤不完整：须写明 key、名称（label）和提前的工作日数"
                "（workdays_before，整数）。请告知系统管理员改正。"
            ) from None
        if rule.workdays_before < 0:
            raise ConfigError(
                f"筹备日程的设置（{labels.source}）中，第 {i} 个步骤“{rule.label}”提前的工作日数（workdays_before）"
                "不能为负数。请告知系统管理员改正。"
            )
        out.append(rule)
    return out


def calendar() -> Calendar:
    labels = config.labels()
    group = labels.group("schedule")
    return Calendar(
        _dates(group.get("holidays"), "holidays", labels.source), _dates(group.get("workdays"), "workdays", labels.source)
    )


def build(store: Store, meeting: MeetingInfo) -> Schedule:
    if meeting.held_on is None:
        raise ValidationError(f"{meeting.short_title}还没有确定会议日期，无法排出筹备日程。请先在“会议”页填写日期。")
    cal = calendar()
    stored = {r.step: r for r in store.select(ScheduleStep, meeting_id=meeting.id)}
    steps = []
    for rule in rules():
        rule_date = cal.working_days_before(meeting.held_on, rule.workdays_before)
        row = stored.get(rule.key)
        steps.append(
            Step(
                key=rule.key,
                label=rule.label,
                workdays_before=rule.workdays_before,
                rule_date=rule_date,
                due_on=(row.due_on if row and row.due_on else rule_date),
                state=(row.state if row and row.state else "pending"),
                done_on=row.done_on if row else None,
                note=row.note if row else None,
                record_id=row.id if row else None,
                version=row.version if row else None,
            )
        )
    steps.sort(key=lambda s: (s.due_on, -s.workdays_before))
    return Schedule(meeting, steps, int(config.labels().group("schedule").get("warn_days", 3)))


def step_changes(
    schedule: Schedule,
    key: str,
    *,
    state: str | None = None,
    due_on: date | None = None,
    note: str | None = None,
    today: date | None = None,
) -> tuple[Step, dict]:
    """The step and the values to store for it. Marking a step 已完成 records `today` (default: the
    real today) as its completion date; any other state clears that date."""
    step = schedule.step(key)
    values: dict = {}
    if state is not None:
        config.labels()["schedule_state"].code(state, where=f"“{step.label}”的状态")
        values["state"] = state
        values["done_on"] = (step.done_on or today or date.today()) if state == "done" else None
    if due_on is not None:
        values["due_on"] = due_on
    if note is not None:
        values["note"] = note
    return step, values


def save_step(
    store: Store,
    meeting: MeetingInfo,
    key: str,
    *,
    state: str | None = None,
    due_on: date | None = None,
    note: str | None = None,
    today: date | None = None,
    actor: str | None = None,
) -> Step:
    """Record a step's state (and optionally a moved date or a note) in one write.

    The version is the one just read, so a concurrent change to the same step between reading
    and writing is refused with the store's ConflictError rather than overwritten.
    """
    step, values = step_changes(build(store, meeting), key, state=state, due_on=due_on, note=note, today=today)
    with store.writer(actor) as w:
        if step.record_id is None:
            w.insert(schema.schedule_step, {"meeting_id": meeting.id, "step": key, **values})
        else:
            w.update(schema.schedule_step, step.record_id, values, expected_version=step.version or 1)
    return build(store, meeting).step(key)
