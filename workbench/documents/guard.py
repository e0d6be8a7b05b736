"""A LibreOffice conversion that cannot outlive the export that started it.

`python guard.py PARENT_PID -- soffice …` is started by `pdf.convert_to_pdf` as the
leader of a new process group; it runs LibreOffice in that group (LibreOffice's own launcher forks
`soffice.bin`, which stays in the group) and watches the export: when the exporting process is gone
(killed with SIGKILL, crashed) it kills the whole group, itself included. A timeout, an error or Ctrl+C in
the export kills the group from the other side (`os.killpg`). Without this, a killed export left
`soffice.bin` running at full CPU with no parent.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

POLL_SECONDS = 0.5


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: list[str]) -> int:
    parent = int(argv[0])
    command = argv[argv.index("--") + 1 :]
    child = subprocess.Popen(command)
    while True:
        try:
            return child.wait(timeout=POLL_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        if os.getppid() != parent or not _alive(parent):
            os.killpg(os.getpgid(0), signal.SIGKILL)  # LibreOffice and this guard with it
            time.sleep(1)  # not reached: SIGKILL ends us too


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
