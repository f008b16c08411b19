"""simheat: an interactive similarity heatmap of text embeddings for Jupyter.

Click a cell, read the two texts behind it::

    from simheat import SimilarityHeatmap
    SimilarityHeatmap(texts, model)
"""

from .colorscales import colorscale_names
from .core.similarity import cosine_similarity
from .models import EmbeddingError, LexicalEmbedder
from .widget import ComparisonHeatmap, SimilarityHeatmap
from .widget.options import OptionError

__all__ = [
    "ComparisonHeatmap",
    "EmbeddingError",
    "LexicalEmbedder",
    "OptionError",
    "SimilarityHeatmap",
    "colorscale_names",
    "cosine_similarity",
]
__version__ = "0.1.0"
