"""Charts for the leaders' dashboard, drawn as inline SVG strings in Python.

Inline SVG needs no chart library, no CDN script and no web font: the browser
draws the Chinese labels with the fonts installed on the machine (Noto Sans CJK,
Source Han Sans, Microsoft YaHei, PingFang …). Every piece of text that reaches
the SVG goes through `html.escape`, because labels come from the store and a
title such as `<img onerror=…>` must show as text, never run.
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

WIDTH = 560


def esc(text) -> str:
    return escape("" if text is None else str(text), quote=True)


def text_width(text: str, size: float) -> float:
    """Rough width of a label: CJK characters are square, Latin ones about half as wide."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.58 for ch in text)


def clip(text: str, max_width: float, size: float) -> str:
    if text_width(text, size) <= max_width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > max_width:
            break
        out += ch
    return out + "…"


def _svg(height: float, body: str, label: str) -> str:
    return (
        f'<svg class="wb-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-label="{esc(label)}" font-family="{esc(FONT_FAMILY)}" '
        f'style="max-width:{WIDTH}px">{body}</svg>'
    )


def _label(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 13,
    anchor: str = "start",
    fill: str = "#333",
    full: str | None = None,
    weight: str = "normal",
) -> str:
    tip = f"<title>{esc(full)}</title>" if full and full != text else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}" dominant-baseline="middle">{tip}{esc(text)}</text>'
    )


def empty_chart(message: str) -> str:
    return _svg(60, _label(WIDTH / 2, 30, message, anchor="middle", fill="#888"), message)


def bar_chart(
    rows: Sequence[tuple[str, float]], *, label: str, unit: str = "件", color: str = PALETTE[0], empty: str = "暂无数据"
) -> str:
    """Horizontal bars, one per row, value written at the end of each bar."""
    if not rows or not any(v for _, v in rows):
        return empty_chart(empty)
    size, bar_h, gap = 13, 18, 8
    label_w = min(200, max(text_width(name, size) for name, _ in rows) + 8)
    top = 6
    chart_w = WIDTH - label_w - 60
    peak = max(v for _, v in rows) or 1
    parts = []
    for k, (name, value) in enumerate(rows):
        y = top + k * (bar_h + gap)
        w = chart_w * value / peak
        shown = clip(name, label_w - 8, size)
        parts.append(_label(label_w - 6, y + bar_h / 2, shown, anchor="end", full=name))
        parts.append(
            f'<rect x="{label_w:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="2" fill="{color}">'
            f"<title>{esc(name)}：{esc(_num(value))}{esc(unit)}</title></rect>"
        )
        parts.append(_label(label_w + w + 5, y + bar_h / 2, f"{_num(value)}{unit}", size=12, fill="#555"))
    height = top * 2 + len(rows) * (bar_h + gap)
    return _svg(height, "".join(parts), label)


def stacked_bar_chart(
    rows: list[tuple[str, list[int]]], series: list[tuple[str, str]], *, label: str, empty: str = "暂无数据"
) -> str:
    """One horizontal bar per row split into series (e.g. a plan section's items by status), with a legend."""
    if not rows or not any(sum(v) for _, v in rows):
        return empty_chart(empty)
    size, bar_h, gap = 13, 20, 10
    label_w = min(230, max(text_width(name, size) for name, _ in rows) + 8)
    chart_w = WIDTH - label_w - 40
    peak = max(sum(v) for _, v in rows) or 1
    parts = []
    # Legend first, on one line.
    x: float = 4
    for name, colour in series:
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" rx="2" fill="{colour}"/>')
        parts.append(_label(x + 16, 10, name, size=12))
        x += 16 + text_width(name, 12) + 14
    top = 26
    for k, (name, values) in enumerate(rows):
        y = top + k * (bar_h + gap)
        parts.append(_label(label_w - 6, y + bar_h / 2, clip(name, label_w - 8, size), anchor="end", full=name))
        x = label_w
        for (s_name, colour), v in zip(series, values):
            if not v:
                continue
            w = chart_w * v / peak
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
                f"<title>{esc(name)}：{esc(s_name)} {v} 项</title></rect>"
            )
            if w >= 16:
                parts.append(_label(x + w / 2, y + bar_h / 2, str(v), size=11, anchor="middle", fill="#fff"))
            x += w
        parts.append(_label(x + 5, y + bar_h / 2, f"共{sum(values)}项", size=12, fill="#555"))
    height = top + len(rows) * (bar_h + gap) + 4
    return _svg(height, "".join(parts), label)


