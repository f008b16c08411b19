"""Static outputs: the ValidMind-style figure, the raw data and the standalone HTML page."""

import base64
import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from simheat import SimilarityHeatmap


@pytest.fixture
def heatmap(texts):
    return SimilarityHeatmap(
        texts,
        labels=list("abcde"),
        title="My model",
        xaxis_title="Text",
        yaxis_title="Text",
        color_label="cos",
        colorscale="Viridis_r",
    )


def test_to_figure_matches_validmind_content(heatmap):
    fig = heatmap.to_figure()
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text == "My model"
    assert fig.layout.xaxis.title.text == "Text" and fig.layout.yaxis.title.text == "Text"
    assert fig.layout.coloraxis.colorbar.title.text == "cos"
    np.testing.assert_array_equal(np.asarray(fig.data[0].z), heatmap.matrix)
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == pytest.approx(
        (heatmap.zmin, heatmap.zmax)
    )
    scale = fig.layout.coloraxis.colorscale
    assert scale[0][1].lower() == "#fde725"  # Viridis reversed starts at its yellow end
    assert fig.layout.yaxis.autorange == "reversed"  # row 0 at the top


def test_to_figure_follows_the_widget_state(heatmap):
    heatmap.colorscale = "Blues"
    heatmap.zmax = 0.5
    fig = heatmap.to_figure(text_auto=".2f")
    assert fig.layout.coloraxis.cmax == 0.5
    assert fig.data[0].texttemplate == "%{z:.2f}"


def test_raw_data(heatmap, texts):
    raw = heatmap.raw_data()
    assert raw["similarity_matrix"] is heatmap.matrix
    assert raw["labels"] == list("abcde")
    assert raw["texts"] == texts


def test_to_html_inlines_everything_and_fetches_nothing(heatmap, tmp_path):
    path = heatmap.to_html(tmp_path / "heatmap.html")
    page = path.read_text()
    # The markup around the inline scripts links nothing: no <script src>, <link href>, <img>.
    markup = re.sub(r"<script[^>]*>.*?</script>", "<script></script>", page, flags=re.S)
    assert not re.search(r"\b(src|href)=", markup)
    assert markup.count("<script></script>") == 2
    state_json = re.search(
        r'<script type="application/x-simheat\+json">(.*?)</script>', page, re.S
    ).group(1)
    state = json.loads(state_json.replace("<\\/", "</"))
    matrix = np.frombuffer(base64.b64decode(state["_overview"]["base64"]), dtype=np.float32)
    np.testing.assert_array_equal(matrix.reshape(5, 5), heatmap.matrix)
    assert state["colorscale"] == "Viridis_r" and state["title"] == "My model"


def test_to_html_escapes_texts_that_look_like_markup(tmp_path):
    texts = ["</script><script>alert(1)</script>", "<img src=x onerror=alert(2)>", "plain"]
    page = SimilarityHeatmap(texts).to_html(tmp_path / "x.html").read_text()
    assert "</script><script>alert(1)" not in page
    assert page.count("</script>") == 2  # the state block and the widget code, nothing more
