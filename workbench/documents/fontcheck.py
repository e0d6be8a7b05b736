"""Which real font each face named by the documents resolves to when LibreOffice renders them.

The documents name Times New Roman for Latin text and 仿宋_GB2312/方正小标宋简体/黑体/楷体 for
Chinese. On Linux fontconfig substitutes what is missing. A substitute with other widths
changes the layout: DejaVu Serif instead of Times New Roman is about 15 % wider, so case
numbers and dates wrap ("JD2026-" / "01"). This module asks fontconfig (with the same
configuration the PDF conversion uses) and tells whether each face lands on a font with
the same metrics, and which Debian package brings one when it does not.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

from workbench.documents import fonts


@dataclass(frozen=True)
class Face:
    name: str  # as written in the documents
    accepted: tuple[str, ...]  # families that keep the layout (the face itself or a metric-compatible one)
    package: str  # the Debian package that provides an accepted family
    cjk: bool = False


# Liberation Serif and Tinos are drawn to Times New Roman's widths; Fandol and Noto CJK set every 汉字
# in a full em, as 仿宋_GB2312 and the others do, so Chinese lines keep their length (the faces differ).
_CJK_STANDINS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif CJK", "Noto Sans CJK")
FACES: tuple[Face, ...] = (
    Face(fonts.LATIN, ("Times New Roman", "Liberation Serif", "Tinos"), "fonts-liberation2"),
    Face(fonts.FANGSONG, ("仿宋_GB2312", "仿宋", "FangSong", "FandolFang", *_CJK_STANDINS), "texlive-lang-chinese", cjk=True),
    Face("仿宋", ("仿宋", "FangSong", "仿宋_GB2312", "FandolFang", *_CJK_STANDINS), "texlive-lang-chinese", cjk=True),
    Face(
        fonts.XIAOBIAOSONG,
        ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FandolSong", *_CJK_STANDINS),
        "texlive-lang-chinese",
        cjk=True,
    ),
    Face(fonts.HEITI, ("黑体", "SimHei", "FandolHei", *_CJK_STANDINS), "texlive-lang-chinese", cjk=True),
    Face(fonts.KAITI, ("楷体", "KaiTi", "楷体_GB2312", "FandolKai", *_CJK_STANDINS), "texlive-lang-chinese", cjk=True),
)


@dataclass(frozen=True)
class Resolution:
    face: Face
    family: str | None  # what fontconfig chose; None when fontconfig is not installed

    @property
    def keeps_layout(self) -> bool:
        if self.family is None:
            return False
        return any(self.family.lower() == a.lower() for a in self.face.accepted)

    @property
    def exact(self) -> bool:
        """The named face itself or its intended stand-in (not only a same-width CJK fallback)."""
        return self.keeps_layout and self.family not in _CJK_STANDINS

    def describe(self) -> str:
        if self.family is None:
            return f"{self.face.name}：无法查询（未安装 fontconfig）"
        return f"{self.face.name} → {self.family}"


def fc_match(name: str, env: dict | None = None) -> str | None:
    """The family fontconfig substitutes for `name`, or None without fc-match."""
    program = shutil.which("fc-match")
    if program is None:
        return None
    result = subprocess.run([program, "--format=%{family[0]}", name], capture_output=True, text=True, env=env, timeout=30)
    family = result.stdout.strip()
    return family or None


def resolve_faces(env: dict | None = None) -> list[Resolution]:
    """How every face the documents name resolves under `env` (default: the PDF conversion's)."""
    from workbench.documents.pdf import conversion_env

    env = conversion_env(env)
    return [Resolution(face, fc_match(face.name, env)) for face in FACES]


def layout_warning(resolutions: list[Resolution]) -> str | None:
    """One Chinese sentence for the faces whose substitute changes the layout, or None."""
    bad = [r for r in resolutions if not r.keeps_layout]
    if not bad:
        return None
    packages = sorted({r.face.package for r in bad})
    return (
        "生成 PDF 时以下字体由宽度不同的字体代替，版式会与 Word 中不同（编号、日期可能折行）："
        + "；".join(r.describe() for r in bad)
        + "。请安装 "
        + " ".join(packages)
        + "（sudo apt-get install "
        + " ".join(packages)
        + "）后重新导出。"
    )


@functools.lru_cache(maxsize=1)
def _cached_warning() -> str | None:
    return layout_warning(resolve_faces())


def pdf_font_warning(env: dict | None = None) -> str | None:
    """The layout warning for a PDF export; asked of fontconfig once per process for the default setup."""
    if env is not None:
        return layout_warning(resolve_faces(env))
    return _cached_warning()
