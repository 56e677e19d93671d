"""`Lexicon.guess` and `head_guess` test each rule as sets of stems (one set per label, a subset
test per rule); they must answer as the rules read word by word (the reference below) over
every stem, its prefixes and near misses, alone and combined."""

from __future__ import annotations

import itertools

import pytest

from extractor.lexicon import MAX_GUESS_WORDS, LabelEntry, Lexicon, load_lexicon


def _reference_words(lex: Lexicon, label: str, max_words: int) -> list[str] | None:
    return lex._guess_words(label, max_words)


def _reference_by_head(lex: Lexicon, words: list[str]) -> tuple[int, LabelEntry] | None:
    best: tuple[int, LabelEntry] | None = None
    for needed, one_of, entry in lex._guess_rules:
        if not (all(any(w.startswith(stem) for w in words) for stem in needed) and (
                not one_of or any(w.startswith(stem) for w in words for stem in one_of))):
            continue
        first = min(k for k, w in enumerate(words) if any(w.startswith(stem) for stem in (*needed, *one_of)))
        if best is None or first < best[0]:
            best = (first, entry)
    return best


def _reference_guess(lex: Lexicon, label: str, max_words: int) -> LabelEntry | None:
    words = _reference_words(lex, label, max_words)
    if words is None:
        return None
    if len(words) > MAX_GUESS_WORDS:
        found = _reference_by_head(lex, words)
        return None if found is None else found[1]
    for needed, one_of, entry in lex._guess_rules:
        if all(any(w.startswith(stem) for w in words) for stem in needed) and (
                not one_of or any(w.startswith(stem) for w in words for stem in one_of)):
            return entry
    return None


def _labels(lex: Lexicon) -> list[str]:
    stems = sorted({stem for needed, one_of, _ in lex._guess_rules for stem in (*needed, *one_of)})
    words = set(stems)
    for stem in stems:
        words.update({stem[:-1], stem + "s", stem + "ed", stem.upper(), stem.title(), "un" + stem, stem[1:]})
    words.update(["", "of", "the", "Date", "Decision", "(aside)", "ref", "x"])
    pool = sorted(w for w in words if w)
    labels = list(pool)
    labels += [f"{a} {b}" for a, b in itertools.product(pool[::3], pool[1::4])]
    labels += [f"{a} of {b} {c}" for a, b, c in zip(pool, pool[5:], pool[11:])]
    labels += [" ".join(pool[k:k + n]) for n in (6, 9, 12) for k in range(0, len(pool), 7)]  # long: read by the head
    labels += ["", "   ", "Date of decision (if known)", "Decision taken by", "Is Callable In?", "Call-in deadline"]
    return labels


@pytest.mark.parametrize("max_words", [MAX_GUESS_WORDS, 20])
def test_guess_answers_as_the_rules_read_word_by_word(max_words: int) -> None:
    lex = load_lexicon()
    labels = _labels(lex)
    assert len(labels) > 1000
    found = 0
    for label in labels:
        assert lex.guess(label, max_words=max_words) is _reference_guess(lex, label, max_words), label
        words = _reference_words(lex, label, max_words)
        expected = None if words is None else _reference_by_head(lex, words)
        assert lex.head_guess(label, max_words=max_words) == expected, label
        found += lex.guess(label, max_words=max_words) is not None
    assert found > len(labels) // 4  # most labels name a field, many do not


@pytest.mark.parametrize("label", [
    pytest.param("Decision" + "x" * 20_000, id="one-huge-word"),
    pytest.param("Decision maker " + "y" * 20_000 + " status", id="huge-word-among-others"),
    pytest.param(" ".join(["Any"] * 12 + ["Decision" + "z" * 20_000]), id="huge-word-in-a-long-label"),
])
def test_a_huge_word_costs_no_more_than_its_stems_reach(label):
    """A word's prefixes are cut only as long as the longest stem: a document's 20,000-letter word
    once made a guess build 200 MB of prefixes (a crafted file could exhaust memory). Measured in
    bytes allocated (tracemalloc), not time; the answers stay the reference's."""
    import tracemalloc

    lex = load_lexicon()
    tracemalloc.start()
    try:
        guessed = lex.guess(label, max_words=20)
        head = lex.head_guess(label, max_words=20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, peak
    assert guessed == _reference_guess(lex, label, 20)
    words = _reference_words(lex, label, 20)
    assert head == (None if words is None else _reference_by_head(lex, words))
