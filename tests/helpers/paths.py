"""Where the project, the shared corpus and the artifacts a person looks at live, relative to this checkout."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
ARTIFACTS = ROOT / "artifacts"
