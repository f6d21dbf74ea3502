"""Layout pieces that keep a tab usable on a small screen or a projector (DESIGN "Meeting
mode": usable at 1280×720, no tab makes the window wider than the screen).

A tab's page lays its contents out in a scroll area, so a page whose controls need more
room than the screen has gets a scroll bar instead of pushing the window past the screen's
edge; combo boxes listing bids are sized to a few words rather than to the longest title.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

COMBO_CHARACTERS = 18


def scrolling_page(page: QWidget) -> QVBoxLayout:
    """Fill ``page`` with a frameless scroll area and return the layout of its contents.

    The contents widen and heighten with the page and never shrink below their own
    minimum size; below it, the page scrolls.
    """
    area = QScrollArea(page)
    area.setObjectName(f"{page.objectName()}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    contents = QWidget()
    contents.setObjectName(f"{page.objectName()}Contents")
    area.setWidget(contents)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area)
    return QVBoxLayout(contents)


def compact_combo(combo: QComboBox, characters: int = COMBO_CHARACTERS) -> QComboBox:
    """Size ``combo`` to ``characters`` rather than to its longest item (a bid title can
    run to sixty); the open list still shows every item in full."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


class ReflowSplitter(QSplitter):
    """Its panes side by side while their minimum widths fit, one above the other when
    they do not: large type on a projector, or a narrow laptop, stacks them instead of
    widening the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)

    def _panes(self) -> list[QWidget]:
        return [
            pane
            for i in range(self.count())
            if (pane := self.widget(i)) is not None and not pane.isHidden()
        ]

    def side_by_side_width(self) -> int:
        """The least width that shows every pane side by side."""
        panes = self._panes()
        handles = self.handleWidth() * max(len(panes) - 1, 0)
        return sum(p.minimumSizeHint().width() for p in panes) + handles

    def minimumSizeHint(self) -> QSize:
        panes = self._panes()
        widths = [p.minimumSizeHint().width() for p in panes] or [0]
        heights = [p.minimumSizeHint().height() for p in panes] or [0]
        if self.orientation() == Qt.Orientation.Horizontal:
            return QSize(max(widths), max(heights))
        return QSize(max(widths), sum(heights) + self.handleWidth() * (len(heights) - 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow(event.size().width())

    def event(self, event: QEvent) -> bool:
        """A pane's least width can grow without the splitter changing size (a table
        fitted to the rows it has just been given): look again then too."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._reflow(self.width())
        return handled

    def _reflow(self, width: int) -> None:
        fits = width >= self.side_by_side_width()
        wanted = Qt.Orientation.Horizontal if fits else Qt.Orientation.Vertical
        if wanted != self.orientation():
            self.setOrientation(wanted)
            self.updateGeometry()


