"""Group ticket vectors by the question they ask, picking the number of groups itself.

Discovery runs on a sample of unique texts, in one of two feature spaces:

* semantic (the `semantic` extra installed; English): sentence embeddings
  (kbgen/mine/embed.py). The number of questions is counted by average-linkage clustering
  with a fixed "same question" distance (`count_questions`), a count that follows the
  questions rather than the number of texts; the texts are then cut into that many groups
  by KMeans on a spectral layout of their nearest-neighbour graph.
* words: TF-IDF/SVD vectors. A k-nearest-neighbour graph is laid out with a spectral
  embedding (neighbours of neighbours end up close, which short texts sharing few words
  need), then KMeans is run over a range of k and the k with the best silhouette wins.

Either way, every other text joins the group with the nearest centroid in word TF-IDF space
(cheap to compute for millions of texts, and on BANKING77 as accurate as the full
features), in batches, or no group (-1) when it is far from all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix, diags, spmatrix
from scipy.spatial.distance import pdist
from sklearn.cluster import AgglomerativeClustering, KMeans, kmeans_plusplus
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import threadpool_limits

from kbgen.mine import embed
from kbgen.mine.featurize import Featurizer, dedupe_normalised, question_text

NOISE = -1


@dataclass
class ClusterSettings:
    sample_size: int = 10_000  # unique texts used to discover the groups
    neighbours: int = 10  # k of the nearest-neighbour graph
    spectral_dims: int = 48
    texts_per_dim: int = 30  # fewer layout dimensions for small samples
    max_groups: int = 400
    min_size: int = 3  # tickets a group needs to count as recurring
    min_similarity: float = 0.1  # word TF-IDF cosine to the nearest centroid to join a group
    small_data: int = 200  # below this many unique texts, use agglomerative clustering
    small_threshold: float = 0.7  # its cosine distance threshold
    batch_size: int = 50_000
    random_state: int = 0
    refine: int = 3  # extra k tried between the best grid point and each neighbour
    k_tolerance: float = 0.03  # silhouette this share below the best still counts as a tie
    final_init: int = 10  # KMeans starts for the chosen k
    merge_similarity: float = 0.85  # centre cosine at which two groups are one question
    lang: str = "en"  # the tickets' language: its stemmer and stop words (`normalise`)
    refine_rounds: int = 3  # nearest-centre passes in full word + character TF-IDF space
    # What groups the tickets: "semantic" (sentence embeddings, the `semantic` extra),
    # "words" (TF-IDF), or "auto" (semantic where installed and the language is English).
    features: str = "auto"
    # Semantic: unique texts embedded and grouped (the rest join by their words). 4,000
    # embed in 10-20 s on one busy core, most of the grouping's time on a large export; the
    # count of questions needs a dozen texts of each or more.
    embed_sample: int = 4000
    # Semantic: texts whose mean cosine distance to each other stays within this are one
    # question (average linkage). Tuned on half A of BANKING77's intents (mine_quality.py).
    question_distance: float = 0.55


@dataclass
class Discovery:
    """What discovery found on the sample: labels per sampled text and the k it chose."""

    labels: np.ndarray
    k: int
    scores: dict[int, float] = field(default_factory=dict)  # k -> silhouette (words)


def knn_graph(vectors: np.ndarray, neighbours: int, chunk: int = 2048) -> csr_matrix:
    """Symmetric connectivity graph of each row's nearest neighbours (cosine; unit rows)."""
    n = len(vectors)
    k = min(neighbours, n - 1)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    cols = np.empty((n, k), dtype=np.int64)
    for start in range(0, n, chunk):
        sims = vectors[start : start + chunk] @ vectors.T
        rows = np.arange(len(sims))
        sims[rows, rows + start] = -np.inf  # not its own neighbour
        cols[start : start + len(sims)] = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    graph = csr_matrix(
        (np.ones(n * k, dtype=np.float32), (np.repeat(np.arange(n), k), cols.ravel())),
        shape=(n, n),
    )
    return 0.5 * (graph + graph.T)


def spectral_layout(graph: spmatrix, dims: int, settings: ClusterSettings) -> np.ndarray:
    """Rows of the graph's leading eigenvectors (normalised adjacency), unit length.

    The same layout as a Laplacian spectral embedding, but from a randomized SVD of
    D^-1/2 A D^-1/2: well under a second where ARPACK's shift-invert takes half a minute.
    """
    degree = np.asarray(graph.sum(axis=1)).ravel()
    scale = diags(1 / np.sqrt(np.maximum(degree, 1e-12)))
    adjacency = (scale @ graph @ scale).tocsr()
    vectors, _, _ = randomized_svd(
        adjacency, dims + 1, n_iter=6, random_state=settings.random_state
    )
    return normalize(vectors[:, 1:])  # the first is the trivial one (degree)


