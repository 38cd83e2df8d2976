"""`bank lint`: the item-writing checks a psychometrician runs on a question bank.

Validation (`bank validate`) says whether a bank can be loaded and scored. Lint says whether
its questions test the manuals or test-taking: keys that stand out by length, by the words
only they (or only the distractors) use, or by echoing the stem; distractors nobody would
pick; true/false keys that lean one way; orders and matches that solve themselves; the same
question twice; translations that lost a number; a phrase forbidden in one script and
required in another. With the manuals at hand (`--sources DIR`) it also checks each rule's
quote, citation and the manual titles the texts name, and maps which sections are cited.

A valid bank can have lint findings: most are warnings for the trainer to weigh. The few
that are errors say something is wrong, not weak (a quote that is not in the manual, a
phrase both forbidden and required). Every threshold is a named constant below, and
docs/LINT.md explains each check with a good and a bad example.

Core module: no terminal code; positions come from composing the YAML again (safely).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from ..model import Bank, ChoiceBody, FillBody, MatchBody, OrderBody, Question, Rule, ScriptBody, Text, TrueFalseBody

# -- thresholds (docs/LINT.md) -------------------------------------------------------------------
KEY_LONGER_RATIO = 1.4  # a key is "clearly longer" at 1.4 times the longest distractor...
KEY_LONGER_MIN_EXTRA = 5  # ...and at least this many reading units more (a Chinese character, or 3 letters)
LENGTH_BIAS_MAX = 0.15  # per bank: the longest option is a key this much more (or less) often than by chance
LENGTH_BIAS_MIN_ITEMS = 10  # ...judged only on banks with at least this many single/multi questions
CUE_MIN_OPTIONS = 3  # a cue word class is reported when at least this many options of one side use it...
CUE_OTHER_SIDE = 0.25  # ...and the other side uses it at most this fraction as often (per option)
VERBATIM_COVERAGE = 0.8  # an option is "verbatim" when this share of its 3-grams occur in the rules/manuals
VERBATIM_MIN_GRAMS = 4  # ...and it has at least this many (shorter options are not judged)
STEM_ECHO_MAX_SHARE = 0.01  # a word is distinctive when at most 1% of prompts and options use it...
STEM_ECHO_MIN_COUNT = 3  # ...or at most 3 of them, in small libraries
TONE_SHARE = 2 / 3  # strawman: at least 2/3 of the distractors sound rude while no key does (or the reverse)
TRUE_SHARE_LOW, TRUE_SHARE_HIGH = 0.40, 0.60  # true/false: share of statements that are true, per bank
TRUEFALSE_MIN_ITEMS = 5  # ...judged only on banks with at least this many true/false questions
ORDER_MIN_STEPS = 4  # fewer steps often follow from common sense or physics
MATCH_ECHO_MIN_PAIRS = 2  # a match item is solvable by shared words when this many pairs share one
MATCH_MIN_DECOYS = 2  # fewer right-hand decoys let the last pairs fall out by elimination
DUPLICATE_PROMPT = 75  # near-duplicate: prompts at least this similar (rapidfuzz ratio, 0-100)...
DUPLICATE_KEY = 80  # ...and answers at least this similar (same type)
DUPLICATE_STATEMENT = 85  # true/false: statements this similar, with the same answer

ERROR = "error"
WARNING = "warning"
# Findings that say something is wrong rather than weak; `bank lint` fails on these without --strict.
ERROR_CODES = frozenset({"bank-invalid", "duplicate-question", "ignore-unknown", "phrase-conflict",
                         "quote-not-found", "title-mismatch"})

# -- word lists ------------------------------------------------------------------------------------
# Cue classes: words that, across a bank, turn up (almost) only in keys or only in distractors.
CUE_WORDS: dict[str, dict[str, str]] = {
    "justification": {
        "zh": r"以便|为了|以示|以免|免得|好让|方便|因为|显得|体现|这样才|这样(?=[^，。；]*(?:能|可|会|才))",
        "en": r"\b(?:so that|so (?:you|they|the|it|he|she|we|that)\b|to show|in order to|because|so as to"
              r"|to make sure|to avoid)\b",
    },
    "absolute": {
        "zh": r"越.{1,6}越|最为|一律|总是|永远|一定|绝对|完全|所有|全部|任何|从不|一直|始终|随时|无论",
        "en": r"\b(?:always|never|all|any|every|everything|everyone|completely|entirely|only|whatever|at all times"
              r"|no matter)\b",
    },
    "hedge": {
        "zh": r"适当|适度|尽量|一般|通常|酌情|视情况|尽可能|可以",
        "en": r"\b(?:usually|generally|appropriate(?:ly)?|may|can|where possible|if possible|normally|suitabl[ey])\b",
    },
}
# Tone words for the strawman check: behaviour nobody would choose, and the words of good service.
_RUDE = {
    "zh": r"抢|挤|推给|插话|打断|不理|随手|扔|丢给|抛|大声|喊|训斥|敷衍|冷淡|冷冷|不耐烦|呵斥|顶撞|争辩|争吵|吵|骂"
          r"|白眼|瞪|嚼口香糖|玩手机|背对|二郎腿|抖腿|挂断|摔|快点|爱答不理|搪塞|嘲笑|讽刺|斜视|瞟|俯视|眼神不定"
          r"|东张西望|不搭理|置之不理",
    "en": r"\b(?:push\w*|shov\w*|squeez\w*|grab\w*|interrupt\w*|ignor\w*|shout\w*|yell\w*|snap\w*|scold\w*"
          r"|argu\w*|throw\w*|toss\w*|rush\w*|chew\w*|glar\w*|sneer\w*|mock\w*|rude\w*|impatien\w*|sideways"
          r"|sneak\w*|shifty|look\w* down on|hang up on|brush\w* (?:\w+ )?off|cut (?:\w+ )?off)\b",
}
_POLITE = {
    "zh": r"礼貌|耐心|微笑|热情|真诚|诚恳|柔和|亲切|尊重|友善|和气|和蔼|得体|谦和|婉言|婉转|委婉|致歉|道歉|感谢"
          r"|主动问候|面带笑容",
    "en": r"\b(?:polite\w*|patien(?:t|tly|ce)|smil\w*|warm\w*|sincere\w*|courteous\w*|gentl[ey]\w*|friendl\w*"
          r"|respectful\w*|kindly|tactful\w*|apologi[sz]\w*|thank\w*)\b",
}
_NEGATION = {
    "zh": r"不|别|勿|禁止|避免|严禁|切忌|防止|以免|免得|没有|无需|决不|绝不",
    "en": r"\b(?:not|no|never|don't|do not|without|avoid\w*|instead of|rather than)\b",
}
_ABOVE = {
    "zh": r"以上(?:都|皆|全|均|选项|说法|做法)|都不对|都对|都不是|都正确|全部正确|全都",
    "en": r"\b(?:all|none|both|neither) of the (?:above|options|answers)\b|\ball the above\b",
}
_POSITION = {
    "zh": r"^\s*(?:\d+\s*[.、)]|[(（]\d+[)）]|第[一二三四五六七八九十\d]+步|首先|其次|然后|接着|随后|之后|最后|最终"
          r"|先|再)"
          r"|首先|其次|最后|最终|第[一二三四五六七八九十\d]+步|完毕后|结束后",
    "en": r"^\s*(?:\d+\s*[.)]|\(\d+\)|step \d+|first|then|next|finally|lastly|after that|afterwards|second|third)\b"
          r"|\b(?:step \d+|finally|lastly|at the end|to finish|to start with|first of all)\b",
}
# Characters too common to tell a stem or a pair apart (particles, pronouns, 客户).
FUNCTION_CHARS = frozenset("的了是在有个么我你他她它这那一不也都和与就要会能把被给让对向再先"
                           "吗呢吧啊时上下中之其或及等而为以于从着过客户")
STOP_WORDS = frozenset("""
a an the and or but if then than that this these those there their them they you your yours we our us he his
she her it its to of in on at by for from with into onto about over under after before while when where which
what who whom whose why how is are was were be been being do does did doing have has had having will would
shall should can could may might must not no yes so as such very just also only even more most much many some
any each every all both either neither own same other another again once here please customer customers
""".split())
# Compiled once: the checks run these on every option of every bank.
CUE_PATTERNS = {cue: {family: re.compile(p, re.I) for family, p in words.items()} for cue, words in CUE_WORDS.items()}
RUDE_WORDS, POLITE_WORDS, NEGATION, ALL_OF_THE_ABOVE, POSITION_WORDS = (
    {family: re.compile(p, re.I) for family, p in words.items()}
    for words in (_RUDE, _POLITE, _NEGATION, _ABOVE, _POSITION)
)
TITLE_RE = re.compile(r"《([^》]+)》")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_CJK_CHARS = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s")
_WORD = re.compile(r"[a-z][a-z']+")
_NOT_WORD = re.compile(r"[\W_]+")


# -- findings --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """One lint finding: where, which check, the evidence and a fix (words from i18n)."""

    path: str
    line: int
    col: int
    code: str
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        """'error' for the checks in ERROR_CODES, else 'warning'."""
        return ERROR if self.code in ERROR_CODES else WARNING

    def sort_key(self) -> tuple[str, int, int, str]:
        """File, line, column, check: the order findings are printed in."""
        return (self.path, self.line, self.col, self.code)

    def parts(self, lang: str) -> tuple[str, str]:
        """The evidence and the fix, in `lang`."""
        from ..i18n import lint_parts

        return lint_parts(self.code, lang, self.args)

    def format(self, lang: str) -> str:
        """'file:line:col: severity [check]: evidence — fix' in `lang`."""
        from ..i18n import t

        evidence, fix = self.parts(lang)
        severity = t("severity." + self.severity, lang)
        return f"{self.path}:{self.line}:{self.col}: {severity} [{self.code}]: {evidence} — {fix}"

    def as_json(self, lang: str) -> dict[str, Any]:
        """The finding for `--format json`."""
        evidence, fix = self.parts(lang)
        return {"file": self.path, "line": self.line, "column": self.col, "severity": self.severity,
                "code": self.code, "evidence": evidence, "fix": fix,
                "question": self.args.get("question"), "bank": self.args.get("bank")}


@dataclass
class CoverageRow:
    """One heading of a manual with the rules and questions that cite it (its sub-headings included).

    Depth 0 is the manual itself, with how many of its headings are cited.
    """

    source: str
    depth: int
    heading: str
    line: int
    rules: int
    questions: int
    cited: int = 0  # depth 0 only: headings cited at all...
    headings: int = 0  # ...of this many

    def as_json(self) -> dict[str, Any]:
        """The row for `--format json`."""
        out: dict[str, Any] = {"source": self.source, "depth": self.depth, "heading": self.heading, "line": self.line,
               "rules": self.rules, "questions": self.questions}
        if self.depth == 0:
            out.update(cited=self.cited, headings=self.headings)
        return out


@dataclass
class LintReport:
    """Everything `bank lint` found, the per-bank figures behind the bank-level checks, and the coverage map."""

    findings: list[Finding] = field(default_factory=list)
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    coverage: list[CoverageRow] | None = None

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return len(self.findings) - self.errors

    def counts(self) -> dict[str, int]:
        """Findings per check code, for the summary and for before/after figures."""
        return dict(sorted(Counter(f.code for f in self.findings).items()))


# -- positions in the YAML -------------------------------------------------------------------------
_LANG_KEY = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
_NOT_LANGUAGE_KEYS = frozenset({"text", "feedback", "phrase", "unless", "accept", "reject"})


class Locator:
    """File positions of a bank's questions, rules and their parts, from the composed YAML.

    The file is composed on the first lookup only: a bank without findings is never read twice.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._root: Any = None
        self._tables: dict[str, dict[str, Any]] | None = None

    def _table(self, name: str) -> dict[str, Any]:
        if self._tables is None:
            self._tables = {"questions": {}, "rules": {}, "sources": {}}
            self._compose()
        return self._tables[name]

    def _compose(self) -> None:
        import yaml
        from yaml.nodes import MappingNode

        from . import yamlsafe

        assert self._tables is not None
        try:
            data = Path(self.path).read_bytes()
        except OSError:
            return
        text = yamlsafe.decode(data, _ignore)
        # The file passed validation (tags, aliases and depth checked by yamlsafe), and composing
        # constructs nothing; the base loader skips type resolution, which positions do not need.
        root = yaml.compose(text, Loader=_BaseLoader) if text is not None else None
        if not isinstance(root, MappingNode):
            return
        self._root = root
        for name, table in self._tables.items():
            for item in _seq(_get(root, name)):
                ident = _get(item, "id")
                if ident is not None and isinstance(getattr(ident, "value", None), str):
                    table.setdefault(ident.value, item)

    def bank(self) -> tuple[int, int]:
        """Where the bank's `bank:` key is."""
        self._table("questions")
        if self._root is None or not self._root.value:
            return 1, 1
        return _pos(self._root.value[0][0])

    def question(self, qid: str, name: str | None = None, index: int | None = None, lang: str | None = None,
                 side: int | None = None) -> tuple[int, int]:
        """Where a question (or one of its texts: `name`, list `index`, pair `side`, language) is."""
        return _pos(self._part(self._table("questions").get(qid), name, index, lang, side))

    def rule(self, rid: str, name: str | None = None, lang: str | None = None) -> tuple[int, int]:
        """Where a rule (or one of its fields, in a language) is."""
        return _pos(self._part(self._table("rules").get(rid), name, None, lang, None))

    def source(self, sid: str) -> tuple[int, int] | None:
        """Where a bank's source entry is, if it has one."""
        node = self._table("sources").get(sid)
        return _pos(node) if node is not None else None

    @staticmethod
    def _part(node: Any, name: str | None, index: int | None, lang: str | None, side: int | None) -> Any:
        if node is None or name is None:
            return node
        part = _get(node, name)
        if part is None:
            return node
        if index is not None:
            part = _item(part, index, lang)
        if side is not None:
            seq = _seq(part)
            part = seq[side] if side < len(seq) else part
        text = _get(part, "text")
        if text is not None:
            part = text
        return _in_language(part, lang)


