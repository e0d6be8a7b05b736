"""Charts for the leaders' dashboard, drawn as plain HTML (bars) and a small SVG ring, in Python.

No chart library, no CDN script and no web font: the browser draws the Chinese labels
with the fonts installed on the machine. Bars are `<div>`s sized in percent, so a chart
is as wide as its card on a desktop, a tablet or a 390 px phone, and its labels keep the
page's own font sizes (never below 12 px, as text inside a scaled-down SVG would be).
Names are printed in full and wrap — a plan section's name is never cut with "…", on
screen or on paper; on a phone the name stands above its bar (`style.html`). Every piece
of text from the store goes through `html.escape`: a title such as `<img onerror=…>`
shows as text, never runs. Colours are this module's constants, never data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

FONT_FAMILY = (
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', "
    "'WenQuanYi Micro Hei', 'Noto Sans SC', sans-serif"
)

# Office colours: green done, blue under way, amber lagging, grey not started / changed.
PALETTE = ["#2f6fb3", "#3a9d5d", "#e0a030", "#c0392b", "#8e6bb8", "#4aa3a2", "#a0a0a0", "#d46a8c", "#6b8e23"]


def esc(text) -> str:
    return escape("" if text is None else str(text), quote=True)


def _chart(kind: str, label: str, body: str) -> str:
    return f'<div class="wb-chart wb-{kind}" role="img" aria-label="{esc(label)}">{body}</div>'


def empty_chart(message: str) -> str:
    return f'<div class="wb-chart wb-chart-empty">{esc(message)}</div>'


def _percent(value: float, peak: float) -> str:
    return f"{100 * value / peak:.2f}%" if peak else "0%"


def _row(name: str, bar: str, value: str) -> str:
    return (
        f'<div class="wb-bar-row"><div class="wb-bar-name">{esc(name)}</div>'
        f'<div class="wb-bar-line"><div class="wb-bar-track">{bar}</div>'
        f'<span class="wb-bar-value">{esc(value)}</span></div></div>'
    )


def _legend(series: Sequence[tuple[str, str]]) -> str:
    keys = "".join(f'<span class="wb-key"><i style="background:{colour}"></i>{esc(name)}</span>' for name, colour in series)
    return f'<div class="wb-legend">{keys}</div>'


def bar_chart(
    rows: Sequence[tuple[str, float]], *, label: str, unit: str = "件", color: str = PALETTE[0], empty: str = "暂无数据"
) -> str:
    """Horizontal bars, one per row, the value written after each bar."""
    if not rows or not any(v for _, v in rows):
        return empty_chart(empty)
    peak = max(v for _, v in rows) or 1
    body = "".join(
        _row(
            name,
            f'<span class="wb-seg" style="width:{_percent(value, peak)};background:{color}" '
            f'title="{esc(name)}：{esc(_num(value))}{esc(unit)}"></span>',
            f"{_num(value)}{unit}",
        )
        for name, value in rows
    )
    return _chart("bars", label, body)


def stacked_bar_chart(
    rows: list[tuple[str, list[int]]], series: list[tuple[str, str]], *, label: str, empty: str = "暂无数据"
) -> str:
    """One bar per row split into series (e.g. a plan section's items by status), with a legend above."""
    if not rows or not any(sum(v) for _, v in rows):
        return empty_chart(empty)
    peak = max(sum(v) for _, v in rows) or 1
    out = [_legend(series)]
    for name, values in rows:
        segments = "".join(
            f'<span class="wb-seg" style="width:{_percent(v, peak)};background:{colour}" '
            f'title="{esc(name)}：{esc(s_name)} {v} 项">{v if v * 8 >= peak else ""}</span>'
            for (s_name, colour), v in zip(series, values)
            if v
        )
        out.append(_row(name, segments, f"共{sum(values)}项"))
    return _chart("bars", label, "".join(out))


def donut_chart(parts_in: list[tuple[str, int, str]], *, label: str, center: str = "", empty: str = "暂无数据") -> str:
    """A ring split by share (e.g. A/B/C reply categories) beside a legend giving count and share."""
    total = sum(v for _, v, _ in parts_in)
    if total == 0:
        return empty_chart(empty)
    cx = cy = 90
    r, width = 70, 26
    arcs = []
    angle = -math.pi / 2
    for name, value, colour in parts_in:
        if not value:
            continue
        sweep = 2 * math.pi * value / total
        if value == total:  # a full ring cannot be drawn as one arc
            arcs.append(
                f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{colour}" '
                f'stroke-width="{width}"><title>{esc(name)}：{value}</title></circle>'
            )
        else:
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(angle + sweep), cy + r * math.sin(angle + sweep)
            large = 1 if sweep > math.pi else 0
            arcs.append(
                f'<path d="M {x1:.2f} {y1:.2f} A {r} {r} 0 {large} 1 {x2:.2f} {y2:.2f}" fill="none" '
                f'stroke="{colour}" stroke-width="{width}"><title>{esc(name)}：{value}</title></path>'
            )
        angle += sweep
    ring = f'<svg class="wb-ring" viewBox="0 0 180 180" aria-hidden="true">{"".join(arcs)}</svg>'
    middle = f'<div class="wb-ring-center">{esc(center)}</div>' if center else ""
    legend = "".join(
        f'<li><i style="background:{colour}"></i><span>{esc(name)}</span>'
        f'<span class="wb-donut-value">{value}件（{value * 100 / total:.1f}%）</span></li>'
        for name, value, colour in parts_in
    )
    return _chart("donut", label, f'<div class="wb-ring-box">{ring}{middle}</div><ul class="wb-donut-legend">{legend}</ul>')


def completion_chart(rows: list[tuple[str, int, int]], *, label: str, empty: str = "暂无数据") -> str:
    """Progress bars against 100%: done / required for each row (e.g. a liaison group's quotas)."""
    if not rows:
        return empty_chart(empty)
    out = []
    for name, done, required in rows:
        share = min(1.0, done / required) if required else 0.0
        colour = PALETTE[1] if share >= 1 else PALETTE[0] if share >= 0.6 else PALETTE[2]
        bar = (
            f'<span class="wb-seg" style="width:{share * 100:.2f}%;background:{colour}" '
            f'title="{esc(name)}：完成{done}次，指标{required}次"></span>'
        )
        text = f"{done}/{required}（{share * 100:.0f}%）" if required else "未设指标"
        out.append(_row(name, bar, text))
    return _chart("bars wb-completion", label, "".join(out))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
