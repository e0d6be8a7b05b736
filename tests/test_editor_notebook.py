"""The secretaries' notebook: tiny, code hidden, and runs top to bottom headless against the demo county."""

from __future__ import annotations

import json

import nbformat
from nbclient import NotebookClient

from helpers.paths import ROOT

NOTEBOOK = ROOT / "notebooks" / "prepare_packet.ipynb"


def test_notebook_is_one_hidden_cell_that_only_opens_the_editor():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(nb.cells) <= 2 and len(code) == 1
    assert code[0].metadata["jupyter"]["source_hidden"] is True
    assert code[0].source.strip().splitlines() == ["from workbench.ui.editor import PacketEditor", "PacketEditor().show()"]


def test_notebook_executes_headless_against_the_demo_store(demo_store, workbench_env):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=nb.metadata["kernelspec"]["name"],
        timeout=300,
        store_widget_state=True,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
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
    # Saved from JupyterLab after that run, the file is byte for byte what git tracks (the pre-save hook).
    from workbench.apps.notebook_saving import strip_locked_outputs

    model = {"type": "notebook", "content": json.loads(nbformat.writes(nb))}
    strip_locked_outputs(model, path="prepare_packet.ipynb", contents_manager=None)
    saved = nbformat.writes(nbformat.from_dict(model["content"]))
    assert saved + "\n" == NOTEBOOK.read_text(encoding="utf-8")


def test_notebook_cells_are_locked_and_marked_for_saving_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata["workbench"]["locked"] is True
    for cell in nb.cells:
        assert cell.metadata["deletable"] is False and cell.metadata["editable"] is False
    assert "python -m workbench edit" in nb.cells[0].source


def test_analysts_notebooks_are_saved_as_they_are():
    from workbench.apps.notebook_saving import strip_locked_outputs

    nb = nbformat.read(ROOT / "notebooks" / "analyses" / "plan_status_by_quarter.ipynb", as_version=4)
    nb.cells[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="结果")]
    model = {"type": "notebook", "content": json.loads(nbformat.writes(nb))}
    strip_locked_outputs(model)
    assert model["content"]["cells"][-1]["outputs"][0]["text"] in ("结果", ["结果"])
