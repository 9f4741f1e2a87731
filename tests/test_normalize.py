"""The normalized view and its offset map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.text.normalize import normalize, normalize_key

ARABIC_HEAVY = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
        st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
        st.sampled_from(list(" \n\t.,،؛؟0123456789\u200f\u200e\u200c\u200d\ufeff\u00a0ـ٬٫")),
        st.characters(),
    ),
    max_size=80,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مُسْلَّحٍ", "مسلح"),
        ("قتـــيلا", "قتيلا"),
        ("أحمد إبراهيم آل", "احمد ابراهيم ال"),
        ("مستشفى", "مستشفي"),
        ("بلدة", "بلده"),
        ("١٢٣٤٥٦٧٨٩٠", "1234567890"),
        ("۱۲۳", "123"),
        ("١٬٥٠٠", "1,500"),
        ("٣٫٥", "3.5"),
        ("ﻻ", "لا"),
        ("ﺑﻐﺪاد", "بغداد"),
        ("\u200fالرقة\u200e", "الرقه"),
        ("\ufeffدمشق", "دمشق"),
        ("کرکوک", "كركوك"),
        ("RT", "rt"),
        ("حلب\u00a0اليوم", "حلب اليوم"),
    ],
)
def test_normalize_folds_variants(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_span_keeps_diacritics_of_last_letter() -> None:
    text = "قُتل ١٥ مدنيًّا أمسِ"
    norm = normalize(text)
    begin = norm.text.index("مدنيا")
    start, end = norm.to_original(begin, begin + len("مدنيا"))
    assert text[start:end] == "مدنيًّا"


def test_normalize_key_collapses_spaces() -> None:
    assert normalize_key("  دير   الزور ") == "دير الزور"


@settings(max_examples=300, deadline=None)
@given(text=ARABIC_HEAVY, data=st.data())
def test_any_normalized_span_maps_back_to_same_text(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    boundaries = [i for i in range(len(norm.text) + 1) if norm.is_boundary(i)]
    start = data.draw(st.sampled_from(boundaries))
    end = data.draw(st.sampled_from([b for b in boundaries if b >= start]))
    orig_start, orig_end = norm.to_original(start, end)
    assert 0 <= orig_start <= orig_end <= len(text)
    assert normalize(text[orig_start:orig_end]).text == norm.text[start:end]


@settings(max_examples=200, deadline=None)
@given(text=ARABIC_HEAVY)
def test_offset_map_is_monotonic(text: str) -> None:
    norm = normalize(text)
    assert len(norm.starts) == len(norm.text) == len(norm.ends)
    assert list(norm.starts) == sorted(norm.starts)
    assert all(s < e for s, e in zip(norm.starts, norm.ends, strict=True))
