"""GIFT, Moodle's text format, read and written as Moodle's own importer does (question/format/gift).

    // [id:ring-count]
    // [tag:接听]
    ::ring-count::电话铃响后，最迟应在第几声之内接听？{
        =三声
        ~五声#超过三声接起要先致歉。
        ####铃响三声之内必须接听。
    }

Questions are separated by blank lines; `//` lines are comments (Moodle reads `[id:…]` and
`[tag:…]` in them); `::name::` names a question; `\\` escapes `~ = # { } :` and writes `\\n`.
The answer block decides the type: `=a ~b ~c` single choice, `~%50%a ~%-50%b` multiple choice
(weights), `T`/`F` true-false, `=a =b` short answer (our `fill`, one blank), `=a -> b` matching,
`{}` an essay, `#` numerical (not carried), and Moodle's ordering plugin `{>…}` (our `order`).
Text without braces is a description and is passed over. Written from Moodle's documented
behaviour; there is no well-kept, permissively licensed GIFT library.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..banks.keys import ID_RE
from ..model import Bank, ChoiceBody, FillBody, MatchBody, OrderBody, Scoring, ScriptBody, TrueFalseBody
from .draft import Data, Draft, Origin, QuestionDraft, assign_question_ids, named_after_file, slug
from .markup import html_to_text

if TYPE_CHECKING:
    from .exporting import Exported

# Escaped specials become private-use characters while the question is taken apart.
_ESCAPES = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005", "~": "\ue006",
            "n": "\ue007"}
_RESTORE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_COMMENT_TOKEN = re.compile(r"\[(id|tag):((?:\\]|[^\]])+)\]")


def looks_like_gift(text: str) -> bool:
    """GIFT has answer blocks in braces ({=a ~b}, {T}) or ::names::."""
    return bool(re.search(r"^\s*::[^:\n]+::", text, re.M)
                or len(re.findall(r"\{[^{}]*(?:[=~][^{}]*|\s*(?:T|F|TRUE|FALSE)\s*)\}", text)) >= 1
                and not re.search(r"^\s*(?:答案|【答案】)", text, re.M))


def _protect(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPES:
            out.append(_ESCAPES[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(c, c) for c in text)


def _text(raw: str, html: bool) -> str:
    value = _restore(raw.strip())
    return html_to_text(value) if html else value.strip()


class _Block:
    """One question's text, with a way back from a position in it to a line of the file."""

    def __init__(self, start: int, lines: list[str]) -> None:
        self.start = start
        self.comments = "\n".join(line for line in lines if line.strip().startswith("//"))
        self.text = _protect("\n".join(" " if line.strip().startswith("//") else line for line in lines))

    def line(self, position: int) -> int:
        return self.start + self.text.count("\n", 0, max(0, position))


def _blocks(lines: list[str]) -> list[_Block]:
    out: list[_Block] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            out.append(_Block(start, current))
            current = []
    if current:
        out.append(_Block(start, current))
    return out


def read_gift(path: Path, shown: str) -> Draft:
    """A bank from a GIFT file."""
    from .csvfile import read_text_file

    draft = named_after_file(shown)
    text = read_text_file(path, draft)
    if text is None:
        return draft
    categories: list[str] = []
    category_of: dict[int, str] = {}
    names: set[str] = set()
    for block in _blocks(text.splitlines()):
        body = block.text.strip()
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            category = _restore(body[len("$CATEGORY:"):]).strip()
            categories.append(category)
            continue
        index = _question(draft, block, names)
        if index is not None and categories:
            category_of[index] = categories[-1]
    if categories:
        last = [c.rstrip("/").split("/")[-1].strip() for c in categories]
        draft.bank["title"] = last[0] or draft.bank["title"]
        if slug(last[0]):
            draft.bank["bank"] = slug(last[0])
        if len(set(categories)) > 1:  # several categories: each question keeps its own as a tag
            for index, category in category_of.items():
                data = draft.questions[index].data
                if data is not None:
                    data.setdefault("tags", []).append(category.rstrip("/").split("/")[-1].strip())
    if not draft.questions and not draft.problems:
        draft.error(draft.origin, "import-no-questions")
    assign_question_ids(draft)
    return draft


