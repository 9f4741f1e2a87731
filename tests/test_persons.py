"""Persons layer: CRF names, roles from title cues, bylines, no overlap with actors/places, the model, training."""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from pathlib import Path

import pycrfsuite
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.annotate.person_features import NAMES_FILE, ROLES_FILE, load_lexicon, sentence_features
from rasid.annotate.persons import MODEL_FILE, find_persons, repeat_spans, romanize
from rasid.model import ActorMention, PlaceMention
from rasid.resources import data_path, load_yaml
from rasid.text.analyzed import analyze
from rasid.text.normalize import normalize_key

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURE = Path(__file__).parent / "fixtures" / "ner_tiny.conll"


def persons(text: str, actors: tuple[ActorMention, ...] = (), places: tuple[PlaceMention, ...] = ()) -> dict[str, str | None]:
    """Name text -> role for every person found."""
    return {p.text: p.role for p in find_persons(analyze(text), actors, places)}


def actor(text: str, phrase: str, actor_id: str) -> ActorMention:
    """An actor mention over the first occurrence of `phrase`."""
    start = text.index(phrase)
    return ActorMention(start, start + len(phrase), phrase, actor_id, actor_id, "armed_group")


def place(text: str, phrase: str) -> PlaceMention:
    """A place mention over the first occurrence of `phrase`."""
    start = text.index(phrase)
    return PlaceMention(start, start + len(phrase), phrase, "p1", phrase, None, None, "town", None, None)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("وقال المحلل السياسي سامر الحلبي إن المفاوضات متعثرة منذ أشهر.", "سامر الحلبي", "political analyst"),
        ("وصرح العميد فراس الحمدان للصحفيين بأن الهجوم صد بالكامل.", "فراس الحمدان", "brigadier general"),
        ("التقى الرئيس الأمريكي دونالد ترامب عددا من قادة الجيش.", "دونالد ترامب", "president"),
        ("وأوضح وزير الخارجية الأردني أيمن الصفدي أن الحدود ستبقى مغلقة.", "أيمن الصفدي", "foreign minister"),
        ("وقال خالد العمر، مراسل الشبكة في المدينة، إن الاشتباكات تجددت.", "خالد العمر", "correspondent"),
        ("وأكد الباحث نزار العلي أن الأرقام غير دقيقة.", "نزار العلي", "researcher"),
    ],
)
def test_names_with_titles(text: str, name: str, role: str) -> None:
    found = persons(text)
    assert name in found
    assert found[name] == role


@pytest.mark.parametrize(
    "text",
    [
        "شهدت المنطقة قصفا مدفعيا عنيفا أدى إلى نزوح مئات العائلات من القرى المجاورة.",
        "ارتفعت أسعار الخبز والوقود في الأسواق المحلية خلال الأسبوع الماضي.",
        "أعلنت الوزارة افتتاح ثلاث مدارس جديدة في الريف الشرقي مع بداية العام الدراسي.",
        "",
        "   \n\n ",
        "\ud800 قال \udfff",
    ],
)
def test_no_person_without_names(text: str) -> None:
    assert find_persons(analyze(text)) == []


def test_title_is_outside_span_and_offsets_hold() -> None:
    text = "قال المتحدث باسم التحالف الدولي الكولونيل شون ريان إن الغارات استهدفت مواقع التنظيم."
    at = analyze(text)
    found = find_persons(at, (actor(text, "التحالف الدولي", "coalition"),))
    assert [p.text for p in found] == ["شون ريان"]
    assert found[0].role == "coalition spokesman"
    for p in found:
        assert text[p.start : p.end] == p.text
        assert "الكولونيل" not in p.text


def test_byline_names_and_roles() -> None:
    text = "تجددت الاشتباكات في الريف الغربي.\nإعداد: نور الهدى سليمان\nتحرير: ماهر الأحمد"
    found = persons(text)
    assert found.get("نور الهدى سليمان") == "author"
    assert found.get("ماهر الأحمد") == "editor"


