"""to_html: one file that works in a browser with the network blocked."""

from pathlib import Path

from .heatmap_page import HeatmapPage


def test_standalone_html_works_offline(browser, tmp_path):
    from simheat import SimilarityHeatmap

    texts = [
        "The cat sat on the mat.",
        "A cat was sitting on the mat.",
        "Stocks fell sharply.",
        "<i>markup</i>",
    ]
    path = SimilarityHeatmap(texts, title="Offline").to_html(tmp_path / "heatmap.html")
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    requests: list[str] = []

    def block(route):
        requests.append(route.request.url)
        route.abort()

    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else block(route),
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(Path(path).as_uri())
    heatmap = HeatmapPage(page, page.locator(".simheat"))
    page.wait_for_function("() => document.querySelectorAll('.simheat .xtick').length > 0")
    assert heatmap.pixels()["colours"] >= 3
    assert heatmap.layout("gd._fullLayout.title.text") == "Offline"
    heatmap.click_cell(0, 1)
    heatmap.panel.get_by_text(texts[1]).wait_for()
    assert texts[0] in heatmap.panel.inner_text()
    before = heatmap.pixels()
    heatmap.root.get_by_label("Colorscale", exact=True).select_option("Viridis")
    assert heatmap.wait_for_pixels_change(before)["checksum"] != before["checksum"]
    assert requests == [], f"the page tried to fetch {requests}"
    assert errors == []
    page.close()
