"""The office's world as the store holds it: the committee and its sender details, terms and meetings,
members and personnel matters, the preparation schedule and the rating, every figure reports quote,
DataFrames for analysts, and the demo county.

Reads and writes through `workbench.store`; knows nothing of Word or widgets.
"""
