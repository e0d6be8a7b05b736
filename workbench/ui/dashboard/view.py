"""The dashboard's HTML: KPI cards, charts and tables for a `LiveView`, a `SnapshotView`, or a message.

Everything from the store is passed through `esc` (html.escape) where it
becomes HTML; the page's only markup is written here. Each KPI value carries a
`data-kpi` attribute (and `data-value`, the unrounded number) so a browser test
can read the figures back without parsing the wording.
"""
from __future__ import annotations

from datetime import date

from ... import config
from ...numerals import chinese_date, chinese_number
from . import charts as charts
from .charts import esc
from ...packet.snapshot import KINDS as SNAPSHOT_KINDS
from .data import LiveView, SnapshotView, zh_datetime

STYLE = f"""
<style>
.wb-dash {{ font-family: {charts.FONT_FAMILY}; color: #222; max-width: 1200px; }}
.wb-dash h2 {{ font-size: 22px; margin: 4px 0 6px; }}
.wb-dash h3 {{ font-size: 16px; margin: 0 0 8px; color: #1f3f66; }}
.wb-meta {{ color: #555; font-size: 14px; margin-bottom: 12px; }}
.wb-kpis {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin-bottom: 16px; }}
.wb-kpi {{ border: 1px solid #d8dee6; border-top: 4px solid #2f6fb3; border-radius: 6px; padding: 10px 12px; background: #fff; }}
.wb-kpi.good {{ border-top-color: #3a9d5d; }} .wb-kpi.warn {{ border-top-color: #e0a030; }} .wb-kpi.bad {{ border-top-color: #c0392b; }}
.wb-kpi-label {{ font-size: 13px; color: #555; }}
.wb-kpi-value {{ font-size: 28px; font-weight: bold; margin: 4px 0; }}
.wb-kpi-note {{ font-size: 12px; color: #777; }}
.wb-grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 14px; margin-bottom: 16px; }}
.wb-panel {{ border: 1px solid #d8dee6; border-radius: 6px; padding: 12px; background: #fff; overflow-x: auto; }}
.wb-table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
.wb-table th, .wb-table td {{ border: 1px solid #d8dee6; padding: 4px 8px; text-align: left; vertical-align: top; }}
.wb-table th {{ background: #eef3f9; font-weight: bold; white-space: nowrap; }}
.wb-table td.num {{ text-align: right; white-space: nowrap; }}
.wb-empty {{ color: #888; font-size: 13px; padding: 6px 0; }}
.wb-message {{ border: 1px solid #d8dee6; border-left: 5px solid #2f6fb3; border-radius: 6px; padding: 16px 20px; background: #f7f9fc; font-size: 15px; line-height: 1.8; }}
.wb-message h3 {{ font-size: 18px; }}
.wb-banner {{ background: #fff6e0; border: 1px solid #e0c080; border-radius: 6px; padding: 8px 12px; margin-bottom: 12px; font-size: 14px; }}
</style>
"""

STATUS_COLOURS = {"done": "#3a9d5d", "in_progress": "#2f6fb3", "lagging": "#e0a030",
                  "not_started": "#b0b0b0", "changed": "#8e6bb8"}

OVERDUE_SHOWN = 100   # rows of the overdue table; the panel's title keeps the full count


def _wrap(inner: str) -> str:
    return f'<div class="wb-dash">{STYLE}{inner}</div>'


def render_message(title: str, text: str) -> str:
    """A friendly notice in place of the dashboard (empty store, store not reachable)."""
    return _wrap(f'<div class="wb-message" data-state="message"><h3>{esc(title)}</h3><p>{esc(text)}</p></div>')


def longest_overdue(rows: list, *, key) -> list:
    """At most OVERDUE_SHOWN rows: the longest overdue across all kinds, kept in the given order."""
    if len(rows) <= OVERDUE_SHOWN:
        return rows
    keep = {id(r) for r in sorted(rows, key=lambda r: -key(r))[:OVERDUE_SHOWN]}
    return [r for r in rows if id(r) in keep]


def _cap_note(total: int, shown: int) -> str:
    return (f'<div class="wb-kpi-note">共{total}项，以上列出逾期最久的{shown}项（按类别排列）；'
            "其余见会议材料中的各项情况表。</div>")


def _table(headers: list[str], rows: list[list[str]], *, empty: str, num_cols: tuple[int, ...] = ()) -> str:
    if not rows:
        return f'<div class="wb-empty">{esc(empty)}</div>'
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{esc(c)}</td>' if k in num_cols else f"<td>{esc(c)}</td>"
                         for k, c in enumerate(r)) + "</tr>"
        for r in rows)
    return f'<table class="wb-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _panel(title: str, body: str, key: str) -> str:
    return f'<div class="wb-panel" data-panel="{esc(key)}"><h3>{esc(title)}</h3>{body}</div>'


