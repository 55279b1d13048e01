"""Help → User guide: the guide shipped with the app (docs/user-guide*.md), shown offline with its pictures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from echo_fieldwork.i18n import _, current_language
from echo_fieldwork.resources import app_root

IMAGE_WIDTH = 640  # screenshots are wider than the window; Qt's rich text does not scale them by itself


def guide_path(language: str) -> Path:
    docs = app_root() / "docs"
    return docs / ("user-guide.md" if language == "fr" else "user-guide.en.md")


def fit_images(document: QTextDocument, width: int = IMAGE_WIDTH) -> int:
    """Give every image of the document a width that fits the window; returns how many there are."""
    images = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().isImageFormat():
                images.append((fragment.position(), fragment.length(), fragment.charFormat().toImageFormat()))
            fragments += 1
        block = block.next()
    for position, length, image in images:
        image.setWidth(width)
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(image)
    return len(images)


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuideDialog")
        self.setWindowTitle(_("User guide"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("userGuideBrowser")
        # Links to web pages are not followed inside the app (it never goes online).
        self.browser.setOpenExternalLinks(False)
        layout.addWidget(self.browser, 1)
        path = guide_path(current_language())
        if path.is_file():
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
            fit_images(self.browser.document())
        else:
            self.browser.setPlainText(_("The user guide is missing from this installation."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, 700)
