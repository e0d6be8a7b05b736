"""The building blocks the editor's tabs are made of: the record grid, fields, the conflict panel, the
numbered list of a meeting (agenda, personnel) and where exports go.
"""
