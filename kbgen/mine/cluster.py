"""Group ticket vectors by the question they ask, picking the number of groups itself.

Discovery runs on a sample of unique texts: a k-nearest-neighbour graph of the TF-IDF/SVD
vectors is laid out with a spectral embedding (neighbours of neighbours end up close, which
short texts sharing few words need), then KMeans is run over a range of k and the k with
the best silhouette wins. Every other text joins the group with the nearest centroid, in
batches, or no group (-1) when it is far from all of them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.manifold import spectral_embedding
from sklearn.metrics import silhouette_score
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import normalize

from kbgen.mine.featurize import Featurizer, dedupe, normalise

NOISE = -1


@dataclass
class ClusterSettings:
    sample_size: int = 20_000  # unique texts used to discover the groups
    neighbours: int = 10  # k of the nearest-neighbour graph
    spectral_dims: int = 48
    max_groups: int = 400
    min_size: int = 3  # tickets a group needs to count as recurring
    min_similarity: float = 0.35  # cosine to the nearest centroid to join a group at all
    small_data: int = 200  # below this many unique texts, use agglomerative clustering
    small_threshold: float = 0.75  # its cosine distance threshold
    batch_size: int = 50_000
    random_state: int = 0


@dataclass
class Discovery:
    """What discovery found on the sample: labels per sampled text and the k it chose."""

    labels: np.ndarray
    k: int
    scores: dict[int, float] = field(default_factory=dict)  # k -> silhouette


def knn_graph(vectors: np.ndarray, neighbours: int):
    """Symmetric connectivity graph of each row's nearest neighbours (cosine)."""
    nn = NearestNeighbors(n_neighbors=min(neighbours + 1, len(vectors)), metric="cosine")
    graph = nn.fit(vectors).kneighbors_graph(mode="connectivity")
    graph.setdiag(0)
    graph.eliminate_zeros()
    return 0.5 * (graph + graph.T)


