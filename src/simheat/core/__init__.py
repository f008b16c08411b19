"""The numeric core: similarities of embeddings with NumPy, no widget involved."""
