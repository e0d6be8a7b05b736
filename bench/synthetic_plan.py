"""A large synthetic work-plan text for the parsing throughput figure.

Many plans one after another, as an archive page holding years of 工作要点 would,
in the numbering styles offices really use: 一、 sections with running 1. items,
第一部分 sections with （一） items, 一、 sections with （一） items restarting in each
section and (1) sub-points inside items. Deterministic for a given size, so runs compare.
"""

from __future__ import annotations

import random

from workbench.office.meetings import chinese_number

_COUNTIES = ["青岚县", "白石县", "云溪县", "桐山县", "柳河县", "南屏县", "东阳县", "北湖县"]
_VERBS = ["深入开展", "认真组织", "扎实推进", "积极参与", "持续加强", "切实做好", "广泛凝聚", "着力提升"]
_TOPICS = [
    "专题协商",
    "民主监督",
    "提案办理",
    "委员履职",
    "调查研究",
    "界别活动",
    "文史资料",
    "对口协商",
    "乡村振兴",
    "营商环境",
    "生态保护",
    "基层治理",
    "教育发展",
    "医疗卫生",
    "养老服务",
    "文化旅游",
]
_PHRASES = [
    "围绕县委中心工作",
    "聚焦群众急难愁盼问题",
    "坚持团结和民主两大主题",
    "发挥专门协商机构作用",
    "加强与党委政府部门的沟通联系",
    "健全委员联系界别群众制度",
    "完善协商议政格局",
    "推动形成共识",
    "提高建言资政质量",
    "把握正确政治方向",
]


def _sentence(rng: random.Random) -> str:
    return "，".join(rng.sample(_PHRASES, 3)) + "。"


def _item_text(rng: random.Random, subpoints: bool) -> str:
    title = f"{rng.choice(_VERBS)}{rng.choice(_TOPICS)}工作"
    body = "".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
    if subpoints and rng.random() < 0.4:
        body += "".join(f"（{k}）{_sentence(rng)}" for k in range(1, rng.randint(3, 5)))
    return f"{title}。{body}"


def plan_text(index: int, rng: random.Random) -> tuple[str, int, int]:
    """One plan: its text, the number of sections and the number of items."""
    county = _COUNTIES[index % len(_COUNTIES)]
    year = 2000 + index % 30
    style = index % 3
    sections = rng.randint(5, 9)
    lines = [
        f"政协{county}委员会{year}年工作要点",
        "",
        f"{year}年是全面落实各项部署的关键之年。{_sentence(rng)}{_sentence(rng)}",
        "",
    ]
    items_total, running = 0, 0
    for s in range(1, sections + 1):
        heading = f"{rng.choice(_VERBS)}{rng.choice(_TOPICS)}，{rng.choice(_PHRASES)}"
        if style == 1:
            lines += [f"第{chinese_number(s)}部分　{heading}", ""]
        else:
            lines += [f"{chinese_number(s)}、{heading}", ""]
        items = rng.randint(4, 10)
        for i in range(1, items + 1):
            running += 1
            marker = f"{running}." if style == 0 else f"（{chinese_number(i)}）"
            lines += [f"{marker}{_item_text(rng, subpoints=style == 2)}", ""]
        items_total += items
    lines += [f"政协{county}委员会办公室", f"{year}年2月{rng.randint(1, 28)}日", "", ""]
    return "\n".join(lines), sections, items_total


def document(target_bytes: int, seed: int = 2026) -> tuple[str, dict]:
    """Plans appended until the UTF-8 text reaches `target_bytes`; returns the text and what it holds."""
    rng = random.Random(seed)
    parts, size, plans, sections, items = [], 0, 0, 0, 0
    while size < target_bytes:
        text, s, i = plan_text(plans, rng)
        parts.append(text)
        size += len(text.encode("utf-8")) + 1
        plans, sections, items = plans + 1, sections + s, items + i
    return "\n".join(parts), {"plans": plans, "sections": sections, "items": items}
