"""Edit a document in LibreOffice itself, as a person would, for the readback tests: run by the system
Python (which has LibreOffice's `uno`), it starts a headless soffice, opens the file, replaces text with
LibreOffice's own search and replace, and saves the result as .docx ("MS Word 2007 XML").

    python3 lo_replace.py SOURCE TARGET PROFILE OLD NEW   → prints how many places were replaced
"""

import contextlib
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(source, target, profile, old, new):
    pipe = f"wbreadback{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            "--headless",
            "--invisible",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ]
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(240):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not answer")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (_prop("Hidden", True),))
        replace = doc.createReplaceDescriptor()
        replace.SearchString, replace.ReplaceString = old, new
        count = doc.replaceAll(replace)
        doc.storeToURL(uno.systemPathToFileUrl(target), (_prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        with contextlib.suppress(Exception):  # the bridge goes down with the office
            desktop.terminate()
        print(count)
    finally:
        try:
            office.wait(60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:6])