def _k_grid(n: int, settings: ClusterSettings) -> list[int]:
    high = max(3, min(settings.max_groups, n // 4))
    low = 2 if high < 12 else max(2, high // 40)
    return sorted({int(round(k)) for k in np.geomspace(low, high, num=9)})


def _kmeans(points: np.ndarray, k: int, weights: np.ndarray, seed: int) -> np.ndarray:
    model = KMeans(k, n_init=2, random_state=seed)
    return model.fit_predict(points, sample_weight=weights)


def discover(
    vectors: np.ndarray,
    weights: np.ndarray | None = None,
    settings: ClusterSettings | None = None,
    progress: Callable[[], None] | None = None,
) -> Discovery:
    """Cluster unit vectors (one per unique text, weighted by how often it occurs)."""
    s = settings or ClusterSettings()
    n = len(vectors)
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if n < 3:
        return Discovery(np.zeros(n, dtype=np.int64), 1)
    if n < s.small_data:
        model = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=s.small_threshold,
        )
        labels = model.fit_predict(vectors)
        return Discovery(labels.astype(np.int64), int(labels.max()) + 1)

    graph = knn_graph(vectors, s.neighbours)
    dims = min(s.spectral_dims, n // 4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "graph is not fully connected"
        layout = spectral_embedding(
            graph, n_components=dims, random_state=s.random_state, drop_first=True
        )
    layout = normalize(layout)
    rng = np.random.default_rng(s.random_state)
    probe = rng.choice(n, size=min(n, 4000), replace=False)

    def score(k: int) -> tuple[float, np.ndarray]:
        labels = _kmeans(layout, k, weights, s.random_state)
        if progress:
            progress()
        if len(np.unique(labels[probe])) < 2:
            return -1.0, labels
        return float(silhouette_score(layout[probe], labels[probe])), labels

    tried: dict[int, tuple[float, np.ndarray]] = {k: score(k) for k in _k_grid(n, s)}
    # Refine between the best grid point and its neighbours.
    grid = sorted(tried)
    best = max(grid, key=lambda k: tried[k][0])
    i = grid.index(best)
    for other in (grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]):
        mid = (best + other) // 2
        if mid not in tried and mid >= 2:
            tried[mid] = score(mid)
    best = max(tried, key=lambda k: tried[k][0])
    return Discovery(tried[best][1].astype(np.int64), best, {k: v[0] for k, v in tried.items()})


def centroids(vectors: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None):
    """Unit-length weighted mean vector of each label 0..max(labels)."""
    k = int(labels.max()) + 1 if len(labels) else 0
    weights = np.ones(len(vectors)) if weights is None else weights
    sums = np.zeros((k, vectors.shape[1]), dtype=np.float64)
    keep = labels >= 0
    np.add.at(sums, labels[keep], vectors[keep] * weights[keep, None])
    return normalize(sums).astype(np.float32)


def assign(
    vectors: np.ndarray, centres: np.ndarray, min_similarity: float, batch_size: int = 50_000
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centroid per row (or NOISE below min_similarity) and the cosine to it."""
    labels = np.full(len(vectors), NOISE, dtype=np.int64)
    sims = np.zeros(len(vectors), dtype=np.float32)
    if len(centres) == 0:
        return labels, sims
    for start in range(0, len(vectors), batch_size):
        block = vectors[start : start + batch_size] @ centres.T
        best = block.argmax(axis=1)
        top = block[np.arange(len(block)), best]
        labels[start : start + len(block)] = np.where(top >= min_similarity, best, NOISE)
        sims[start : start + len(block)] = top
    return labels, sims


def drop_small(labels: np.ndarray, min_size: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Mark members of groups with fewer than min_size tickets (rows, or summed weights) as
    NOISE; renumber the rest 0..k-1 by falling size."""
    out = np.full(len(labels), NOISE, dtype=np.int64)
    keep = labels >= 0
    if not keep.any():
        return out
    w = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=float)
    sizes = np.bincount(labels[keep], weights=w[keep])
    big = np.flatnonzero(sizes >= min_size)
    order = big[np.argsort(-sizes[big], kind="stable")]
    remap = np.full(len(sizes), NOISE, dtype=np.int64)
    remap[order] = np.arange(len(order))
    out[keep] = remap[labels[keep]]
    return out


@dataclass
class Grouping:
    """Per-ticket group labels (NOISE = in no recurring group) and what produced them."""

    labels: np.ndarray  # one per input text, 0..k-1 ordered by falling size, or NOISE
    similarity: np.ndarray  # cosine of each text to its group's centroid
    vectors: np.ndarray  # one unit vector per unique normalised text
    inverse: np.ndarray  # per input text, the row of its unique text in `vectors`
    centres: np.ndarray  # one unit vector per group
    k_discovered: int
    sample_size: int
    featurizer: Featurizer


def group_texts(
    texts: list[str],
    settings: ClusterSettings | None = None,
    featurizer: Featurizer | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Grouping:
    """Featurize and cluster raw (redacted) ticket texts; the whole default method in one call.

    `progress(stage, fraction)` is told how far along the work is.
    """
    s = settings or ClusterSettings()
    tell = progress or (lambda stage, fraction: None)
    unique, inverse = dedupe(normalise(t) for t in texts)
    counts = np.bincount(inverse, minlength=len(unique)).astype(float)
    tell("featurize", 0.1)
    rng = np.random.default_rng(s.random_state)
    if len(unique) > s.sample_size:
        # Frequent texts are more likely in the sample, as they would be among the tickets.
        share = counts / counts.sum()
        sample = np.sort(rng.choice(len(unique), s.sample_size, replace=False, p=share))
    else:
        sample = np.arange(len(unique))
    featurizer = (featurizer or Featurizer()).fit([unique[i] for i in sample])
    vectors = np.empty((len(unique), featurizer.transform([""]).shape[1]), dtype=np.float32)
    step = featurizer.settings.batch_size
    for n, block in enumerate(featurizer.transform_batches(unique)):
        vectors[n * step : n * step + len(block)] = block
        tell("featurize", 0.1 + 0.9 * min(1.0, (n + 1) * step / max(1, len(unique))))

    grid_steps = len(_k_grid(len(sample), s)) + 2
    done = [0]

    def tick() -> None:
        done[0] += 1
        tell("cluster", min(0.95, done[0] / grid_steps))

    found = discover(vectors[sample], counts[sample], s, tick)
    centres = centroids(vectors[sample], found.labels, counts[sample])
    unique_labels, sims = assign(vectors, centres, s.min_similarity, s.batch_size)
    # Sampled texts keep the group discovery gave them; the rest go to the nearest centroid.
    unique_labels[sample] = found.labels
    unique_labels = drop_small(unique_labels, s.min_size, counts)
    final_centres = centroids(vectors, unique_labels, counts)
    tell("cluster", 1.0)
    return Grouping(
        labels=unique_labels[inverse],
        similarity=sims[inverse],
        vectors=vectors,
        inverse=inverse,
        centres=final_centres,
        k_discovered=found.k,
        sample_size=len(sample),
        featurizer=featurizer,
    )
