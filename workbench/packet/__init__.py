"""The meeting packet: `model` (plain data), `rules` (what goes in), `assemble` (from the store),
`snapshot` (what an export froze, changes since the last meeting), `export` (assemble → Word → snapshot).

Nothing is imported here, so `workbench.documents` can use `workbench.packet.model`
without pulling in the store.
"""
