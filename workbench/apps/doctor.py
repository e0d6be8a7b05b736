"""`doctor`: what this installation has and lacks, each lack with what to install.

Checks the store (location, schema version), the Python packages, and the
system programs that export and tests rely on: Chinese fonts, Chromium,
LibreOffice and poppler.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata as importlib_metadata

from workbench.base import config
from workbench.base.errors import WorkbenchError

PACKAGES = ["jupyterlab", "ipywidgets", "ipykernel", "voila", "pandas", "python-docx", "docxtpl", "openpyxl", "sqlalchemy"]


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _store_checks() -> list[Check]:
    from workbench.store import SCHEMA_VERSION, Store
    from workbench.store.database import sqlite_path

    url = config.db_url()
    path = sqlite_path(url)
    where = str(path) if path else url
    if path is not None and not path.exists():
        return [Check("数据库", False, f"{where}（尚未创建）", "运行 python -m workbench init 或 demo")]
    try:
        store = Store.open(url, readonly=True)
    except WorkbenchError as exc:
        return [Check("数据库", False, f"{where}：{exc}", "检查 WORKBENCH_DB_URL，或运行 python -m workbench init")]
    with store:
        from workbench.store.migrations import current_version

        with store.engine.connect() as conn:
            version = current_version(conn)
    return [Check("数据库", True, f"{where}，结构版本 {version}（程序支持 {SCHEMA_VERSION}）")]


def _jupyter_settings() -> Check:
    from workbench.apps.jupyter_settings import missing

    absent = missing()
    if absent:
        return Check(
            "JupyterLab 设置", False, "中文界面和编辑窗口保存设置未安装（JupyterLab 显示英文）", "运行 python -m workbench init"
        )
    return Check("JupyterLab 设置", True, "默认中文界面，编辑窗口笔记本保存时不写入运行结果")


def _cjk_fonts() -> Check:
    if not shutil.which("fc-list"):
        return Check("中文字体", False, "未找到 fc-list", "sudo apt-get install fontconfig fonts-noto-cjk")
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    families = sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})
    if not families:
        return Check("中文字体", False, "未安装中文字体，PDF 和看板中的中文会显示为方框", "sudo apt-get install fonts-noto-cjk")
    return Check("中文字体", True, "、".join(families[:4]) + ("等" if len(families) > 4 else ""))


def _document_fonts() -> list[Check]:
    """Each face the documents name must land on a font of the same widths when LibreOffice renders."""
    from workbench.documents.fontcheck import resolve_faces

    if not shutil.which("fc-match"):
        return [Check("公文字体", False, "未找到 fc-match，无法判断 PDF 用什么字体", "sudo apt-get install fontconfig")]
    result = []
    for r in resolve_faces():
        if r.keeps_layout:
            note = "" if r.exact else "（字宽相同、字形不同）"
            result.append(Check(f"字体 {r.face.name}", True, f"{r.family}{note}"))
        else:
            result.append(
                Check(
                    f"字体 {r.face.name}",
                    False,
                    f"由 {r.family or '未知字体'} 代替，宽度不同，PDF 中编号、日期会折行",
                    f"sudo apt-get install {r.face.package}",
                )
            )
    return result


def _program(name: str, candidates: list[str], fix: str, purpose: str) -> Check:
    for c in candidates:
        found = shutil.which(c)
        if found:
            return Check(name, True, f"{found}（{purpose}）")
    return Check(name, False, f"未安装（{purpose}不可用）", fix)


def checks() -> list[Check]:
    result = _store_checks()
    for pkg in PACKAGES:
        try:
            result.append(Check(f"Python 包 {pkg}", True, importlib_metadata.version(pkg)))
        except importlib_metadata.PackageNotFoundError:
            result.append(Check(f"Python 包 {pkg}", False, "未安装", ".venv/bin/pip install -e ."))
    result.append(_jupyter_settings())
    result.append(_cjk_fonts())
    result.extend(_document_fonts())
    result.append(_program("LibreOffice", ["soffice", "libreoffice"], "sudo apt-get install libreoffice-writer", "导出 PDF"))
    result.append(_program("Chromium", ["chromium", "chromium-browser"], "sudo apt-get install chromium", "浏览器测试"))
    result.append(_program("pdftotext", ["pdftotext"], "sudo apt-get install poppler-utils", "PDF 检查"))
    return result
