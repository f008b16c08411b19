"""Each kind of model, against the real library where it runs offline here, else a faithful fake."""

from __future__ import annotations

import json
import threading
import typing
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

from simheat import SimilarityHeatmap
from simheat.models import find_adapter

TEXTS = ["alpha beta", "beta gamma", "gamma delta", "delta alpha", "epsilon"]


def vector_for(text: str, dim: int = 8) -> list[float]:
    """A deterministic vector per text, so every adapter can be checked against the same numbers."""
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(text))
    return np.random.default_rng(seed).normal(size=dim).round(6).tolist()


EXPECTED = np.array([vector_for(t) for t in TEXTS])


class EmbeddingsServer(BaseHTTPRequestHandler):
    """The OpenAI embeddings endpoint, answering in a shuffled order as the API allows."""

    requests: typing.ClassVar[list[dict]] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        EmbeddingsServer.requests.append(body)
        inputs = body["input"]
        data = [
            {"object": "embedding", "index": i, "embedding": vector_for(t)}
            for i, t in enumerate(inputs)
        ]
        payload = json.dumps(
            {
                "object": "list",
                "data": data[::-1],
                "model": body["model"],
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def openai_client():
    openai = pytest.importorskip("openai")
    EmbeddingsServer.requests = []
    server = HTTPServer(("127.0.0.1", 0), EmbeddingsServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield openai.OpenAI(
            api_key="test", base_url=f"http://127.0.0.1:{server.server_port}/v1", max_retries=0
        )
    finally:
        server.shutdown()
        server.server_close()


def test_openai_client_in_order_and_batched(openai_client):
    w = SimilarityHeatmap(TEXTS, openai_client, model_name="text-embedding-3-small", batch_size=2)
    np.testing.assert_allclose(w.embeddings, EXPECTED, rtol=1e-6)
    assert [len(r["input"]) for r in EmbeddingsServer.requests] == [2, 2, 1]
    assert {r["model"] for r in EmbeddingsServer.requests} == {"text-embedding-3-small"}


def test_openai_batches_never_exceed_2048(openai_client):
    texts = [f"text number {i}" for i in range(2100)]
    w = SimilarityHeatmap(texts, openai_client, model_name="m", batch_size=5000, progress=False)
    assert [len(r["input"]) for r in EmbeddingsServer.requests] == [2048, 52]
    assert w.embeddings.shape == (2100, 8)


def test_openai_client_without_model_name(openai_client):
    with pytest.raises(Exception, match="needs model_name"):
        SimilarityHeatmap(TEXTS, openai_client)


def test_langchain_embeddings():
    embeddings_module = pytest.importorskip("langchain_core.embeddings")

    class TableEmbeddings(embeddings_module.Embeddings):
        def embed_documents(self, texts):
            return [vector_for(t) for t in texts]

        def embed_query(self, text):
            return vector_for(text)

    model = TableEmbeddings()
    assert find_adapter(model).name == "langchain"
    np.testing.assert_allclose(SimilarityHeatmap(TEXTS, model).embeddings, EXPECTED)


def test_langchain_deterministic_fake_embedding():
    fake = pytest.importorskip("langchain_core.embeddings").DeterministicFakeEmbedding(size=16)
    w = SimilarityHeatmap([*TEXTS, TEXTS[0]], fake)
    assert w.embeddings.shape == (6, 16)
    assert w.matrix[0, 5] == pytest.approx(1.0)


def test_model2vec_static_model():
    model2vec = pytest.importorskip("model2vec")
    tokenizers = pytest.importorskip("tokenizers")
    vocab = {"[UNK]": 0, "[PAD]": 1, "alpha": 2, "beta": 3, "gamma": 4, "delta": 5, "epsilon": 6}
    tokenizer = tokenizers.Tokenizer(tokenizers.models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    vectors = np.eye(7, dtype=np.float32)
    model = model2vec.StaticModel(vectors, tokenizer, normalize=False)
    assert find_adapter(model).name == "encode"
    w = SimilarityHeatmap(TEXTS, model)
    # "alpha beta" and "beta gamma" share one of two words: cosine 1/2.
    assert w.matrix[0, 1] == pytest.approx(0.5, abs=1e-6)
    assert w.matrix[0, 4] == pytest.approx(0.0, abs=1e-6)


class SentenceTransformerLike:
    """The parts of SentenceTransformer.encode's signature the adapter relies on."""

    def __init__(self):
        self.calls = []

    def encode(
        self,
        sentences,
        batch_size=32,
        show_progress_bar=None,
        convert_to_numpy=True,
        normalize_embeddings=False,
    ):
        self.calls.append(
            {
                "n": len(sentences),
                "batch_size": batch_size,
                "show_progress_bar": show_progress_bar,
                "convert_to_numpy": convert_to_numpy,
                "normalize_embeddings": normalize_embeddings,
            }
        )
        out = np.array([vector_for(s) for s in sentences])
        return out / np.linalg.norm(out, axis=1, keepdims=True) if normalize_embeddings else out


def test_encode_gets_only_the_options_its_signature_names():
    model = SentenceTransformerLike()
    SimilarityHeatmap(TEXTS, model, batch_size=2)
    assert [c["n"] for c in model.calls] == [2, 2, 1]
    assert model.calls[0] == {
        "n": 2,
        "batch_size": 2,
        "show_progress_bar": False,
        "convert_to_numpy": True,
        "normalize_embeddings": True,
    }

    class Minimal:
        def encode(self, sentences):
            return np.array([vector_for(s) for s in sentences])

    np.testing.assert_allclose(SimilarityHeatmap(TEXTS, Minimal()).embeddings, EXPECTED)


class FastEmbedLike:
    """fastembed's TextEmbedding.embed: a generator of numpy vectors, with batch_size."""

    def __init__(self):
        self.batch_sizes = []

    def embed(self, documents, batch_size=256, parallel=None):
        self.batch_sizes.append(batch_size)
        for doc in documents:
            yield np.array(vector_for(doc), dtype=np.float32)


def test_fastembed_style_generator():
    model = FastEmbedLike()
    assert find_adapter(model).name == "fastembed"
    np.testing.assert_allclose(
        SimilarityHeatmap(TEXTS, model, batch_size=3).embeddings, EXPECTED, rtol=1e-6
    )
    assert model.batch_sizes == [3, 3]


def test_torch_like_tensors_through_array_protocol():
    class Tensor:
        def __init__(self, data):
            self.data = np.asarray(data)

        def __array__(self, dtype=None, copy=None):
            return self.data if dtype is None else self.data.astype(dtype)

    w = SimilarityHeatmap.from_embeddings(Tensor(EXPECTED), TEXTS)
    np.testing.assert_allclose(w.embeddings, EXPECTED)


def test_adapter_order_prefers_the_specific_api():
    class Both:
        def encode(self, texts):
            return np.ones((len(texts), 2))

        def __call__(self, texts):
            raise AssertionError("the callable path must not be used when .encode exists")

    assert find_adapter(Both()).name == "encode"
    assert find_adapter(None).name == "built-in"
    assert find_adapter("lexical").name == "lexical"
    assert find_adapter(lambda t: t).name == "callable"