def _question(draft: Draft, block: _Block, names: set[str]) -> int | None:
    """One question block; returns its index among the draft's questions (None for a description)."""
    text = block.text
    at = Origin(draft.source, line=block.line(len(text) - len(text.lstrip())))
    question = QuestionDraft(None, at)
    data = _comments(block.comments, names)
    body = text.strip()
    if body.startswith("::") and body.find("::", 2) > 0:
        end = body.find("::", 2)
        name = _restore(body[2:end]).strip()
        body = body[end + 2:]
        candidate = name if ID_RE.match(name) else slug(name)
        if "id" not in data and candidate and candidate not in names:
            data["id"] = candidate
    if "id" in data:
        names.add(data["id"])
        question.fields[("id",)] = at
        question.known_id = data["id"]
    start, finish = body.find("{"), body.find("}")
    if start < 0 and finish < 0:
        draft.warn(at, "import-gift-description")
        return None
    index = draft.add_question(question)
    if start < 0 or finish < 0 or finish < start:
        draft.error(at, "import-gift-braces", index)
        return index
    answer_at = Origin(draft.source, line=block.line(text.find(body[start:start + 20])))
    answer, explain = body[start + 1:finish].strip(), ""
    if "####" in answer:
        answer, explain = answer[:answer.rindex("####")].strip(), answer[answer.rindex("####") + 4:]
    kind = _kind(answer)
    if kind in ("essay", "numerical"):
        draft.error(answer_at, "import-gift-essay" if kind == "essay" else "import-gift-numerical", index)
        return index
    html, prompt = _prompt(body[:start], body[finish + 1:], kind)
    if explain.strip():
        data["explain"] = _text(explain, html)
    result = _BUILDERS[kind](draft, answer, html, answer_at, index)
    if result is not None:
        qtype, fields = result
        question.data = {**data, "type": qtype, "prompt": prompt, **fields}
        question.fields.update({(key,): answer_at for key in ("type", "explain", *fields)})
        question.fields[("prompt",)] = at
    return index


def _comments(comments: str, names: set[str]) -> dict[str, Any]:
    """The id and tags Moodle reads in a question's comment lines: // [id:…] // [tag:…]."""
    data: dict[str, Any] = {}
    for kind, value in _COMMENT_TOKEN.findall(comments):
        value = value.replace("\\]", "]").strip()
        if kind == "id" and ID_RE.match(value) and value not in names:
            data["id"] = value
        elif kind == "tag":
            data.setdefault("tags", []).append(value)
    return data


def _prompt(before: str, after: str, kind: str) -> tuple[bool, str]:
    """Whether the text is HTML, and the prompt: with ___ where the answer block stood mid-sentence."""
    fmt = _FORMAT.match(before)
    html = bool(fmt) and fmt.group(1).lower() == "html"  # type: ignore[union-attr]
    before = before[fmt.end():] if fmt else before
    if not after.strip():
        prompt = _text(before, html)
        return html, _with_blank(prompt, "", False) if kind == "shortanswer" else prompt
    # The missing-word form; the spaces on either side of the blank belong to the sentence.
    prompt, suffix = _restore(before).lstrip(), _restore(after).rstrip()
    if html:
        prompt = html_to_text(prompt) + (" " if prompt.endswith(" ") else "")
        suffix = (" " if suffix.startswith(" ") else "") + html_to_text(suffix)
    return html, prompt + "___" + suffix


def _kind(answer: str) -> str:
    """The question type of an answer block, decided as Moodle decides it."""
    if answer == "":
        return "essay"
    if answer.startswith(">"):
        return "ordering"
    if answer.startswith("#"):
        return "numerical"
    if "~" in answer:
        return "multichoice"
    if "=" in answer and "->" in answer:
        return "match"
    head = answer.split("#", 1)[0].strip() if answer.find("#") > 0 else answer
    if head in ("T", "TRUE", "F", "FALSE"):
        return "truefalse"
    return "shortanswer"


def _with_blank(prompt: str, suffix: str, missing_word: bool) -> str:
    """A short-answer prompt with its blank where the answer block was (or at the end)."""
    if missing_word:
        return prompt + "___" + suffix
    if re.search(r"_{3,}", prompt):
        return prompt
    return prompt + (" ___" if prompt[-1:].isascii() and prompt[-1:].isalnum() else "___")


def _split_feedback(item: str, html: bool) -> tuple[str, str]:
    text, _, feedback = item.partition("#")
    return _text(text, html), _text(feedback, html) if feedback.strip() else ""