try:
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _BaseLoader  # type: ignore[assignment]


def _ignore(*_: Any, **__: Any) -> None:
    """Composition problems were reported by validation already."""


def _get(node: Any, key: str) -> Any:
    from yaml.nodes import MappingNode, ScalarNode

    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


def _seq(node: Any) -> list[Any]:
    from yaml.nodes import SequenceNode

    return list(node.value) if isinstance(node, SequenceNode) else []


def _is_language_map(node: Any) -> bool:
    from yaml.nodes import MappingNode, ScalarNode

    return (isinstance(node, MappingNode) and bool(node.value)
            and all(isinstance(k, ScalarNode) and _LANG_KEY.match(k.value) and k.value not in _NOT_LANGUAGE_KEYS
                    for k, _ in node.value))


def _in_language(node: Any, lang: str | None) -> Any:
    if not _is_language_map(node):
        return node
    pairs = [(k.value.lower(), v) for k, v in node.value]
    if lang is not None:
        for code, value in pairs:
            if code == lang.lower():
                return value
        for code, value in pairs:
            if code.split("-")[0] == lang.lower().split("-")[0]:
                return value
    return pairs[0][1]


def _item(node: Any, index: int, lang: str | None) -> Any:
    from yaml.nodes import SequenceNode

    part = _in_language(node, lang) if _is_language_map(node) else node
    if isinstance(part, SequenceNode):
        return part.value[index] if index < len(part.value) else part
    return part


