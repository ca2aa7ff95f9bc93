"""The Chinese pipeline's fast paths give exactly what the plain computations give."""

from __future__ import annotations

import random
from operator import ne

import regex

from clusterfacts.clean import _FOLD, fold
from clusterfacts.language import count_differences, han_only
from clusterfacts.langs import load_table
from clusterfacts.recognise import zh
from clusterfacts.resolve.numerals_zh import number_pattern

from conftest import SEEDS

SAMPLE = (
    "冠县15个轴承项目签约,签约项目金额约102.2亿元,同比增长9.8%。全年实现营收超过人民币 3000万元,"
    "最近三年累计节约用电近5万千瓦时;附近企业合计约有2000家,不少于60%为外资,其中 US$ 12亿美元。\n"
    "大约在第一季度,估计约达三成;合约金额为约 8亿,逾百家企业;经过三年,营收过亿元。"
)


def _normalised(match: regex.Match | None) -> tuple | None:
    if match is None or not match.group(0):
        return None
    return match.span(), match.groupdict()


def test_prefix_before_is_the_plain_search() -> None:
    t = zh.tables()
    words = [*t.prefix_words, *zh.CURRENCY_PREFIXES, "需要", "在", "占", "为", "达", "最", "附", "节", "经", "通", "元", "1", " ", "\n"]
    rng = random.Random(7)
    lefts = [SAMPLE[max(0, i - 8) : i] for i in range(len(SAMPLE) + 1)]
    lefts += ["".join(rng.choice(words) for _ in range(rng.randint(0, 5)))[-8:] for _ in range(20000)]
    for left in lefts:
        assert _normalised(zh._prefix_before(left, t)) == _normalised(t.prefix_re.search(left)), left


def test_count_differences_is_map_ne() -> None:
    rng = random.Random(11)
    alphabet = ["a", "中", "國", "\U00020000", "\x00", "\uffff", "é", "\U0010ffff", "\u0100", "\u0101"]
    for _ in range(5000):
        first = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        second = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert count_differences(first, second) == sum(map(ne, first, second))
        assert count_differences(first, first) == 0


def test_han_only_keeps_the_han_characters() -> None:
    assert han_only(SAMPLE) == "".join(regex.findall(r"\p{Han}", SAMPLE))


def test_fold_is_the_table_translation() -> None:
    text = SAMPLE + "１２．７％（ＡＢＣ）\u3000\u00a0\t\u2212\ufe63\u2024\ufe52\ufe50〇"
    assert fold(text) == text.translate(str.maketrans(_FOLD))


def _texts() -> list[str]:
    """The sample, the seed documents and random strings of the tables' own words and numbers."""
    t = zh.tables()
    words = [
        *t.units, *t.classifiers, *t.suffix_words, *t.distant_words, *t.basis_words, *t.prefix_words,
        *zh.SEP_CHARS, zh.SHARE_VERB, "3", "12.5", "三", "万", "亿", "元", "的", " ", "  ", "\n", "\u3000", "(", "。",
    ]
    rng = random.Random(5)
    generated = ["".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return [SAMPLE, *seeds, *generated]


def test_anchored_patterns_match_where_the_plain_patterns_do() -> None:
    t = zh.tables()
    anchored = [t.unit_re, t.classifier_re, t.sep_number, t.suffix_re]
    for text in _texts():
        for pos in range(len(text) + 1):
            for pattern in anchored:
                assert _normalised(pattern.match(text, pos)) == _normalised(pattern.pattern.match(text, pos)), (text, pos)


def test_context_searches_need_their_words() -> None:
    """The searches _context skips when their words are absent find nothing there."""
    t = zh.tables()
    for text in _texts():
        for end in range(len(text) + 1):
            left = text[max(0, end - 8) : end]
            if zh.SHARE_VERB not in left:
                assert t.share_prefix_re.search(left) is None, left
            if not any(word in left for word in t.distant_words):
                assert t.distant_re.search(left) is None, left
            basis = text[max(0, end - 2) : end]
            if not any(word in basis for word in t.basis_words):
                assert t.basis_before.search(basis) is None, basis


def test_numbers_and_fractions_in_one_alternative_match_as_in_two() -> None:
    """The master pattern reads a fraction's denominator in the number's own alternative;
    the plain pattern, a fraction alternative before the number one, finds the same."""
    num = number_pattern()
    plain = regex.compile(
        rf"(?P<pct>百分之)(?P<p1>{num})(?:{zh.SEP}(?:百分之)?(?P<p2>{num}))?"
        rf"|(?P<den>{num})分之(?P<nu>{num})"
        rf"|第(?P<o1>{num})"
        rf"|(?P<half>一半)"
        rf"|(?P<num>{num})"
        r"|(?P<halfu>半)(?=个月|天|年|周|个星期)"
    )
    master = zh.tables().master

    def read(match: regex.Match | None) -> tuple | None:
        if match is None:
            return None
        groups = match.groupdict()
        number = groups.pop("den", None) or groups["num"]
        return match.span(), number, groups["nu"], groups["pct"], groups["p1"], groups["p2"], groups["o1"], groups["half"], groups["halfu"]

    pieces = [*"0123456789.,  零〇一二两三四五六七八九十百千万亿几多余数上点壹拾陆分之第半-至的元", "分之", "百分之", "个月", "年", "1,234", "三分之一"]
    rng = random.Random(3)
    texts = [SAMPLE, "四分之一、三分之二、百分之五十至百分之六十、十分之、100分之3.5、第3名、一半、半个月、数十分之一"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(4000)]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    for text in texts:
        for pos in range(len(text) + 1):
            assert read(master.match(text, pos)) == read(plain.match(text, pos)), (text, pos)


def test_excluded_spans_are_the_alternation_finditer() -> None:
    t = zh.tables()
    alternation = regex.compile("|".join(f"(?:{alternative.pattern})" for alternative in t.exclusion_alternatives))
    pieces = [
        *load_table("zh", "exclusions", zh.ExclusionTable).words,
        *"0123456789一二三四五六七八九十两年月日号季代(()): -~至到计划的单订首上下半第ABxy.",
        "2023年", "11月", "五年规划", "十四五", "1-4月", "13812345678", "010-12345678",
    ]
    rng = random.Random(9)
    texts = [SAMPLE, *(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 16))) for _ in range(4000)]
    for text in texts:
        assert zh.excluded_spans(text, t) == [m.span() for m in alternation.finditer(text)], text


def test_alternation_by_first_character_matches_the_longest_first_alternation() -> None:
    words = ["一带一路", "一批", "一", "万一", "万众", "十四五", "十二五", "两会", "两岸"]
    grouped, plain = regex.compile(zh._alternation_by_first(words)), regex.compile(zh._alternation(words))
    text = "一带一路一批一带万一万众十四五十二五两会两岸十五" + SAMPLE
    for pos in range(len(text) + 1):
        assert _normalised(grouped.match(text, pos)) == _normalised(plain.match(text, pos))
