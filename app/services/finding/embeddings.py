"""Sentence embeddings of ideas, so that similar ideas find the same proposal in other words.

The model is WordLlama's `l2_supercat_256` (static token embeddings distilled from a large
language model, mean-pooled; 256 dimensions), chosen because its weights and tokenizer ship
inside the `wordllama` wheel: nothing is downloaded at run time, it needs only numpy and
`tokenizers`, loads in a few seconds and embeds an idea in well under a millisecond of CPU.
docs/similar-ideas.md compares it with the other models the package index offers.

The files are read straight from the package (`WordLlama.load` looks for the tokenizer in
the wrong folder and then tries to download it). Without the package, or if its files do
not load, `embed` returns None, similar ideas use words only, and one warning says so.
The model loads on first use, or in the background at start-up (`warm_up`), never on the
request path of a page that does not need it.
"""

import importlib.util
import logging
import threading
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MODEL = "wordllama-l2_supercat-256"
DIMENSIONS = 256
# Stored as float16: half the bytes of float32, and cosine scores agree to 3 decimals.
STORED_DTYPE = np.float16

_lock = threading.Lock()
_model = None
_failed = False


class _Model:
    """Mean-pooled static token embeddings, as WordLlama computes them."""

    def __init__(self, table: np.ndarray, tokenizer) -> None:
        self.table = np.ascontiguousarray(table, dtype=np.float32)
        self.tokenizer = tokenizer
        # The tokenizer is configured once here and then only read, so threads may share it.
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def embed(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        vectors = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, len(self.table) - 1)
            if len(ids):
                vectors[row] = self.table[ids].mean(axis=0)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


def _load() -> _Model:
    from safetensors import safe_open  # noqa: PLC0415 (optional: words work without them)
    from tokenizers import Tokenizer  # noqa: PLC0415

    # The package's files only: importing it sets the root logger to INFO (basicConfig).
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'wordllama'")
    root = Path(spec.submodule_search_locations[0])
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np") as f:
        table = f.get_tensor("embedding.weight")
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    return _Model(table, tokenizer)


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
                    "Install the `wordllama` package for suggestions by meaning.",
                    type(error).__name__, error,
                )  # fmt: skip
    return _model


def warm_up() -> None:
    """Load the model in a background thread, so start-up does not wait for it."""
    if _model is None and not _failed:
        threading.Thread(target=model, name="embeddings-warm-up", daemon=True).start()


def idea_text(title: str, body: str) -> str:
    return f"{title}\n{body}".strip()


def embed(texts: list[str]) -> np.ndarray | None:
    """Unit vectors (float32, one row per text), or None without a model."""
    loaded = model()
    if loaded is None:
        return None
    return loaded.embed(texts)


def embed_idea(title: str, body: str) -> np.ndarray | None:
    vectors = embed([idea_text(title, body)])
    return None if vectors is None else vectors[0]


def to_bytes(vector: np.ndarray) -> bytes:
    return vector.astype(STORED_DTYPE).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=STORED_DTYPE).astype(np.float32)