def test_never_overlaps_actor_or_place() -> None:
    text = "وصل محمد العبد الله إلى حماة صباح اليوم."
    blocked_place = place(text, "حماة")
    blocked_actor = actor(text, "العبد الله", "some_group")
    for p in find_persons(analyze(text), (blocked_actor,), (blocked_place,)):
        for m in (blocked_place, blocked_actor):
            assert p.end <= m.start or m.end <= p.start


@pytest.mark.parametrize(
    "text",
    [
        "وقال الشيعة في المدينة إنهم يرفضون الاتفاق الجديد.",
        "وصل سوريون كثيرون إلى الحدود أمس هربا من القصف.",
    ],
)
def test_collectives_are_not_persons(text: str) -> None:
    assert not any(p.text in ("الشيعة", "سوريون") for p in find_persons(analyze(text)))


def test_kunya_keeps_its_nisba_and_drops_the_conjunction() -> None:
    text = "وقتل في الغارة القيادي في التنظيم وأبو عمر الحمصي مع مرافقيه."
    names = [p.text for p in find_persons(analyze(text))]
    assert "أبو عمر الحمصي" in names


def test_apposition_role_after_name() -> None:
    text = "وقال خالد الحسن، مدير المستشفى الميداني، إن الجرحى نقلوا إلى تركيا."
    found = persons(text)
    assert found.get("خالد الحسن") == "director"


def test_fused_preposition_ends_a_name() -> None:
    text = "وقال سامي الخوري للصحفيين إن الطريق ما زال مقطوعا."
    names = list(persons(text))
    assert all("للصحفيين" not in n for n in names)


def test_title_of_another_person_is_not_taken() -> None:
    text = "وقال العميد فراس الحمدان إن قواته تقدمت، فيما نفى ماجد يوسف ذلك."
    found = persons(text)
    assert found.get("فراس الحمدان") == "brigadier general"
    assert "ماجد يوسف" in found
    assert found["ماجد يوسف"] is None


def test_rank_then_given_name_opens_a_name() -> None:
    found = persons("وأكد العقيد سامر النمر أن قواته تقدمت.")
    assert found.get("سامر النمر") == "colonel"


def test_earlier_occurrence_of_a_found_name_is_added() -> None:
    text = "زار سامي حداد المخيم. ثم التقى الوزير سامي حداد بالأهالي في حمص."
    tokens = analyze(text).tokens
    second = next(i for i in range(len(tokens)) if i > 3 and tokens[i].norm == "سامي")
    found = repeat_spans(tokens, [((second, second + 2), "crf")], [])
    assert [span for span, _ in found] == [(1, 3)]
    blocked = [(tokens[1].start, tokens[1].end)]
    assert repeat_spans(tokens, [((second, second + 2), "crf")], blocked) == []


def test_proclitic_left_out_and_repeats_merged() -> None:
    text = "وبشار الأسد قال في خطابه إن الحرب انتهت، ثم عاد الأسد إلى دمشق."
    found = find_persons(analyze(text))
    names = [p.text for p in found]
    assert "بشار الأسد" in names
    assert not any(n.startswith("و") for n in names)
    assert names.count("الأسد") == 0


@pytest.mark.parametrize(("arabic", "latin"), [("محمد", "Mohammed"), ("الحلبي", "al-Halbi"), ("سامر الخياط", "Samer al-Khiat"),
                                             ("كمال عبد الله", "Kamal Abd Allah"), ("أليكس براون", "Aliks Barawn")])
def test_romanize(arabic: str, latin: str) -> None:
    assert romanize(arabic) == latin


def test_model_loads_and_is_small() -> None:
    path = data_path(MODEL_FILE)
    assert path.stat().st_size < 20_000_000
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    assert {"B-PERS", "I-PERS", "O"} <= set(tagger.labels())