def _kpi_cards(kpis) -> str:
    cards = []
    for k in kpis:
        raw = "" if k.raw is None else (f"{k.raw:.6f}" if isinstance(k.raw, float) else str(k.raw))
        cards.append(
            f'<div class="wb-kpi {esc(k.tone)}"><div class="wb-kpi-label">{esc(k.label)}</div>'
            f'<div class="wb-kpi-value" data-kpi="{esc(k.key)}" data-value="{esc(raw)}">{esc(k.value)}</div>'
            f'<div class="wb-kpi-note">{esc(k.note)}</div></div>')
    return f'<div class="wb-kpis">{"".join(cards)}</div>'


def render_live(v: LiveView) -> str:
    labels = config.labels()
    plan_status = labels["plan_item_status"]
    meeting_text = (f"{v.meeting.title}（{chinese_date(v.meeting.held_on, missing='日期未定')}）" if v.meeting
                    else "尚未确定会议")
    meta = (f'<div class="wb-meta" data-as-of="{v.as_of.isoformat()}">{esc(meeting_text)} · '
            f'数据截至{esc(chinese_date(v.as_of))}（实时数据，打开或切换页面时读取）</div>')

    series_codes = [c for c in plan_status.codes]
    series = [(plan_status.label(c), STATUS_COLOURS.get(c, charts.PALETTE[k % len(charts.PALETTE)]))
              for k, c in enumerate(series_codes)]
    plan_rows = [(f"{chinese_number(s['number'])}、{s['title']}", [s["counts"].get(c, 0) for c in series_codes])
                 for s in v.plan_sections]
    year = f"{v.plan_year}年" if v.plan_year else ""
    plan_chart = charts.stacked_bar_chart(plan_rows, series, label=f"{year}工作要点各部分进展",
                                          empty="库中还没有年度工作要点")

    pf = v.proposals
    status = labels["proposal_status"]
    status_rows = [(status.label(code), n) for code, n in pf.by_status.items() if n and code != "not_filed"]
    status_chart = charts.bar_chart(status_rows, label="提案办理状态", empty="暂无立案提案")
    top_units = pf.by_unit[:10]
    unit_chart = charts.bar_chart(top_units, label="主办单位承办提案数", color=charts.PALETTE[5],
                                  empty="暂无主办单位")
    reply = labels["reply_category"]
    abc_colours = [charts.PALETTE[1], charts.PALETTE[0], charts.PALETTE[2], charts.PALETTE[6]]
    abc_parts = [(reply.label(code), n, abc_colours[k % len(abc_colours)])
                 for k, (code, n) in enumerate(pf.by_reply_category.items())]
    abc_chart = charts.donut_chart(abc_parts, label="提案答复类别分布", center=f"已答复{pf.replied}件",
                                   empty="暂无已答复的提案")
    liaison_rows = [(g["group_name"], g["done"], g["required"]) for g in v.liaison]
    liaison_chart = charts.completion_chart(liaison_rows, label=f"{v.liaison_year}年委员联络组活动指标完成情况",
                                            empty=f"{v.liaison_year}年未设联络组活动指标")
    proposal_year = f"{pf.year}年" if pf.year else ""
    grid = "".join([
        _panel(f"{year}工作要点各部分进展", plan_chart, "plan_sections"),
        _panel(f"{proposal_year}提案办理状态（立案{pf.filed}件）", status_chart, "proposal_status"),
        _panel("主办单位承办提案数（前10位）", unit_chart, "proposal_units"),
        _panel("提案答复类别（A/B/C）分布", abc_chart, "reply_categories"),
        _panel(f"{v.liaison_year}年委员联络组活动指标完成情况", liaison_chart, "liaison"),
    ])

    # A leader reads the longest-overdue items; a city committee's thousands of rows would bury them.
    shown = longest_overdue(v.overdue, key=lambda r: r["days"])
    overdue_rows = [[r["kind"], f"{r['code']} {r['title']}", r["department"] or "—", r["leader"] or "—",
                     chinese_date(r["deadline"]), f"{r['days']}天"] for r in shown]
    overdue_table = _table(["类别", "事项", "责任单位", "牵头领导", "完成时限", "逾期天数"], overdue_rows,
                           empty="目前没有逾期事项。", num_cols=(5,))
    if len(v.overdue) > len(shown):
        overdue_table += _cap_note(len(v.overdue), len(shown))
    feedback_days = labels.rule("supervision_feedback_days")
    if v.feedback_overdue:
        feedback_rows = [[f"{r['code']} {r['topic']}", r["department"] or "—", r["leader"] or "—",
                          chinese_date(r["sent_on"]), chinese_date(r["due"]), f"{r['days']}天"]
                         for r in v.feedback_overdue]
        overdue_table += (
            f'<h3 style="margin-top:14px" data-feedback-overdue="{len(v.feedback_overdue)}">'
            f'监督建议书逾期未反馈（{len(v.feedback_overdue)}项）</h3>'
            f'<div class="wb-kpi-note">责任单位应在收到监督建议书后{feedback_days}日内反馈，以下事项尚未收到反馈。</div>'
            + _table(["监督事项", "责任单位", "牵头领导", "建议书送达日期", "应反馈日期", "逾期天数"],
                     feedback_rows, empty="", num_cols=(5,)))
    b_status = labels["briefing_status"]
    briefing_rows = [[t["topic"], t["reporting_body"] or "—",
                      " ".join(x for x in (t["reporter_title"], t["reporter"]) if x) or "—",
                      chinese_date(t["materials_due_on"], missing="—"),
                      chinese_date(t["materials_received_on"], missing="尚未报送"),
                      b_status.label(t["status"])] for t in v.briefings]
    briefing_title = f"{v.meeting.short_title}情况通报议题" if v.meeting else "情况通报议题"
    briefing_table = _table(["通报议题", "通报单位", "通报人", "材料报送时限", "材料报送日期", "状态"],
                            briefing_rows, empty="本次会议尚未确定情况通报议题。")
    limit = labels.rule("absence_limit")
    absence_rows = [[r["name"], r["sector"] or "—", r["position"] or "—", f"{r['absences']}次",
                     "已达到通报标准" if r["reached"] else f"接近（{limit}次须通报）"] for r in v.absences]
    absence_table = _table(["姓名", "界别", "工作单位及职务", "无故缺席常委会议", "情况"], absence_rows,
                           empty="本届没有无故缺席接近规定次数的常委。", num_cols=(3,))
    tables = "".join([
        _panel(f"逾期事项（{len(v.overdue)}项）", overdue_table, "overdue"),
        _panel(briefing_title, briefing_table, "briefings"),
        _panel(f"无故缺席接近规定的常委（规定：本届无故缺席常委会议{limit}次须通报）", absence_table, "absences"),
    ])
    return _wrap(meta + _kpi_cards(v.kpis) + f'<div class="wb-grid">{grid}</div>' + tables)


