"""Where the groups agree: the analysis of how members answer ideas, as pure functions of
the answers (no database here; compute.py loads and stores).

The method follows Pol.is for opinion groups and group-informed consensus, and the
matrix factorisation of X's Community Notes for the bridging score:

- Members answer ideas: support +1, disagree -1, pass 0; an idea a member has not answered
  is missing. Only members with at least `min_answers` answers are placed on the map and
  in groups ("established" members), as Pol.is does: a one-answer account carries no
  opinion structure, and it cannot move either score (see "Brigades" below).
- The opinion map is a 2-D projection of the member x idea matrix: each idea's answers
  centred on its mean (a missing answer is then 0, the mean: the matrix stays sparse), a
  truncated SVD (scikit-learn), and each member's point scaled by sqrt(ideas / answered)
  so that members who answered little are not all drawn to the centre (Pol.is).
- Opinion groups are k-means clusters of the map, k from 2 to 5 chosen by silhouette. A
  group keeps its letter between runs while most of its members stay (the best overlap
  with the last run's groups, by the Hungarian method).
- Group-informed consensus (Pol.is): the product over groups of (supports + 1) /
  (answers + 2) among the group's members. High only where every group leans to support,
  whatever the groups' sizes: a large or organised group cannot carry it alone.
- The bridging score (Community Notes): answers (support 1, disagree 0; passes left out)
  are fitted as mu + member intercept + idea intercept + member factor x idea factor,
  with the intercepts regularised five times more than the factors (0.15 against 0.03,
  Community Notes' values). The factor explains the main divide; the idea's intercept is
  the support it has once that divide is explained: support from both sides of it.
- Divisive ideas: smoothed support differs by at least 0.5 between some two groups that
  answered it. Representative ideas of a group: those it supports (or rejects) markedly
  more than everyone else, by the ratio of smoothed rates, with a one-sided two-proportion
  z-test (Pol.is's "repness").

Brigades. Accounts that support one idea and nothing else never reach `min_answers`:
they are in neither score. Accounts that support only their own camp's ideas form, or
join, one group: group-informed consensus multiplies every group's leaning, so one
group's unanimous support lifts an idea only as far as the other groups also support it;
in the factorisation such members load on the divide's factor, which is what absorbs
their support, not the ideas' intercepts. Raw support (`sort=top`) rewards a brigade;
common ground is built not to.

Everything is deterministic for the same answers (seeded SVD and k-means, sorted input),
so SQLite and PostgreSQL give the same results.
"""

import string
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

SUPPORT, DISAGREE, PASS = 1, -1, 0
MIN_ANSWERS = 5
GROUPS = range(2, 6)
MEMBERS_PER_GROUP = 8
SEED = 0
SILHOUETTE_SAMPLE = 3_000
INTERCEPT_LAMBDA, FACTOR_LAMBDA = 0.15, 0.03
ALS_SWEEPS, ALS_TOLERANCE = 60, 1e-5
DIVISIVE_SPREAD = 0.5
MIN_GROUP_ANSWERS = 3  # a group's answers on an idea before its leaning counts
REPRESENTATIVE = 3  # ideas shown per group
REPNESS_Z = 1.2816  # one-sided 90%: scipy.stats.norm.ppf(0.9)
MIN_SLICE = 5  # no segment slice of fewer members is ever stored or shown


@dataclass(frozen=True)
class Answers:
    """Every answer, as parallel arrays: member id, idea id, value (+1, -1, 0)."""

    member: np.ndarray
    idea: np.ndarray
    value: np.ndarray

    @classmethod
    def of(cls, rows) -> "Answers":
        """From (member id, idea id, value) rows, in any order."""
        data = np.array(list(rows), dtype=np.int64).reshape(-1, 3)
        order = np.lexsort((data[:, 1], data[:, 0]))
        data = data[order]
        return cls(member=data[:, 0], idea=data[:, 1], value=data[:, 2])


@dataclass
class Group:
    label: str
    size: int
    # (idea id, "support" or "disagree", how many times more than the rest, the group's rate)
    representative: list[tuple[int, str, float, float]] = field(default_factory=list)


@dataclass
class Analysis:
    idea_ids: np.ndarray
    supports: np.ndarray
    disagrees: np.ndarray
    passes: np.ndarray
    consensus: np.ndarray
    bridging: np.ndarray
    divisive: np.ndarray  # bool
    spread: np.ndarray  # largest difference in smoothed support between two groups
    groups: list[Group]
    # label -> (supports, disagrees, passes) per idea, among the group's members
    group_counts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    member_ids: np.ndarray  # established members, each with a label and a point
    member_labels: list[str]
    points: np.ndarray  # (n, 2)
    members: int  # members who answered anything
    silhouette: float | None


