"""The secretaries' notebook: tiny, code hidden, and runs top to bottom headless against the demo county."""
from __future__ import annotations

import json

import nbformat
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "prepare_packet.ipynb"


def test_notebook_is_one_hidden_cell_that_only_opens_the_editor():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(nb.cells) <= 2 and len(code) == 1
    assert code[0].metadata["jupyter"]["source_hidden"] is True
    assert code[0].source.strip().splitlines() == ["from workbench.ui.editor import PacketEditor",
                                                   "PacketEditor().show()"]


def test_notebook_executes_headless_against_the_demo_store(demo_store, workbench_env):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=300, store_widget_state=True,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute(env=workbench_env)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"], outputs
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    state = json.dumps(nb.metadata["widgets"], ensure_ascii=False)
    # the widgets the secretary sees: the meeting being prepared, the tabs, a plan item of the demo county
    assert "政协青岚县第十一届委员会常务委员会第十八次会议" in state
    for title in ("会议", "材料内容", "议程", "工作要点", "民主监督", "情况通报", "出勤", "导入", "导出"):
        assert f'"{title}"' in state
    assert "深入学习贯彻党的创新理论" in state
    assert "无法打开工作台数据" not in state