def test_lexicon_files_are_normalized_and_unique() -> None:
    roles = load_yaml(ROLES_FILE)
    assert set(roles) == {"roles", "ranks", "bylines", "honorifics", "speech_verbs", "not_in_names", "place_words",
                          "kunya", "collectives"}
    for section in ("honorifics", "speech_verbs", "not_in_names", "place_words", "kunya", "collectives"):
        words = [normalize_key(w) for w in roles[section]]
        assert len(words) == len(set(words)), section
    for section in ("roles", "ranks", "bylines"):
        for cue, role in roles[section].items():
            assert isinstance(role, str)
            assert role == role.lower().strip()
            assert cue.strip() == cue
    keys = [normalize_key(k) for s in ("roles", "ranks") for k in roles[s]]
    assert len(keys) == len(set(keys)), "two cues normalize to the same key"
    names = load_yaml(NAMES_FILE)["first_names"]
    normalized = [normalize_key(n) for n in names]
    assert len(normalized) == len(set(normalized))
    lex = load_lexicon()
    assert all(normalize_key(n) == n for n in lex.first_names)
    assert all(" ".join(k) == normalize_key(" ".join(k)) for k in lex.roles)


def test_features_are_per_token() -> None:
    words = [t.norm for t in analyze("قال الدكتور سامي حداد .").tokens]
    feats = sentence_features(words)
    assert len(feats) == len(words)
    assert "f=fn" in feats[2]
    assert "f=role" in feats[1]


def _load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_persons", ROOT / "scripts" / "train_persons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_persons"] = module
    spec.loader.exec_module(module)
    return module


def test_training_script_on_tiny_fixture(tmp_path: Path) -> None:
    script = _load_script()
    out, report = tmp_path / "m.crfsuite", tmp_path / "r.md"
    args = ["--anercorp", str(FIXTURE), "--shared", str(tmp_path / "none"), "--out", str(out),
            "--report", str(report), "--iterations", "20", "--minfreq", "0"]
    assert script.main(args) == 0
    tagger = pycrfsuite.Tagger()
    tagger.open(str(out))
    assert "B-PERS" in tagger.labels()
    assert "PERS" in report.read_text(encoding="utf-8")


def test_training_script_skips_without_corpus(tmp_path: Path) -> None:
    script = _load_script()
    out = tmp_path / "m.crfsuite"
    assert script.main(["--shared", str(tmp_path / "none"), "--out", str(out)]) == 0
    assert not out.exists()


@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="needs ../shared/corpus")
def test_gold_persons_recall_floor() -> None:
    hit = total = 0
    for gold_file in sorted((SHARED / "corpus").glob("*/gold/*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        docs = {json.loads(line)["id"]: json.loads(line) for line in
                gold_file.parent.parent.glob("*.jsonl").__next__().read_text(encoding="utf-8").splitlines() if line}
        doc = docs.get(gold.get("id", gold_file.name.split(".")[0]))
        if doc is None:
            continue
        found = {(p.start, p.end) for p in find_persons(analyze(doc["text"]))}
        for p in gold.get("persons", []):
            total += 1
            hit += (p["start"], p["end"]) in found
    assert total == 0 or hit / total >= 0.3


_WORDS = ["قال", "العميد", "سامر", "النمر", "في", "حلب", "،", ".", "\n", "إعداد", ":", "ماجد", "يوسف", "وأبو",
          "عمر", "الحمصي", "المتحدث", "باسم", "التحالف", "أحمد", "الأسد", "للصحفيين", "ريف", "ً", "ـ", "١٢"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.integers(min_value=0, max_value=30))
def test_spans_exact_and_clear_of_blocked(words: list[str], cut: int) -> None:
    text = " ".join(words)
    end = min(len(text), cut + 5)
    blocked = (place(text, text[cut:end]),) if text[cut:end].strip() else ()
    found = find_persons(analyze(text), (), blocked)
    for p in found:
        assert text[p.start : p.end] == p.text
        assert p.text.strip() == p.text
        for b in blocked:
            assert p.end <= b.start or b.end <= p.start
    ordered = sorted((p.start, p.end) for p in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered))
