"""Named persons with their roles: a CRF over the project's tokens, title cues and bylines from data files."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache

import pycrfsuite

from rasid.annotate.person_features import PersonLexicon, load_lexicon, sentence_features, word_stem
from rasid.errors import ResourceError
from rasid.model import ActorMention, PersonMention, PlaceMention
from rasid.resources import data_path
from rasid.text.analyzed import AnalyzedText
from rasid.text.normalize import normalize_key
from rasid.text.tokenize import Token, proclitic_splits

MODEL_FILE = "persons.crfsuite"
_SENTENCE_END = frozenset({".", "!", "?", "؟"})
_APPOSITION = frozenset({"،", ",", "-", "(", "–"})
_TITLE_WINDOW = 10  # tokens searched before a name for its title (قال المتحدث باسم قوات سوريا الديمقراطية X)
_MAX_BYLINE_WORDS = 3
_THRESHOLD = 0.45  # marginal probability that opens or extends a name the Viterbi path left out
_TITLE_THRESHOLD = 0.15  # the same right after a title cue, where a name is expected
Span = tuple[int, int]  # token indices [first, last)


@cache
def load_tagger() -> pycrfsuite.Tagger:
    """Open the trained CRF model once."""
    path = data_path(MODEL_FILE)
    if not path.exists():
        raise ResourceError(f"missing {path}: run scripts/train_persons.py or reinstall the package")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def find_persons(
    at: AnalyzedText, actors: Sequence[ActorMention] = (), places: Sequence[PlaceMention] = ()
) -> list[PersonMention]:
    """Find every named person outside actor and place spans."""
    tokens = at.tokens
    if not tokens:
        return []
    lex = load_lexicon()
    blocked = sorted([(a.start, a.end) for a in actors] + [(p.start, p.end) for p in places])
    tagged = [p for span in tag_spans(at.text, tokens) for p in clean_span(tokens, *span, lex, blocked)]
    bylines = [p for span in byline_spans(at.text, tokens, lex) for p in clean_span(tokens, *span, lex, blocked)]
    spans = resolve_spans(join_adjacent(at.text, tokens, tagged), bylines)
    spans = sorted(spans + repeat_spans(tokens, spans, blocked))
    taken = {i for (first, last), _ in spans for i in range(first, last)}
    mentions = [make_mention(at, tokens, span, how, lex, actors, taken) for span, how in spans]
    return merge_repeats(mentions)


def repeat_spans(
    tokens: Sequence[Token], spans: list[tuple[Span, str]], blocked: Sequence[tuple[int, int]]
) -> list[tuple[Span, str]]:
    """Other occurrences of names of two words or more that the tagger missed (the first one is reported)."""
    names = {tuple(t.norm for t in tokens[a:b]) for (a, b), _ in spans if b - a >= 2}
    taken = {i for (a, b), _ in spans for i in range(a, b)}
    found: list[tuple[Span, str]] = []
    starts: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        starts.setdefault(token.norm, []).append(i)
    for name in names:
        for i in starts.get(name[0], ()):
            if i + len(name) > len(tokens) or any(j in taken for j in range(i, i + len(name))):
                continue
            if tuple(t.norm for t in tokens[i : i + len(name)]) == name and not _blocked(tokens, i, len(name), blocked):
                found.append(((i, i + len(name)), "repeat"))
                taken.update(range(i, i + len(name)))
    return found


def _blocked(tokens: Sequence[Token], i: int, n: int, blocked: Sequence[tuple[int, int]]) -> bool:
    """True when tokens i..i+n overlap an actor or place span."""
    start, end = tokens[i].start, tokens[i + n - 1].end
    return any(s < end and start < e for s, e in blocked)


def join_adjacent(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Join names that touch with only a space between (a tagger's B B over one name)."""
    joined: list[Span] = []
    for span in sorted(spans):
        if joined and joined[-1][1] == span[0] and text[tokens[span[0] - 1].end : tokens[span[0]].start] == " ":
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    return joined


def resolve_spans(tagged: list[Span], bylines: list[Span]) -> list[tuple[Span, str]]:
    """Non-overlapping spans in text order: bylines first, then longer tagged spans."""
    candidates = [(b, "byline") for b in bylines] + sorted(((t, "crf") for t in tagged), key=lambda x: x[0][0] - x[0][1])
    chosen: list[tuple[Span, str]] = []
    for span, how in candidates:
        if all(span[1] <= c[0] or c[1] <= span[0] for c, _ in chosen):
            chosen.append((span, how))
    return sorted(chosen)


def sequences(text: str, tokens: Sequence[Token]) -> Iterator[Span]:
    """Token ranges labelled together: sentences, cut at blank lines as well."""
    first = 0
    for i, token in enumerate(tokens):
        ends = token.norm in _SENTENCE_END
        breaks = i + 1 < len(tokens) and text.count("\n", token.end, tokens[i + 1].start) >= 2
        if ends or breaks:
            yield first, i + 1
            first = i + 1
    if first < len(tokens):
        yield first, len(tokens)