def _pos(node: Any) -> tuple[int, int]:
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


# -- text helpers ----------------------------------------------------------------------------------
def _family(lang: str) -> str:
    """Which word lists a language uses: 'zh' for any Chinese, 'en' for the rest."""
    return "zh" if lang[:2].lower() == "zh" else "en"


def reading_units(text: str) -> float:
    """Length as a reader takes it in: a Chinese character counts 1, three other letters or digits count 1."""
    cjk = len(_CJK_CHARS.findall(text))
    other = len(text) - cjk - len(_SPACES.findall(text))
    return cjk + other / 3


def _without_titles(text: str) -> str:
    return TITLE_RE.sub(" ", text)


@lru_cache(maxsize=16384)  # the same prompts and options are read by several checks
def content_words(text: str, lang: str) -> frozenset[str]:
    """The words that carry meaning: Chinese character pairs without particles, English words of 4+ letters."""
    text = unicodedata.normalize("NFKC", _without_titles(text))
    if _family(lang) == "zh":
        out: set[str] = set()
        for run in _CJK.findall(text):
            out.update(run[i:i + 2] for i in range(len(run) - 1)
                       if run[i] not in FUNCTION_CHARS and run[i + 1] not in FUNCTION_CHARS)
        return frozenset(out)
    words = (w.strip("'") for w in _WORD.findall(text.lower()))
    return frozenset(_stem(w) for w in words if len(w) >= 4 and w not in STOP_WORDS)


def _content_chars(text: str, lang: str) -> frozenset[str]:
    """Single meaningful characters (Chinese) or words (other languages), for match pairs."""
    if _family(lang) == "zh":
        return frozenset(c for run in _CJK.findall(text) for c in run if c not in FUNCTION_CHARS)
    return content_words(text, lang)


def _stem(word: str) -> str:
    """A crude English stem, enough to see "printed" and "prints" as one word."""
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) >= 7:
        return word[:-3]
    if word.endswith("ed") and len(word) >= 6:
        return word[:-1] if word[-3] == "u" or word[-3] == "e" else word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) >= 5:
        return word[:-1]
    return word


def _as_written(stems: Iterable[str], text: str, lang: str) -> list[str]:
    """Content words as the text spells them (Chinese pairs are already as written)."""
    if _family(lang) == "zh":
        return sorted(stems)
    wanted = set(stems)
    seen: dict[str, str] = {}
    for word in _WORD.findall(unicodedata.normalize("NFKC", text).lower()):
        stem = _stem(word.strip("'"))
        if stem in wanted:
            seen.setdefault(stem, word.strip("'"))
    return sorted(seen.get(stem, stem) for stem in wanted)


def _grams(text: str, lang: str) -> set[str]:
    """3-grams for the verbatim check: of characters in Chinese, of words otherwise."""
    text = unicodedata.normalize("NFKC", text)
    if _family(lang) == "zh":
        out: set[str] = set()
        for run in _CJK.findall(text):
            out.update(run[i:i + 3] for i in range(len(run) - 2))
        return out
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}


