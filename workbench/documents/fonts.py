"""Fonts as 公文 needs them: Chinese names in the East-Asian slot, no theme fonts.

Word picks the font for Chinese characters from `w:rFonts/@w:eastAsia`; a name
only in `w:ascii` is ignored for 汉字. A theme reference (`w:eastAsiaTheme`)
wins over an explicit name, and python-docx's default theme maps it to a
Japanese face, so every theme attribute is deleted rather than overridden.
"""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体"
SONGTI = "宋体"
# Latin letters and digits in body text; the common choice in county offices.
LATIN = "Times New Roman"

THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def rfonts_xml(east_asia: str, latin: str | None = LATIN) -> str:
    """A `<w:rFonts>` element as XML text (prefix `w:`), East-Asian slot filled, no theme refs."""
    latin = latin or east_asia
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'


def strip_theme_fonts(root: etree._Element) -> int:
    """Delete every theme-font attribute under `root`; return how many were removed."""
    removed = 0
    for rfonts in root.iter(W + "rFonts"):
        for name in THEME_ATTRS:
            key = W + name
            if key in rfonts.attrib:
                del rfonts.attrib[key]
                removed += 1
    return removed


def theme_font_refs(root: etree._Element) -> list[str]:
    """The theme attributes still present under `root` (for the template check)."""
    found = []
    for rfonts in root.iter(W + "rFonts"):
        for name in THEME_ATTRS:
            if W + name in rfonts.attrib:
                found.append(name)
    return found