def tag_spans(text: str, tokens: Sequence[Token]) -> list[Span]:
    """Person spans labelled by the CRF."""
    tagger, lex = load_tagger(), load_lexicon()
    spans: list[Span] = []
    for first, last in sequences(text, tokens):
        words = [t.norm for t in tokens[first:last]]
        spans.extend((first + a, first + b) for a, b in decode_persons(tagger, words, lex))
    return spans


def decode_persons(tagger: pycrfsuite.Tagger, words: Sequence[str], lex: PersonLexicon) -> list[Span]:
    """Person spans of one sequence: Viterbi labels, plus names the marginals favour (more so after a title)."""
    labels = tagger.tag(sentence_features(words))
    spans: list[Span] = []
    k = 0
    while k < len(words):
        if _opens_name(tagger, labels, words, k, lex):
            by_rule = labels[k] not in ("B-PERS", "I-PERS")
            threshold = _TITLE_THRESHOLD if by_rule else _THRESHOLD
            end = k + 1
            while end < len(words) and (labels[end] == "I-PERS" or tagger.marginal("I-PERS", end) >= threshold):
                end += 1
            if by_rule and end == k + 1:
                end = _surname_end(words, end, lex)
            spans.append((k, end))
            k = end
        else:
            k += 1
    return spans


def _surname_end(words: Sequence[str], k: int, lex: PersonLexicon) -> int:
    """Extend a name opened by a title over a family name (ال…) or a father's given name, two words at most."""
    end = k
    while end < min(len(words), k + 2):
        word = words[end]
        plain = word not in lex.not_in_names and word not in lex.cue_words and word not in lex.speech
        if not (plain and (word in lex.first_names or (word.startswith("ال") and len(word) > 3))):
            break
        end += 1
    return end


def _opens_name(tagger: pycrfsuite.Tagger, labels: Sequence[str], words: Sequence[str], k: int,
                lex: PersonLexicon) -> bool:
    """True when a name starts at k: on the Viterbi path, or likely enough (less so right after a title)."""
    if labels[k] in ("B-PERS", "I-PERS"):
        return True
    if words[k] in _SENTENCE_END or not words[k][0].isalpha():
        return False
    if words[k] in lex.not_in_names or words[k] in lex.speech or words[k] in lex.cue_words:
        return False  # such words are cut from names anyway; skipping them saves most marginal look-ups
    chance = tagger.marginal("B-PERS", k)
    if chance >= _THRESHOLD:
        return True
    known = chance >= _TITLE_THRESHOLD or words[k] in lex.first_names
    return known and _follows_title(words, k, lex)  # a title then a given name opens a name


def _follows_title(words: Sequence[str], k: int, lex: PersonLexicon) -> bool:
    """True when the word before k ends a role cue or honorific, maybe followed by a nisba (الأمريكي)."""
    for end in (k, k - 1):
        if end < k and not (words[end].startswith("ال") and words[end].endswith("ي")):
            break
        if end >= 1 and words[end - 1] in lex.honorifics:
            return True
        if any(tuple(words[max(0, end - n) : end]) in lex.roles for n in range(1, lex.max_cue + 1)):
            return True
    return False


def byline_spans(text: str, tokens: Sequence[Token], lex: PersonLexicon) -> list[Span]:
    """Names after a byline cue (إعداد: X، تحرير: X) on the same line."""
    spans: list[Span] = []
    for i, token in enumerate(tokens):
        if token.norm not in lex.bylines:
            continue
        j = i + 1
        has_colon = j < len(tokens) and tokens[j].norm == ":"
        line_start = text.rfind("\n", 0, token.start) + 1
        if has_colon:
            j += 1
        elif text[line_start : token.start].strip() or j >= len(tokens) or tokens[j].norm not in lex.first_names:
            continue
        k = j
        while k < len(tokens) and k - j < _MAX_BYLINE_WORDS and tokens[k].kind == "word":
            if "\n" in text[tokens[k - 1].end : tokens[k].start] or tokens[k].norm in lex.bylines:
                break
            k += 1
        if k - j >= 2 or (k - j == 1 and has_colon and tokens[j].norm not in lex.cue_words):
            spans.append((j, k))
    return spans


