"""Exact and near-duplicate fingerprints: normalised content hashes, MinHash signatures, LSH bands.

The warehouse stores `(doc_id, band, key)` rows; documents sharing any band key are
near-duplicate candidates, verified with `estimate_jaccard` over their stored signatures.
Every hash here is stable across processes and runs (no Python `hash()` of str).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from transforms.records import Document

logger = logging.getLogger(__name__)

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """MinHash/LSH parameters.

    Calibrated with benchmarks/dedup_quick.py on ecbplus-dev (496 real articles, 42 events)
    and synthetic syndicated copies: copies (new headline, one paragraph cut, one added, a
    typo) of 300-1200 word articles have 5-shingle Jaccard 0.72-0.95 (estimated 0.72-0.97
    over two samples, sharing 8-28 of 32 bands);
    articles on different events never exceed 0.03; articles on the same event are mostly
    below 0.2, with wire rewrites at 0.2-0.6 and true copies at 0.6-0.96. 32 bands x 4 rows
    puts the LSH S-curve midpoint at (1/32)^(1/4) ~ 0.42: P(candidate) ~0.9998 at J=0.7 and
    ~0.003 at J=0.1. `near_duplicate_threshold` applies to the estimated Jaccard of candidates
    (estimate std ~0.04 at 128 permutations). 0.65-1 ms per signature (ecbplus-dev mean).
    """

    shingle_words: int = 5  # the usual choice for news; keeps different-event pairs < 0.03
    num_perm: int = 128  # = bands * rows
    bands: int = 32
    rows: int = 4
    seed: int = 1  # fixed: signatures are stored and compared across runs
    near_duplicate_threshold: float = 0.6  # estimated Jaccard; edited copies measured >= 0.72

    def __post_init__(self) -> None:
        if self.bands * self.rows != self.num_perm:
            raise ValueError(f"bands*rows must equal num_perm: {self.bands}*{self.rows}")


def normalize_text(text: str) -> str:
    """Case-fold, NFKC, drop punctuation and collapse whitespace: the comparison form."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", text).strip()


def normalize_for_hash(paragraphs: list[str]) -> str:
    """The body as one string insensitive to case, punctuation, whitespace and paragraph breaks."""
    return " ".join(p for p in (normalize_text(x) for x in paragraphs) if p)


def _digest(text: str, size: int = 16) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=size).hexdigest()


def content_hash(paragraphs: list[str]) -> str:
    """Hex hash of the normalised body: equal for exact duplicates after normalisation."""
    return _digest(normalize_for_hash(paragraphs))


def paragraph_hash(text: str) -> str:
    """Hex hash of one normalised paragraph, for the cross-document paragraph-occurrence table."""
    return _digest(normalize_text(text), size=8)


def drop_repeated_paragraphs(paragraphs: list[str]) -> list[str]:
    """Keep the first occurrence of each paragraph (compared after normalisation)."""
    seen: set[str] = set()
    kept: list[str] = []
    for paragraph in paragraphs:
        key = normalize_text(paragraph)
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


def shingles(text: str, size: int) -> set[bytes]:
    """Word n-grams of the normalised text; a text shorter than `size` words is one shingle."""
    words = normalize_text(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The permutation parameters, built once per (num_perm, seed) instead of per document."""
    template = MinHash(num_perm=num_perm, seed=seed, scheme="affine32")
    a, b = template.permutations
    return a, b


def minhash_signature(text: str, config: DedupConfig) -> list[int]:
    """MinHash of the text's word shingles (datasketch affine32 scheme, fixed seed).

    An empty text gives the all-max signature, which shares band keys only with other empty texts.
    """
    minhash = MinHash(
        num_perm=config.num_perm,
        seed=config.seed,
        permutations=_permutations(config.num_perm, config.seed),
        scheme="affine32",
    )
    minhash.update_batch(shingles(text, config.shingle_words))
    return [int(v) for v in minhash.hashvalues]


def band_keys(signature: list[int], config: DedupConfig) -> list[str]:
    """One key per LSH band, "<band>:<16 hex>"; documents sharing a key are candidates."""
    if len(signature) != config.bands * config.rows:
        raise ValueError(f"signature has {len(signature)} values, expected {config.num_perm}")
    values = np.asarray(signature, dtype="<u4")
    keys = []
    for band in range(config.bands):
        chunk = values[band * config.rows : (band + 1) * config.rows].tobytes()
        keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


def estimate_jaccard(a: list[int], b: list[int]) -> float:
    """Share of equal signature positions: an unbiased estimate of the shingle Jaccard."""
    if len(a) != len(b):
        raise ValueError(f"signatures differ in length: {len(a)} != {len(b)}")
    if not a:
        return 0.0
    return float(np.count_nonzero(np.asarray(a) == np.asarray(b))) / len(a)


def fingerprint_document(doc: Document, config: DedupConfig) -> Document:
    """Fill content_hash, minhash and band_keys from the body (repeated paragraphs dropped)."""
    paragraphs = drop_repeated_paragraphs(doc.body_paragraphs)
    signature = minhash_signature("\n".join(paragraphs), config)
    return replace(
        doc,
        content_hash=content_hash(paragraphs),
        minhash=signature,
        band_keys=band_keys(signature, config),
    )