# ---------------------------------------------------------------- snapshots


def _due_text(entry: dict) -> str:
    due = entry.get("due_on") or entry.get("deadline")
    try:
        return chinese_date(date.fromisoformat(str(due)[:10])) if due else "—"
    except ValueError:
        return "—"


def render_snapshot(s: SnapshotView) -> str:
    labels = config.labels()
    title = s.meeting.title if s.meeting else "会议"
    as_of = f"；数据截至{chinese_date(s.as_of)}" if s.as_of else ""
    banner = (f'<div class="wb-banner" data-snapshot="{s.id}">'
              f'本页为{esc(title)}材料导出时的快照（导出时间：{esc(zh_datetime(s.exported_at))}；'
              f'导出人：{esc(s.exported_by or "不详")}{esc(as_of)}）。'
              f'快照内容不随库中数据变化；查看最新情况请在上方选择“实时数据”。</div>')
    if s.unreadable:
        return _wrap(banner + '<div class="wb-message">这份快照的内容无法读取（格式已损坏或来自不兼容的版本），只能显示导出时间。</div>')
    parts = [banner]
    if s.sections:
        panels = "".join(
            _panel(sec.title, _table(["项目", "数值"], [list(r) for r in sec.rows], empty="快照中没有这部分数字。"),
                   f"snapshot_{sec.key}")
            for sec in s.sections)
        parts.append(f'<h3 style="margin:6px 0 8px;color:#1f3f66">会议材料引用的数字</h3>'
                     f'<div class="wb-grid">{panels}</div>')
    summary_rows, overdue_rows = [], []
    for kind, (name, set_name) in SNAPSHOT_KINDS.items():
        entries = s.records.get(kind)
        if not entries:
            continue
        statuses: dict[str, int] = {}
        for e in entries.values():
            code = e.get("status") or ""
            statuses[code] = statuses.get(code, 0) + 1
            if e.get("overdue"):
                overdue_rows.append([name, str(e.get("label", "")), _due_text(e)])
        unit = "件" if kind == "proposals" else "项"
        codes = labels[set_name].codes
        ordered = sorted(statuses, key=lambda c: codes.index(c) if c in codes else len(codes))
        status_text = "；".join(f"{labels[set_name].label(c) or '未填状态'}{statuses[c]}{unit}" for c in ordered)
        summary_rows.append([name, f"{len(entries)}{unit}", status_text or "—"])
    parts.append(_panel("导出时各类事项的状态", _table(["类别", "数量", "按状态"], summary_rows,
                                                      empty="快照中没有事项记录。", num_cols=(1,)), "snapshot_status"))
    overdue_table = _table(["类别", "事项", "期限"], overdue_rows[:OVERDUE_SHOWN], empty="导出时没有逾期事项。")
    if len(overdue_rows) > OVERDUE_SHOWN:
        overdue_table += (f'<div class="wb-kpi-note">共{len(overdue_rows)}项，以上列出前{OVERDUE_SHOWN}项；'
                          "全部事项见当次导出的会议材料。</div>")
    parts.append(_panel(f"导出时的逾期事项（{len(overdue_rows)}项）", overdue_table, "snapshot_overdue"))
    return _wrap("".join(parts))