def clean_span(
    tokens: Sequence[Token], first: int, last: int, lex: PersonLexicon, blocked: Sequence[tuple[int, int]]
) -> list[Span]:
    """Cut a labelled span at titles, cue words, punctuation and actor/place spans; keep the name pieces."""
    if any(tokens[i].norm in lex.place_words or tokens[i].norm in lex.collectives for i in range(first, last)):
        return []  # a place phrase (X بريف Y) or a community (الشيعة) was labelled
    pieces: list[Span] = []
    start = first
    for i in range(first, last + 1):
        stop = i == last or _is_cut(tokens[i], lex, blocked) or (i > first and _is_prepositional(tokens[i].norm))
        if stop:
            if start < i:
                pieces.append((start, i))
            start = i + 1
    return [_with_nisba(tokens, p, lex) for p in pieces if _looks_like_name(tokens, p, lex)]


def _is_prepositional(word: str) -> bool:
    """A preposition fused with the article (للصحفيين، بالمدينة) does not continue a name."""
    return len(word) >= 5 and word.startswith(("لل", "بال", "كال", "فال", "وال"))


def _is_cut(token: Token, lex: PersonLexicon, blocked: Sequence[tuple[int, int]]) -> bool:
    """True for a token that can never be inside a person name."""
    if token.kind != "word":
        return True
    norm = token.norm
    if norm in lex.honorifics or norm in lex.speech or norm in lex.bylines or norm in lex.not_in_names:
        return True
    if (norm,) in lex.roles or ((norm[1:],) in lex.roles and norm[0] in "وفبل"):
        return True
    return any(s < token.end and token.start < e for s, e in blocked)


def _looks_like_name(tokens: Sequence[Token], span: Span, lex: PersonLexicon) -> bool:
    """Three letters or more; a lone word is not a collective or plural noun (الشيعة، السوريين، سوريون)."""
    if sum(tokens[i].norm_end - tokens[i].norm_start for i in range(*span)) < 3:
        return False
    if span[1] - span[0] > 1:
        return True
    word = tokens[span[0]].norm
    if word in lex.collectives or word.endswith(("يين", "يون")):
        return False
    return not (word.startswith("ال") and word.endswith(("ين", "ون")))


def _with_nisba(tokens: Sequence[Token], span: Span, lex: PersonLexicon) -> Span:
    """Extend a kunya name (أبو X) over a nisba adjective right after it (أبو X الحلبي)."""
    first, last = span
    head = tokens[first].norm
    kunya = head in lex.kunya or (head[:1] in "وف" and head[1:] in lex.kunya)
    if last - first == 2 and kunya and last < len(tokens):
        nxt = tokens[last]
        gap = nxt.start - tokens[last - 1].end
        if nxt.kind == "word" and gap <= 1 and nxt.norm.startswith("ال") and nxt.norm.endswith("ي"):
            return first, last + 1
    return span


def make_mention(
    at: AnalyzedText, tokens: Sequence[Token], span: Span, how: str, lex: PersonLexicon,
    actors: Sequence[ActorMention], taken: set[int],
) -> PersonMention:
    """The mention for a token span, its leading proclitic left out, with its role."""
    first, last = span
    head = tokens[first]
    offset = _proclitic_length(head.norm, lex)
    start = at.norm_to_original(head.norm_start + offset, head.norm_end)[0] if offset else head.start
    end = tokens[last - 1].end
    role, cue = find_role(tokens, span, lex, actors, taken)
    reason = f"{how}" + (f"; role cue {cue}" if cue else "")
    text = at.text[start:end]
    return PersonMention(start, end, text, name_en=romanize(text), role=role, reason=reason)


def _proclitic_length(word: str, lex: PersonLexicon) -> int:
    """Length of a proclitic to leave out of a name's first word (وبشار، بالبغدادي), 0 when none."""
    if word in lex.first_names:
        return 0
    for split in proclitic_splits(word)[1:]:
        plain = split.prefix and word[split.stem_offset :] == split.stem
        known = split.stem in lex.first_names or split.stem in lex.kunya
        if plain and (known or (split.stem.startswith("ال") and len(split.stem) >= 4)):
            return split.stem_offset
    return 0


def find_role(
    tokens: Sequence[Token], span: Span, lex: PersonLexicon, actors: Sequence[ActorMention], taken: set[int]
) -> tuple[str | None, str | None]:
    """The role stated by a byline, a title before the name or an apposition right after it, and its cue."""
    first, last = span
    byline = _byline_role(tokens, first, lex)
    if byline:
        return byline
    low = first
    while low > 0 and first - low < _TITLE_WINDOW and tokens[low - 1].norm not in _SENTENCE_END:
        if _is_speech(tokens[low - 1].norm, lex) or low - 1 in taken:
            break  # a title before a speech verb or another name belongs to someone else
        low -= 1
    rank: tuple[int, tuple[str, ...]] | None = None
    for i in range(first - 1, low - 1, -1):
        hit = _cue_at(tokens, i, first, lex)
        if hit and hit[1] not in lex.ranks:
            return _with_actor(tokens, hit, lex.roles[hit[1]], first, actors), " ".join(hit[1])
        rank = rank or hit
    if rank:
        return lex.roles[rank[1]], " ".join(rank[1])
    after = last + 1 if last < len(tokens) and tokens[last].norm in _APPOSITION else last
    for i in range(after, min(after + 2, len(tokens))):
        hit = _cue_at(tokens, i, len(tokens), lex)
        if hit:
            return _with_actor(tokens, hit, lex.roles[hit[1]], len(tokens), actors), " ".join(hit[1])
    return None, None


