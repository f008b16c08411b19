"""The widget: ``SimilarityHeatmap``, its options and its bridge to the browser."""

from .comparison import ComparisonHeatmap
from .heatmap import SimilarityHeatmap

__all__ = ["ComparisonHeatmap", "SimilarityHeatmap"]