def donut_chart(parts_in: list[tuple[str, int, str]], *, label: str, center: str = "", empty: str = "暂无数据") -> str:
    """A ring split by share (e.g. A/B/C reply categories), with a legend giving count and share."""
    total = sum(v for _, v, _ in parts_in)
    if total == 0:
        return empty_chart(empty)
    cx, cy, r, width = 90, 90, 70, 26
    parts = []
    angle = -math.pi / 2
    for name, value, colour in parts_in:
        if not value:
            continue
        sweep = 2 * math.pi * value / total
        if value == total:  # a full ring cannot be drawn as one arc
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{colour}" '
                f'stroke-width="{width}"><title>{esc(name)}：{value}</title></circle>'
            )
        else:
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(angle + sweep), cy + r * math.sin(angle + sweep)
            large = 1 if sweep > math.pi else 0
            parts.append(
                f'<path d="M {x1:.2f} {y1:.2f} A {r} {r} 0 {large} 1 {x2:.2f} {y2:.2f}" fill="none" '
                f'stroke="{colour}" stroke-width="{width}"><title>{esc(name)}：{value}</title></path>'
            )
        angle += sweep
    if center:
        parts.append(_label(cx, cy, center, size=14, anchor="middle", weight="bold"))
    y = 30
    for name, value, colour in parts_in:
        parts.append(f'<rect x="200" y="{y - 7}" width="14" height="14" rx="2" fill="{colour}"/>')
        parts.append(_label(220, y, f"{name}  {value}件（{value * 100 / total:.1f}%）", full=name))
        y += 26
    return _svg(max(180, y), "".join(parts), label)


def completion_chart(rows: list[tuple[str, int, int]], *, label: str, empty: str = "暂无数据") -> str:
    """Progress bars against 100%: done / required for each row (e.g. a liaison group's quotas)."""
    if not rows:
        return empty_chart(empty)
    size, bar_h, gap = 13, 16, 10
    label_w = min(200, max(text_width(name, size) for name, _, _ in rows) + 8)
    chart_w = WIDTH - label_w - 120
    parts = []
    top = 6
    for k, (name, done, required) in enumerate(rows):
        y = top + k * (bar_h + gap)
        share = min(1.0, done / required) if required else 0.0
        colour = PALETTE[1] if share >= 1 else PALETTE[0] if share >= 0.6 else PALETTE[2]
        parts.append(_label(label_w - 6, y + bar_h / 2, clip(name, label_w - 8, size), anchor="end", full=name))
        parts.append(f'<rect x="{label_w:.1f}" y="{y}" width="{chart_w:.1f}" height="{bar_h}" rx="3" fill="#e8e8e8"/>')
        parts.append(
            f'<rect x="{label_w:.1f}" y="{y}" width="{chart_w * share:.1f}" height="{bar_h}" rx="3" '
            f'fill="{colour}"><title>{esc(name)}：完成{done}次，指标{required}次</title></rect>'
        )
        text = f"{done}/{required}（{share * 100:.0f}%）" if required else "未设指标"
        parts.append(_label(label_w + chart_w + 6, y + bar_h / 2, text, size=12, fill="#555"))
    height = top * 2 + len(rows) * (bar_h + gap)
    return _svg(height, "".join(parts), label)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
