"""What a person sees of one heatmap widget in the page, and how they use it."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Locator, Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# axe-core's violations on an element, in a form an assertion message can show.
AXE_JS = """async el => {
  const {violations} = await axe.run(el);
  return violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}));
}"""

# Pixel sample of the cells canvas: a hash of each colour, so two states can be compared.
PIXELS_JS = """canvas => {
  const ctx = canvas.getContext('2d');
  const {data} = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const colours = new Set();
  let checksum = 0;
  for (let i = 0; i < data.length; i += 4 * 97) {
    const c = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    colours.add(c);
    checksum = (checksum * 31 + c + data[i + 3]) % 2147483647;
  }
  return {width: canvas.width, height: canvas.height, colours: colours.size, checksum};
}"""

CELL_CENTRE_JS = """(gd, [row, col]) => {
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
  return {x: box.left + xa._offset + xa.l2p(col), y: box.top + ya._offset + ya.l2p(row)};
}"""


class HeatmapPage:
    """One ``.simheat`` widget on the page."""

    def __init__(self, page: Page, root: Locator) -> None:
        self.page = page
        self.root = root
        self.graph = root.locator(".simheat-graph")
        self.canvas = root.locator("canvas.simheat-cells")
        self.panel = root.get_by_role("region", name="Selected pair")

    def axe_violations(self) -> list[dict]:
        """What axe-core finds wrong with this widget's accessibility (npm axe-core, injected)."""
        if not self.page.evaluate("() => typeof axe !== 'undefined'"):
            self.page.add_script_tag(path=str(AXE))
        return self.root.evaluate(AXE_JS)

    def screenshot(self, path) -> None:
        """A picture of the whole widget: the page is made tall enough for all of it first."""
        size = self.page.viewport_size
        box = self.root.bounding_box()
        self.page.set_viewport_size({"width": size["width"], "height": int(box["height"]) + 400})
        try:
            self.page.wait_for_timeout(300)  # JupyterLab lays the notebook out again
            # Centred in the tall window, clear of JupyterLab's sticky toolbars (an element
            # screenshot scrolls it to the top, under them).
            self.root.evaluate("el => el.scrollIntoView({block: 'center'})")
            self.page.wait_for_timeout(300)
            self.page.screenshot(path=path, clip=self.root.bounding_box())
        finally:
            self.page.set_viewport_size(size)

    def pixels(self) -> dict:
        return self.canvas.evaluate(PIXELS_JS)

    def wait_for_pixels_change(self, before: dict, timeout: float = 5) -> dict:
        deadline = time.monotonic() + timeout
        now = self.pixels()
        while now["checksum"] == before["checksum"] and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
            now = self.pixels()
        return now

    def layout(self, expression: str):
        """Evaluate ``expression`` on the Plotly graph div (``gd``)."""
        return self.graph.evaluate(f"gd => {expression}")

    def cell_centre(self, row: int, col: int) -> tuple[float, float]:
        """Where a person points to reach cell (row, col): scrolled into view first."""
        self.graph.scroll_into_view_if_needed()
        point = self.graph.evaluate(CELL_CENTRE_JS, [row, col])
        return point["x"], point["y"]

    def click_cell(self, row: int, col: int) -> None:
        x, y = self.cell_centre(row, col)
        self.page.mouse.click(x, y)

    def hover_cell(self, row: int, col: int) -> str:
        x, y = self.cell_centre(row, col)
        self.page.mouse.move(x, y)
        tooltip = self.root.locator(".simheat-tooltip")
        tooltip.wait_for(state="visible")
        return tooltip.inner_text()

    def drag(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        """A zoom box, as a person drags it."""
        self.page.mouse.move(*start)
        self.page.mouse.down()
        self.page.mouse.move(*end, steps=8)
        self.page.mouse.up()

    def visible_rows(self) -> float:
        """How many rows the plot shows, from the y axis range."""
        return self.layout(
            "Math.abs(gd._fullLayout.yaxis.range[0] - gd._fullLayout.yaxis.range[1])"
        )

    def zoom_in(self, at: tuple[float, float], size: float = 0.08) -> None:
        """Drag a zoom box from ``at`` (fractions of the plot area), ``size`` of it a side."""
        self.graph.scroll_into_view_if_needed()  # a person scrolls to the plot first
        box = self.graph.locator(".nsewdrag").bounding_box()
        x, y = box["x"] + box["width"] * at[0], box["y"] + box["height"] * at[1]
        before = self.visible_rows()
        self.drag((x, y), (x + box["width"] * size, y + box["height"] * size))
        self.page.wait_for_function(
            f"gd => Math.abs(gd._fullLayout.yaxis.range[0] - gd._fullLayout.yaxis.range[1]) < {before / 4}",
            arg=self.graph.element_handle(),
        )

    def centre_cell(self) -> tuple[int, int]:
        """The (row, col) at the centre of what the plot shows."""
        y_range = self.layout("gd._fullLayout.yaxis.range")
        x_range = self.layout("gd._fullLayout.xaxis.range")
        return round(sum(y_range) / 2), round(sum(x_range) / 2)

    def wait_for_tooltip(self, row: int, col: int, text: str, timeout: float = 10) -> str:
        """Hover cell (row, col) until its tooltip holds ``text`` (a tile from Python arrived)."""
        deadline = time.monotonic() + timeout
        tooltip = self.hover_cell(row, col)
        while text not in tooltip and time.monotonic() < deadline:
            self.page.wait_for_timeout(100)
            tooltip = self.hover_cell(row, col)
        return tooltip
