"""A delete button that acts on its second click: the first says what would go and asks to click again.

One stray click must never take a record: the first click turns the button into “确认删除”
and shows, in the row's notice, what will be deleted and that 撤销上一次修改 brings it back;
only a second click on the same button deletes. Any other change of the row puts the
button back (`disarm`).
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.ui.editor.parts.fields import Notice, button

CONFIRM = "确认删除"


class ConfirmButton:
    def __init__(
        self,
        warning: Callable[[], str],
        act: Callable[[], object],
        notice: Notice,
        *,
        text: str = "删除",
        css: str | None = None,
        width: str = "76px",
    ):
        self.text = text
        self.warning = warning  # what the first click says, worked out when clicked (the record may have changed)
        self.act = act
        self.notice = notice
        self.armed = False
        self.widget = button(text, style="danger", css=css, width=width)
        self.widget.on_click(lambda _b: self.click())

    def click(self) -> None:
        if not self.armed:
            self.armed = True
            self.widget.description = CONFIRM
            self.notice.info(f"{self.warning()}确需删除，请再点击“{CONFIRM}”。")
            return
        self.disarm()
        self.act()

    def disarm(self) -> None:
        self.armed = False
        self.widget.description = self.text