def _k_grid(n: int, settings: ClusterSettings) -> list[int]:
    high = max(3, min(settings.max_groups, n // 4))
    low = 2 if high < 12 else max(2, high // 40)
    return sorted({int(round(k)) for k in np.geomspace(low, high, num=9)})


def _kmeans(
    points: np.ndarray, k: int, weights: np.ndarray, seed: int, n_init: int = 1, seeding: int = 5000
) -> np.ndarray:
    """KMeans labels, the best (least inertia) of `n_init` starts.

    Above `seeding` points, each start is seeded by k-means++ on `seeding` of them, then
    iterated on all: on a sample of 10,000 texts the seeding over every point was two
    thirds of the clustering's time (each pick measures every point against the others),
    and seeds picked among thousands land in the same groups."""
    if len(points) <= seeding:
        model = KMeans(k, n_init=n_init, random_state=seed)
        return model.fit_predict(points, sample_weight=weights)
    rng = np.random.default_rng(seed)
    best, best_inertia = None, np.inf
    for start in range(n_init):
        pick = rng.choice(len(points), seeding, replace=False)
        centres, _ = kmeans_plusplus(
            points[pick], k, sample_weight=weights[pick], random_state=seed + 7919 * start
        )
        model = KMeans(k, init=centres, n_init=1).fit(points, sample_weight=weights)
        if model.inertia_ < best_inertia:
            best, best_inertia = model.labels_, model.inertia_
    assert best is not None
    return best


def _layout(vectors: np.ndarray, s: ClusterSettings) -> np.ndarray:
    """The spectral layout of the texts' nearest-neighbour graph, a dimension per
    `texts_per_dim` texts: more dimensions than groups to tell apart are noise, and noise in
    many dimensions makes many small groups look best."""
    dims = max(2, min(s.spectral_dims, len(vectors) // s.texts_per_dim))
    return spectral_layout(knn_graph(vectors, s.neighbours), dims, s)


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

    layout = _layout(vectors, s)
    rng = np.random.default_rng(s.random_state)
    probe = rng.choice(n, size=min(n, 3000), replace=False)

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
        for k in np.linspace(best, other, s.refine + 2)[1:-1]:
            if int(k) not in tried and k >= 2:
                tried[int(k)] = score(int(k))
    # Near its top the silhouette is flat (tried on BANKING77: within 3% from 80 to 200
    # groups) and which k wins there is chance. The fewest groups within a small tolerance
    # of the best is the same answer whatever the seed, and one question one group.
    top = max(v[0] for v in tried.values())
    for _ in range(6):
        best = min(k for k, v in tried.items() if v[0] >= top * (1 - s.k_tolerance))
        below = max((k for k in tried if k < best), default=best)
        if best - below <= max(2, best // 12):
            break
        tried[(best + below) // 2] = score((best + below) // 2)  # fewer may do as well
    # The partition itself from the best of several starts: one start's local optimum
    # moves NMI by about 0.01 from seed to seed.
    labels = _kmeans(layout, best, weights, s.random_state, s.final_init)
    return Discovery(labels.astype(np.int64), best, {k: v[0] for k, v in tried.items()})


def count_questions(vectors: np.ndarray, settings: ClusterSettings) -> tuple[int, np.ndarray]:
    """How many questions the (unit, embedded) texts ask, and a first grouping of them.

    Average linkage joins groups while the mean cosine distance between their texts stays
    within `question_distance`: a fixed notion of "the same question" in the embedding
    space, so the count follows the questions, not the number of texts (a KMeans score,
    such as the silhouette, keeps improving as groups shrink and grows with the sample).
    Groups of fewer than `min_size` texts are stray phrasings, not questions, and are not
    counted. On BANKING77: 42 groups for 39 intents (tune half), 72 for 77 (test.csv),
    42 for 38 (held-out half), 61-88 for 77 intents from 1,500 to 8,000 texts. It still
    rises slowly with the texts per question (a question asked in many ways splits into
    its phrasings' families): about 1.1x the intents at 20 texts each, 1.3-1.6x at 80."""
    tree = linkage(pdist(vectors, "cosine"), "average")
    labels = fcluster(tree, settings.question_distance, "distance").astype(np.int64) - 1
    sizes = np.bincount(labels)
    return max(1, int((sizes >= settings.min_size).sum())), labels


def discover_semantic(
    vectors: np.ndarray,
    weights: np.ndarray | None = None,
    settings: ClusterSettings | None = None,
    progress: Callable[[], None] | None = None,
) -> Discovery:
    """Group embedded texts (unit rows, one per unique text, weighted by how often it occurs):
    the count from `count_questions`, the groups from KMeans on a spectral layout of the
    nearest-neighbour graph (on BANKING77 NMI 0.83 against 0.79 for KMeans on the
    embeddings themselves, and steadier from seed to seed)."""
    s = settings or ClusterSettings()
    n = len(vectors)
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if n < 3:
        return Discovery(np.zeros(n, dtype=np.int64), 1)
    k, first = count_questions(vectors, s)
    if progress:
        progress()
    if n < s.small_data or k < 2:
        return Discovery(first, k)  # too few texts for a layout: the linkage's groups
    layout = _layout(vectors, s)
    if progress:
        progress()
    labels = _kmeans(layout, min(k, n), weights, s.random_state, s.final_init)
    return Discovery(labels.astype(np.int64), k)


def merge_duplicates(labels: np.ndarray, centres: np.ndarray, min_similarity: float) -> np.ndarray:
    """Join groups whose centres are near duplicates (KMeans cuts a big group of one question
    in pieces: it prefers groups of equal spread), renumbered 0..k-1.

    Only near duplicates: on BANKING77 no two groups of different intents have centres above
    0.7, and neither do most groups of one intent asked in other words."""
    k = int(labels.max()) + 1 if len(labels) else 0
    parent = np.arange(k)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sims = centres @ centres.T
    for i, j in zip(*np.nonzero(np.triu(sims >= min_similarity, 1)), strict=True):
        parent[root(int(j))] = root(int(i))
    roots = np.array([root(i) for i in range(k)], dtype=np.int64)
    _, merged = np.unique(roots, return_inverse=True)
    out = labels.copy()
    out[labels >= 0] = merged[labels[labels >= 0]]
    return out


def refine_groups(
    matrix: spmatrix, labels: np.ndarray, weights: np.ndarray, rounds: int
) -> np.ndarray:
    """Move each text to the group whose centre is nearest in the full (sparse, unit-row)
    word + character TF-IDF space, `rounds` times: spherical KMeans there, started from the
    layout's groups, renumbered 0..k-1 (a group left empty disappears).

    The layout finds the groups (neighbours of neighbours), but the SVD behind it blurs
    the rare words and spellings that tell two close questions apart; the full space keeps
    them. On BANKING77 NMI rises by about 0.02 and varies less with the seed (0.011 to
    0.006); on held-out intents by about the same."""
    for _ in range(rounds):
        if len(labels) == 0 or labels.max() < 1:
            break
        centres = centroids_sparse(matrix, labels, weights)
        moved = np.asarray(matrix @ centres.T).argmax(axis=1)
        _, moved = np.unique(moved, return_inverse=True)
        if np.array_equal(moved, labels):
            break
        labels = moved.astype(np.int64)
    return labels


def centroids(vectors: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None):
    """Unit-length weighted mean vector of each label 0..max(labels)."""
    k = int(labels.max()) + 1 if len(labels) else 0
    weights = np.ones(len(vectors)) if weights is None else weights
    sums = np.zeros((k, vectors.shape[1]), dtype=np.float64)
    keep = labels >= 0
    np.add.at(sums, labels[keep], vectors[keep] * weights[keep, None])
    return normalize(sums).astype(np.float32)


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
    inverse: np.ndarray  # per input text, the index of its unique normalised text
    unique_similarity: np.ndarray  # per unique text, closeness to its group's centre
    centres: np.ndarray  # one unit vector per group, in the featurizer's space
    featurizer: Featurizer
    k_discovered: int
    sample_size: int
    features: str = "words"  # what discovered the groups: "semantic" or "words"

    @property
    def unique_labels(self) -> np.ndarray:
        out = np.full(len(self.unique_similarity), NOISE, dtype=np.int64)
        out[self.inverse] = self.labels
        return out


def group_texts(
    texts: list[str],
    settings: ClusterSettings | None = None,
    featurizer: Featurizer | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Grouping:
    """Featurize and cluster raw (redacted) ticket texts; the whole default method in one call.

    `progress(stage, fraction)` is told how far along the work is.
    """
    # One BLAS/OpenMP thread: the matrices are small enough that threads mostly wait on each
    # other, and on a busy laptop oversubscribed threads made this 5x slower, not faster.
    with threadpool_limits(1):
        return _group_texts(texts, settings, featurizer, progress)


def _group_texts(
    texts: list[str],
    settings: ClusterSettings | None,
    featurizer: Featurizer | None,
    progress: Callable[[str, float], None] | None,
) -> Grouping:
    s = settings or ClusterSettings()
    tell = progress or (lambda stage, fraction: None)
    features = embed.resolve(s.features, s.lang)
    unique, inverse = dedupe_normalised(texts, s.lang)
    counts = np.bincount(inverse, minlength=len(unique)).astype(float)
    tell("cluster", 0.1)
    size = s.embed_sample if features == "semantic" else s.sample_size
    sample = _sample(counts, size, np.random.default_rng(s.random_state))
    sample_texts = [unique[i] for i in sample]
    featurizer = featurizer or Featurizer(lang=s.lang)
    vectors = featurizer.fit_transform(sample_texts)
    tell("cluster", 0.3)

    steps = 3 if features == "semantic" else len(_k_grid(len(sample), s)) + 2
    done = [0]

    def tick() -> None:
        done[0] += 1
        tell("cluster", 0.3 + 0.4 * min(1.0, done[0] / steps))

    if features == "semantic":
        # The model reads each sampled text as a customer wrote it (its first ticket's
        # question), not the stemmed form the word features use.
        _, first = np.unique(inverse, return_index=True)
        embedded = embed.embed([question_text(texts[first[i]]) for i in sample])
        tick()
        found = discover_semantic(embedded, counts[sample], s, tick)
        del embedded
    else:
        found = discover(vectors, counts[sample], s, tick)
        found.labels = merge_duplicates(
            found.labels, centroids(vectors, found.labels, counts[sample]), s.merge_similarity
        )
        if s.refine_rounds and len(sample) >= s.small_data:
            full = featurizer.sparse_vectors(sample_texts)
            found.labels = refine_groups(full, found.labels, counts[sample], s.refine_rounds)
            del full
    centres = centroids(vectors, found.labels, counts[sample])

    # Everything else: nearest centre in word TF-IDF space, in batches.
    words = featurizer.word_vectors
    word_centres = centroids_sparse(words(sample_texts), found.labels, counts[sample])
    unique_labels = np.full(len(unique), NOISE, dtype=np.int64)
    similarity = np.zeros(len(unique), dtype=np.float32)
    for start in range(0, len(unique), s.batch_size):
        block = words(unique[start : start + s.batch_size])
        got, sims = assign_sparse(block, word_centres, s.min_similarity)
        unique_labels[start : start + len(got)] = got
        similarity[start : start + len(got)] = sims
        tell("cluster", 0.7 + 0.25 * min(1.0, (start + len(got)) / len(unique)))
    # Sampled texts keep the group discovery gave them, and their closeness in that space.
    unique_labels[sample] = found.labels
    similarity[sample] = np.einsum("ij,ij->i", vectors, centres[found.labels])
    kept = drop_small(unique_labels, s.min_size, counts)
    # Renumbering follows the kept groups; centres follow their old ids.
    old_ids = np.full(int(kept.max()) + 1 if len(kept) and kept.max() >= 0 else 0, -1)
    old_ids[kept[kept >= 0]] = unique_labels[kept >= 0]
    tell("cluster", 1.0)
    return Grouping(
        labels=kept[inverse],
        inverse=inverse,
        unique_similarity=similarity,
        centres=centres[old_ids] if len(old_ids) else centres[:0],
        featurizer=featurizer,
        k_discovered=found.k,
        sample_size=len(sample),
        features=features,
    )


def _sample(counts: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of up to `size` unique texts, sorted; frequent texts are more likely in the
    sample, as they would be among the tickets."""
    if len(counts) <= size:
        return np.arange(len(counts))
    share = counts / counts.sum()
    return np.sort(rng.choice(len(counts), size, replace=False, p=share))


def centroids_sparse(matrix: spmatrix, labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Unit-length weighted mean row per label (dense k x features)."""
    k = int(labels.max()) + 1 if len(labels) else 0
    keep = np.flatnonzero(labels >= 0)
    member = csr_matrix(
        (weights[keep], (labels[keep], keep)), shape=(k, matrix.shape[0]), dtype=np.float32
    )
    return normalize((member @ matrix).toarray()).astype(np.float32)


def assign_sparse(
    matrix: spmatrix, centres: np.ndarray, min_similarity: float
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centre per (unit-length, sparse) row, NOISE below min_similarity."""
    if len(centres) == 0:
        return np.full(matrix.shape[0], NOISE, dtype=np.int64), np.zeros(matrix.shape[0])
    sims = np.asarray(matrix @ centres.T)
    best = sims.argmax(axis=1)
    top = sims[np.arange(len(best)), best]
    return np.where(top >= min_similarity, best, NOISE).astype(np.int64), top