def analyse(
    answers: Answers,
    *,
    ideas: np.ndarray | None = None,
    previous_labels: dict[int, str] | None = None,
    min_answers: int = MIN_ANSWERS,
) -> Analysis:
    """The analysis of `answers`, for every idea in `ideas` (ids; by default those
    answered) and any other idea answered."""
    # One BLAS and OpenMP thread: on a small, busy machine their threads spin against
    # each other and the web workers (measured on 500 members: 24.5 s with the default
    # pools, 0.9 s with one thread each).
    with threadpool_limits(limits=1):
        return _analyse(answers, ideas, previous_labels, min_answers)


def _analyse(answers, ideas, previous_labels, min_answers) -> Analysis:
    known = answers.idea if ideas is None else np.concatenate([answers.idea, ideas])
    idea_ids = np.unique(known)
    idea_index = np.searchsorted(idea_ids, answers.idea)
    member_ids, member_index = np.unique(answers.member, return_inverse=True)
    n_members, n_ideas = len(member_ids), len(idea_ids)
    shape = (n_members, n_ideas)
    support = _indicator(member_index, idea_index, answers.value == SUPPORT, shape)
    disagree = _indicator(member_index, idea_index, answers.value == DISAGREE, shape)
    passed = _indicator(member_index, idea_index, answers.value == PASS, shape)

    answered = np.bincount(member_index, minlength=n_members)
    established = np.flatnonzero(answered >= min_answers)
    points, labels, silhouette = _groups(answers, member_index, idea_index, shape, established)
    names = _stable_names(member_ids[established], labels, previous_labels or {})
    group_names = sorted(set(names))
    membership = _membership(labels, established, n_members, len(set(labels.tolist())))

    group_counts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for row, cluster in enumerate(sorted(set(labels.tolist()))):
        name = names[int(np.flatnonzero(labels == cluster)[0])]
        mask = membership[row]
        group_counts[name] = tuple(_column_sums(mask @ m) for m in (support, disagree, passed))
    group_counts = dict(sorted(group_counts.items()))

    consensus = _consensus(group_counts, n_ideas)
    spread, divisive = _divisiveness(group_counts, n_ideas)
    bridging = _bridging(member_index, idea_index, answers.value, shape, established)
    groups = [
        Group(
            label=name,
            size=names.count(name),
            representative=_representative(name, group_counts, idea_ids),
        )
        for name in group_names
    ]
    return Analysis(
        idea_ids=idea_ids,
        supports=_column_sums(support),
        disagrees=_column_sums(disagree),
        passes=_column_sums(passed),
        consensus=consensus,
        bridging=bridging,
        divisive=divisive,
        spread=spread,
        groups=groups,
        group_counts=group_counts,
        member_ids=member_ids[established],
        member_labels=names,
        points=points,
        members=n_members,
        silhouette=silhouette,
    )


def _indicator(rows, cols, keep, shape) -> sparse.csr_matrix:
    ones = np.ones(int(keep.sum()), dtype=np.float64)
    return sparse.csr_matrix((ones, (rows[keep], cols[keep])), shape=shape)


def _column_sums(matrix) -> np.ndarray:
    return np.asarray(matrix.sum(axis=0)).ravel().astype(np.int64)


# --- the map and the groups -----------------------------------------------------------