def _normal(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _hits(pattern: re.Pattern[str], text: str) -> list[str]:
    return [m.group() for m in pattern.finditer(text)]


def _negation(text: str, start: int, family: str) -> str | None:
    """The word negating a word at `start` within its clause ("不硬往里挤", "without pushing"), if any."""
    clause_start = max(text.rfind(mark, 0, start) for mark in "，,。；;：:、！!？?") + 1
    before = text[clause_start:start]
    if family == "zh":
        found = NEGATION["zh"].search(before[-6:])
    else:
        found = NEGATION["en"].search(" ".join(before.split()[-4:]))
    return found.group() if found else None


def tone(text: str, lang: str) -> tuple[int, list[str]]:
    """+1 polite, -1 rude, 0 neither, and the words that decided it (negated rude words sound polite)."""
    family = _family(lang)
    score, words = 0, []
    for pattern, sign in ((RUDE_WORDS[family], -1), (POLITE_WORDS[family], +1)):
        for match in pattern.finditer(text):
            negation = _negation(text, match.start(), family)
            score += -sign if negation else sign
            words.append(f"{negation}…{match.group()}" if negation else match.group())
    return (score > 0) - (score < 0), words


# Numbers for the translation check: digits, Chinese numerals before a measure word or after 第,
# and English number words. One is left out (一/a/one are articles as often as numbers).
_CN_VALUES = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MEASURE = ("个声次分秒小时天日周年种颗枚米厘公步遍位名份寸条项粒成倍点篇章节层楼张句套家"
            "指拳本类晚款件通者原部段字人户到至或")
_IDIOMS = ("十分", "万分", "三天两头", "四周", "四处", "一五一十", "八字", "三思", "九折", "十足", "百分之百",
           "三番五次", "七嘴八舌", "一视同仁", "让三分")
_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
               "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
               "hundred": 100, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
               "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}


_MAYBE_CHINESE_NUMBER = re.compile(r"[\d两二三四五六七八九十]")
_IDIOM_RE = re.compile("(?:" + "|".join(_IDIOMS) + ")(?!钟)")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_CN_NUMERAL = re.compile(r"(第)?([两二三四五六七八九十]+)")
_DISCOUNT = re.compile(r"\d+\s*% off")
_LETTERS = re.compile(r"[a-z]+")


def numbers_in(text: str, lang: str) -> set[float]:
    """The numbers a text states (see `_MEASURE`, `_EN_NUMBERS`), 1 and 0 left out."""
    from .manuals import cn_number

    text = unicodedata.normalize("NFKC", text)
    out: set[float] = set()
    chinese = _family(lang) == "zh"
    if chinese and not _MAYBE_CHINESE_NUMBER.search(text):
        return out  # most texts state no number: decided by one search
    if chinese:
        text = _IDIOM_RE.sub(" ", text)
        out.update(float(x) for x in _DIGITS.findall(text))
        for match in _CN_NUMERAL.finditer(text):
            following = text[match.end():match.end() + 1]
            if match.group(1) or (following and following in _MEASURE):
                value = cn_number(match.group(2).replace("两", "二"))
                if value is not None:
                    out.add(float(value))
    else:
        if "%" in text:
            text = _DISCOUNT.sub(" ", text)  # a discount: 九折 is "10% off"
        out.update(float(x) for x in _DIGITS.findall(text))
        out.update(float(_EN_NUMBERS[w]) for w in _LETTERS.findall(text.lower()) if w in _EN_NUMBERS)
    return out - {0.0, 1.0}


def _shown_number(value: float) -> str:
    return f"{value:g}"


# -- the checks ------------------------------------------------------------------------------------
@dataclass
class _Bank:
    """A bank being linted, with where it is in its file."""

    bank: Bank
    path: str
    where: Locator

    @property
    def languages(self) -> list[str]:
        seen = dict.fromkeys([self.bank.language])
        for question in self.bank.questions:
            seen.update(dict.fromkeys(question.prompt.languages))
        return list(seen)


class _Linter:
    def __init__(self, banks: list[_Bank], manuals: dict[str, Any] | None) -> None:
        self.banks = banks
        self.manuals = manuals
        self.report = LintReport()
        self._located: dict[tuple[str, str], Any] = {}
        self._silenced: set[tuple[str, str, str]] = set()  # (bank, question or "", check) that silenced something

    def add(self, entry: _Bank, at: tuple[int, int], code: str, **args: Any) -> None:
        args.setdefault("bank", entry.bank.id)
        question = args.get("question")
        if isinstance(question, str):
            found = next((q for q in entry.bank.questions if q.id == question), None)
            if found is not None and code in found.lint_ignore:
                self._silenced.add((entry.bank.id, question, code))
                return
        if code in entry.bank.lint_ignore:
            self._silenced.add((entry.bank.id, "", code))
            return
        self.report.findings.append(Finding(entry.path, at[0], at[1], code, args))

    def silencing(self) -> None:
        """A `lint: {ignore}` naming an unknown check, or one that silenced nothing, is itself a finding."""
        from ..i18n import LINT

        for entry in self.banks:
            owners = [("", entry.bank.lint_ignore)] if entry.bank.lint_ignore else []
            owners += [(q.id, q.lint_ignore) for q in entry.bank.questions if q.lint_ignore]
            for question, codes in owners:
                where = entry.where.question(question, "lint") if question else entry.where.bank()
                for code in codes:
                    args = {"check": code} | ({"question": question} if question else {})
                    if code not in LINT:
                        self.report.findings.append(Finding(entry.path, *where, "ignore-unknown", args))
                    elif (entry.bank.id, question, code) not in self._silenced:
                        self.report.findings.append(Finding(entry.path, *where, "ignore-unused", args))

    def run(self) -> LintReport:
        self.document_frequency = self._document_frequency()
        self.reference = self._reference_grams()
        for entry in self.banks:
            self.report.figures[entry.bank.id] = {"file": entry.path, "questions": len(entry.bank.questions)}
            for question in entry.bank.questions:
                self.question(entry, question)
            self.truefalse_balance(entry)
            for lang in entry.languages:
                self.length_bias(entry, lang)
                self.cue_words(entry, lang)
            for rule in entry.bank.rules:
                self.rule_numbers(entry, rule)
            if self.manuals is not None:
                self.sources(entry)
        self.titles()
        self.duplicates()
        self.phrase_conflicts()
        self.silencing()
        self.report.findings.sort(key=Finding.sort_key)
        return self.report

    # -- per question ------------------------------------------------------------------------------
    def question(self, entry: _Bank, question: Question) -> None:
        body = question.body
        if isinstance(body, ChoiceBody):
            self.key_longest(entry, question, body)
            self.stem_echo(entry, question, body)
            self.tone_split(entry, question, body)
            self.all_of_the_above(entry, question, body)
        elif isinstance(body, OrderBody):
            self.order_steps(entry, question, body)
        elif isinstance(body, MatchBody):
            self.match_pairs(entry, question, body)
        self.numbers(entry, question)

    def key_longest(self, entry: _Bank, question: Question, body: ChoiceBody) -> None:
        if not body.wrong:
            return
        for lang in question.prompt.languages:
            keys = [reading_units(c.text.get(lang)) for c in body.correct]
            wrong = [reading_units(c.text.get(lang)) for c in body.wrong]
            shortest_key, longest_wrong = min(keys), max(wrong)
            longer = shortest_key - longest_wrong
            if shortest_key >= KEY_LONGER_RATIO * longest_wrong and longer >= KEY_LONGER_MIN_EXTRA:
                self.add(entry, entry.where.question(question.id, "correct", 0, lang), "key-longest",
                         question=question.id, lang=lang, key=round(shortest_key), wrong=round(longest_wrong),
                         ratio=f"{shortest_key / longest_wrong:.1f}")
                return

    def stem_echo(self, entry: _Bank, question: Question, body: ChoiceBody) -> None:
        for lang in question.prompt.languages:
            frequency = self.document_frequency.get(_family(lang), Counter())
            limit = max(STEM_ECHO_MAX_SHARE * frequency.get("", 0), STEM_ECHO_MIN_COUNT)
            scenario = question.scenario.get(lang) if question.scenario else ""
            stem = content_words(question.prompt.get(lang) + " " + scenario, lang)
            wrong = set().union(*(content_words(c.text.get(lang), lang) for c in body.wrong)) if body.wrong else set()
            echoed: set[str] = set()
            for choice in body.correct:
                echoed |= (stem & content_words(choice.text.get(lang), lang)) - wrong
            echoed = {w for w in echoed if frequency[w] <= limit}
            if echoed:
                self.add(entry, entry.where.question(question.id, "prompt", None, lang), "stem-echo",
                         question=question.id, lang=lang, words=_as_written(echoed, question.prompt.get(lang), lang))
                return

    def tone_split(self, entry: _Bank, question: Question, body: ChoiceBody) -> None:
        if len(body.wrong) < 2:
            return
        for lang in question.prompt.languages:
            keys = [tone(c.text.get(lang), lang) for c in body.correct]
            wrong = [tone(c.text.get(lang), lang) for c in body.wrong]
            key_tones, wrong_tones = [k for k, _ in keys], [w for w, _ in wrong]
            strawman = (min(key_tones) >= 0 and max(wrong_tones) <= 0
                        and sum(w < 0 for w in wrong_tones) >= TONE_SHARE * len(wrong_tones))
            reverse = (max(key_tones) <= 0 and sum(k < 0 for k in key_tones) >= TONE_SHARE * len(key_tones)
                       and min(wrong_tones) >= 0 and sum(w > 0 for w in wrong_tones) >= TONE_SHARE * len(wrong_tones))
            if strawman or reverse:
                self.add(entry, entry.where.question(question.id, "wrong", 0, lang),
                         "tone-split" if reverse else "strawman", question=question.id, lang=lang,
                         key_words=sorted({w for _, ws in keys for w in ws}) or ["—"],
                         wrong_words=sorted({w for _, ws in wrong for w in ws}) or ["—"])
                return

    def all_of_the_above(self, entry: _Bank, question: Question, body: ChoiceBody) -> None:
        for name, group in (("correct", body.correct), ("wrong", body.wrong)):
            for index, choice in enumerate(group):
                for lang, text in choice.text.values:
                    found = _hits(ALL_OF_THE_ABOVE[_family(lang)], text)
                    if found:
                        self.add(entry, entry.where.question(question.id, name, index, lang), "all-of-the-above",
                                 question=question.id, text=text)
                        break

    def order_steps(self, entry: _Bank, question: Question, body: OrderBody) -> None:
        if len(body.steps) < ORDER_MIN_STEPS:
            self.add(entry, entry.where.question(question.id, "steps"), "order-few-steps",
                     question=question.id, count=len(body.steps), minimum=ORDER_MIN_STEPS)
        for lang in question.prompt.languages:
            cued = [(i, _hits(POSITION_WORDS[_family(lang)], step.get(lang))) for i, step in enumerate(body.steps)]
            cued = [(i, words) for i, words in cued if words]
            if cued:
                self.add(entry, entry.where.question(question.id, "steps", cued[0][0], lang), "order-position-cue",
                         question=question.id, lang=lang,
                         steps=[f"{i + 1}: {body.steps[i].get(lang)}" for i, _ in cued],
                         words=sorted({w.strip() for _, words in cued for w in words}))
                return

    def match_pairs(self, entry: _Bank, question: Question, body: MatchBody) -> None:
        for lang in question.prompt.languages:
            lefts = [_content_chars(p.left.get(lang), lang) for p in body.pairs]
            rights = [_content_chars(p.right.get(lang), lang) for p in body.pairs]
            decoys = [_content_chars(d.get(lang), lang) for d in body.decoys]
            solvable = []
            for i, pair in enumerate(body.pairs):
                others = set().union(*(w for j, w in enumerate(lefts) if j != i),
                                     *(w for j, w in enumerate(rights) if j != i), *decoys)
                shared = (lefts[i] & rights[i]) - others
                if shared:
                    solvable.append(f"{pair.left.get(lang)} → {pair.right.get(lang)} ({'/'.join(sorted(shared))})")
            if len(solvable) >= MATCH_ECHO_MIN_PAIRS:
                self.add(entry, entry.where.question(question.id, "pairs", None, lang), "match-echo",
                         question=question.id, lang=lang, pairs=solvable, count=len(solvable), total=len(body.pairs))
                break
        if len(body.decoys) < MATCH_MIN_DECOYS:
            self.add(entry, entry.where.question(question.id, "pairs"), "match-few-decoys",
                     question=question.id, count=len(body.decoys), minimum=MATCH_MIN_DECOYS)

    def numbers(self, entry: _Bank, question: Question) -> None:
        for name, index, side, text in _texts_with_place(question):
            where = partial(entry.where.question, question.id, name, index, side=side)
            self._numbers_agree(entry, text, where, name, question.id)

    def rule_numbers(self, entry: _Bank, rule: Rule) -> None:
        self._numbers_agree(entry, rule.text, lambda lang: entry.where.rule(rule.id, "text", lang), "rule", None,
                            rule=rule.id)

    def _numbers_agree(self, entry: _Bank, text: Text, where: Any, name: str, question: str | None,
                       **extra: Any) -> None:
        chinese = [(lang, value) for lang, value in text.values if _family(lang) == "zh"]
        others = [(lang, value) for lang, value in text.values if _family(lang) != "zh"]
        if not chinese or not others:
            return
        zh_lang, zh_text = chinese[0]
        expected = numbers_in(zh_text, zh_lang)
        for lang, value in others:
            got = numbers_in(value, lang)
            if got != expected:
                self.add(entry, where(lang), "number-mismatch", question=question, field=name, lang=lang,
                         zh_numbers=[_shown_number(n) for n in sorted(expected)] or ["—"],
                         other_numbers=[_shown_number(n) for n in sorted(got)] or ["—"], **extra)

    # -- per bank ----------------------------------------------------------------------------------
    def truefalse_balance(self, entry: _Bank) -> None:
        answers = [q.body.answer for q in entry.bank.questions if isinstance(q.body, TrueFalseBody)]
        true = sum(answers)
        entry_figures = self.report.figures[entry.bank.id]
        entry_figures["truefalse"] = {"true": true, "false": len(answers) - true}
        if len(answers) < TRUEFALSE_MIN_ITEMS:
            return
        share = true / len(answers)
        if not TRUE_SHARE_LOW <= share <= TRUE_SHARE_HIGH:
            self.add(entry, entry.where.bank(), "truefalse-balance", true=true, false=len(answers) - true,
                     share=round(100 * share), low=round(100 * TRUE_SHARE_LOW), high=round(100 * TRUE_SHARE_HIGH))

    def length_bias(self, entry: _Bank, lang: str) -> None:
        observed = expected = 0.0
        items = 0
        for question in entry.bank.questions:
            body = question.body
            if not isinstance(body, ChoiceBody) or not body.wrong or lang not in question.prompt.languages:
                continue
            lengths = [(reading_units(c.text.get(lang)), True) for c in body.correct]
            lengths += [(reading_units(c.text.get(lang)), False) for c in body.wrong]
            longest = max(length for length, _ in lengths)
            tied = [is_key for length, is_key in lengths if length == longest]
            observed += sum(tied) / len(tied)
            expected += len(body.correct) / len(lengths)
            items += 1
        if not items:
            return
        observed, expected = observed / items, expected / items
        self.report.figures[entry.bank.id].setdefault("longest_is_key", {})[lang] = {
            "items": items, "share": round(observed, 3), "chance": round(expected, 3)}
        if items >= LENGTH_BIAS_MIN_ITEMS and abs(observed - expected) > LENGTH_BIAS_MAX:
            self.add(entry, entry.where.bank(), "key-length-bias", lang=lang, items=items,
                     share=round(100 * observed), chance=round(100 * expected),
                     direction="often" if observed > expected else "rarely")

    def cue_words(self, entry: _Bank, lang: str) -> None:
        family = _family(lang)
        Place = tuple[str, str, int]  # question, field, index: turned into a line only if reported
        sides: dict[str, dict[str, list[tuple[str, Place]]]] = defaultdict(lambda: {"key": [], "wrong": []})
        options = {"key": 0, "wrong": 0}
        for question in entry.bank.questions:
            body = question.body
            if not isinstance(body, ChoiceBody) or lang not in question.prompt.languages:
                continue
            for side, name, group in (("key", "correct", body.correct), ("wrong", "wrong", body.wrong)):
                for index, choice in enumerate(group):
                    text = choice.text.get(lang)
                    options[side] += 1
                    place = (question.id, name, index)
                    for cue, patterns in CUE_PATTERNS.items():
                        for word in _hits(patterns[family], text):
                            sides[cue][side].append((word.lower(), place))
                    grams = _grams(text, lang)
                    if len(grams) >= VERBATIM_MIN_GRAMS and (
                            len(grams & self.reference.get(family, set())) >= VERBATIM_COVERAGE * len(grams)):
                        sides["verbatim"][side].append(("", place))
        figures = self.report.figures[entry.bank.id].setdefault("cues", {})
        for cue, found in sides.items():
            per_side = {side: {place for _, place in found[side]} for side in ("key", "wrong")}
            count = {side: len(per_side[side]) for side in per_side}
            figures.setdefault(cue, {})[lang] = {"keys": count["key"], "distractors": count["wrong"],
                                                 "key_options": options["key"], "distractor_options": options["wrong"]}
            rate = {side: count[side] / options[side] if options[side] else 0.0 for side in count}
            for side, other in (("key", "wrong"), ("wrong", "key")):
                if count[side] >= CUE_MIN_OPTIONS and rate[other] <= CUE_OTHER_SIDE * rate[side]:
                    words = [w for w, _ in Counter(w for w, _ in found[side]).most_common(6) if w]
                    self.add(entry, entry.where.bank(), f"cue-{cue}", lang=lang, side=side, count=count[side],
                             options=options[side], other=count[other], other_options=options[other],
                             words=words or ["—"],
                             lines=sorted(entry.where.question(q, n, i, lang)[0] for q, n, i in per_side[side])[:8])

    # -- across banks ------------------------------------------------------------------------------
    def _document_frequency(self) -> dict[str, Counter[str]]:
        """How many prompts and options use each content word, per language family ("" holds the total)."""
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for entry in self.banks:
            for question in entry.bank.questions:
                texts = [question.prompt]
                if isinstance(question.body, ChoiceBody):
                    texts += [c.text for c in question.body.correct + question.body.wrong]
                for text in texts:
                    for lang, value in text.values:
                        counter = out[_family(lang)]
                        counter[""] += 1
                        counter.update(content_words(value, lang))
        return out

    def _reference_grams(self) -> dict[str, set[str]]:
        """3-grams of the rules (and quotes and manuals): what "verbatim" wording is measured against."""
        out: dict[str, set[str]] = defaultdict(set)
        for entry in self.banks:
            for rule in entry.bank.rules:
                for text in (rule.text, rule.quote):
                    for lang, value in (text.values if text else ()):
                        out[_family(lang)] |= _grams(value, lang)
        for manual in (self.manuals or {}).values():
            out["zh"] |= _grams(manual.text, "zh")
        return out

    def duplicates(self) -> None:
        from rapidfuzz import fuzz, process

        groups: dict[str, list[tuple[_Bank, Question]]] = defaultdict(list)
        for entry in self.banks:
            for question in entry.bank.questions:
                groups[question.type].append((entry, question))
        for qtype, members in groups.items():
            if len(members) < 2:
                continue
            prompts = [_normal(_stem_text(q)) for _, q in members]
            answers = [_normal(_answer_text(q)) for _, q in members]
            statement = qtype == "truefalse"
            cutoff = DUPLICATE_STATEMENT if statement else DUPLICATE_PROMPT
            for i in range(len(members) - 1):
                # extract, not cdist: cdist answers with a numpy array, and importing numpy costs more than lint.
                similar = process.extract(prompts[i], prompts[i + 1:], scorer=fuzz.ratio, score_cutoff=cutoff,
                                          limit=None)
                for _, prompt_score, offset in similar:
                    self._duplicate(members[i], members[i + 1 + offset], prompts, answers, i, i + 1 + offset,
                                    prompt_score, statement)

    def _duplicate(self, earlier: tuple[_Bank, Question], later: tuple[_Bank, Question], prompts: list[str],
                   answers: list[str], i: int, j: int, prompt_score: float, statement: bool) -> None:
        """Report a later question whose prompt is like an earlier one's, if their answers are alike too."""
        from rapidfuzz import fuzz

        (first_entry, first), (entry, question) = earlier, later
        key_score = fuzz.ratio(answers[i], answers[j])
        if key_score < (100 if statement else DUPLICATE_KEY):
            return
        exact = prompts[i] == prompts[j] and answers[i] == answers[j]
        line = first_entry.where.question(first.id)[0]
        self.add(entry, entry.where.question(question.id), "duplicate-question" if exact else "near-duplicate",
                 question=question.id, other=first.key, where=f"{first_entry.path}:{line}",
                 prompt=round(prompt_score), answer=round(key_score))

    def phrase_conflicts(self) -> None:
        scripts = [(entry, q) for entry in self.banks for q in entry.bank.questions if isinstance(q.body, ScriptBody)]
        said = [[(place, text, _Said(text)) for place, text in _said_in(q.body)] for _, q in scripts]  # type: ignore[arg-type]
        everything = _Said("\n".join(text for texts in said for _, text, _ in texts))
        for entry, question in scripts:
            body: ScriptBody = question.body  # type: ignore[assignment]
            for index, forbidden in enumerate(body.never):
                unless = [_Said(u) for u in (forbidden.unless.all_values() if forbidden.unless else ())]
                for phrase in forbidden.phrase.all_values():
                    probe = _Phrase(phrase)
                    if not probe.found_in(everything):
                        continue  # said nowhere: the common case, decided once
                    for (other_entry, other), texts in zip(scripts, said, strict=True):
                        hit = next(((place, text) for place, text, form in texts if probe.found_in(form)
                                    and not any(probe.found_in(u) and _Phrase(u.raw).found_in(form) for u in unless)),
                                   None)
                        if hit is None:
                            continue
                        line = other_entry.where.question(other.id, hit[0])[0]
                        self.add(entry, entry.where.question(question.id, "never", index), "phrase-conflict",
                                 question=question.id, phrase=phrase, other=other.key, place=hit[0],
                                 said=_short(hit[1]), where=f"{other_entry.path}:{line}")
                        break

    # -- against the manuals -----------------------------------------------------------------------
    def sources(self, entry: _Bank) -> None:
        from .manuals import squeeze

        assert self.manuals is not None
        missing_reported: set[str] = set()
        for source in entry.bank.sources:
            if source.id not in self.manuals and source.id not in missing_reported:
                missing_reported.add(source.id)
                self.add(entry, entry.where.source(source.id) or entry.where.bank(), "source-file-missing",
                         source=source.id)
        for rule in entry.bank.rules:
            if not rule.source:
                continue
            source_id, _, section = rule.source.partition(" ")
            manual = self.manuals.get(source_id)
            if manual is None:
                if source_id not in missing_reported and not entry.bank.source(source_id):
                    missing_reported.add(source_id)
                    self.add(entry, entry.where.rule(rule.id, "source"), "source-file-missing", source=source_id)
                continue
            located = self.locate(source_id, section)
            if located.missing:
                self.add(entry, entry.where.rule(rule.id, "source"), "section-not-found", rule=rule.id,
                         source=source_id, section=section, parts=list(located.missing))
            if rule.quote is None:
                continue
            lang, quote = _original(rule.quote, entry.bank.language)
            if quote is None:
                continue
            at = manual.find_quote(quote)
            if at is None:
                heading = located.heading
                nearest = manual.nearest_passage(quote, heading.start if heading.parent else 0,
                                                 heading.end if heading.parent else None)
                self.add(entry, entry.where.rule(rule.id, "quote", lang), "quote-not-found", rule=rule.id,
                         source=source_id, quote=_short(quote), nearest=_short(nearest) or "—")
            elif section and not located.missing and located.heading.key[0] != "plain" and not any(
                    h.contains(at) or h.contains(at + len(squeeze(quote)) - 1) for h in located.headings):
                found_in = manual.section_at(at)
                self.add(entry, entry.where.rule(rule.id, "quote", lang), "quote-outside-section", rule=rule.id,
                         source=source_id, section=section, line=manual.line_of(at),
                         found=" ".join(h.name for h in found_in.ancestors() + [found_in]))

    def locate(self, source_id: str, section: str) -> Any:
        key = (source_id, section)
        if key not in self._located:
            self._located[key] = self.manuals[source_id].locate(section)  # type: ignore[index]
        return self._located[key]

    def titles(self) -> None:
        """Texts that name a manual (《…》) other than the one, or the part of it, their rules cite."""
        from .manuals import plain

        for entry in self.banks:
            source_titles = {s.id: [plain(v) for v in s.title.all_values()] for s in entry.bank.sources}
            rules = {r.id: r for r in entry.bank.rules}
            for rule in entry.bank.rules:
                self._title_check(entry, [rule], rule.text, source_titles, partial(entry.where.rule, rule.id, "text"),
                                  rule=rule.id)
            for question in entry.bank.questions:
                cited = [rules[r] for r in question.rules if r in rules]
                # Explanations may name other manuals to compare; rules and prompts say whose rule it is.
                for name in ("prompt", "scenario"):
                    text = getattr(question, name)
                    if text is not None and cited:
                        self._title_check(entry, cited, text, source_titles,
                                          partial(entry.where.question, question.id, name, None), question=question.id)

    def _title_check(self, entry: _Bank, rules: list[Rule], text: Text, source_titles: dict[str, list[str]],
                     where: Any, **args: Any) -> None:
        """A text whose manual titles all belong elsewhere (another manual named beside the cited one compares)."""
        for lang, value in text.values:
            verdicts = [self._title_verdict(named, rules, source_titles) for named in TITLE_RE.findall(value)]
            if any(verdict == "right" for verdict, _ in verdicts):
                continue
            wrong = next((found for verdict, found in verdicts if verdict == "wrong"), None)
            if wrong is not None:
                named, belongs, cited = wrong
                self.add(entry, where(lang), "title-mismatch", named=named, belongs=belongs, cited=cited, **args)
                return

    def _title_verdict(self, named: str, rules: list[Rule], source_titles: dict[str, list[str]]) -> tuple[str, Any]:
        """'right' (a cited document's or part's title), 'wrong' (another one's) or 'unknown', for one 《title》."""
        from .manuals import plain

        wanted = plain(named)
        if len(wanted) < 2:
            return "unknown", None
        wrong = None
        for rule in rules:
            source_id, _, section = (rule.source or "").partition(" ")
            parts = self._parts(source_id)
            cited_part = self._cited_part(source_id, section) if parts else None
            if cited_part is not None:
                if wanted == _bare_title(cited_part.title):
                    return "right", None
                others = [h for h in parts.values() if h is not cited_part and _bare_title(h.title) == wanted]
                if others:
                    wrong = wrong or (named, f"{others[0].label} 《{others[0].title}》",
                                      f"{cited_part.label} 《{_bare_title(cited_part.title, keep=True)}》")
                    continue
            if any(_title_in(wanted, t) for t in source_titles.get(source_id, [])):
                return "right", None
            elsewhere = [sid for sid, ts in source_titles.items()
                         if sid != source_id and any(_title_in(wanted, t) for t in ts)]
            if elsewhere:
                wrong = wrong or (named, elsewhere[0], source_id)
        return ("wrong", wrong) if wrong else ("unknown", None)

    def _parts(self, source_id: str) -> dict[int, Any]:
        manual = (self.manuals or {}).get(source_id)
        return manual.parts() if manual is not None else {}

    def _cited_part(self, source_id: str, section: str) -> Any:
        manual = self.manuals[source_id]  # type: ignore[index]
        return manual.part_of(self.locate(source_id, section).heading)


def _title_in(wanted: str, title: str) -> bool:
    """Whether a named title is a source's title or (four characters or more) part of it."""
    return wanted == title or (len(wanted) >= 4 and wanted in title)


def _bare_title(title: str, keep: bool = False) -> str:
    """A part's title without its bracketed remarks ("客户服务礼仪规范[范文模版]" -> 客户服务礼仪规范)."""
    from .manuals import plain

    bare = re.sub(r"[\[(（［【].*?[\])）］】]", "", title).strip(" .。")
    return bare if keep else plain(bare)


def _original(quote: Text, bank_language: str) -> tuple[str | None, str | None]:
    """The manual's own words of a quote: its Chinese text (the manuals are Chinese)."""
    for lang, value in quote.values:
        if _family(lang) == "zh":
            return lang, value
    return None, None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stem_text(question: Question) -> str:
    scenario = str(question.scenario) if question.scenario else ""
    return scenario + str(question.prompt)


def _answer_text(question: Question) -> str:
    """The keyed answer in the bank's language, for comparing questions."""
    body = question.body
    if isinstance(body, ChoiceBody):
        return "|".join(sorted(str(c.text) for c in body.correct))
    if isinstance(body, TrueFalseBody):
        return str(body.answer)
    if isinstance(body, OrderBody):
        return "|".join(str(s) for s in body.steps)
    if isinstance(body, FillBody):
        return "|".join(b.values[0][1][0] if b.values and b.values[0][1] else "" for b in body.blanks)
    if isinstance(body, ScriptBody):
        return str(body.model)
    if isinstance(body, MatchBody):
        return "|".join(f"{p.left}>{p.right}" for p in body.pairs)
    return ""


def _texts_with_place(question: Question) -> Iterator[tuple[str, int | None, int | None, Text]]:
    """Every text of a question with where it sits: (field, list index, pair side, text)."""
    yield "prompt", None, None, question.prompt
    if question.scenario:
        yield "scenario", None, None, question.scenario
    if question.explain:
        yield "explain", None, None, question.explain
    body = question.body
    if isinstance(body, ChoiceBody):
        for name, group in (("correct", body.correct), ("wrong", body.wrong)):
            for index, choice in enumerate(group):
                yield name, index, None, choice.text
    elif isinstance(body, OrderBody):
        for index, step in enumerate(body.steps):
            yield "steps", index, None, step
    elif isinstance(body, MatchBody):
        for index, pair in enumerate(body.pairs):
            yield "pairs", index, 0, pair.left
            yield "pairs", index, 1, pair.right
        for index, decoy in enumerate(body.decoys):
            yield "wrong", index, None, decoy
    elif isinstance(body, ScriptBody):
        yield "model", None, None, body.model


class _Said:
    """A text prepared for phrase lookups: letters and digits only (Chinese), and words (Latin)."""

    __slots__ = ("raw", "flat", "spaced")

    def __init__(self, text: str) -> None:
        folded = unicodedata.normalize("NFKC", text).casefold()
        self.raw = text
        self.flat = _NOT_WORD.sub("", folded)
        self.spaced = " " + _NOT_WORD.sub(" ", folded).strip() + " "


class _Phrase:
    """A phrase looked up as grading finds it: Latin words whole, Chinese anywhere."""

    __slots__ = ("flat", "words")

    def __init__(self, phrase: str) -> None:
        folded = unicodedata.normalize("NFKC", phrase).casefold()
        self.flat = _NOT_WORD.sub("", folded)
        words = _NOT_WORD.sub(" ", folded).split()
        latin = re.search(r"[a-z0-9]", folded) is not None
        # Texts are kept as their words between single spaces, so whole words are a substring test.
        self.words = " " + " ".join(words) + " " if latin and words else None

    def found_in(self, text: _Said) -> bool:
        """Whether the phrase occurs in a prepared text."""
        if self.words is not None:
            return self.words in text.spaced
        return bool(self.flat) and self.flat in text.flat


def phrase_in(phrase: str, text: str) -> bool:
    """Whether a phrase occurs in a text as grading would find it: Latin words whole, Chinese anywhere."""
    return _Phrase(phrase).found_in(_Said(text))


def _said_in(body: ScriptBody) -> Iterator[tuple[str, str]]:
    """What a script requires or models: ('must', variant) and ('model', answer)."""
    for group in body.must:
        for variant in group.all_values():
            yield "must", variant
    for _, model in body.model.values:
        yield "model", model


# -- coverage --------------------------------------------------------------------------------------
def coverage(banks: Sequence[Bank], manuals: dict[str, Any], located: Any) -> list[CoverageRow]:
    """Per manual and heading: how many rules and questions cite it or a heading under it."""
    rules_at: dict[int, set[str]] = defaultdict(set)
    questions_at: dict[int, set[str]] = defaultdict(set)
    for bank in banks:
        asked: dict[str, set[str]] = defaultdict(set)
        for question in bank.questions:
            for rule_id in question.rules:
                asked[rule_id].add(question.key)
        for rule in bank.rules:
            source_id, _, section = (rule.source or "").partition(" ")
            if source_id not in manuals or not section:
                continue
            place = located(source_id, section)
            for heading in place.headings:
                for node in [heading, *heading.ancestors()]:
                    rules_at[id(node)].add(f"{bank.id}/{rule.id}")
                    questions_at[id(node)].update(asked[rule.id])
    rows: list[CoverageRow] = []
    for source_id, manual in sorted(manuals.items()):
        rows.append(CoverageRow(source_id, 0, source_id, 1,
                                len({r for h in manual.root.children for r in rules_at[id(h)]}),
                                len({q for h in manual.root.children for q in questions_at[id(h)]}),
                                cited=sum(1 for h in manual.headings if rules_at[id(h)]),
                                headings=len(manual.headings)))
        _coverage_rows(manual.root, 1, source_id, rules_at, questions_at, rows)
    return rows


def _coverage_rows(node: Any, depth: int, source_id: str, rules_at: dict[int, set[str]],
                   questions_at: dict[int, set[str]], rows: list[CoverageRow]) -> None:
    for child in node.children:
        rows.append(CoverageRow(source_id, depth, child.name, child.line, len(rules_at[id(child)]),
                                len(questions_at[id(child)])))
        # Under an uncited heading everything is uncited, and a heading cited only as a whole
        # covers what is under it: either way its sub-headings add nothing to read.
        if any(rules_at[id(grandchild)] for grandchild in child.children):
            _coverage_rows(child, depth + 1, source_id, rules_at, questions_at, rows)


def format_coverage(rows: Sequence[CoverageRow], lang: str, titles: dict[str, str]) -> list[str]:
    """The coverage map as text lines: each manual, then its headings indented, with rules · questions."""
    from ..i18n import t

    lines = [t("lint.coverage.title", lang)]
    width = 64
    for row in rows:
        if row.depth == 0:
            title = titles.get(row.source)
            lines.append("")
            lines.append(t("lint.coverage.manual", lang, source=f"{row.source} 《{title}》" if title else row.source,
                           cited=row.cited, headings=row.headings))
            continue
        label = "  " * row.depth + row.heading
        figures = f"{row.rules:>4} · {row.questions:<4}" if row.rules else "   —"
        lines.append(f"{_pad(label, width)} {figures}  :{row.line}")
    return lines


def _pad(text: str, width: int) -> str:
    """Pad to a display width, Chinese characters counting two columns."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    if shown > width:
        while text and sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text) > width - 1:
            text = text[:-1]
        return text + "…" + " " * (width - 1 - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))
    return text + " " * (width - shown)


# -- entry points ----------------------------------------------------------------------------------
def lint_banks(banks: Iterable[tuple[str, Bank]], manuals: dict[str, Any] | None = None,
               with_coverage: bool = False) -> LintReport:
    """Lint banks given as (file path, bank); `manuals` (from `manuals.read_manuals`) adds the source checks."""
    entries = [_Bank(bank, path, Locator(path)) for path, bank in banks]
    linter = _Linter(entries, manuals)
    report = linter.run()
    if with_coverage and manuals is not None:
        report.coverage = coverage([e.bank for e in entries], manuals, linter.locate)
    return report


def lint_loaded(result: Any, manuals: dict[str, Any] | None = None, with_coverage: bool = False) -> LintReport:
    """Lint what `banks.load_paths` read: every valid bank; each file that failed validation is one finding."""
    from ..problems import ERROR as PROBLEM_ERROR

    banks = [(f.path, f.document) for f in result.files if isinstance(f.document, Bank)]
    report = lint_banks(banks, manuals, with_coverage)
    for f in result.files:
        errors = [p for p in f.problems if p.severity == PROBLEM_ERROR]
        if f.document is None and errors:
            first = errors[0]
            report.findings.append(Finding(f.path, first.line, first.col, "bank-invalid", {"count": len(errors)}))
    report.findings.sort(key=Finding.sort_key)
    return report