def _choice(draft: Draft, answer: str, html: bool, at: Origin, index: int) -> tuple[str, Data] | None:
    single = "=" in answer
    items = [a.strip() for a in answer.replace("=", "~=").split("~")]
    items = items[1:] if items and not items[0] else items
    weighted = []
    for item in items:
        if item.startswith("="):
            weight, item = 1.0, item[1:]
        else:
            found = _WEIGHT.match(item)
            weight = float(found.group(1)) / 100 if found else 0.0
            item = item[found.end():] if found else item
        weighted.append((weight, *_split_feedback(item, html)))
    if len(weighted) < 2:
        draft.error(at, "import-gift-too-few", index)
        return None

    def choice(text: str, feedback: str) -> Any:
        return {"text": text, "feedback": feedback} if feedback else text

    if single:
        right = [w for w in weighted if w[0] >= 0.999]
        if len(right) != 1:
            draft.error(at, "import-gift-single-several", index, count=len(right))
            return None
        if any(0 < w[0] < 0.999 for w in weighted):
            draft.warn(at, "import-gift-partial", index)
        wrong = [choice(t, f) for w, t, f in weighted if w < 0.999]
        return "single", {"correct": choice(right[0][1], right[0][2]), "wrong": wrong}
    correct = [(w, t, f) for w, t, f in weighted if w > 0]
    if not correct:
        draft.error(at, "import-gift-no-correct", index)
        return None
    k = len(correct)
    if any(abs(w - 1 / k) > 0.01 for w, _, _ in correct) or any(w < 0 and abs(w + 1 / k) > 0.01 or w == 0
                                                                 for w, _, _ in weighted if w <= 0):
        draft.warn(at, "import-gift-weights", index, count=k)
    return "multi", {"correct": [choice(t, f) for _, t, f in correct],
                     "wrong": [choice(t, f) for w, t, f in weighted if w <= 0]}


def _truefalse(draft: Draft, answer: str, html: bool, at: Origin, index: int) -> tuple[str, Data]:
    parts = answer.split("#", 2)
    if any(p.strip() for p in parts[1:]):
        draft.warn(at, "import-gift-feedback-lost", index)
    return "truefalse", {"answer": parts[0].strip() in ("T", "TRUE")}


def _match(draft: Draft, answer: str, html: bool, at: Origin, index: int) -> tuple[str, Data] | None:
    items = [a.strip() for a in answer.split("=")]
    items = items[1:] if items and not items[0] else items
    pairs, decoys = [], []
    for item in items:
        if "->" not in item:
            draft.error(at, "import-match-arrow", index, value=_restore(item))
            return None
        left, right = item.split("->", 1)
        if left.strip():
            pairs.append([_text(left, html), _text(right, False)])
        else:
            decoys.append(_text(right, False))
    fields: dict[str, Any] = {"pairs": pairs}
    if decoys:
        fields["wrong"] = decoys
    return "match", fields


def _short(draft: Draft, answer: str, html: bool, at: Origin, index: int) -> tuple[str, Data] | None:
    items = [a.strip() for a in answer.split("=")]
    items = items[1:] if items and not items[0] else items
    accepted, dropped = [], 0
    for item in items:
        found = _WEIGHT.match(item)
        weight = float(found.group(1)) / 100 if found else 1.0
        text, feedback = _split_feedback(item[found.end():] if found else item, False)
        if weight >= 0.999 and text:
            accepted.append(text)
        else:
            dropped += 1
        if feedback:
            draft.warn(at, "import-gift-feedback-lost", index)
    if dropped:
        draft.warn(at, "import-gift-partial", index)
    if not accepted:
        draft.error(at, "import-gift-no-correct", index)
        return None
    return "fill", {"blanks": [accepted[0] if len(accepted) == 1 else accepted]}


def _ordering(draft: Draft, answer: str, html: bool, at: Origin, index: int) -> tuple[str, Data] | None:
    lines = [line.strip() for line in answer.splitlines()]
    settings, items = lines[0], [_text(line, html) for line in lines[1:] if line]
    steps: dict[str, Any] = {"steps": items}
    if re.search(r"ALL_OR_NOTHING", settings, re.I):
        steps["scoring"] = "all-or-nothing"
    return "order", steps


