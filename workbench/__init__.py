"""常委会议材料工作台: one store of truth for a county CPPCC office's standing-committee meeting packets.

Analysts: `workbench.frames()` returns a DataFrame of every entity.
"""

from workbench.office.frames import frames

__version__ = "0.1.0"
__all__ = ["__version__", "frames"]
