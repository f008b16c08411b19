"""The widget: ``SimilarityHeatmap``, its options and its bridge to the browser."""

from .heatmap import SimilarityHeatmap

__all__ = ["SimilarityHeatmap"]
