"""What a document says, never how Word draws it: the block model (`blocks.py`) and one module per
document kind, each declared once in `kinds.py`.

Nothing here imports `workbench.documents`; `workbench.publish` hands drafts to it.
"""
