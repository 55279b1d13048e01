"""The Whisper models on this computer: list them, add a folder (validated first, then benchmarked),
benchmark one on the built-in French sample, choose the default. Each model's last benchmark is shown
beside it. Reusable: the transcription tab shows it, the settings dialog can too."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.settings import Settings
from echo_fieldwork.transcription.benchmark import (
    BenchmarkCancelled,
    BenchmarkResult,
    benchmark_model,
    remember,
    remembered,
)
from echo_fieldwork.transcription.models import ModelInfo, add_model_folder, default_model_name, list_models
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.tasks import Task, run_task, to_main

log = logging.getLogger("echo_fieldwork.ui.transcription.model_picker")

FOLDER_COLUMN = 4


class ModelPickerWidget(QWidget):
    model_added = Signal(str)
    model_chosen = Signal(str)
    benchmark_finished = Signal(str)   # the model's name, once its result is shown (or the run failed/stopped)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.benchmark_task: Task | None = None
        self._cancel = threading.Event()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setObjectName("modelList")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([_("Model"), _("Size"), _("Languages"), _("On this computer"), _("Folder")])
        self.tree.header().setSectionResizeMode(FOLDER_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.tree)
        row = QHBoxLayout()
        self.current_label = QLabel()
        self.current_label.setObjectName("currentModel")
        row.addWidget(self.current_label, 1)
        self.use_button = QPushButton(_("Use this model"))
        self.use_button.clicked.connect(self.use_selected)
        row.addWidget(self.use_button)
        self.add_button = QPushButton(_("Add a model folder…"))
        self.add_button.clicked.connect(self.choose_folder)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        bench = QHBoxLayout()
        self.benchmark_label = QLabel(_("Benchmark a model to see its speed and accuracy on this computer "
                                        "(a built-in one-minute French sample)."))
        self.benchmark_label.setObjectName("benchmarkResult")
        self.benchmark_label.setWordWrap(True)
        bench.addWidget(self.benchmark_label, 1)
        self.benchmark_progress = QProgressBar()
        self.benchmark_progress.setRange(0, 100)
        self.benchmark_progress.setVisible(False)
        bench.addWidget(self.benchmark_progress)
        self.benchmark_button = QPushButton(_("Benchmark"))
        self.benchmark_button.setToolTip(_("Transcribe the built-in French sample with the selected model and "
                                           "show how long it took and how many words were wrong"))
        self.benchmark_button.clicked.connect(self.benchmark_selected)
        bench.addWidget(self.benchmark_button)
        self.stop_button = QPushButton(_("Stop"))
        self.stop_button.clicked.connect(self.stop_benchmark)
        self.stop_button.setVisible(False)
        bench.addWidget(self.stop_button)
        layout.addLayout(bench)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        current = self.current_model()
        for info in list_models(self.settings):
            self.tree.addTopLevelItem(self._item(info, info.name == current))
        for column in range(FOLDER_COLUMN):
            self.tree.resizeColumnToContents(column)
        self.current_label.setText(_("Model used for transcription: {name}").format(name=current))
        self._update_buttons()

    def _item(self, info: ModelInfo, current: bool) -> QTreeWidgetItem:
        name = info.name + (" ✓" if current else "")
        folder = _("built in") if info.source in ("default", "bundled") else str(info.path)
        result = remembered(self.settings, info)
        item = QTreeWidgetItem([name, _("{size:.0f} MB").format(size=info.size_bytes / 1e6), info.languages_label,
                                result.short() if result else _("not measured"), folder])
        if result:
            item.setToolTip(3, result.summary() + " " + _("App version {version}.").format(version=result.app_version))
        item.setData(0, Qt.ItemDataRole.UserRole, info.name)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def current_model(self) -> str:
        return self.settings.get("model") or default_model_name()

    def selected_model(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def benchmark_running(self) -> bool:
        return self.benchmark_task is not None and self.benchmark_task.is_running()

    def _update_buttons(self) -> None:
        # The model already in use cannot be chosen again: the button would do nothing visible.
        selected = self.selected_model()
        self.use_button.setEnabled(selected is not None and selected != self.current_model())
        running = self.benchmark_running()
        self.benchmark_button.setEnabled(selected is not None and not running)
        self.benchmark_progress.setVisible(running)
        self.stop_button.setVisible(running)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a Whisper model folder (CTranslate2 format)"))
        if folder:
            self.add_folder(Path(folder))

    def add_folder(self, folder: Path, *, benchmark: bool = True) -> ModelInfo | None:
        """Validate and remember a model folder, then benchmark it; a bad folder is refused with the reason
        shown."""
        try:
            info = add_model_folder(self.settings, folder)
        except UserError as error:
            show_error(self, error, _("Model folder refused"))
            return None
        self.refresh()
        self.model_added.emit(info.name)
        if benchmark:
            self.benchmark(info.name)
        return info

    # -- benchmark ---------------------------------------------------------------------------------------
    def benchmark_selected(self) -> None:
        name = self.selected_model()
        if name is not None:
            self.benchmark(name)

    def benchmark(self, name: str) -> None:
        """Transcribe the built-in sample with `name` in a worker thread (the spawned child, as a real
        transcription); the UI stays live, Stop ends the child, the result is remembered and shown."""
        if self.benchmark_running():
            return
        self._cancel = cancel = threading.Event()
        self.destroyed.connect(lambda *_args: cancel.set())  # a closed dialog stops its benchmark's child
        settings = self.settings

        def progress(fraction: float) -> None:
            to_main(self._show_progress, name, fraction, context=self)

        def work() -> BenchmarkResult:
            return benchmark_model(name, settings, cancel=cancel, on_progress=progress, keep=False)

        self.benchmark_label.setText(_("Benchmarking {name} on the French sample…").format(name=name))
        self.benchmark_progress.setValue(0)
        self.benchmark_task = run_task(work, self._benchmark_done, lambda error: self._benchmark_failed(name, error),
                                       context=self, name="echo-model-benchmark")
        self._update_buttons()

    def stop_benchmark(self) -> None:
        self._cancel.set()

    def _show_progress(self, name: str, fraction: float) -> None:
        if self.benchmark_running():
            self.benchmark_progress.setValue(round(100 * fraction))

    def _benchmark_done(self, result: BenchmarkResult) -> None:
        remember(self.settings, result)
        self.benchmark_task = None
        self.refresh()
        self.benchmark_label.setText(_("{name}: {summary}").format(name=result.model, summary=result.summary()))
        self.benchmark_finished.emit(result.model)

    def _benchmark_failed(self, name: str, error: BaseException) -> None:
        self.benchmark_task = None
        self._update_buttons()
        if isinstance(error, BenchmarkCancelled):
            self.benchmark_label.setText(_("Benchmark of {name} stopped.").format(name=name))
        else:
            self.benchmark_label.setText(_("Benchmark of {name} failed.").format(name=name))
            if not isinstance(error, UserError):
                log.error("model benchmark failed: %s", type(error).__name__)
                error = UserError(_("The benchmark failed unexpectedly; the log has the details."))
            show_error(self, error, _("Benchmark failed"))
        self.benchmark_finished.emit(name)

    def use_selected(self) -> None:
        name = self.selected_model()
        if name is not None:
            self.settings.set("model", name)
            self.refresh()
            self.model_chosen.emit(name)