class ReflowRow(QWidget):
    """Groups of controls (a label and its field, say) as many to a line as fit the width,
    lined up in columns: one line on a wide screen, two or three in large type."""

    def __init__(self, groups: Sequence[Sequence[QWidget]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups = [_group(widgets) for widgets in groups]
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._columns = 0
        self._place(len(self._groups))

    @property
    def columns(self) -> int:
        return self._columns

    def _width_with(self, columns: int) -> int:
        widths = [0] * columns
        for i, group in enumerate(self._groups):
            widths[i % columns] = max(widths[i % columns], group.minimumSizeHint().width())
        return sum(widths) + self._grid.horizontalSpacing() * (columns - 1)

    def _place(self, columns: int) -> None:
        for group in self._groups:
            self._grid.removeWidget(group)
        for i, group in enumerate(self._groups):
            self._grid.addWidget(group, i // columns, i % columns)
        for column in range(len(self._groups) + 1):
            self._grid.setColumnStretch(column, 1 if column == columns else 0)
        self._columns = columns
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        width = max((g.minimumSizeHint().width() for g in self._groups), default=0)
        return QSize(width, self._grid.minimumSize().height())

    def sizeHint(self) -> QSize:
        return QSize(self._width_with(len(self._groups)), self._grid.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = event.size().width()
        fitting = next(
            (c for c in range(len(self._groups), 1, -1) if self._width_with(c) <= width), 1
        )
        if fitting != self._columns:
            self._place(fitting)


def _group(widgets: Sequence[QWidget]) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return box


def out_of_sight(page: QWidget) -> bool:
    """True when ``page`` is a hidden tab of a window on screen: work for it can wait
    until it is shown. A page on screen, or in a window not yet shown (a test, a window
    being built), is brought up to date at once."""
    return not page.isVisible() and page.window().isVisible()


class TableFit(QObject):
    """Keeps ``table``'s columns fitted to their contents and its height to at least
    ``rows`` rows, in whatever font is in force (meeting mode's is larger).

    Columns are fitted when the rows are replaced or added and the table is on screen, or
    else when it is next shown — never while it is hidden, and never per changed cell
    (Qt's ResizeToContents mode would measure every row of every hidden table on each
    slider tick).
    """

    PRECISION = 200  # rows measured when fitting a column, enough for its widest value

    def __init__(
        self,
        table: QTableView,
        rows: int = 5,
        widest: int | None = None,
        *,
        whole_width: bool = False,
    ) -> None:
        """``widest``: no column wider than this many characters (long names);
        ``whole_width``: the table is never narrower than its fitted columns, so panes
        beside it stack (:class:`ReflowSplitter`) rather than squeeze it."""
        super().__init__(table)
        self._table = table
        self._rows = rows
        self._widest = widest
        self._whole_width = whole_width
        self._compact: tuple[int, Mapping[int, str | int]] | None = None
        self._desk_wraps = table.wordWrap()
        self._stale = True
        self._contents_width: tuple[str, int] | None = None
        table.horizontalHeader().setResizeContentsPrecision(self.PRECISION)
        model = table.model()
        model.modelReset.connect(self.refit)
        model.rowsInserted.connect(self.refit)
        table.installEventFilter(self)

    @staticmethod
    def of(table: QTableView) -> TableFit:
        fit = table.findChild(TableFit)
        if fit is None:
            raise TypeError(f"{table.objectName()} is not fitted by a TableFit")
        return fit

    def set_compact(
        self, stretch: int | None, widths: Mapping[int, str | int] | None = None
    ) -> None:
        """Large type (meeting mode): rows of two lines with the text wrapped, column
        ``stretch`` taking whatever width is left and every other shown column as wide as
        its heading or its entry in ``widths`` (a sample of its widest line, or a number of
        characters), whichever is wider; ``None`` fits the columns to their contents again.
        Set before the font changes, so the widths are measured in the new one."""
        self._compact = None if stretch is None else (stretch, widths or {})
        table = self._table
        table.setWordWrap(stretch is not None or self._desk_wraps)
        header = table.horizontalHeader()
        for column in range(header.count()):
            mode = QHeaderView.ResizeMode.Interactive
            if column == stretch:
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
        if stretch is not None:  # Qt miscounts hidden sections when the stretched one is
            header.setStretchLastSection(False)
        else:
            header.setStretchLastSection(True)
            table.verticalHeader().resetDefaultSectionSize()
        self.refit()

    def contents_width(self) -> int:
        """The width every column would take fitted to its contents and headed as at the
        desk, in the font in force: what the table needs to show them all without scrolling
        sideways. Measured once per change of rows or font, and kept while the compact
        columns are shown, whose headings may be shorter."""
        table = self._table
        font = table.font().toString()
        if self._contents_width is None or self._contents_width[0] != font:
            header = table.horizontalHeader()
            cap = table.fontMetrics().averageCharWidth() * (self._widest or 10_000)
            width = sum(
                min(cap, max(table.sizeHintForColumn(c), header.sectionSizeHint(c)))
                for c in range(header.count())
            )
            self._contents_width = (font, width)
        return self._contents_width[1]

    def refit(self, *_args: object) -> None:
        if self._compact is None:
            self._contents_width = None
        if self._table.isVisible():
            self._fit()
        else:
            self._stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.refit()
        elif kind == QEvent.Type.Show and self._stale:
            self._fit()
        return False

    def _fit(self) -> None:
        self._stale = False
        table = self._table
        if self._compact is not None:
            self._fit_compact(*self._compact)
            return
        table.resizeColumnsToContents()
        if self._widest is not None:
            cap = table.fontMetrics().averageCharWidth() * self._widest
            for column in range(table.model().columnCount()):
                table.setColumnWidth(column, min(table.columnWidth(column), cap))
        header = table.horizontalHeader()
        if self._whole_width:
            last = header.count() - 1  # the stretched last column needs only its heading
            heading = str(table.model().headerData(last, Qt.Orientation.Horizontal) or "")
            columns = sum(header.sectionSize(c) for c in range(last))
            last_width = header.fontMetrics().horizontalAdvance(heading) + 24
            columns += max(last_width, header.defaultSectionSize())  # Qt's floor for it
            scroll = table.verticalScrollBar().sizeHint().width()
            table.setMinimumWidth(columns + scroll + 2 * table.frameWidth())
        rows = table.verticalHeader().defaultSectionSize() * self._rows
        table.setMinimumHeight(header.sizeHint().height() + rows + 2 * table.frameWidth())

    def _fit_compact(self, stretch: int, widths: Mapping[int, str | int]) -> None:
        table = self._table
        table.ensurePolished()
        metrics = table.fontMetrics()
        table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * 2 + 10)
        heading = heading_metrics(table)
        model = table.model()
        for column in range(model.columnCount()):
            if column == stretch or table.isColumnHidden(column):
                continue  # resizing a hidden section makes Qt give it room again
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            sample = widths.get(column, "")
            cells = (
                metrics.averageCharWidth() * sample
                if isinstance(sample, int)
                else metrics.horizontalAdvance(sample)
            )
            table.setColumnWidth(column, max(cells + 12, heading.horizontalAdvance(title) + 16))
        rows = table.verticalHeader().defaultSectionSize() * self._rows
        table.setMinimumHeight(table.horizontalHeader().sizeHint().height() + rows)


ROOM_CHANGES = (
    *(QEvent.Type.Show, QEvent.Type.Resize),
    *(QEvent.Type.FontChange, QEvent.Type.StyleChange),
)
"""Events after which a table may have room for more columns, or for fewer."""


def column_room(table: QTableView) -> int:
    """The width a table's columns have without scrolling sideways, with room kept for the
    vertical scroll bar so that a longer list does not tip it over."""
    scroll = table.verticalScrollBar().sizeHint().width()
    return table.width() - 2 * table.frameWidth() - scroll


def heading_metrics(table: QTableView) -> QFontMetrics:
    """Metrics of the table's headings, which the style sheets set in bold."""
    bold = QFont(table.horizontalHeader().font())
    bold.setBold(True)
    return QFontMetrics(bold)


class FoldsWhenNarrow(QObject):
    """Calls ``fold(True)`` when the columns of ``table`` (fitted by a :class:`TableFit`)
    need more than its width, and ``fold(False)`` when they fit again: the panel then
    shows fewer columns, one of them stretched and wrapping, rather than scroll sideways.

    What the whole columns need is measured while they are shown and kept in average
    characters, so it still holds in meeting mode's larger type while they are folded."""

    def __init__(self, table: QTableView, fold: Callable[[bool], None]) -> None:
        super().__init__(table)
        self._table = table
        self._fold = fold
        self.folded = False
        self._needs = 0.0
        table.installEventFilter(self)
        table.model().modelReset.connect(self.check)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ROOM_CHANGES:
            self.check()
        return False

    def check(self) -> None:
        """Off screen the table's width means nothing yet: it is looked at when shown."""
        table = self._table
        if not table.isVisible():
            return
        em = max(table.fontMetrics().averageCharWidth(), 1)
        if not self.folded:
            self._needs = TableFit.of(table).contents_width() / em
        folded = self._needs * em > column_room(table)
        if folded != self.folded:
            self.folded = folded
            self._fold(folded)


class KeepsItsLines(QObject):
    """Keeps a word-wrapped ``label`` at least as tall as its text at its width. A splitter
    sizes its panes by their minimum heights alone, which count a wrapped label as one
    line, so a second line would push the widgets under it over the next one."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self._label = label
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            label = self._label
            label.setMinimumHeight(max(label.heightForWidth(label.width()), 0))
        return False


class FillsTheView(QObject):
    """Keeps ``pane`` at least as tall as its page's view less what sits above it, so
    the first thing a tab shows (the funding tables, say) takes the screen's free height
    rather than its own few rows, and what follows it is a scroll away."""

    def __init__(self, pane: QWidget, above: Sequence[QWidget]) -> None:
        super().__init__(pane)
        self._pane = pane
        self._above = above
        area = next((w for w in _ancestors(pane) if isinstance(w, QScrollArea)), None)
        contents = area.widget() if area is not None else None
        layout = contents.layout() if contents is not None else None
        if area is None or layout is None:
            raise TypeError("the pane is not on a scrolling page")
        self._view = area.viewport()
        self._layout: QLayout = layout
        self._view.installEventFilter(self)
        pane.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit again when the view is resized, and when the pane's own least height
        changes (its panes stacked, say): a least height set earlier would hide it."""
        kind = event.type()
        if (watched is self._view and kind == QEvent.Type.Resize) or (
            watched is self._pane and kind == QEvent.Type.LayoutRequest
        ):
            self.fit()
        return False

    def fit(self) -> None:
        shown = [w for w in self._above if not w.isHidden()]
        used = sum(w.sizeHint().height() for w in shown)
        margins = self._layout.contentsMargins()
        used += margins.top() + margins.bottom() + self._layout.spacing() * len(shown)
        least = self._pane.minimumSizeHint().height()  # its layout's, never below it
        self._pane.setMinimumHeight(max(least, self._view.height() - used))


def _ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def insert_in_column(box: QWidget, index: int, widget: QWidget) -> None:
    """Put a widget into a box already laid out as a column, e.g. a progress row above the
    results it will replace."""
    column = box.layout()
    if not isinstance(column, QBoxLayout):
        raise TypeError(f"{box.objectName() or box!r} is not laid out in a column")
    column.insertWidget(index, widget)
