"""The meeting packet: `model` (plain data), `rules` (what goes in), `assemble` (from the store),
`check` (the pre-export check), `snapshot` (what an export froze, changes since the last meeting).

Writing the files is `workbench.publish`'s job: nothing here imports `workbench.documents`,
and nothing is imported here, so `workbench.documents` can use `workbench.drafts.blocks`
without pulling in the store.
"""