_BUILDERS = {"multichoice": _choice, "truefalse": _truefalse, "match": _match, "shortanswer": _short,
             "ordering": _ordering}


# -- writing ---------------------------------------------------------------------------------

_SPECIAL = str.maketrans({"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:",
                          "\n": "\\n", "\r": ""})


def escape(text: str) -> str:
    """A text with GIFT's special characters escaped, as Moodle's exporter writes it."""
    return text.translate(_SPECIAL)


def _moodle_weight(fraction: float) -> tuple[str, bool]:
    """A weight Moodle accepts (its list of grades), as GIFT writes it, and whether it is exact."""
    from .moodle import nearest_grade

    grade, exact = nearest_grade(fraction * 100)
    return f"{grade:g}" if grade == int(grade) else f"{grade:.5f}", exact


def write_gift(bank: Bank, path: str) -> Exported:
    """The bank as GIFT in its own language: what GIFT cannot carry is said once per question."""
    from ..paths import atomic_output
    from .exporting import Exported, Loss, bank_losses

    own = bank.language
    out = [f"// {bank.id}: {bank.title.get(own)}", f"$CATEGORY: $course$/top/{bank.title.get(own)}", ""]
    losses: list[Loss] = []
    written = 0
    for question in bank.questions:
        body = question.body
        if isinstance(body, OrderBody) or isinstance(body, FillBody) and len(body.blanks) > 1:
            losses.append(Loss(bank.id, question.id, ("order" if isinstance(body, OrderBody) else "fill-blanks",),
                               skipped=True))
            continue
        lost: list[str] = []
        lines = [f"// [id:{question.id}]"] + ["// [tag:" + tag.replace("]", "\\]") + "]" for tag in question.tags]
        prompt = question.prompt.get(own)
        if question.scenario is not None:
            prompt = question.scenario.get(own) + "\n" + prompt
            lost.append("scenario")
        head = f"::{escape(question.id)}::"
        explain = f"####{escape(question.explain.get(own))}" if question.explain is not None else ""
        if isinstance(body, ChoiceBody):
            items = []
            k = len(body.correct)
            if question.type.value == "multi":
                weight, exact = _moodle_weight(1 / k)
                if not exact:
                    lost.append("fraction")
                if body.scoring is Scoring.ALL_OR_NOTHING:
                    lost.append("all-or-nothing")
            from .table import choice_layout

            for group, i in choice_layout(question):
                choice = (body.correct if group == "c" else body.wrong)[i]
                mark = ("=" if group == "c" else "~") if question.type.value == "single" else \
                    (f"~%{weight}%" if group == "c" else f"~%-{weight}%")
                feedback = f"#{escape(choice.feedback.get(own))}" if choice.feedback is not None else ""
                items.append(f"\t{mark}{escape(choice.text.get(own))}{feedback}")
            block = head + escape(prompt) + "{\n" + "\n".join(items) + ("\n\t" + explain if explain else "") + "\n}"
        elif isinstance(body, TrueFalseBody):
            block = head + escape(prompt) + "{" + ("TRUE" if body.answer else "FALSE") + explain + "}"
        elif isinstance(body, FillBody):
            answers = " ".join("=" + escape(v) for v in body.blanks[0].get(own))
            before, blank, after = re.split(r"(_{3,})", prompt, maxsplit=1)
            if after.strip():
                block = head + escape(before) + "{" + answers + explain + "}" + escape(after)
            else:  # the blank ends the prompt: keep it visible, the answer box follows
                block = head + escape(before + blank + after) + "{" + answers + explain + "}"
        elif isinstance(body, MatchBody):
            items = [f"\t={escape(p.left.get(own))} -> {escape(p.right.get(own))}" for p in body.pairs]
            items += [f"\t= -> {escape(d.get(own))}" for d in body.decoys]
            block = head + escape(prompt) + "{\n" + "\n".join(items) + ("\n\t" + explain if explain else "") + "\n}"
        else:
            assert isinstance(body, ScriptBody)
            lost.append("script")
            block = head + escape(prompt) + "{" + explain + "}"
        if lost:
            losses.append(Loss(bank.id, question.id, tuple(lost)))
        out += lines + [block, ""]
        written += 1
    with atomic_output(path) as stream:
        stream.write("\n".join(out))
    return Exported(path, [bank.id], written,
                    bank_losses(bank, ("translations", "rules", "difficulty", "points", "examples")) + losses)
