"""Tokens, proclitic readings and sentences keep original offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.text.analyzed import analyze
from rasid.text.sentences import sentence_at, split_sentences
from rasid.text.tokenize import is_proclitic_prefix, proclitic_splits


def test_tokens_map_to_original_text() -> None:
    text = "وقُتِلَ ١٬٢٠٠ مسلحٍ في بلدةِ «المعامل» شمالَ المدينة."
    at = analyze(text)
    words = [(t.norm, text[t.start : t.end]) for t in at.tokens]
    assert ("وقتل", "وقُتِلَ") in words
    assert ("1,200", "١٬٢٠٠") in words
    assert ("بلده", "بلدةِ") in words
    assert [t.kind for t in at.tokens if t.norm == "1,200"] == ["number"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [("بالمعامل", "المعامل"), ("وللقريه", "القريه"), ("فبحلب", "حلب"), ("لدمشق", "دمشق"), ("كالعاده", "العاده")],
)
def test_proclitic_readings_include_the_stem(word: str, stem: str) -> None:
    assert stem in {split.stem for split in proclitic_splits(word)}


def test_bare_word_is_always_the_first_reading() -> None:
    assert proclitic_splits("بريطانيا")[0].stem == "بريطانيا"
    assert proclitic_splits("بلده")[0].prefix == ""


@pytest.mark.parametrize(("prefix", "legal"), [("", True), ("و", True), ("وب", True), ("بو", False), ("ال", False)])
def test_proclitic_prefixes(prefix: str, legal: bool) -> None:
    assert is_proclitic_prefix(prefix) is legal


def test_sentences_split_on_arabic_marks_and_lines() -> None:
    text = "سقطت قذيفة على السوق. هل من ضحايا؟ نعم!\nعنوان فرعي\nقُتل 2.5 ألف شخص."
    pieces = [text[s.start : s.end] for s in split_sentences(text)]
    assert pieces == ["سقطت قذيفة على السوق.", "هل من ضحايا؟", "نعم!", "عنوان فرعي", "قُتل 2.5 ألف شخص."]


def test_sentence_at_finds_the_containing_sentence() -> None:
    text = "الجملة الأولى. الجملة الثانية."
    sentences = split_sentences(text)
    found = sentence_at(sentences, text.index("الثانية"))
    assert found is not None and text[found.start : found.end] == "الجملة الثانية."
    assert sentence_at(sentences, len(text) + 5) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_tokens_and_sentences_stay_inside_the_text(text: str) -> None:
    at = analyze(text)
    for token in at.tokens:
        assert 0 <= token.start < token.end <= len(text)
    for sentence in at.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end].strip() == text[sentence.start : sentence.end]
