"""The ground floor every other room stands on: errors, settings and label sets, typed values and
Chinese numerals, safe file names, atomic writes, export folders and the files that ship in the package.

Imports nothing of the workbench outside `base/`.
"""