def _is_speech(word: str, lex: PersonLexicon) -> bool:
    """True for a speech verb, with or without a conjunction (قال، وقال، فقال)."""
    return word in lex.speech or (word[:1] in "وف" and word[1:] in lex.speech)


def _byline_role(tokens: Sequence[Token], first: int, lex: PersonLexicon) -> tuple[str, str] | None:
    """The byline role of a name right after إعداد: / تحرير: / بقلم, if any."""
    cue = first - 2 if first >= 2 and tokens[first - 1].norm == ":" else first - 1
    if cue >= 0 and tokens[cue].norm in lex.bylines:
        return lex.bylines[tokens[cue].norm], tokens[cue].norm
    return None


def _cue_at(tokens: Sequence[Token], i: int, limit: int, lex: PersonLexicon) -> tuple[int, tuple[str, ...]] | None:
    """The longest role cue starting at token i and ending before `limit`: (end index, cue key)."""
    words = [t.norm for t in tokens[i : min(limit, i + lex.max_cue)]]
    if words and words[0][:1] in "وفل" and (words[0][1:],) in lex.roles and (words[0],) not in lex.roles:
        words[0] = words[0][1:]
    for n in range(len(words), 0, -1):
        key = tuple(words[:n])
        if key in lex.roles:
            return i + n, key
    return None


def _with_actor(
    tokens: Sequence[Token], hit: tuple[int, tuple[str, ...]], role: str, limit: int, actors: Sequence[ActorMention]
) -> str:
    """Prefix the role with the actor named right after its cue (المتحدث باسم التحالف -> coalition spokesman)."""
    end = hit[0]
    if end >= len(tokens) or end >= limit:
        return role
    window_start = tokens[end].start
    window_end = tokens[min(end + 1, len(tokens) - 1)].end
    for actor in actors:
        if window_start <= actor.start <= window_end and (limit >= len(tokens) or actor.end <= tokens[limit].start):
            return actor.actor_id.replace("_", " ") + " " + role
    return role


def merge_repeats(mentions: list[PersonMention]) -> list[PersonMention]:
    """One mention per person: later mentions whose words all belong to an earlier name are folded in."""
    kept: list[PersonMention] = []
    keys: list[set[str]] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        words = {word_stem(w) for w in _name_words(mention.text)}
        match = next((k for k, seen in enumerate(keys) if words <= seen), None)
        if match is None:
            kept.append(mention)
            keys.append(words)
        elif kept[match].role is None and mention.role is not None:
            old = kept[match]
            kept[match] = PersonMention(old.start, old.end, old.text, old.name_en, mention.role, old.reason)
    return kept


def _name_words(text: str) -> list[str]:
    """Normalized words of a name."""
    return normalize_key(text).split()


_ROMAN = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "'", "ئ": "'",
    "ؤ": "'", "ة": "a", "ى": "a", "گ": "g", "پ": "p", "چ": "ch", "ڤ": "v",
}
_LONG = {"ا": "a", "و": "u", "ي": "i", "ى": "a", "ة": "a"}


def romanize(text: str) -> str | None:
    """A simple romanization: known given names as usually spelt, other words letter by letter."""
    known = load_lexicon().romanized
    words = normalize_key(text).split()
    out = [known.get(w) or _romanize_word(w, article=len(words) == 1 or k > 0) for k, w in enumerate(words)]
    out = [w for w in out if w]
    return " ".join(out) if out else None


def _romanize_word(word: str, article: bool) -> str:
    """Romanize one normalized word: one letter each, 'a' after an initial cluster, 'al-' for the article."""
    if word == "الله":
        return "Allah"
    prefix = ""
    if article and word.startswith("ال") and len(word) > 3:
        prefix, word = "al-", word[2:]
    out: list[str] = []
    for k, ch in enumerate(word):
        latin = _ROMAN.get(ch)
        if latin is None:
            continue
        vowel = ch in _LONG and k > 0 and word[k - 1] not in _LONG
        latin = _LONG[ch] if vowel else latin
        if k == len(word) - 1 and ch == "ه" and k > 1:
            latin = "a"  # a final ه is mostly a normalized taa marbuta (حمزة)
        if k == 1 and not vowel and word[0] not in _LONG and ch not in _LONG:
            out.append("a")  # one vowel after an initial cluster; the script writes no short vowels
        out.append(latin)
    roman = "".join(out).strip("'")
    return prefix + roman.capitalize() if roman else ""