def _groups(answers, member_index, idea_index, shape, established):
    """Points on the map, a cluster per established member, and the silhouette."""
    n = len(established)
    if n < 2 * GROUPS.start or shape[1] < 3:
        # Too few to say anything about groups: everyone established is one group.
        return np.zeros((n, 2)), np.zeros(n, dtype=np.int64), None
    keep = np.isin(member_index, established)
    rows = np.searchsorted(established, member_index[keep])
    cols, values = idea_index[keep], answers.value[keep].astype(np.float64)
    counts = np.bincount(cols, minlength=shape[1])
    means = np.bincount(cols, weights=values, minlength=shape[1]) / np.maximum(counts, 1)
    centred = sparse.csr_matrix((values - means[cols], (rows, cols)), shape=(n, shape[1]))
    if np.count_nonzero(centred.data) < 3:
        # Everyone answered alike (every idea all support, say): nothing to tell apart.
        return np.zeros((n, 2)), np.zeros(n, dtype=np.int64), None
    svd = TruncatedSVD(n_components=2, random_state=SEED, algorithm="arpack")
    points = svd.fit_transform(centred)
    answered = np.bincount(rows, minlength=n)
    points *= np.sqrt(shape[1] / np.maximum(answered, 1))[:, None]

    best = None
    # At least MEMBERS_PER_GROUP members a group on average: a handful of members is not
    # five opinion groups however the silhouette comes out.
    most = max(GROUPS.start, n // MEMBERS_PER_GROUP)
    for k in GROUPS:
        if k > most:
            break
        found = KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(points)
        if len(set(found.tolist())) < 2:
            continue
        score = silhouette_score(
            points, found, sample_size=min(n, SILHOUETTE_SAMPLE), random_state=SEED
        )
        if best is None or score > best[0] + 1e-9:
            best = (float(score), found)
    if best is None:
        return points, np.zeros(n, dtype=np.int64), None
    return points, best[1], best[0]


def _membership(labels, established, n_members, n_groups) -> sparse.csr_matrix:
    """One row per group, a 1 for each of its members (columns: every member)."""
    ones = np.ones(len(established))
    return sparse.csr_matrix((ones, (labels, established)), shape=(n_groups, n_members))


def _stable_names(member_ids, labels, previous: dict[int, str]) -> list[str]:
    """A letter per member: a cluster takes the letter of the last run's group that most
    of its members came from (each letter once), else the next free letter."""
    clusters = sorted(set(labels.tolist()))
    old_names = sorted(set(previous.values()))
    names: dict[int, str] = {}
    if old_names:
        overlap = np.zeros((len(clusters), len(old_names)))
        for i, cluster in enumerate(clusters):
            ids = member_ids[labels == cluster]
            for member in ids.tolist():
                if member in previous:
                    overlap[i, old_names.index(previous[member])] += 1
        rows, cols = linear_sum_assignment(-overlap)
        for i, j in zip(rows, cols, strict=True):
            size = int((labels == clusters[i]).sum())
            if overlap[i, j] * 2 > size:  # most of its members were in that group
                names[clusters[i]] = old_names[j]
    free = (letter for letter in string.ascii_uppercase if letter not in names.values())
    # New groups in order of size, largest first: A is the largest in a first run.
    for cluster in sorted(clusters, key=lambda c: (-int((labels == c).sum()), c)):
        if cluster not in names:
            names[cluster] = next(free)
    return [names[cluster] for cluster in labels.tolist()]


# --- consensus ---------------------------------------------------------------------------


def _rates(counts):
    supports, disagrees, passes = counts
    answers = supports + disagrees + passes
    return (supports + 1) / (answers + 2), answers


def _consensus(group_counts, n_ideas) -> np.ndarray:
    """Group-informed consensus: the product over groups of (supports + 1) / (answers + 2)."""
    product = np.ones(n_ideas)
    for counts in group_counts.values():
        rate, _answers = _rates(counts)
        product *= rate
    return product


def _divisiveness(group_counts, n_ideas) -> tuple[np.ndarray, np.ndarray]:
    """The spread of smoothed support between groups that answered, and whether it is wide."""
    rates = []
    for counts in group_counts.values():
        rate, answers = _rates(counts)
        rates.append(np.where(answers >= MIN_GROUP_ANSWERS, rate, np.nan))
    if len(rates) < 2:
        return np.zeros(n_ideas), np.zeros(n_ideas, dtype=bool)
    stacked = np.vstack(rates)
    answered = np.sum(~np.isnan(stacked), axis=0)
    # Over groups that answered (a group that did not is NaN); 0 where fewer than two did.
    high = np.max(np.where(np.isnan(stacked), -np.inf, stacked), axis=0)
    low = np.min(np.where(np.isnan(stacked), np.inf, stacked), axis=0)
    spread = np.where(answered >= 2, high - low, 0.0)
    return spread, spread >= DIVISIVE_SPREAD


def _representative(name, group_counts, idea_ids) -> list[tuple[int, str, float, float]]:
    """The ideas that set group `name` apart: it supports (or rejects) them markedly more
    than everyone else does."""
    own = group_counts[name]
    rest = [sum(c[i] for n, c in group_counts.items() if n != name) for i in range(3)]
    if not any(n != name for n in group_counts):
        return []
    found = []
    for kind, index in (("support", 0), ("disagree", 1)):
        own_n, rest_n = sum(own), sum(rest)
        own_rate = (own[index] + 1) / (own_n + 2)
        rest_rate = (rest[index] + 1) / (rest_n + 2)
        ratio = own_rate / rest_rate
        pooled = (own[index] + rest[index] + 1) / (own_n + rest_n + 2)
        error = np.sqrt(
            pooled * (1 - pooled) * (1 / np.maximum(own_n, 1) + 1 / np.maximum(rest_n, 1))
        )
        z = (own[index] / np.maximum(own_n, 1) - rest[index] / np.maximum(rest_n, 1)) / error
        keep = (own_n >= MIN_GROUP_ANSWERS) & (z > REPNESS_Z) & (ratio > 1)
        for j in np.flatnonzero(keep):
            found.append(
                (float(ratio[j] * own_rate[j]), int(idea_ids[j]), kind, ratio[j], own_rate[j])
            )
    found.sort(key=lambda item: (-item[0], item[1]))
    return [
        (idea, kind, round(float(ratio), 2), round(float(rate), 2))
        for _score, idea, kind, ratio, rate in found[:REPRESENTATIVE]
    ]


# --- the bridging score -----------------------------------------------------------------


def _bridging(member_index, idea_index, values, shape, established) -> np.ndarray:
    """Each idea's intercept in mu + b_member + c_idea + f_member * g_idea fitted to the
    established members' supports (1) and disagreements (0).

    Fitted by alternating least squares: with the ideas' terms fixed, each member's
    (b, f) is a small regularised least-squares problem of its own, and the ideas' the
    same with the members' fixed; each half-step solves all of them at once (numpy's
    batched solve) and never increases the loss. A sweep costs a few passes over the
    answers, where a general optimiser took hundreds of gradient evaluations (L-BFGS:
    39 s on a million answers, this: a few seconds, to the same loss)."""
    n_members, n_ideas = shape
    keep = np.isin(member_index, established) & (values != PASS)
    users, items = member_index[keep], idea_index[keep]
    ratings = (values[keep] == SUPPORT).astype(np.float64)
    if len(ratings) == 0:
        return np.zeros(n_ideas)
    mu = float(ratings.mean())
    rng = np.random.default_rng(SEED)
    b, c = np.zeros(n_members), np.zeros(n_ideas)
    f, g = rng.normal(0, 0.1, n_members), rng.normal(0, 0.1, n_ideas)
    previous = np.inf
    for _sweep in range(ALS_SWEEPS):
        b, f = _half_step(users, ratings - mu - c[items], g[items], n_members)
        c, g = _half_step(items, ratings - mu - b[users], f[users], n_ideas)
        error = mu + b[users] + c[items] + f[users] * g[items] - ratings
        loss = error @ error + INTERCEPT_LAMBDA * (b @ b + c @ c) + FACTOR_LAMBDA * (f @ f + g @ g)
        if previous - loss <= ALS_TOLERANCE * loss:
            break
        previous = loss
    return c


def _half_step(owners, target, other, size) -> tuple[np.ndarray, np.ndarray]:
    """For each owner (member or idea) the intercept and factor minimising
    sum (target - intercept - factor * other)^2 + INTERCEPT_LAMBDA intercept^2 +
    FACTOR_LAMBDA factor^2 over its answers: the 2 x 2 normal equations of each, solved."""
    count = np.bincount(owners, minlength=size).astype(np.float64)
    sum_other = np.bincount(owners, other, size)
    sum_other_sq = np.bincount(owners, other * other, size)
    sum_target = np.bincount(owners, target, size)
    sum_cross = np.bincount(owners, target * other, size)
    normal = np.empty((size, 2, 2))
    normal[:, 0, 0] = count + INTERCEPT_LAMBDA
    normal[:, 0, 1] = normal[:, 1, 0] = sum_other
    normal[:, 1, 1] = sum_other_sq + FACTOR_LAMBDA
    solved = np.linalg.solve(normal, np.stack([sum_target, sum_cross], axis=1)[..., None])
    return solved[:, 0, 0], solved[:, 1, 0]


# --- declared segments --------------------------------------------------------------------


def segment_support(
    answers: Answers, idea_ids: np.ndarray, declared: dict[str, dict[int, str]]
) -> dict[str, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """For each question and each answer given by at least MIN_SLICE members: supports
    and answers per idea (in `idea_ids` order) among those members."""
    cols = np.searchsorted(idea_ids, answers.idea)
    result: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]] = {}
    for slug, by_member in declared.items():
        options: dict[str, list[int]] = {}
        for member, option in by_member.items():
            options.setdefault(option, []).append(member)
        slices = {}
        for option, members in sorted(options.items()):
            if len(members) < MIN_SLICE:
                continue
            inside = np.isin(answers.member, np.array(members))
            supports = np.bincount(
                cols[inside & (answers.value == SUPPORT)], minlength=len(idea_ids)
            )
            total = np.bincount(cols[inside], minlength=len(idea_ids))
            slices[option] = (supports, total)
        if slices:
            result[slug] = slices
    return result
