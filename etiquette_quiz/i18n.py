"""Interface strings in Simplified Chinese and English.

`t(key, lang, **args)` renders an interface string; `problem_text` renders a validation
problem as "what is wrong — how to fix it". Bank content is not translated here: banks carry
their own translations.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("zh-CN", "en")


def ui_language(lang: str | None) -> str:
    """The interface language for a requested tag: Chinese for any 'zh*', English otherwise."""
    if lang and lang.lower().startswith("zh"):
        return "zh-CN"
    return "en"


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """The interface language from the locale variables (LC_ALL, LC_MESSAGES, LANG, LANGUAGE)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return ui_language(value.split(":")[0])
    return "en"


class _Formatter(string.Formatter):
    """str.format plus plural forms: `{count:question|questions}` reads "1 question", "3 questions"."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec and isinstance(value, int):
            one, many = format_spec.split("|", 1)
            return f"{value} {one if value == 1 else many}"
        return str(super().format_field(value, format_spec))


_FORMATTER = _Formatter()


def fill(template: str, args: Mapping[str, Any]) -> str:
    """A template with its placeholders (and plural forms) filled in.

    Text values pass the output gate (textsafe.visible_line): a file name, YAML key, trainee
    name or server reply quoted in a message cannot carry a terminal escape or a line break.
    """
    if not args:
        return template
    from .textsafe import visible_line

    safe = {name: visible_line(value) if isinstance(value, str) else value for name, value in args.items()}
    return _FORMATTER.vformat(template, (), safe)


def t(key: str, lang: str, /, **args: Any) -> str:
    """An interface string in `lang`, with its placeholders filled in."""
    entry = UI.get(key)
    if entry is None:
        raise KeyError(f"no interface string {key!r}")
    return fill(entry.get(ui_language(lang)) or entry["en"], args)


def _localised_args(lang: str, args: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(args)
    for name in ("expected", "got", "where"):
        value = out.get(name)
        if isinstance(value, str) and f"word.{value}" in UI:
            out[name] = t(f"word.{value}", lang)
    if isinstance(out.get("kind"), str) and f"noun.{out['kind']}" in UI:
        out["kind"] = t(f"noun.{out['kind']}", lang)
    if out.get("high") is None and "low" in out:
        out["range"] = t("word.at-least", lang, low=out["low"])
    elif "low" in out:
        out["range"] = f"{out['low']}–{out['high']}"
    return out


def problem_parts(code: str, lang: str, args: Mapping[str, Any]) -> tuple[str, str]:
    """The 'what is wrong' and 'how to fix it' halves of a validation message."""
    entry = PROBLEMS[code][ui_language(lang)]
    values = _localised_args(lang, args)
    what = fill(entry[0], values)
    fix = fill(entry[2] if len(entry) > 2 and values.get("suggestion") else entry[1], values)
    return what, fix


def problem_text(code: str, lang: str, args: Mapping[str, Any]) -> str:
    """A validation problem as 'what is wrong — how to fix it'."""
    what, fix = problem_parts(code, lang, args)
    return f"{what} — {fix}"


UI: dict[str, dict[str, str]] = {
    "list.sep": {"en": ", ", "zh-CN": "、"},
    "severity.error": {"en": "error", "zh-CN": "错误"},
    "severity.warning": {"en": "warning", "zh-CN": "警告"},
    "word.mapping": {"en": "a mapping (key: value lines)", "zh-CN": "键值表（key: value 形式）"},
    "word.list": {"en": "a list", "zh-CN": "列表"},
    "word.text": {"en": "text", "zh-CN": "文本"},
    "word.number": {"en": "a number", "zh-CN": "数字"},
    "word.boolean": {"en": "a true/false value", "zh-CN": "布尔值（true/false）"},
    "word.empty": {"en": "nothing", "zh-CN": "空值"},
    "word.question": {"en": "a question", "zh-CN": "题目"},
    "word.bank": {"en": "a bank", "zh-CN": "题库"},
    "word.exam": {"en": "an exam", "zh-CN": "考试"},
    "word.section": {"en": "an exam section", "zh-CN": "考试分段"},
    "word.source": {"en": "a source", "zh-CN": "来源"},
    "word.rule": {"en": "a rule", "zh-CN": "规则"},
    "word.matching": {"en": "the matching settings", "zh-CN": "匹配设置（matching）"},
    "word.examples": {"en": "the examples", "zh-CN": "示例（examples）"},
    "word.never": {"en": "a forbidden phrase", "zh-CN": "禁用语（never）"},
    "noun.question": {"en": "question", "zh-CN": "题目"},
    "noun.bank": {"en": "bank", "zh-CN": "题库"},
    "noun.exam": {"en": "exam", "zh-CN": "考试"},
    "noun.source": {"en": "source", "zh-CN": "来源"},
    "noun.rule": {"en": "rule", "zh-CN": "规则"},
    "word.at-least": {"en": "{low} or more", "zh-CN": "不小于 {low}"},
    "error.no-such-path": {
        "en": "{path}: no such file or folder — check the path and try again.",
        "zh-CN": "{path}：文件或文件夹不存在 — 请检查路径后重试。",
    },
    "error.prefix": {"en": "error", "zh-CN": "错误"},
    "error.bad-lang": {
        "en": "--lang {value}: unknown interface language — use zh-CN or en.",
        "zh-CN": "--lang {value}：不支持的界面语言 — 请使用 zh-CN 或 en。",
    },
    "error.banks-invalid": {
        "en": "{count:bank file has errors and was|bank files have errors and were} skipped ({files}) — run `etiquette-quiz bank validate` to see them.",
        "zh-CN": "有 {count} 个题库文件存在错误，已跳过（{files}）— 运行 `etiquette-quiz bank validate` 查看详情。",
    },
    "validate.ok": {
        "en": "OK: {files:file|files} checked — {banks:bank|banks}, {exams:exam|exams}, {questions:question|questions}.",
        "zh-CN": "通过：已检查 {files} 个文件 — {banks} 个题库、{exams} 套考试、{questions} 道题。",
    },
    "validate.summary": {
        "en": "{errors:error|errors}, {warnings:warning|warnings} in {files:file|files}.",
        "zh-CN": "共 {files} 个文件：{errors} 个错误，{warnings} 个警告。",
    },
    "validate.strict": {
        "en": "Warnings count as errors (--strict).",
        "zh-CN": "已启用 --strict：警告视为错误。",
    },
    "validate.none": {
        "en": "No bank or exam files found in {paths} — bank files end in .yaml or .yml.",
        "zh-CN": "在 {paths} 中没有找到题库或考试文件 — 文件名须以 .yaml 或 .yml 结尾。",
    },
    "stats.title.types": {"en": "Questions per bank and type", "zh-CN": "各题库题目数（按题型）"},
    "stats.title.levels": {"en": "Difficulty and rule coverage", "zh-CN": "难度分布与规则覆盖"},
    "stats.rules-uncovered": {"en": "Untested", "zh-CN": "无题规则"},
    "type.single": {"en": "single choice", "zh-CN": "单选"},
    "type.multi": {"en": "multiple choice", "zh-CN": "多选"},
    "type.truefalse": {"en": "true or false", "zh-CN": "判断"},
    "type.order": {"en": "put in order", "zh-CN": "排序"},
    "type.fill": {"en": "fill in", "zh-CN": "填空"},
    "type.script": {"en": "what to say", "zh-CN": "话术"},
    "type.match": {"en": "match up", "zh-CN": "配对"},
    "stats.bank": {"en": "Bank", "zh-CN": "题库"},
    "stats.total": {"en": "Total", "zh-CN": "合计"},
    "stats.rules": {"en": "Rules", "zh-CN": "规则"},
    "stats.difficulty": {"en": "Level {level}", "zh-CN": "难度{level}"},
    "stats.per-rule.title": {"en": "Questions per rule", "zh-CN": "每条规则的题目数"},
    "stats.rule": {"en": "Rule", "zh-CN": "规则"},
    "stats.questions": {"en": "Questions", "zh-CN": "题数"},
    "stats.uncovered": {
        "en": "Rules with no question: {rules}",
        "zh-CN": "没有题目的规则：{rules}",
    },
    "stats.all-covered": {"en": "Every rule has at least one question.", "zh-CN": "每条规则都至少有一道题。"},
    "stats.situational": {"en": "Situational", "zh-CN": "情景题"},
    # -- errors of the quiz commands --------------------------------------------------------
    "error.no-terminal": {
        "en": "the quiz needs an interactive terminal — run it in a terminal window, not with input piped or redirected.",
        "zh-CN": "答题需要交互式终端 — 请在终端窗口中直接运行，不要通过管道或重定向输入。",
    },
    "error.unknown-bank": {
        "en": "--bank {bank}: no loaded bank has this id (did you mean {suggestion}?) — loaded banks: {known}.",
        "zh-CN": "--bank {bank}：没有这个编号的题库（是不是 {suggestion}？）— 已加载的题库：{known}。",
    },
    "error.unknown-exam": {
        "en": "{exam}: no loaded exam has this id (did you mean {suggestion}?) — loaded exams: {known}.",
        "zh-CN": "{exam}：没有这个编号的考试（是不是 {suggestion}？）— 已加载的考试：{known}。",
    },
    "error.no-questions": {
        "en": "no question matches these options — loosen --bank, --tag, --type or --difficulty.",
        "zh-CN": "没有符合条件的题目 — 请放宽 --bank、--tag、--type 或 --difficulty。",
    },
    "error.no-exams": {
        "en": "no exam is loaded — add exam files with --banks DIR.",
        "zh-CN": "没有加载任何考试 — 请用 --banks DIR 加入考试文件。",
    },
    "error.nothing-to-resume": {
        "en": "{name} has no unfinished attempt — start one with `etiquette-quiz practice` or `etiquette-quiz exam`.",
        "zh-CN": "{name} 没有未完成的答题 — 可用 `etiquette-quiz practice` 或 `etiquette-quiz exam` 开始。",
    },
    "error.no-attempt": {
        "en": "no attempt starts with {attempt} — `etiquette-quiz resume` without an id lists yours.",
        "zh-CN": "没有以 {attempt} 开头的答题记录 — 不带编号运行 `etiquette-quiz resume` 可列出您的记录。",
    },
    "error.ambiguous-attempt": {
        "en": "{count} attempts start with {attempt} — type more characters of the id.",
        "zh-CN": "有 {count} 条答题记录以 {attempt} 开头 — 请多输入几位编号。",
    },
    "error.attempt-finished": {
        "en": "attempt {attempt} is already finished — see it with `etiquette-quiz history {attempt}`.",
        "zh-CN": "答题 {attempt} 已经完成 — 可用 `etiquette-quiz history {attempt}` 查看。",
    },
    "error.attempt-of-other": {
        "en": "attempt {attempt} belongs to {name} — resume it as that trainee (--trainee).",
        "zh-CN": "答题 {attempt} 属于 {name} — 请以该学员身份继续（--trainee）。",
    },
    "error.store-open": {
        "en": "cannot open the results store {path} ({reason}) — check the folder exists and is writable, or pass --db PATH.",
        "zh-CN": "无法打开成绩库 {path}（{reason}）— 请确认文件夹存在且可写，或用 --db 指定路径。",
    },
    "error.store-broken": {
        "en": "{path} is not a readable results store ({reason}) — pass another file with --db PATH.",
        "zh-CN": "{path} 不是可读取的成绩库（{reason}）— 请用 --db 指定其他文件。",
    },
    "error.store-newer": {
        "en": "{path} was written by a newer etiquette-quiz (schema {found}, this one knows {known}) — upgrade etiquette-quiz.",
        "zh-CN": "{path} 由更新版本的 etiquette-quiz 写入（结构版本 {found}，本版本只支持 {known}）— 请升级 etiquette-quiz。",
    },
    "error.config-unreadable": {
        "en": "cannot read the config file {path} ({reason}) — fix or delete it.",
        "zh-CN": "无法读取配置文件 {path}（{reason}）— 请修正或删除它。",
    },
    "error.config-syntax": {
        "en": "the config file {path} is not valid TOML ({reason}) — fix it or delete it to start over.",
        "zh-CN": "配置文件 {path} 不是有效的 TOML（{reason}）— 请修正，或删除后重新设置。",
    },
    "error.config-value": {
        "en": "the config file {path} has a wrong value for `{key}` — fix it or delete the line.",
        "zh-CN": "配置文件 {path} 中 `{key}` 的值不正确 — 请修正或删除这一行。",
    },
    "error.nothing-due": {
        "en": "nothing to review yet — questions you miss in practice or exams are scheduled here.",
        "zh-CN": "目前没有要复习的题 — 练习或考试中答错的题会安排到这里。",
    },
    "error.nothing-due-until": {
        "en": "nothing is due for review yet — the next review is due {when}.",
        "zh-CN": "目前没有到期的复习题 — 下一次复习时间：{when}。",
    },
    "error.trainee-ambiguous": {
        "en": "--trainee {name}: several trainees have this name (employee numbers: {numbers}) — give the employee number instead.",
        "zh-CN": "--trainee {name}：有多名同名学员（工号：{numbers}）— 请改用工号。",
    },
    "error.no-trainee": {
        "en": "no trainee is set up yet — run `etiquette-quiz` once in a terminal, or pass --trainee with the name "
              "or employee number of a trainee already set up.",
        "zh-CN": "还没有设置学员 — 请先在终端中运行一次 `etiquette-quiz`，或用 --trainee 指定已有学员的姓名或工号。",
    },
    "error.empty-name": {
        "en": "--trainee: the name is empty — give the trainee's name.",
        "zh-CN": "--trainee：姓名为空 — 请填写学员姓名。",
    },
    # -- first run ---------------------------------------------------------------------------
    "setup.welcome": {
        "en": "Welcome to etiquette-quiz. Let's set you up first.",
        "zh-CN": "欢迎使用服务礼仪练习工具。先做个简单的设置。",
    },
    "setup.name": {"en": "Your name:", "zh-CN": "您的姓名："},
    "setup.name-required": {"en": "Please type your name.", "zh-CN": "请输入姓名。"},
    "setup.employee-no": {"en": "Employee number (optional, Enter to skip):", "zh-CN": "工号（可选，直接回车跳过）："},
    "setup.saved": {"en": "Saved in {path}.", "zh-CN": "已保存到 {path}。"},
    # -- home menu ---------------------------------------------------------------------------
    "home.hello": {"en": "Hello, {name}.", "zh-CN": "{name}，您好！"},
    "home.what": {"en": "What would you like to do?", "zh-CN": "请选择："},
    "home.practice": {"en": "Practice", "zh-CN": "练习"},
    "home.exam": {"en": "Take an exam", "zh-CN": "参加考试"},
    "home.resume": {"en": "Resume an unfinished attempt ({count})", "zh-CN": "继续未完成的答题（{count}）"},
    "home.quit": {"en": "Quit", "zh-CN": "退出"},
    "home.review": {"en": "Review my mistakes ({count} due)", "zh-CN": "复习错题（{count} 道到期）"},
    "home.history": {"en": "My history", "zh-CN": "我的记录"},
    "home.back": {"en": "Press any key to go back to the menu…", "zh-CN": "按任意键返回菜单……"},
    "switch.who": {"en": "Who is training?", "zh-CN": "请选择学员："},
    "switch.new": {"en": "Someone new…", "zh-CN": "新学员……"},
    "review.start": {"en": "Review: {count:question|questions} due.", "zh-CN": "复习：{count} 道题到期。"},
    "review.fresh": {
        "en": "Some questions were changed by the trainer since you missed them; they start afresh.",
        "zh-CN": "部分错题已被培训师修改，将重新开始复习。",
    },
    "review.none-due": {"en": "Nothing is due for review.", "zh-CN": "目前没有到期的复习题。"},
    "review.due-list": {"en": "{count:question|questions} due for review:", "zh-CN": "共 {count} 道题到期待复习："},
    "review.leech": {"en": "  (leech)", "zh-CN": "  （顽固错题）"},
    "history.title": {"en": "History of {who}: {count:attempt|attempts}", "zh-CN": "{who} 的答题记录：共 {count} 次"},
    "history.everyone": {"en": "every trainee", "zh-CN": "全部学员"},
    "history.none": {"en": "No attempts yet.", "zh-CN": "还没有答题记录。"},
    "history.started": {"en": "Started", "zh-CN": "开始时间"},
    "history.trainee": {"en": "Trainee", "zh-CN": "学员"},
    "history.mode": {"en": "Mode", "zh-CN": "类型"},
    "history.what": {"en": "Exam / banks", "zh-CN": "考试 / 题库"},
    "history.score": {"en": "Score", "zh-CN": "得分"},
    "history.result": {"en": "Result", "zh-CN": "结果"},
    "history.time": {"en": "Time", "zh-CN": "用时"},
    "history.id": {"en": "Id", "zh-CN": "编号"},
    "history.passed": {"en": "passed", "zh-CN": "通过"},
    "history.failed": {"en": "failed", "zh-CN": "未通过"},
    "history.unfinished": {"en": "unfinished ({answered}/{total})", "zh-CN": "未完成（{answered}/{total}）"},
    "history.trend": {"en": "Exam scores, oldest to latest:", "zh-CN": "各考试成绩走势（从早到近）："},
    "history.best-of": {"en": "best {best} of {count:attempt|attempts}", "zh-CN": "{count} 次中最好 {best}"},
    "history.mastery": {
        "en": "Mastery per bank (right on the latest try, of the bank's questions):",
        "zh-CN": "各题库掌握程度（最近一次答对的题数 / 题库总题数）：",
    },
    "history.untouched": {"en": "Not practised yet: ", "zh-CN": "尚未练习的题库："},
    "history.leeches": {"en": "Leeches (missed 4 times or more): ", "zh-CN": "顽固错题（答错 4 次及以上）："},
    "history.due": {
        "en": "{count:question|questions} due for review — run `etiquette-quiz review`.",
        "zh-CN": "有 {count} 道错题到期待复习 — 运行 `etiquette-quiz review`。",
    },
    "history.next-due": {"en": "Next review due {when}.", "zh-CN": "下一次复习时间：{when}。"},
    "history.no-reviews": {"en": "No missed questions to review.", "zh-CN": "没有需要复习的错题。"},
    "history.attempt": {
        "en": "{who} · started {started} · {score} · {id}",
        "zh-CN": "{who} · 开始于 {started} · {score} · {id}",
    },
    "history.gone": {"en": "{number}. {key} — no longer in the banks", "zh-CN": "{number}. {key} — 已不在题库中"},
    "mode.practice": {"en": "Practice", "zh-CN": "练习"},
    "mode.exam": {"en": "Exam", "zh-CN": "考试"},
    "mode.review": {"en": "Review", "zh-CN": "复习"},
    "practice.which-banks": {"en": "Which banks?", "zh-CN": "练习哪些题库？"},
    "practice.banks-help": {
        "en": "(Space to tick, Enter to confirm; none ticked = all banks)",
        "zh-CN": "（空格勾选，回车确认；不勾选 = 全部题库）",
    },
    "practice.all-banks": {"en": "all banks", "zh-CN": "全部题库"},
    "practice.how-many": {"en": "How many questions?", "zh-CN": "练习多少题？"},
    "practice.all": {"en": "All of them", "zh-CN": "全部"},
    # -- exam --------------------------------------------------------------------------------
    "exam.which": {"en": "Which exam?", "zh-CN": "参加哪场考试？"},
    "exam.choice": {"en": "{title}  ({limit}, pass mark {mark}%)", "zh-CN": "{title}（{limit}，{mark}% 及格）"},
    "exam.no-limit": {"en": "no time limit", "zh-CN": "不限时"},
    "exam.facts": {
        "en": "{count} questions · {limit} · pass mark {mark}%",
        "zh-CN": "共 {count} 题 · {limit} · {mark}% 及格",
    },
    "exam.start": {"en": "Start the exam now? The clock starts when you do.", "zh-CN": "现在开始考试吗？计时将立即开始。"},
    "duration.min": {"en": "{minutes} min", "zh-CN": "限时 {minutes} 分钟"},
    "duration.min-sec": {"en": "{minutes} min {seconds} s", "zh-CN": "限时 {minutes} 分 {seconds} 秒"},
    # -- exams: the clock, navigation, the answer sheet, hand-in, review options (exam helper) ----
    "exam.rule-feedback-end": {"en": "No feedback until you hand in.", "zh-CN": "交卷前不显示对错。"},
    "exam.rule-feedback-immediate": {"en": "You see whether each answer is right as you go.",
                                     "zh-CN": "每题作答后立即显示对错。"},
    "exam.rule-free": {
        "en": "Until you hand in you may skip questions, flag them, go back and change any answer; "
              "the answer sheet shows what is answered.",
        "zh-CN": "可以跳过、标记题目，交卷前随时回去修改任何答案；答题卡上能看到哪些已答。",
    },
    "exam.rule-sequential": {
        "en": "The questions come one after another: once answered, or left blank, a question does not come back.",
        "zh-CN": "按顺序逐题作答：答过或留空的题不能再回去。",
    },
    "exam.rule-running": {
        "en": "The clock does not stop: leaving the exam (Ctrl-C, closing the window) does not pause it. "
              "When the time is up, the exam is handed in for you.",
        "zh-CN": "计时不会停止：中途退出（Ctrl-C、关闭窗口）也照常计时。时间到将自动交卷。",
    },
    "exam.rule-pausable": {
        "en": "Ctrl-C pauses the clock; `etiquette-quiz resume` carries on. When the time is up, the exam is "
              "handed in for you.",
        "zh-CN": "按 Ctrl-C 可暂停计时，之后用 `etiquette-quiz resume` 继续。时间到将自动交卷。",
    },
    "exam.rule-blank": {"en": "Unanswered questions score 0.", "zh-CN": "未答的题记 0 分。"},
    "exam.rule-review-answers": {"en": "After hand-in you see your score and the right answers to what you missed.",
                                 "zh-CN": "交卷后显示成绩，以及答错题目的正确答案。"},
    "exam.rule-review-score": {"en": "After hand-in you see your score only, not the answers.",
                               "zh-CN": "交卷后只显示成绩，不显示答案。"},
    "exam.rule-review-none": {"en": "Your trainer will tell you the result; it is not shown after hand-in.",
                              "zh-CN": "交卷后不显示成绩，由培训师告知结果。"},
    "exam.progress": {"en": "answered {answered}/{total} · flagged {flagged}",
                      "zh-CN": "已答 {answered}/{total} · 标记 {flagged}"},
    "exam.clock-low": {"en": "⚠ {clock} — under 5 minutes", "zh-CN": "⚠ {clock} — 不到 5 分钟"},
    "exam.clock-last": {"en": "⚠ {clock} — LAST MINUTE", "zh-CN": "⚠ {clock} — 最后 1 分钟"},
    "exam.warn-low": {"en": "⚠ {time} left: under 5 minutes.", "zh-CN": "⚠ 剩余 {time}：不到 5 分钟了。"},
    "exam.warn-last": {"en": "⚠ {time} left: the last minute. The exam is handed in when the time is up.",
                       "zh-CN": "⚠ 剩余 {time}：只剩最后 1 分钟，时间到将自动交卷。"},
    "exam.nav-entry": {"en": "☰ Skip, flag, or go to the answer sheet…", "zh-CN": "☰ 跳过 · 标记 · 答题卡……"},
    "exam.skip-final": {"en": "⤼ Leave it blank and go on (it does not come back)",
                        "zh-CN": "⤼ 留空，进入下一题（不能再回来）"},
    "exam.nav-what": {"en": "Question {number}: what next?", "zh-CN": "第 {number} 题：接下来做什么？"},
    "exam.nav-next": {"en": "→ Next question (keep this answer)", "zh-CN": "→ 下一题（保留本题答案）"},
    "exam.nav-next-blank": {"en": "→ Next question (leave this one blank for now)", "zh-CN": "→ 下一题（本题先空着）"},
    "exam.nav-sheet-last": {"en": "→ That was the last question: answer sheet and hand-in",
                            "zh-CN": "→ 已是最后一题：查看答题卡、交卷"},
    "exam.nav-back": {"en": "← Previous question", "zh-CN": "← 上一题"},
    "exam.nav-flag": {"en": "⚑ Flag this question to look at again before hand-in",
                      "zh-CN": "⚑ 标记本题，交卷前再看"},
    "exam.nav-unflag": {"en": "⚐ Take the flag off this question", "zh-CN": "⚐ 取消本题的标记"},
    "exam.nav-sheet": {"en": "☰ Answer sheet: every question, go to any, hand in",
                       "zh-CN": "☰ 答题卡：查看全部题目，跳到任一题或交卷"},
    "exam.nav-stay": {"en": "↩ Back to this question", "zh-CN": "↩ 回到本题作答"},
    "exam.flag-set": {"en": "⚑ Question {number} flagged.", "zh-CN": "⚑ 已标记第 {number} 题。"},
    "exam.flag-cleared": {"en": "Flag taken off question {number}.", "zh-CN": "已取消第 {number} 题的标记。"},
    "exam.flagged-note": {"en": "⚑ You flagged this question.", "zh-CN": "⚑ 本题已标记。"},
    "exam.current-answer": {
        "en": "Your answer now: {answer}. Answer again to change it; skip the question to keep it.",
        "zh-CN": "您现在的答案：{answer}。重新作答即可修改；要保留原答案，请跳过本题。",
    },
    "exam.sheet-title": {
        "en": "Answer sheet: {answered}/{total} answered · {blank} blank · {flagged} flagged",
        "zh-CN": "答题卡：已答 {answered}/{total} · 未答 {blank} · 标记 {flagged}",
    },
    "exam.sheet-where": {"en": "Go to which question, or hand in?", "zh-CN": "跳到哪一题，或交卷？"},
    "exam.sheet-line": {"en": "Q{number} {state} · {prompt}", "zh-CN": "第 {number} 题 {state} · {prompt}"},
    "exam.sheet-answered": {"en": "✔ answered", "zh-CN": "✔ 已答"},
    "exam.sheet-blank": {"en": "○ blank", "zh-CN": "○ 未答"},
    "exam.sheet-hand-in": {"en": "✉ Hand in", "zh-CN": "✉ 交卷"},
    "exam.hand-in-blank": {
        "en": "{count:question is|questions are} still unanswered (no. {numbers}); they score 0.",
        "zh-CN": "还有 {count} 题未作答：第 {numbers} 题，交卷后记 0 分。",
    },
    "exam.hand-in-flagged": {
        "en": "You flagged {count:question|questions} to look at again (no. {numbers}).",
        "zh-CN": "您标记了 {count} 题待复查：第 {numbers} 题。",
    },
    "exam.hand-in-complete": {"en": "All {count} questions are answered.", "zh-CN": "全部 {count} 题均已作答。"},
    "exam.hand-in-confirm": {"en": "Hand in now? Answers cannot be changed afterwards.",
                             "zh-CN": "现在交卷吗？交卷后不能再修改答案。"},
    "exam.paused-running": {
        "en": "Stopped, but the exam clock keeps running: {left} left, until {when}. {answered} of {total} answers "
              "are saved. Carry on before then with: etiquette-quiz resume {id} — after that, the exam is handed "
              "in with the answers given.",
        "zh-CN": "已退出，但考试计时不会停止：剩余 {left}（截至 {when}），已保存 {answered}/{total} 题的作答。"
                 "请在此之前继续：etiquette-quiz resume {id}，逾时将按已答题目交卷。",
    },
    "error.exam-seed": {
        "en": "--seed: the exam {exam} draws a new paper for every attempt, so it cannot be replayed — leave out "
              "--seed (a trainer can fix the paper with `seed:` in the exam file).",
        "zh-CN": "--seed：考试 {exam} 每次都重新抽题，不能重放同一份试卷 — 请去掉 --seed"
                 "（培训师可在考试文件中用 `seed:` 固定试卷）。",
    },
    "error.exam-seed-fixed": {
        "en": "--seed: the exam {exam} has a fixed paper (seed {seed} in its file) — leave out --seed.",
        "zh-CN": "--seed：考试 {exam} 的试卷已由考试文件固定（seed {seed}）— 请去掉 --seed。",
    },
    "error.exam-seed-needs-id": {
        "en": "--seed needs an exam id: etiquette-quiz exam EXAM_ID --seed N.",
        "zh-CN": "--seed 需要指定考试编号：etiquette-quiz exam 考试编号 --seed N。",
    },
    "error.attempt-closed": {
        "en": "attempt {attempt} is already handed in, so this answer was not saved — start a new attempt.",
        "zh-CN": "答题 {attempt} 已经交卷，本次作答未保存 — 请重新开始。",
    },
    "resume.time-ran-out": {
        "en": "The time ran out at {when} while the exam was stopped: it is handed in with the {answered} of "
              "{total} answers given.",
        "zh-CN": "考试暂停期间时间已于 {when} 用完：按已作答的 {answered}/{total} 题交卷。",
    },
    "resume.no-time-left": {
        "en": "No time is left: the exam is handed in with the {answered} of {total} answers given.",
        "zh-CN": "考试时间已用完：按已作答的 {answered}/{total} 题交卷。",
    },
    "result.handed-in": {
        "en": "Handed in: {answered} of {total} answered. Your trainer will tell you the result.",
        "zh-CN": "已交卷：已答 {answered}/{total} 题。成绩由培训师告知。",
    },
    "result.score-only": {"en": "This exam shows the score only, not the answers.",
                          "zh-CN": "本场考试只显示成绩，不显示答案。"},
    "history.withheld": {"en": "result given by your trainer", "zh-CN": "成绩由培训师告知"},
    "history.withheld-answers": {"en": "This exam shows neither the score nor the answers.",
                                 "zh-CN": "本场考试不显示成绩和答案。"},
    "history.changed": {"en": "  Answer changed {count:time|times} before hand-in: {answers}",
                        "zh-CN": "  交卷前改过 {count} 次答案：{answers}"},
    "history.flag.clock-back": {"en": "⚠ the system clock went back during this exam",
                                "zh-CN": "⚠ 考试期间系统时钟被调回"},
    "history.flag.clock-edited": {"en": "⚠ the exam clock in the store was edited",
                                  "zh-CN": "⚠ 结果库中的考试计时被改动过"},
    # -- resume ------------------------------------------------------------------------------
    "resume.which": {"en": "Which attempt?", "zh-CN": "继续哪一次答题？"},
    "resume.choice": {
        "en": "{what} · started {started} · {total} questions · {id}",
        "zh-CN": "{what} · 开始于 {started} · 共 {total} 题 · {id}",
    },
    "resume.continuing": {
        "en": "Resuming: {answered} of {total} answered, saved as you went.",
        "zh-CN": "继续答题：已保存 {answered}/{total} 题的作答。",
    },
    "resume.missing": {
        "en": "No longer in the banks, so left out of the score: {keys}",
        "zh-CN": "以下题目已不在题库中，不计入成绩：{keys}",
    },
    "resume.changed": {
        "en": "Some questions were edited by the trainer since you started; you get the current version.",
        "zh-CN": "部分题目在您开始答题后被培训师修改过，将显示最新版本。",
    },
    # -- asking ------------------------------------------------------------------------------
    "quiz.header": {
        "en": "Question {number}/{total} · {bank} · {type} · {stars}",
        "zh-CN": "第 {number}/{total} 题 · {bank} · {type} · {stars}",
    },
    "quiz.scenario": {"en": "Situation: ", "zh-CN": "情景："},
    "quiz.clock": {"en": "⏱ {time} left", "zh-CN": "⏱ 剩余 {time}"},
    "quiz.progress": {
        "en": "answered {answered}/{total} · skipped {skipped}",
        "zh-CN": "已答 {answered}/{total} · 跳过 {skipped}",
    },
    "quiz.skip": {"en": "⤼ Skip for now (come back later)", "zh-CN": "⤼ 先跳过（稍后再答）"},
    "quiz.select-help": {"en": "(↑↓ or number, Enter)", "zh-CN": "（↑↓ 或数字键选择，回车确认）"},
    "quiz.pick-one": {"en": "Your answer:", "zh-CN": "请选择："},
    "quiz.pick-all": {"en": "Tick every right answer:", "zh-CN": "请勾选所有正确答案："},
    "quiz.multi-help": {"en": "(Space to tick, Enter to confirm)", "zh-CN": "（空格勾选，回车确认）"},
    "quiz.multi-help-skip": {
        "en": "(Space to tick, Enter to confirm; Enter with none ticked skips)",
        "zh-CN": "（空格勾选，回车确认；不勾选直接回车 = 跳过）",
    },
    "quiz.pick-at-least-one": {"en": "Tick at least one answer.", "zh-CN": "请至少勾选一项。"},
    "quiz.true-or-false": {"en": "True or false?", "zh-CN": "这种说法对吗？"},
    "quiz.yes": {"en": "Yes", "zh-CN": "是"},
    "quiz.no": {"en": "No", "zh-CN": "否"},
    "quiz.true": {"en": "True", "zh-CN": "对"},
    "quiz.false": {"en": "False", "zh-CN": "错"},
    "quiz.step-n": {"en": "Step {n} of {total}:", "zh-CN": "第 {n}/{total} 步："},
    "quiz.blank-n": {"en": "Blank {mark}:", "zh-CN": "第 {mark} 空："},
    "quiz.blank-help": {"en": "(type, then Enter)", "zh-CN": "（输入后回车）"},
    "quiz.blank-help-skip": {"en": "(type, then Enter; Enter alone skips)", "zh-CN": "（输入后回车；直接回车 = 跳过）"},
    "quiz.script-answer": {"en": "What do you say?", "zh-CN": "您会怎么说？"},
    "quiz.script-help": {
        "en": "(type it as you would say it, then Enter; ? if you don't know)",
        "zh-CN": "（像对客户说话一样输入，回车提交；不会可输入 ? 查看答案）",
    },
    "quiz.script-help-skip": {
        "en": "(type it as you would say it, then Enter; Enter alone skips)",
        "zh-CN": "（像对客户说话一样输入，回车提交；直接回车 = 跳过）",
    },
    "quiz.match-left": {"en": "{n}/{total} {left} goes with:", "zh-CN": "{n}/{total} {left}对应："},
    "quiz.continue": {"en": "Press any key for the next question…", "zh-CN": "按任意键继续下一题……"},
    "quiz.paused": {
        "en": "Paused. {answered} of {total} answers are saved. Continue with: etiquette-quiz resume {id}",
        "zh-CN": "已暂停，已保存 {answered}/{total} 题的作答。继续答题：etiquette-quiz resume {id}",
    },
    # -- feedback ----------------------------------------------------------------------------
    "feedback.right": {"en": "Right", "zh-CN": "回答正确"},
    "feedback.wrong": {"en": "Wrong", "zh-CN": "回答错误"},
    "feedback.partial": {"en": "Partly right ({percent}%)", "zh-CN": "部分正确（{percent}%）"},
    "feedback.unanswered": {"en": "Not answered", "zh-CN": "未作答"},
    "feedback.points": {"en": "{points}/{max} points", "zh-CN": "得分 {points}/{max}"},
    "feedback.correct-answer": {"en": "Right answer: ", "zh-CN": "正确答案："},
    "feedback.your-answer": {"en": "Your answer: ", "zh-CN": "您的答案："},
    "feedback.right-order": {"en": "The right order:", "zh-CN": "正确顺序："},
    "feedback.your-order": {"en": "Your order: ", "zh-CN": "您的顺序："},
    "feedback.blank": {"en": "blank {mark}: ", "zh-CN": "第 {mark} 空："},
    "feedback.accepted": {"en": "  (accepted: {answers})", "zh-CN": "（正确答案：{answers}）"},
    "feedback.should-be": {"en": "  (should be: {right})", "zh-CN": "（应为：{right}）"},
    "feedback.you-said": {"en": "You said: ", "zh-CN": "您的回答："},
    "feedback.found": {"en": "said: ", "zh-CN": "已说到："},
    "feedback.missing": {"en": "missing: ", "zh-CN": "缺少："},
    "feedback.bonus": {"en": "nice to have: ", "zh-CN": "加分项："},
    "feedback.forbidden": {
        "en": "Forbidden phrase used: {phrases} — the answer scores 0",
        "zh-CN": "使用了服务禁语：{phrases} — 本题记 0 分",
    },
    "feedback.model": {"en": "Model answer: ", "zh-CN": "示范回答："},
    "feedback.explain": {"en": "Why: ", "zh-CN": "解析："},
    "feedback.rule": {"en": "Rule: ", "zh-CN": "规则："},
    "feedback.source": {"en": "Source: ", "zh-CN": "出处："},
    # -- results -----------------------------------------------------------------------------
    "result.title": {"en": "Result", "zh-CN": "成绩"},
    "result.score": {"en": "Score {score}/{max} ({percent}%)", "zh-CN": "得分 {score}/{max}（{percent}%）"},
    "result.answered": {"en": "{answered} of {total} answered", "zh-CN": "已答 {answered}/{total} 题"},
    "result.passed": {"en": "✔ PASSED (pass mark {mark}%)", "zh-CN": "✔ 通过（及格线 {mark}%）"},
    "result.failed": {"en": "✘ NOT PASSED (pass mark {mark}%)", "zh-CN": "✘ 未通过（及格线 {mark}%）"},
    "result.time": {"en": "Time used: {time}", "zh-CN": "用时 {time}"},
    "result.time-up": {"en": "Time is up: the exam was handed in for you.", "zh-CN": "时间到，已自动交卷。"},
    "result.scheduled": {
        "en": "The questions you missed are scheduled for review: `etiquette-quiz review` when they are due.",
        "zh-CN": "答错的题已加入复习计划，到期后运行 `etiquette-quiz review` 复习。",
    },
    "result.all-right": {"en": "Every answer right — well done!", "zh-CN": "全部答对，做得好！"},
    # -- trainers: export, import, report ----------------------------------------------------
    "error.bad-date": {
        "en": "{option} {value}: not a date — write it as YYYY-MM-DD.",
        "zh-CN": "{option} {value}：不是日期 — 请写成 YYYY-MM-DD。",
    },
    "error.unknown-who": {
        "en": "--who {value}: no trainee has this name, employee number or id (did you mean {suggestion}?).",
        "zh-CN": "--who {value}：没有这个姓名、工号或编号的学员（是不是 {suggestion}？）。",
    },
    "error.import-unreadable": {
        "en": "{path}: cannot read the file ({reason}) — check the path and that it is a results export.",
        "zh-CN": "{path}：无法读取文件（{reason}）— 请检查路径，并确认它是成绩导出文件。",
    },
    "error.import-json": {
        "en": "{path}:{line}: not valid JSON ({reason}) — export the file again with `etiquette-quiz export --format json`.",
        "zh-CN": "{path}:{line}：不是有效的 JSON（{reason}）— 请用 `etiquette-quiz export --format json` 重新导出。",
    },
    "error.import-format": {
        "en": "{path}: not an etiquette-quiz results export — make it with `etiquette-quiz export --format json`.",
        "zh-CN": "{path}：不是 etiquette-quiz 的成绩导出文件 — 请用 `etiquette-quiz export --format json` 导出。",
    },
    "error.import-version": {
        "en": "{path}: written by a newer etiquette-quiz (format {version}, this one reads up to {known}) — upgrade etiquette-quiz.",
        "zh-CN": "{path}：由更新版本的 etiquette-quiz 导出（格式 {version}，本版本最多支持 {known}）— 请升级 etiquette-quiz。",
    },
    "error.lrs-http": {
        "en": "the LRS at {url} answered {status}: {detail} — check the URL, --user and --password.",
        "zh-CN": "学习记录库 {url} 返回 {status}：{detail} — 请检查地址、--user 和 --password。",
    },
    "error.lrs-unreachable": {
        "en": "cannot reach the LRS at {url} ({reason}) — check the URL and that the server is running.",
        "zh-CN": "无法连接学习记录库 {url}（{reason}）— 请检查地址，并确认服务器正在运行。",
    },
    "export.wrote": {"en": "Wrote {count} {what} to {path} in {seconds} s.",
                     "zh-CN": "已将 {count} 条{what}写入 {path}，用时 {seconds} 秒。"},
    "export.answers": {"en": "answer rows", "zh-CN": "作答记录"},
    "export.attempts": {"en": "attempts", "zh-CN": "答题记录"},
    "export.statements": {"en": "xAPI statements", "zh-CN": "xAPI 语句"},
    "export.posted": {
        "en": "Sent {stored} statements to {url} ({seen} were there already) in {seconds} s.",
        "zh-CN": "已向 {url} 发送 {stored} 条语句（{seen} 条此前已存在），用时 {seconds} 秒。",
    },
    "xlsx.attempts": {"en": "Attempts", "zh-CN": "答题记录"},
    "xlsx.answers": {"en": "Answers", "zh-CN": "作答明细"},
    "xlsx.banks": {"en": "By bank", "zh-CN": "题库汇总"},
    "xlsx.bank.bank": {"en": "bank", "zh-CN": "题库编号"},
    "xlsx.bank.title": {"en": "title", "zh-CN": "题库名称"},
    "xlsx.bank.answers": {"en": "answers", "zh-CN": "作答数"},
    "xlsx.bank.trainees": {"en": "trainees", "zh-CN": "学员数"},
    "xlsx.bank.mean": {"en": "mean score %", "zh-CN": "平均得分率 %"},
    "xlsx.bank.missed": {"en": "missed %", "zh-CN": "出错率 %"},
    # -- export columns and cells (exports/common.py), for people reading them in a spreadsheet -------
    "export.col.attempt_id": {"en": "Attempt id", "zh-CN": "答题编号"},
    "export.col.trainee": {"en": "Trainee", "zh-CN": "学员"},
    "export.col.employee_no": {"en": "Employee no.", "zh-CN": "工号"},
    "export.col.mode": {"en": "Mode", "zh-CN": "类型"},
    "export.col.exam": {"en": "Exam", "zh-CN": "考试"},
    "export.col.started_at": {"en": "Started", "zh-CN": "开始时间"},
    "export.col.finished_at": {"en": "Finished", "zh-CN": "交卷时间"},
    "export.col.state": {"en": "State", "zh-CN": "状态"},
    "export.col.duration_seconds": {"en": "Time (seconds)", "zh-CN": "用时（秒）"},
    "export.col.answered": {"en": "Answered", "zh-CN": "已答题数"},
    "export.col.questions": {"en": "Questions", "zh-CN": "题数"},
    "export.col.score": {"en": "Score", "zh-CN": "得分"},
    "export.col.max_score": {"en": "Out of", "zh-CN": "满分"},
    "export.col.percent": {"en": "Percent", "zh-CN": "得分率 %"},
    "export.col.passed": {"en": "Passed", "zh-CN": "是否通过"},
    "export.col.flags": {"en": "To check", "zh-CN": "需核查"},
    "export.col.lang": {"en": "Language", "zh-CN": "语言"},
    "export.col.seed": {"en": "Seed", "zh-CN": "随机种子"},
    "export.col.trainee_id": {"en": "Trainee id", "zh-CN": "学员 ID"},
    "export.col.exam_id": {"en": "Exam id", "zh-CN": "考试编号"},
    "export.col.attempt_started_at": {"en": "Attempt started", "zh-CN": "答题开始时间"},
    "export.col.position": {"en": "No.", "zh-CN": "题号"},
    "export.col.question_key": {"en": "Question id", "zh-CN": "题目编号"},
    "export.col.question": {"en": "Question", "zh-CN": "题目"},
    "export.col.bank": {"en": "Bank", "zh-CN": "题库"},
    "export.col.question_type": {"en": "Type", "zh-CN": "题型"},
    "export.col.rules": {"en": "Rules", "zh-CN": "规则"},
    "export.col.response": {"en": "Answer", "zh-CN": "回答"},
    "export.col.fraction": {"en": "Fraction right", "zh-CN": "得分比例"},
    "export.col.points": {"en": "Points", "zh-CN": "得分"},
    "export.col.max_points": {"en": "Out of", "zh-CN": "满分"},
    "export.col.correct": {"en": "Right", "zh-CN": "是否答对"},
    "export.col.seconds": {"en": "Seconds", "zh-CN": "用时（秒）"},
    "export.col.forbidden": {"en": "Forbidden phrases", "zh-CN": "服务禁语"},
    "export.col.answered_at": {"en": "Answered at", "zh-CN": "作答时间"},
    "export.state.finished": {"en": "finished", "zh-CN": "已完成"},
    "export.state.in-progress": {"en": "unfinished", "zh-CN": "未完成"},
    "export.yes": {"en": "yes", "zh-CN": "是"},
    "export.no": {"en": "no", "zh-CN": "否"},
    "response.sep": {"en": "; ", "zh-CN": "；"},
    "error.out-unwritable": {
        "en": "{path}: cannot write the file ({reason}) — check that the folder is writable and has room.",
        "zh-CN": "{path}：无法写入文件（{reason}）— 请检查该文件夹是否可写、磁盘空间是否足够。",
    },
    "error.option-for": {
        "en": "{option} is only for --format {fmt} — leave it out, or export with --format {fmt}.",
        "zh-CN": "{option} 只用于 --format {fmt} — 请去掉该选项，或改用 --format {fmt} 导出。",
    },
    "error.output-closed": {
        "en": "the output was closed before the export finished (for example by `head`); nothing more was written.",
        "zh-CN": "导出尚未完成，输出就被关闭了（例如被 `head` 截断）；之后的内容未写出。",
    },
    "error.open-needs-html": {
        "en": "--open opens the page --html writes — add --html PATH.",
        "zh-CN": "--open 用于打开 --html 生成的网页 — 请同时加上 --html 路径。",
    },
    "export.working": {"en": "Writing {what} to {path}", "zh-CN": "正在将{what}写入 {path}"},
    "export.saving": {"en": "Saving {path}", "zh-CN": "正在保存 {path}"},
    "export.building": {"en": "Building xAPI statements", "zh-CN": "正在生成 xAPI 语句"},
    "export.sending": {"en": "Sending to {url}", "zh-CN": "正在发送到 {url}"},
    "import.reading": {"en": "Reading {path}", "zh-CN": "正在读取 {path}"},
    "import.merging": {"en": "Merging {path}", "zh-CN": "正在合并 {path}"},
    "report.working": {"en": "Computing the report", "zh-CN": "正在生成报告"},
    "validate.working": {"en": "Checking bank and exam files", "zh-CN": "正在检查题库与考试文件"},
    "error.out-folder": {
        "en": "{path}: the folder {folder} does not exist — create it first, or check the path.",
        "zh-CN": "{path}：文件夹 {folder} 不存在 — 请先创建该文件夹，或检查路径。",
    },
    "import.summary": {
        "en": "{path}: {added:attempt|attempts} added ({answers:answer|answers}), {updated} brought up to date, {unchanged} already here; "
              "{trainees:new trainee|new trainees}, {matched} matched by employee number ({seconds} s).",
        "zh-CN": "{path}：新增 {added} 次答题（{answers} 条作答），更新 {updated} 次，{unchanged} 次已存在；"
                 "新增学员 {trainees} 人，按工号匹配 {matched} 人（用时 {seconds} 秒）。",
    },
    "import.conflict": {
        "en": "{path}: attempt {attempt} differs from the one in the store ({what}) — kept the store's.",
        "zh-CN": "{path}：答题 {attempt} 与成绩库中的记录不一致（{what}）— 已保留成绩库中的版本。",
    },
    "import.conflicts": {
        "en": "{count:conflict|conflicts} reported above; nothing was overwritten.",
        "zh-CN": "以上共 {count} 处冲突；未覆盖任何数据。",
    },
    # -- report (report.py, ui/report.py, exports/html_report.py) ------------------------------
    "report.title": {"en": "Training results report", "zh-CN": "培训成绩报告"},
    "report.cohort": {
        "en": "{trainees:trainee|trainees} · {attempts:attempt|attempts} ({finished} finished) · "
              "mean score {mean}, median {median}",
        "zh-CN": "{trainees} 名学员 · 答题 {attempts} 次（完成 {finished} 次）· 平均得分 {mean}，中位数 {median}",
    },
    "report.cohort-exams": {
        "en": "{count:finished exam attempt|finished exam attempts}, {rate} passed",
        "zh-CN": "完成考试 {count} 次，通过率 {rate}",
    },
    "report.histogram": {
        "en": "Exam scores ({count:finished attempt|finished attempts})",
        "zh-CN": "考试成绩分布（共 {count} 次完成的考试）",
    },
    "report.histogram-practice": {
        "en": "Practice scores ({count:finished attempt|finished attempts}, no exam yet)",
        "zh-CN": "练习成绩分布（共 {count} 次完成的练习，尚无考试）",
    },
    "report.pass-rates": {"en": "Exams: pass rate and statistics", "zh-CN": "各考试：通过率与统计"},
    "report.pass-line": {
        "en": "{passed} of {attempts} attempts · latest try: {people} of {trainees} trainees",
        "zh-CN": "{attempts} 次中通过 {passed} 次 · 最近一次通过 {people}/{trainees} 人",
    },
    "report.banks": {"en": "Banks, weakest first (every answer, practice included)",
                     "zh-CN": "各题库得分，从弱到强（全部作答，含练习）"},
    "report.bank-line": {"en": "missed {missed} of {answers}", "zh-CN": "{answers} 次作答错 {missed}"},
    "report.trainees": {"en": "Trainees, who needs help first (by their latest exam results)",
                        "zh-CN": "学员：需要帮助的在前（按各考试最近一次成绩）"},
    "report.trainees-failing": {
        "en": "{count:trainee|trainees} of {total} failed their latest attempt at an exam.",
        "zh-CN": "{total} 名学员中有 {count} 名最近一次考试未通过。",
    },
    "report.col.trainee": {"en": "Trainee", "zh-CN": "学员"},
    "report.col.exams": {"en": "Latest exam results", "zh-CN": "各考试最近一次成绩"},
    "report.col.practice": {"en": "Practice", "zh-CN": "练习"},
    "report.col.weakest": {"en": "Weakest bank", "zh-CN": "最弱题库"},
    "report.col.sd": {"en": "SD", "zh-CN": "标准差"},
    "report.col.question": {"en": "Question", "zh-CN": "题目"},
    "report.col.id": {"en": "Id", "zh-CN": "编号"},
    "report.col.why": {"en": "Why", "zh-CN": "原因"},
    "report.col.rule": {"en": "Rule", "zh-CN": "规则"},
    "report.col.mean": {"en": "Mean", "zh-CN": "平均"},
    "report.col.median": {"en": "Median", "zh-CN": "中位数"},
    "report.col.missed": {"en": "Missed", "zh-CN": "出错率"},
    "report.col.answers": {"en": "Answers", "zh-CN": "作答数"},
    "report.col.attempts": {"en": "Attempts", "zh-CN": "作答次数"},
    "report.col.pass-rate": {"en": "Pass rate", "zh-CN": "通过率"},
    "report.col.type": {"en": "Type", "zh-CN": "题型"},
    "report.col.distractor": {"en": "Wrong answer picked most", "zh-CN": "最常选的错误答案"},
    "report.col.exam": {"en": "Exam", "zh-CN": "考试"},
    "report.col.cic": {"en": "Cronbach's α", "zh-CN": "克隆巴赫 α"},
    "report.col.error-ratio": {"en": "Error ratio", "zh-CN": "误差率"},
    "report.col.standard-error": {"en": "Standard error", "zh-CN": "标准误"},
    "report.practice-cell": {"en": "{mean} over {count}", "zh-CN": "{count} 次平均 {mean}"},
    "report.no-exam": {"en": "no exam yet", "zh-CN": "尚未考试"},
    "report.more-trainees": {
        "en": "… and {count} more trainees (see --trainees, --json or --html).",
        "zh-CN": "……另有 {count} 名学员（见 --trainees、--json 或 --html）。",
    },
    "report.practising": {
        "en": "Practised only, no exam yet ({count:trainee|trainees}): ",
        "zh-CN": "只练习、尚未考试的学员（{count} 名）：",
    },
    "report.exam-line": {
        "en": "{slots:question|questions} · mean {mean} · median {median} · SD {sd}",
        "zh-CN": "每次 {slots} 题 · 平均 {mean} · 中位数 {median} · 标准差 {sd}",
    },
    "report.exam-reliability": {
        "en": "Cronbach's α {cic} · error ratio {er} · standard error {se}",
        "zh-CN": "克隆巴赫 α {cic} · 误差率 {er} · 标准误 {se}",
    },
    "report.exam-too-few": {
        "en": "Cronbach's α, error ratio, standard error: too few attempts (n={n}; shown from {minimum})",
        "zh-CN": "克隆巴赫 α、误差率、标准误：作答太少（n={n}，满 {minimum} 次才显示）",
    },
    "report.too-few": {"en": "too few attempts (n={n})", "zh-CN": "作答太少（n={n}）"},
    "report.items": {
        "en": "Questions to look at: {count} (each with at least {minimum} exam answers)",
        "zh-CN": "需要关注的题目：{count} 道（每题至少 {minimum} 次考试作答）",
    },
    "report.flag.too-easy": {"en": "too easy (F > 95%)", "zh-CN": "过易（F > 95%）"},
    "report.flag.too-hard": {"en": "too hard (F < 20%)", "zh-CN": "过难（F < 20%）"},
    "report.flag.weak-discrimination": {"en": "weak DI (< 20%)", "zh-CN": "区分度低（DI < 20%）"},
    "report.flag.misleading": {"en": "a wrong choice draws many", "zh-CN": "错误选项易误导"},
    "report.more-items": {
        "en": "… and {count} more (see --items, --json or --html).",
        "zh-CN": "……另有 {count} 道（见 --items、--json 或 --html）。",
    },
    "report.no-flags": {
        "en": "No question flagged (flags need at least {minimum} exam answers to a question).",
        "zh-CN": "暂无被标记的题目（每题至少需要 {minimum} 次考试作答）。",
    },
    "report.items-waiting": {
        "en": "{count:question|questions} with fewer than {minimum} exam answers are not analysed yet.",
        "zh-CN": "{count} 道题的考试作答不足 {minimum} 次，暂不分析。",
    },
    "report.rules": {"en": "Rules missed most (every answer, practice included)",
                     "zh-CN": "出错最多的规则（全部作答，含练习）"},
    "report.forbidden": {"en": "Forbidden phrases used most: ", "zh-CN": "最常出现的服务禁语："},
    "report.leeches": {
        "en": "Questions trainees keep missing (trainees who missed each 4 times or more): ",
        "zh-CN": "顽固错题（答错 4 次及以上的学员人数）：",
    },
    "report.legend": {"en": "What the figures mean", "zh-CN": "指标说明"},
    "report.explain.mean": {"en": "The average score, as a share of the points.", "zh-CN": "得分占满分比例的平均值。"},
    "report.explain.median": {"en": "Half the attempts scored below it, half above.", "zh-CN": "一半作答低于此分，一半高于此分。"},
    "report.explain.pass-rate": {"en": "The share of finished exam attempts that reached the pass mark.",
                                 "zh-CN": "完成的考试中达到及格线的比例。"},
    "report.explain.sd": {
        "en": "Standard deviation: how widely scores spread around the mean; Moodle suggests 12–18% for an exam.",
        "zh-CN": "成绩围绕平均值的分散程度；Moodle 建议考试在 12%–18% 之间。",
    },
    "report.explain.cic": {
        "en": "Whether the questions measure one skill together; above 75% is satisfactory, below 64% the exam needs work.",
        "zh-CN": "各题是否在共同测量同一种能力；高于 75% 为满意，低于 64% 说明试卷需要改进。",
    },
    "report.explain.error-ratio": {
        "en": "How much of the spread in scores is chance rather than skill; lower is better.",
        "zh-CN": "成绩差异中有多少来自偶然而非能力；越低越好。",
    },
    "report.explain.standard-error": {
        "en": "How far one trainee's score may be off by chance (a share of the points); lower is better.",
        "zh-CN": "单个学员的得分可能因偶然偏离多少（占满分比例）；越低越好。",
    },
    "report.explain.facility": {
        "en": "Facility: the share of the points trainees scored on the question in exams; low means hard.",
        "zh-CN": "难易度：考试中学员在该题上得分占满分的比例；越低越难。",
    },
    "report.explain.item-sd": {"en": "How differently trainees scored on the question.",
                               "zh-CN": "学员在该题上得分的差异程度。"},
    "report.explain.discrimination": {
        "en": "Discrimination: whether those who do well on the rest of the exam get this one right too; "
              "below 20% it tells strong trainees from weak ones badly.",
        "zh-CN": "区分度：其余题得分高的学员是否也答对本题；低于 20% 说明本题区分不出强弱。",
    },
    "report.explain.efficiency": {
        "en": "Discriminative efficiency: DI as a share of the most this question could reach.",
        "zh-CN": "区分效率：DI 占本题所能达到的最高区分度的比例。",
    },
    "report.explain.missed": {"en": "The share of answers, practice included, that were not fully right.",
                              "zh-CN": "全部作答（含练习）中未完全答对的比例。"},
    "report.explain.answers": {"en": "Every answer given, practice included.", "zh-CN": "全部作答次数（含练习）。"},
    "report.explain.weakest": {
        "en": "The bank the trainee scored lowest on in exams (3 answers or more).",
        "zh-CN": "学员在考试中得分最低的题库（至少 3 次作答）。",
    },
    "report.explain.practice": {
        "en": "The mean score of the trainee's finished practice and review attempts, and how many.",
        "zh-CN": "学员已完成的练习与复习的平均得分及次数。",
    },
    "report.explain.n": {"en": "The finished exam answers the question's figures come from.",
                         "zh-CN": "计算该题指标所用的已完成考试作答数。"},
    "report.scope.all": {"en": "all results", "zh-CN": "全部成绩"},
    "report.scope.who": {"en": "trainees {value}", "zh-CN": "学员 {value}"},
    "report.scope.exam": {"en": "exam {value}", "zh-CN": "考试 {value}"},
    "report.scope.bank": {"en": "bank {value}", "zh-CN": "题库 {value}"},
    "report.scope.dates": {"en": "{since} to {until}", "zh-CN": "{since} 至 {until}"},
    "report.html.wrote": {"en": "Wrote the HTML report to {path} in {seconds} s.",
                          "zh-CN": "HTML 报告已写入 {path}，用时 {seconds} 秒。"},
    "report.html.generated": {"en": "generated {when} UTC by etiquette-quiz {version}",
                              "zh-CN": "由 etiquette-quiz {version} 生成于 {when}（UTC）"},
    "report.html.trainees": {"en": "Trainees", "zh-CN": "学员"},
    "report.html.exam-attempts": {"en": "Finished exams", "zh-CN": "完成的考试"},
    "report.html.score-axis": {"en": "score %", "zh-CN": "得分率 %"},
    "report.html.scatter": {"en": "Facility and discrimination per question", "zh-CN": "各题的难易度与区分度"},
    "report.html.scatter-note": {
        "en": "Questions with at least {minimum} exam answers; red: flagged. Shaded: too easy, too hard, weak DI.",
        "zh-CN": "至少 {minimum} 次考试作答的题目；红点为被标记的题。阴影区：过易、过难、区分度低。",
    },
    "report.html.facility": {"en": "facility F", "zh-CN": "难易度 F"},
    "report.html.discrimination": {"en": "discrimination DI %", "zh-CN": "区分度 DI %"},
    "report.html.items": {"en": "Item analysis", "zh-CN": "题目分析"},
    "report.html.exam-minimum": {
        "en": "Cronbach's α, the error ratio and the standard error are shown from {minimum} finished attempts.",
        "zh-CN": "克隆巴赫 α、误差率与标准误在完成 {minimum} 次后才显示。",
    },
    "report.html.items-note": {
        "en": "Moodle's definitions, over finished exam attempts; hover a heading for what it means. "
              "Figures need at least {minimum} exam answers to a question.",
        "zh-CN": "采用 Moodle 的定义，基于已完成的考试；鼠标停在表头上可查看说明。每题至少 {minimum} 次考试作答才计算指标。",
    },
    "report.html.phrase": {"en": "Phrase", "zh-CN": "禁语"},
    "report.html.times": {"en": "Times", "zh-CN": "次数"},
    "report.html.leech-trainees": {"en": "Trainees", "zh-CN": "学员人数"},
    # -- typed answers: what a tolerant match accepted, and why (matching.KINDS) ---------------
    "feedback.typed": {"en": " (typed {typed}: {how})", "zh-CN": "（输入为“{typed}”，{how}）"},
    "feedback.read-as": {"en": "  (read as {phrase}: {how})", "zh-CN": "（按“{phrase}”计，{how}）"},
    "feedback.how.traditional": {"en": "traditional characters", "zh-CN": "繁体字"},
    "feedback.how.word-form": {"en": "another form or spelling of the word", "zh-CN": "英文词形或拼写不同"},
    "feedback.how.homophone": {"en": "a same-sounding character", "zh-CN": "同音字"},
    "feedback.how.insertion": {"en": "extra words in between", "zh-CN": "中间多了字"},
    "feedback.how.omission": {"en": "a word left out", "zh-CN": "少了字"},
    "feedback.how.nin-ni": {"en": "您 and 你 count alike in a forbidden phrase", "zh-CN": "禁语中“您”“你”同样对待"},
    # -- the terminal at any size, feedback you can read, trainees (issue 13; ui/, trainees.py, cli/) -------
    "layout.label": {"en": "{label}: {value}", "zh-CN": "{label}：{value}"},
    "error.unknown-bank-none": {
        "en": "--bank {bank}: no loaded bank has this id — loaded banks: {known}.",
        "zh-CN": "--bank {bank}：没有这个编号的题库 — 已加载的题库：{known}。",
    },
    "error.unknown-exam-none": {
        "en": "{exam}: no loaded exam has this id — loaded exams: {known}.",
        "zh-CN": "{exam}：没有这个编号的考试 — 已加载的考试：{known}。",
    },
    "error.unknown-trainee-none": {
        "en": "--trainee {name}: no trainee has this name or employee number — check the spelling, or run the quiz "
              "in a terminal to add {name} as a new trainee.",
        "zh-CN": "--trainee {name}：没有这个姓名或工号的学员 — 请检查拼写，或在终端中运行答题以新增学员 {name}。",
    },
    "error.no-attempt-history": {
        "en": "no attempt starts with {attempt} — `etiquette-quiz history` lists yours with their ids.",
        "zh-CN": "没有以 {attempt} 开头的答题记录 — 运行 `etiquette-quiz history` 可列出您的记录及编号。",
    },
    "duration.sec": {"en": "{seconds} s", "zh-CN": "限时 {seconds} 秒"},
    "quiz.more-above": {"en": "↑ {count} more above", "zh-CN": "↑ 上面还有 {count} 项"},
    "quiz.more-below": {"en": "↓ {count} more below", "zh-CN": "↓ 下面还有 {count} 项"},
    "quiz.skipped": {"en": "skipped for now", "zh-CN": "先跳过"},
    "quiz.your-order": {"en": "Your order:", "zh-CN": "您的顺序："},
    "quiz.order-submit": {"en": "Submit this order?", "zh-CN": "按这个顺序提交吗？"},
    "quiz.type-something": {
        "en": "Type your answer first — or ? if you don't know, to see the answer.",
        "zh-CN": "请先输入您的回答；不会可输入 ? 查看答案。",
    },
    "feedback.mark.right-picked": {"en": "← correct answer · your choice", "zh-CN": "← 正确答案 · 您的选择"},
    "feedback.mark.right-answer": {"en": "← correct answer", "zh-CN": "← 正确答案"},
    "feedback.mark.right-missed": {"en": "← correct answer (not ticked)", "zh-CN": "← 正确答案（漏选）"},
    "feedback.mark.wrong-picked": {"en": "← your choice (wrong)", "zh-CN": "← 您的选择（错误）"},
    "feedback.step-should-be": {"en": "  (step {n} in the right order)", "zh-CN": "（应为第 {n} 步）"},
    "quiz.continue-last": {"en": "Press any key for your score…", "zh-CN": "按任意键查看成绩……"},
    "result.offer-review": {
        "en": "Go through the {count:question|questions} you missed now, one at a time?",
        "zh-CN": "现在逐题查看答错的 {count} 道题吗？",
    },
    "result.review-progress": {"en": "Missed question {n} of {count}", "zh-CN": "错题 {n}/{count}"},
    "result.review-next": {
        "en": "Any key: the next one ({left} left) · q: stop",
        "zh-CN": "按任意键看下一道（还有 {left} 道）· 按 q 结束",
    },
    "review.after.due": {
        "en": "{count:question is|questions are} due for review — run `etiquette-quiz review`.",
        "zh-CN": "有 {count} 道题已到期待复习 — 运行 `etiquette-quiz review`。",
    },
    "review.after.due-next": {
        "en": "{count:question is|questions are} due for review; the next comes due in {when}.",
        "zh-CN": "有 {count} 道题已到期待复习；下一道将在 {when}后到期。",
    },
    "review.after.next": {
        "en": "Nothing is due for review now; the next question comes due in {when}.",
        "zh-CN": "目前没有到期的复习题；下一道将在 {when}后到期。",
    },
    "duration.days": {"en": "{count:day|days}", "zh-CN": "{count} 天"},
    "duration.hours": {"en": "{count:hour|hours}", "zh-CN": "{count} 小时"},
    "home.trainees": {"en": "Trainees: switch, add, rename, remove", "zh-CN": "学员：切换、新增、改名、移除"},
    "trainees.switch-to": {"en": "Switch to {name}", "zh-CN": "切换为 {name}"},
    "trainees.rename": {"en": "Correct the name or employee number of {name}…", "zh-CN": "修改 {name} 的姓名或工号……"},
    "trainees.remove": {"en": "Remove a trainee…", "zh-CN": "移除学员……"},
    "trainees.back": {"en": "Back", "zh-CN": "返回"},
    "trainees.new-name": {"en": "Name:", "zh-CN": "姓名："},
    "trainees.renamed": {"en": "Saved: {name}. The history stays with them.", "zh-CN": "已保存：{name}。答题记录保持不变。"},
    "trainees.remove-who": {"en": "Remove which trainee?", "zh-CN": "移除哪位学员？"},
    "trainees.remove-confirm": {
        "en": "Remove {name} from the list? Their results ({count:attempt|attempts}) stay in the store for the trainer.",
        "zh-CN": "从名单中移除 {name} 吗？其 {count} 次答题记录仍保留在成绩中，供培训师查看。",
    },
    "trainees.delete-results": {
        "en": "Also delete {name}'s {count:attempt|attempts} and review schedule for good? This cannot be undone.",
        "zh-CN": "同时永久删除 {name} 的 {count} 次答题记录和复习计划吗？删除后无法恢复。",
    },
    "trainees.removed-kept": {
        "en": "{name} is removed from the list; their results are kept ({count:attempt|attempts}).",
        "zh-CN": "已从名单中移除 {name}；其 {count} 次答题记录已保留。",
    },
    "trainees.removed-deleted": {
        "en": "{name} is removed, with their {count:attempt|attempts}.",
        "zh-CN": "已移除 {name}，并删除其 {count} 次答题记录。",
    },
    "trainees.unknown": {
        "en": "No trainee is called {name} (by name or employee number).",
        "zh-CN": "没有名为 {name} 的学员（按姓名或工号查找）。",
    },
    "trainees.use": {"en": "I meant {name}", "zh-CN": "我是 {name}"},
    "trainees.create": {"en": "Add {name} as a new trainee…", "zh-CN": "新增学员 {name}……"},
    "trainees.cancel": {"en": "Cancel", "zh-CN": "取消"},
    "error.unknown-trainee": {
        "en": "--trainee {name}: no trainee has this name or employee number (did you mean {suggestion}?) — "
              "check the spelling, or run the quiz in a terminal to add {name} as a new trainee.",
        "zh-CN": "--trainee {name}：没有这个姓名或工号的学员（是不是 {suggestion}？）— "
                 "请检查拼写，或在终端中运行答题以新增学员 {name}。",
    },
    "error.trainee-not-created": {
        "en": "--trainee {name}: nobody was added — check the name and run again.",
        "zh-CN": "--trainee {name}：未新增学员 — 请核对姓名后重新运行。",
    },
    "error.not-a-folder": {
        "en": "{path} is a file, so {folder} cannot be a folder — point ETIQUETTE_QUIZ_HOME (or --db) at a folder.",
        "zh-CN": "{path} 是一个文件，因此 {folder} 不能作为文件夹 — 请把 ETIQUETTE_QUIZ_HOME（或 --db）指向一个文件夹。",
    },
    "error.employee-no-taken": {
        "en": "employee number {number} already belongs to {name} — check the number.",
        "zh-CN": "工号 {number} 已属于 {name} — 请核对工号。",
    },
    "error.attempt-abandoned": {
        "en": "attempt {attempt} was discarded — start a new one with `etiquette-quiz practice` or `etiquette-quiz exam`.",
        "zh-CN": "答题 {attempt} 已放弃 — 请用 `etiquette-quiz practice` 或 `etiquette-quiz exam` 重新开始。",
    },
    "resume.discard": {"en": "Discard an unfinished attempt…", "zh-CN": "放弃一次未完成的答题……"},
    "resume.discard-which": {"en": "Discard which attempt?", "zh-CN": "放弃哪一次答题？"},
    "resume.discard-confirm": {
        "en": "Discard {what} ({answered} answered)? It stays in your history as discarded and is never scored.",
        "zh-CN": "放弃 {what}（已答 {answered} 题）吗？它会以“已放弃”留在记录中，不计成绩。",
    },
    "resume.discarded": {"en": "Attempt {id} discarded.", "zh-CN": "已放弃答题 {id}。"},
    "review.due": {"en": "Due", "zh-CN": "到期时间"},
    "review.question": {"en": "Question", "zh-CN": "题目"},
    "stats.per-rule.spread": {
        "en": "Questions per rule, over {rules:rule|rules}: fewest {least}, median {median}, most {most} "
              "(`bank stats --per-rule` lists them).",
        "zh-CN": "共 {rules} 条规则，每条规则的题数：最少 {least}，中位数 {median}，最多 {most}"
                 "（`bank stats --per-rule` 可逐条列出）。",
    },
    "history.abandoned": {"en": "discarded ({answered}/{total})", "zh-CN": "已放弃（{answered}/{total}）"},
    "quiz.blank-help-practice": {
        "en": "(type, then Enter; ? if you don't know)",
        "zh-CN": "（输入后回车；不会可输入 ?）",
    },
    # -- a centre's shared store: PostgreSQL, network drives, the import inbox (issue 16) -------
    "error.server-no-driver": {
        "en": "{url} is a PostgreSQL store and its driver is not installed — run `pip install 'etiquette-quiz[postgres]'`.",
        "zh-CN": "{url} 是 PostgreSQL 成绩库，但未安装其驱动 — 请运行 `pip install 'etiquette-quiz[postgres]'`。",
    },
    "error.server-connect": {
        "en": "cannot connect to the results server {url} ({reason}) — check the address, that the server is running, and the password (PGPASSWORD or ~/.pgpass).",
        "zh-CN": "无法连接成绩服务器 {url}（{reason}）— 请检查地址、服务器是否在运行，以及密码（PGPASSWORD 或 ~/.pgpass）。",
    },
    "error.server-migrate": {
        "en": "cannot bring the results store {url} up to date ({reason}) — its administrator must run `etiquette-quiz --db URL store init` once after each upgrade.",
        "zh-CN": "无法升级成绩库 {url}（{reason}）— 每次升级后须由管理员运行一次 `etiquette-quiz --db URL store init`。",
    },
    "error.server-unreachable": {
        "en": "the results server {url} cannot be reached — every answer saved so far is safe; when it is back, `etiquette-quiz resume` continues where you stopped.",
        "zh-CN": "无法连接成绩服务器 {url} — 已保存的作答都不会丢失；服务器恢复后，用 `etiquette-quiz resume` 从中断处继续。",
    },
    "error.store-changed": {
        "en": "someone else changed the results in {path} while this command was writing — nothing was written; run it again.",
        "zh-CN": "写入期间 {path} 中的成绩被他人修改 — 本次未写入任何内容，请重新运行该命令。",
    },
    "error.store-busy": {
        "en": "the results store {path} stayed too busy to write — nothing was written; run the command again.",
        "zh-CN": "成绩库 {path} 持续繁忙，无法写入 — 本次未写入任何内容，请重新运行该命令。",
    },
    "error.store-network": {
        "en": "{path} is on a network drive ({kind}), where a SQLite results store gets corrupted — keep it on this computer's own disk (--db PATH), share a PostgreSQL store (--db postgresql://…), or send JSON exports to the trainer (`results import --inbox`).",
        "zh-CN": "{path} 位于网络驱动器（{kind}）上，SQLite 成绩库放在那里会损坏 — 请放在本机磁盘上（--db 路径），或共用 PostgreSQL 成绩库（--db postgresql://…），或把 JSON 导出文件交给培训师（`results import --inbox`）。",
    },
    "error.store-init-sqlite": {
        "en": "`store init` sets up a PostgreSQL store — pass --db postgresql://… or set `store` in the config file.",
        "zh-CN": "`store init` 用于设置 PostgreSQL 成绩库 — 请加上 --db postgresql://…，或在配置文件中设置 `store`。",
    },
    "error.store-init-roles": {
        "en": "name both roles the first time: --trainer-role ROLE --trainee-role ROLE.",
        "zh-CN": "首次设置须同时指定两个角色：--trainer-role 角色 --trainee-role 角色。",
    },
    "error.store-init-same-role": {
        "en": "trainers and trainees need two different roles ({role} was given for both).",
        "zh-CN": "培训师和学员须使用两个不同的角色（两者都填了 {role}）。",
    },
    "store.init.done": {
        "en": "The results store {url} is at schema version {version}; trainers: role {trainer}, trainees: role {trainee}.",
        "zh-CN": "成绩库 {url} 已是结构版本 {version}；培训师角色：{trainer}，学员角色：{trainee}。",
    },
    "store.init.plain": {
        "en": "The results store {url} is at schema version {version}; no roles are set up (everyone who can log in sees everything).",
        "zh-CN": "成绩库 {url} 已是结构版本 {version}；尚未设置角色（能登录的人都能看到全部成绩）。",
    },
    "quiz.server-lost": {
        "en": "The results server cannot be reached, so this answer is not saved yet. It is kept here; every answer before it is saved.",
        "zh-CN": "无法连接成绩服务器，这道题的作答尚未保存。作答仍保留在此；之前的作答都已保存。",
    },
    "quiz.server-retry": {
        "en": "Press any key to send it again (Ctrl-C stops; resume later on any computer)",
        "zh-CN": "按任意键重新提交（Ctrl-C 退出，之后可在任意电脑上继续）",
    },
    "import.inbox.archived": {
        "en": "{path}: moved to {archive}.",
        "zh-CN": "{path}：已移至 {archive}。",
    },
    "import.inbox.kept": {
        "en": "{path} was not imported ({reason}) — it stays in the inbox; fix or remove it.",
        "zh-CN": "{path} 未导入（{reason}）— 文件仍留在收件夹中，请修正或移走。",
    },
    "import.inbox.empty": {
        "en": "No export files waiting in {path}.",
        "zh-CN": "{path} 中没有待导入的导出文件。",
    },
    # -- hardening (issue 12): the bank cache, checked imports, a store that waits, LRS pushes ---
    "cache.made-private": {
        "en": "the bank cache {folder} could be written by other users: it was emptied and made private (chmod 700), and the banks were read afresh.",
        "zh-CN": "题库缓存文件夹 {folder} 可被其他用户写入：已清空并改为仅本人可用（chmod 700），题库已重新读取。",
    },
    "cache.not-used": {
        "en": "the bank cache {folder} belongs to another user or can be written by others, so nothing in it is used and the banks are read afresh (slower) — give each user a cache folder of their own (README, \"Shared machines\").",
        "zh-CN": "题库缓存文件夹 {folder} 属于其他用户或可被他人写入，因此不使用其中的任何内容，题库改为重新读取（较慢）— 请为每位用户设置各自的缓存文件夹（见 README 的“Shared machines”一节）。",
    },
    "cache.entry-damaged": {
        "en": "the cached copy of {file} was damaged: the file was read afresh and the cache entry rebuilt.",
        "zh-CN": "{file} 的缓存副本已损坏：已重新读取该文件并重建缓存。",
    },
    "store.waiting": {
        "en": "waiting for the results store… (another program is writing to it)",
        "zh-CN": "正在等待成绩库……（另一个程序正在写入）",
    },
    "error.store-waited": {
        "en": "the results store is busy: another program has been writing to it for over {seconds} s — answers given so far are saved; try again when it has finished.",
        "zh-CN": "成绩库正忙：另一个程序已连续写入超过 {seconds} 秒 — 已作答的内容均已保存；请等它完成后再试。",
    },
    "error.store-full": {
        "en": "cannot write to the results store {path}: the disk is full — free some space and run the command again (answers given so far are saved; `etiquette-quiz resume` continues a quiz).",
        "zh-CN": "无法写入成绩库 {path}：磁盘已满 — 请腾出空间后重新运行（已作答的内容均已保存；可用 `etiquette-quiz resume` 继续答题）。",
    },
    "error.store-readonly": {
        "en": "cannot write to the results store {path}: it is read-only ({reason}) — copy it to a writable folder and pass --db, or use a command that only reads (report, export, history --all).",
        "zh-CN": "无法写入成绩库 {path}：它是只读的（{reason}）— 请复制到可写的文件夹并用 --db 指定，或使用只读命令（report、export、history --all）。",
    },
    "error.store-damaged": {
        "en": "the results store {path} is damaged ({reason}), so nothing was read from it — restore it from a backup, or rescue what is readable with `sqlite3 {path} .recover | sqlite3 repaired.sqlite3` and use --db repaired.sqlite3 (README, \"A damaged store\").",
        "zh-CN": "成绩库 {path} 已损坏（{reason}），未读取任何内容 — 请从备份恢复，或用 `sqlite3 {path} .recover | sqlite3 repaired.sqlite3` 抢救可读的数据，再用 --db repaired.sqlite3（见 README 的“A damaged store”一节）。",
    },
    "error.store-empty": {
        "en": "the results store {path} is an empty file (0 bytes), so it holds no results — if it held some, it was cut off (a failed copy, a full disk): restore it from a backup (README, \"A damaged store\"); if it is new, delete it and run the command again.",
        "zh-CN": "成绩库 {path} 是一个空文件（0 字节），其中没有任何成绩 — 如果原本有成绩，说明它被截断了（复制失败、磁盘已满等）：请从备份恢复（见 README 的“A damaged store”一节）；如果是新建的，请删除它后重新运行命令。",
    },
    "error.store-constraint": {
        "en": "the results store {path} refused a change ({reason}); nothing of it was written — if the store was not edited by hand, please report this as a bug.",
        "zh-CN": "成绩库 {path} 拒绝了一项修改（{reason}），该修改未写入 — 如果成绩库没有被手工改动过，请作为程序错误反馈。",
    },
    "error.store-failed": {
        "en": "the results store {path} failed ({reason}) — nothing more was written; try again, and if it persists see README, \"A damaged store\".",
        "zh-CN": "成绩库 {path} 出错（{reason}）— 之后的内容未写入；请重试，如仍出错请参阅 README 的“A damaged store”一节。",
    },
    "error.store-missing": {
        "en": "{path}: there is no results store there — check the --db path (commands that only read never create one).",
        "zh-CN": "{path}：该位置没有成绩库 — 请检查 --db 路径（只读命令不会新建成绩库）。",
    },
    "error.store-no-folder": {
        "en": "{path}: the folder {folder} does not exist — check the --db path, or create the folder first.",
        "zh-CN": "{path}：文件夹 {folder} 不存在 — 请检查 --db 路径，或先创建该文件夹。",
    },
    "error.disk-full": {
        "en": "cannot write {path}: the disk is full — free some space and try again (no partial file was left behind).",
        "zh-CN": "无法写入 {path}：磁盘已满 — 请腾出空间后重试（未留下不完整的文件）。",
    },
    "error.os": {
        "en": "{path}: {reason} — check the path and its permissions.",
        "zh-CN": "{path}：{reason} — 请检查路径及其权限。",
    },
    "error.import-too-deep": {
        "en": "{path}: nested far too deeply to be a results export — export the file again with `etiquette-quiz export --format json`.",
        "zh-CN": "{path}：嵌套层数过多，不是成绩导出文件 — 请用 `etiquette-quiz export --format json` 重新导出。",
    },
    "error.import-version-bad": {
        "en": "{path}: format version {version} is not one etiquette-quiz writes (it writes 1 to {known}) — export the file again.",
        "zh-CN": "{path}：格式版本 {version} 不是 etiquette-quiz 会写出的版本（只有 1 到 {known}）— 请重新导出该文件。",
    },
    "import.problem": {"en": "{path}: {where}: {value} — {what}", "zh-CN": "{path}：{where}：{value} — {what}"},
    "import.more-problems": {"en": "… and {count:more problem|more problems}.", "zh-CN": "……另有 {count} 个问题。"},
    "import.refused": {
        "en": "{path}: {count:problem|problems} found, so nothing was imported from this file — ask for a fresh export, or pass --skip-bad to import its clean attempts.",
        "zh-CN": "{path}：发现 {count} 个问题，该文件的内容均未导入 — 请重新导出，或加 --skip-bad 只导入没有问题的答题记录。",
    },
    "import.attempt-skipped": {
        "en": "{path}: skipped attempt {attempt} of {who} ({count:problem|problems} above).",
        "zh-CN": "{path}：已跳过 {who} 的答题 {attempt}（问题见上，共 {count} 个）。",
    },
    "import.reviews-skipped": {
        "en": "{path}: skipped {count:review schedule|review schedules} with problems (listed above).",
        "zh-CN": "{path}：已跳过 {count} 条有问题的复习计划（见上）。",
    },
    "import.regraded": {
        "en": "{path}: {regraded:answer|answers} re-graded against the loaded banks, all as the file says; {unchecked} could not be (their questions are not loaded or have changed since).",
        "zh-CN": "{path}：已按当前题库重新评分 {regraded} 条作答，结果与文件一致；{unchecked} 条无法重新评分（题目未加载或已修改）。",
    },
    "import.exam-not-loaded": {
        "en": "{path}: exam {exam} is not loaded, so its attempts' questions were not checked against it — load its banks with --banks to check them.",
        "zh-CN": "{path}：未加载考试 {exam}，其答题的题目未与考试核对 — 请用 --banks 加载相应题库后再核对。",
    },
    "import.word.object": {"en": "an object ({…})", "zh-CN": "对象（{…}）"},
    "import.word.list": {"en": "a list ([…])", "zh-CN": "列表（[…]）"},
    "import.word.text": {"en": "text", "zh-CN": "文本"},
    "import.word.integer": {"en": "a whole number", "zh-CN": "整数"},
    "import.word.number": {"en": "a number", "zh-CN": "数字"},
    "import.word.boolean": {"en": "true or false", "zh-CN": "true 或 false"},
    "import.word.not-null": {"en": "a value, not null", "zh-CN": "非空值（不能是 null）"},
    "import.bad.missing": {"en": "missing: every results export has it", "zh-CN": "缺失：成绩导出文件必须有此项"},
    "import.bad.unknown": {"en": "not a field of a results export", "zh-CN": "不是成绩导出文件中的字段"},
    "import.bad.type": {"en": "should be {expected}", "zh-CN": "应为{expected}"},
    "import.bad.empty": {"en": "is empty", "zh-CN": "为空"},
    "import.bad.too-long": {"en": "is longer than {limit} characters", "zh-CN": "超过 {limit} 个字符"},
    "import.bad.control": {"en": "contains the control character {char}", "zh-CN": "含有控制字符 {char}"},
    "import.bad.pattern": {"en": "is not a valid id here", "zh-CN": "不是合法的编号"},
    "import.bad.range": {"en": "should be between {low} and {high}", "zh-CN": "应在 {low} 到 {high} 之间"},
    "import.bad.count": {"en": "has a number of items outside {low}–{high}", "zh-CN": "条目数不在 {low}–{high} 范围内"},
    "import.bad.choice": {"en": "should be one of {allowed}", "zh-CN": "应为以下之一：{allowed}"},
    "import.bad.date": {"en": "is not an ISO 8601 time with a time zone", "zh-CN": "不是带时区的 ISO 8601 时间"},
    "import.bad.duplicate-id": {"en": "this id is used twice in the file (first at {first})", "zh-CN": "该编号在文件中出现两次（第一次在 {first}）"},
    "import.bad.trainee": {"en": "no trainee with this id in the file's trainees", "zh-CN": "文件的 trainees 中没有这个编号的学员"},
    "import.bad.layout": {"en": "is not the layout of a question", "zh-CN": "不是题目的显示顺序"},
    "import.bad.layout-differs": {"en": "is not how this question is laid out with seed {seed}", "zh-CN": "与该题按种子 {seed} 生成的显示顺序不符"},
    "import.bad.twice": {"en": "this position is answered twice (first at {first})", "zh-CN": "该位置被作答两次（第一次在 {first}）"},
    "import.bad.key": {"en": "the plan has {expected} at this position", "zh-CN": "出题计划中该位置是 {expected}"},
    "import.bad.bank": {"en": "the question belongs to bank {expected}", "zh-CN": "该题属于题库 {expected}"},
    "import.bad.response-text": {"en": "is not a response (too long, an object, or with control characters)", "zh-CN": "不是有效的作答（过长、为对象或含控制字符）"},
    "import.bad.response": {"en": "is not a response to a {type} question", "zh-CN": "不是 {type} 题的作答"},
    "import.bad.forbidden": {"en": "should be a list of the forbidden phrases used", "zh-CN": "应为所用禁语的列表"},
    "import.bad.points": {"en": "is not fraction × max_points ({expected})", "zh-CN": "不等于 fraction × max_points（{expected}）"},
    "import.bad.regrade": {
        "en": "the file says {claimed}, but re-graded against the loaded {key} the answer earns {actual} — the file was edited, or graded by another version",
        "zh-CN": "文件中为 {claimed}，按当前加载的 {key} 重新评分应为 {actual} — 文件可能被改动过，或由其他版本评分",
    },
    "import.bad.sum": {"en": "is not the sum of the answers' points ({total})", "zh-CN": "不等于各题得分之和（{total}）"},
    "import.bad.over-max": {"en": "is more than max_score ({max})", "zh-CN": "超过 max_score（{max}）"},
    "import.bad.max": {"en": "is less than the answers' max points together ({total})", "zh-CN": "小于各题满分之和（{total}）"},
    "import.bad.no-pass-mark": {"en": "an attempt without a pass mark is neither passed nor failed", "zh-CN": "没有及格线的答题不应有通过与否"},
    "import.bad.passed": {"en": "{percent}% against a pass mark of {mark}% gives {expected}", "zh-CN": "得分率 {percent}%、及格线 {mark}%，应为 {expected}"},
    "import.bad.mark-detail": {"en": "is not what the grader keeps about a mark (an object of plain texts, numbers and lists)", "zh-CN": "不是评分程序记录的评分详情（应为只含文字、数字和列表的对象）"},
    "import.bad.auto-pair": {"en": "auto_fraction and auto_points go together: both or neither", "zh-CN": "auto_fraction 与 auto_points 须同时给出或同时省略"},
    "import.bad.verdict-answer": {"en": "names an answer the attempt does not have", "zh-CN": "指向的作答在本次答题中不存在"},
    "import.bad.verdict-share": {"en": "is not the share a '{verdict}' verdict gives", "zh-CN": "与评判“{verdict}”应给的得分比例不符"},
    "import.bad.verdict-missing": {"en": "the answer keeps the grader's mark beside a trainer's, but no trainer's verdict on it is in the file", "zh-CN": "该作答记有被改判前的自动评分，但文件中没有培训师对它的评判"},
    "import.bad.verdict-mark": {"en": "a trainer's verdict on this answer is in the file, but the answer does not keep the grader's mark beside it", "zh-CN": "文件中有培训师对该作答的评判，但作答没有保留自动评分"},
    "import.bad.verdict-share-answer": {"en": "is not the share the latest trainer's verdict gave ({expected})", "zh-CN": "与培训师最近一次评判给出的得分比例（{expected}）不符"},
    "import.bad.auto-unused": {"en": "no answer of the attempt was overridden, so there is no grader's score to keep", "zh-CN": "本次答题没有被改判的作答，不应有自动评分"},
    "import.bad.unfinished": {"en": "an unfinished attempt has none yet", "zh-CN": "未完成的答题不应有此项"},
    "import.bad.finished-needs": {"en": "a finished attempt has one", "zh-CN": "已完成的答题必须有此项"},
    "import.bad.exam-needed": {"en": "an exam attempt names its exam", "zh-CN": "考试答题必须注明考试编号"},
    "import.bad.exam-only": {"en": "a {mode} attempt has no exam", "zh-CN": "{mode} 答题不应有考试编号"},
    "import.bad.exam-setting": {"en": "exam {exam} has {expected}", "zh-CN": "考试 {exam} 的设置为 {expected}"},
    "import.bad.exam-plan": {"en": "exam {exam} never draws this question", "zh-CN": "考试 {exam} 不会抽到这道题"},
    "import.bad.exam-size": {"en": "exam {exam} draws {expected} questions", "zh-CN": "考试 {exam} 抽 {expected} 道题"},
    "import.bad.card": {"en": "is not a review card this version can read", "zh-CN": "不是本版本能读取的复习卡片"},
    "import.bad.exact": {"en": "should be an exact score as the export writes it, like 3 or 5/2", "zh-CN": "应为导出文件中的精确分数，如 3 或 5/2"},
    "import.bad.flags": {"en": "should be a short list of words like clock-back", "zh-CN": "应为简短的标记列表，如 clock-back"},
    "import.bad.detail": {"en": "is not the detail of a log line", "zh-CN": "不是答题记录中的明细"},
    "import.bad.seq": {"en": "should number the log lines in order (1, 2, 3 …)", "zh-CN": "应按顺序为记录编号（1、2、3……）"},
    "error.lrs-url": {
        "en": "--to {url}: not an http or https address — give the LRS's xAPI endpoint, like https://lrs.example.com/xapi.",
        "zh-CN": "--to {url}：不是 http 或 https 地址 — 请填写学习记录库的 xAPI 地址，例如 https://lrs.example.com/xapi。",
    },
    "error.lrs-redirect": {
        "en": "the LRS at {url} answered {status}, a redirect to {location}; nothing was sent there ({stored} statements were acknowledged before) — if that address is right, pass it with --to.",
        "zh-CN": "学习记录库 {url} 返回 {status}，要求转到 {location}；未向该地址发送任何内容（此前已确认 {stored} 条语句）— 如果该地址无误，请用 --to 指定它。",
    },
    "error.lrs-timeout": {
        "en": "the LRS at {url} did not finish within {seconds} s ({stored} statements were acknowledged) — try again later (statements it already has are not duplicated), or allow longer with --timeout.",
        "zh-CN": "学习记录库 {url} 在 {seconds} 秒内未完成（已确认 {stored} 条语句）— 请稍后重试（已存在的语句不会重复），或用 --timeout 延长时限。",
    },
    "error.lrs-unacknowledged": {
        "en": "the LRS at {url} answered {status} without listing the statements it stored ({stored} were acknowledged before) — check that --to is the LRS's xAPI endpoint.",
        "zh-CN": "学习记录库 {url} 返回 {status}，但没有列出已保存的语句（此前已确认 {stored} 条）— 请确认 --to 是学习记录库的 xAPI 地址。",
    },
    "export.home-page-placeholder": {
        "en": "note: trainees are named as accounts of {home}, a placeholder — give your organisation's address with --home-page (or xapi_home_page in the config file).",
        "zh-CN": "提示：学员账号暂时归属于占位地址 {home} — 请用 --home-page（或配置文件中的 xapi_home_page）填写贵单位的地址。",
    },
}


# code -> language -> (what is wrong, how to fix it[, how to fix it when there is a suggestion])
PROBLEMS: dict[str, dict[str, tuple[str, ...]]] = {
    "file-unreadable": {
        "en": ("cannot read the file ({reason})", "check that it exists and that you may read it"),
        "zh-CN": ("无法读取文件（{reason}）", "请确认文件存在且有读取权限"),
    },
    "file-too-large": {
        "en": ("the file is {size} MB, over the {limit} MB limit", "split it into several bank files"),
        "zh-CN": ("文件大小为 {size} MB，超过 {limit} MB 上限", "请拆分为多个题库文件"),
    },
    "empty-file": {
        "en": ("the file is empty", "start it with `bank: <id>` or `exam: <id>` (see BANK-FORMAT.md)"),
        "zh-CN": ("文件是空的", "请以 `bank: <编号>` 或 `exam: <编号>` 开头（见 BANK-FORMAT.md）"),
    },
    "encoding-utf16": {
        "en": ("the file is saved as {encoding}", "save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8)"),
        "zh-CN": ("文件以 {encoding} 编码保存", "请另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）"),
    },
    "encoding-not-utf8": {
        "en": ("the file is not UTF-8: byte {byte} cannot be read (it looks like {guess})",
               "save the file as UTF-8 (in Notepad: Save As → Encoding: UTF-8)"),
        "zh-CN": ("文件不是 UTF-8 编码：无法识别字节 {byte}（看起来是 {guess}）",
                  "请将文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）"),
    },
    "yaml-syntax": {
        "en": ("YAML syntax error: {detail}", "check the indentation and quoting on this line and the one above"),
        "zh-CN": ("YAML 语法错误：{detail}", "请检查这一行及上一行的缩进和引号"),
    },
    "yaml-colon": {
        "en": ("unexpected ':' — a text containing ': ' must be quoted",
               "put the whole text in quotes, e.g. prompt: \"注意: ……\""),
        "zh-CN": ("这里出现了意外的“: ” — 含有“: ”的文本必须加引号",
                  "请给整段文本加上引号，例如 prompt: \"注意: ……\""),
    },
    "yaml-tab": {
        "en": ("a tab character is used for indentation", "indent with spaces only (2 per level)"),
        "zh-CN": ("缩进中使用了 Tab 制表符", "请只用空格缩进（每级 2 个空格）"),
    },
    "yaml-bad-start": {
        "en": ("a value cannot start with '{char}'", "put the text in quotes"),
        "zh-CN": ("值不能以“{char}”开头", "请给这段文本加上引号"),
    },
    "yaml-missing-colon": {
        "en": ("a key is missing its ':'", "write `key: value`, with a space after the colon"),
        "zh-CN": ("键后面缺少冒号", "请写成 `key: value`，冒号后加一个空格"),
    },
    "yaml-indent": {
        "en": ("the indentation does not line up",
               "items of the same list or mapping must start in the same column"),
        "zh-CN": ("缩进没有对齐", "同一列表或同一层键值的各项必须从同一列开始"),
    },
    "yaml-quote": {
        "en": ("a quoted text is never closed", "add the closing quote"),
        "zh-CN": ("引号没有闭合", "请补上结尾的引号"),
    },
    "yaml-alias": {
        "en": ("an alias (*name) refers to an anchor (&name) that is not defined before it",
               "define the anchor first, or remove the '*'"),
        "zh-CN": ("别名（*name）引用了前面未定义的锚点（&name）", "请先定义锚点，或去掉“*”"),
    },
    "yaml-control": {
        "en": ("the file contains a control character {detail} (binary data?)",
               "remove it; bank files are plain text"),
        "zh-CN": ("文件中含有控制字符 {detail}（可能是二进制数据）", "请删除它；题库文件只能是纯文本"),
    },
    "yaml-documents": {
        "en": ("the file holds more than one YAML document ('---')", "put each bank or exam in its own file"),
        "zh-CN": ("文件中有多个 YAML 文档（“---”）", "每个题库或考试请单独存为一个文件"),
    },
    "yaml-too-deep": {
        "en": ("lists or mappings are nested more than {limit} levels deep",
               "banks need only a few levels; check for unbalanced [ or {{"),
        "zh-CN": ("列表或键值表嵌套超过 {limit} 层", "题库只需要几层嵌套；请检查是否有未配对的 [ 或 {{"),
    },
    "alias-recursive": {
        "en": ("an alias refers to the list or mapping that contains it", "remove the recursive alias"),
        "zh-CN": ("别名引用了包含它自身的列表或键值表", "请删除这个递归别名"),
    },
    "alias-bomb": {
        "en": ("aliases expand to more than {limit} times the file's own content (a \"billion laughs\" file?)",
               "write the content out instead of nesting aliases"),
        "zh-CN": ("别名展开后超过文件本身内容的 {limit} 倍（疑似“billion laughs”攻击文件）",
                  "请直接写出内容，不要层层嵌套别名"),
    },
    "unsafe-tag": {
        "en": ("the tag {tag} could run code and is never allowed", "remove the tag; banks hold plain text only"),
        "zh-CN": ("标签 {tag} 可能执行代码，一律不允许", "请删除该标签；题库只能包含纯文本"),
    },
    "unknown-tag": {
        "en": ("the tag {tag} is not supported", "remove the tag and write plain text, lists and mappings"),
        "zh-CN": ("不支持标签 {tag}", "请删除该标签，只使用普通文本、列表和键值"),
    },
    "duplicate-key": {
        "en": ("the key `{key}` appears twice in the same mapping (first on line {first})",
               "keep one of them; YAML would silently drop the first"),
        "zh-CN": ("同一层里键 `{key}` 出现了两次（第一次在第 {first} 行）", "请只保留一个；否则 YAML 会悄悄丢掉前一个"),
    },
    "key-not-text": {
        "en": ("a key is a list or mapping", "keys must be plain words such as `prompt`"),
        "zh-CN": ("键是一个列表或键值表", "键必须是普通单词，例如 `prompt`"),
    },
    "not-a-document": {
        "en": ("the file holds {got}, not a bank or an exam", "start the file with `bank: <id>` or `exam: <id>`"),
        "zh-CN": ("文件内容是{got}，不是题库或考试", "请以 `bank: <编号>` 或 `exam: <编号>` 开头"),
    },
    "bank-and-exam": {
        "en": ("the file has both `bank:` and `exam:`", "put the bank and the exam in separate files"),
        "zh-CN": ("文件同时含有 `bank:` 和 `exam:`", "请把题库和考试分成两个文件"),
    },
    "no-document-key": {
        "en": ("the file is neither a bank nor an exam", "its first key must be `bank:` or `exam:`",
               "did you mean `{suggestion}:`?"),
        "zh-CN": ("文件既不是题库也不是考试", "第一个键必须是 `bank:` 或 `exam:`", "您是不是想写 `{suggestion}:`？"),
    },
    "unknown-key": {
        "en": ("unknown key `{key}` in {where}", "remove it or check its spelling (see BANK-FORMAT.md)",
               "did you mean `{suggestion}`?"),
        "zh-CN": ("{where}中有未知的键 `{key}`", "请删除或检查拼写（见 BANK-FORMAT.md）", "您是不是想写 `{suggestion}`？"),
    },
    "key-not-for-type": {
        "en": ("`{key}` belongs to {owner} questions, but this question is `{type}`",
               "remove `{key}` or change `type`"),
        "zh-CN": ("`{key}` 属于 {owner} 类型的题目，而本题是 `{type}`", "请删除 `{key}`，或修改 `type`"),
    },
    "missing-field": {
        "en": ("{where} has no `{field}`", "add `{field}:` (see BANK-FORMAT.md)"),
        "zh-CN": ("{where}缺少 `{field}`", "请添加 `{field}:`（见 BANK-FORMAT.md）"),
    },
    "wrong-type": {
        "en": ("`{field}` should be {expected} but is {got}", "rewrite it as {expected} (see BANK-FORMAT.md)"),
        "zh-CN": ("`{field}` 应为{expected}，实际是{got}", "请改写为{expected}（见 BANK-FORMAT.md）"),
    },
    "yaml-bool": {
        "en": ("`{field}`: the unquoted word {value} is read by YAML as true/false, not as text",
               "put it in quotes: '{value}'"),
        "zh-CN": ("`{field}`：未加引号的 {value} 会被 YAML 当作真/假值，而不是文本", "请加上引号：'{value}'"),
    },
    "empty-value": {
        "en": ("`{field}` is empty", "write a value after the colon, or remove the key"),
        "zh-CN": ("`{field}` 是空的", "请在冒号后填写内容，或删除这个键"),
    },
    "empty-text": {
        "en": ("`{field}` is blank", "write the text, or remove the key"),
        "zh-CN": ("`{field}` 是空白文本", "请填写内容，或删除这个键"),
    },
    "empty-list": {
        "en": ("`{field}` is an empty list", "add at least one item"),
        "zh-CN": ("`{field}` 是空列表", "请至少填写一项"),
    },
    "text-too-long": {
        "en": ("`{field}` is {length} characters long, over the limit of {limit}", "shorten it"),
        "zh-CN": ("`{field}` 长达 {length} 个字符，超过 {limit} 的上限", "请缩短"),
    },
    "control-char": {
        "en": ("`{field}` contains the control character {char}", "remove it; texts are shown in a terminal as they are"),
        "zh-CN": ("`{field}` 中含有控制字符 {char}", "请删除它；文本会原样显示在终端中"),
    },
    "bad-id": {
        "en": ("`{field}` {value!r} is not a valid id", "use lowercase letters, digits and '-' only",
               "use lowercase letters, digits and '-' only, e.g. `{suggestion}`"),
        "zh-CN": ("`{field}` 的值 {value!r} 不是合法编号", "只能使用小写字母、数字和“-”",
                  "只能使用小写字母、数字和“-”，例如 `{suggestion}`"),
    },
    "bad-source-id": {
        "en": ("source id {value!r} is not valid", "use letters, digits, '_', '.' and '-' only"),
        "zh-CN": ("来源编号 {value!r} 不合法", "只能使用字母、数字、“_”、“.”和“-”"),
    },
    "bad-integer": {
        "en": ("`{field}` must be a whole number, {range}; found {value}", "write a whole number, {range}"),
        "zh-CN": ("`{field}` 必须是整数（{range}），实际为 {value}", "请填写整数（{range}）"),
    },
    "bad-points": {
        "en": ("`points` must be a number above 0; found {value}", "write e.g. `points: 2`"),
        "zh-CN": ("`points` 必须是大于 0 的数字，实际为 {value}", "例如写成 `points: 2`"),
    },
    "bad-language": {
        "en": ("{value!r} is not a language tag", "use a tag such as zh-CN or en",
               "did you mean `{suggestion}`?"),
        "zh-CN": ("{value!r} 不是语言代码", "请使用 zh-CN、en 这样的语言代码", "您是不是想写 `{suggestion}`？"),
    },
    "missing-bank-language": {
        "en": ("`{field}` has no {lang} text (the bank's language); it has {have}",
               "add the {lang} text: plain strings and fallbacks use the bank's language"),
        "zh-CN": ("`{field}` 缺少题库语言 {lang} 的文本（现有：{have}）", "请补上 {lang} 文本：其他语言缺失时会显示题库语言"),
    },
    "language-lengths": {
        "en": ("the per-language lists of `{field}` differ in length ({lengths})",
               "give every language the same number of items, in the same order"),
        "zh-CN": ("`{field}` 各语言列表的长度不同（{lengths}）", "请让每种语言的项数相同、顺序一致"),
    },
    "pair-size": {
        "en": ("a pair in `{field}` has {count:item|items}", "write each pair as [left, right]"),
        "zh-CN": ("`{field}` 中某一对有 {count} 项", "每一对请写成 [左, 右]"),
    },
    "duplicate-id": {
        "en": ("{kind} id `{id}` is used twice (first on line {first})", "give each {kind} its own id"),
        "zh-CN": ("{kind}编号 `{id}` 重复使用（第一次在第 {first} 行）", "请为每个{kind}使用不同的编号"),
    },
    "duplicate-document": {
        "en": ("{kind} id `{id}` is already used by {first}", "rename one of them; ids must be unique"),
        "zh-CN": ("{kind}编号 `{id}` 已被 {first} 使用", "请改名；编号必须唯一"),
    },
    "unknown-source": {
        "en": ("the rule cites source `{value}`, which is not in `sources` ({known})",
               "start `source:` with one of the source ids", "did you mean `{suggestion}`?"),
        "zh-CN": ("规则引用的来源 `{value}` 不在 `sources` 中（现有：{known}）", "`source:` 须以某个来源编号开头",
                  "您是不是想写 `{suggestion}`？"),
    },
    "unknown-type": {
        "en": ("unknown question type `{value}`", "use one of: {types}", "did you mean `{suggestion}`?"),
        "zh-CN": ("未知题型 `{value}`", "可用题型：{types}", "您是不是想写 `{suggestion}`？"),
    },
    "rule-and-rules": {
        "en": ("the question has both `rule` and `rules`", "use `rule: id` for one rule or `rules: [a, b]` for several"),
        "zh-CN": ("题目同时写了 `rule` 和 `rules`", "一条规则用 `rule: 编号`，多条用 `rules: [a, b]`"),
    },
    "unknown-rule": {
        "en": ("the rule `{value}` is not defined in this bank's `rules`", "add the rule or fix the id",
               "did you mean `{suggestion}`?"),
        "zh-CN": ("本题库的 `rules` 中没有规则 `{value}`", "请添加该规则或改正编号", "您是不是想写 `{suggestion}`？"),
    },
    "bad-scoring": {
        "en": ("unknown scoring `{value}`", "use `partial` (default) or `all-or-nothing`", "did you mean `{suggestion}`?"),
        "zh-CN": ("未知计分方式 `{value}`", "请使用 `partial`（默认）或 `all-or-nothing`", "您是不是想写 `{suggestion}`？"),
    },
    "bad-answer": {
        "en": ("`answer` must be true or false; found {value}", "write `answer: true` or `answer: false`"),
        "zh-CN": ("`answer` 必须是 true 或 false，实际为 {value}", "请写 `answer: true` 或 `answer: false`"),
    },
    "single-one-correct": {
        "en": ("a `single` question has exactly one correct answer, but `correct` is a list",
               "write one text, or use `type: multi` for several correct answers"),
        "zh-CN": ("`single` 单选题只有一个正确答案，但 `correct` 写成了列表", "请只写一个答案；多个正确答案请用 `type: multi`"),
    },
    "duplicate-text": {
        "en": ("`{field}`: {value!r} appears twice (first on line {first})", "remove or reword the repeat"),
        "zh-CN": ("`{field}`：{value!r} 出现了两次（第一次在第 {first} 行）", "请删除或改写重复项"),
    },
    "correct-in-wrong": {
        "en": ("{value!r} is both a correct and a wrong answer", "remove it from `wrong`"),
        "zh-CN": ("{value!r} 既是正确答案又是错误选项", "请从 `wrong` 中删除"),
    },
    "order-too-few": {
        "en": ("an `order` question needs at least 3 steps; it has {count}", "add steps or use another type"),
        "zh-CN": ("`order` 排序题至少需要 3 个步骤，现有 {count} 个", "请补充步骤或改用其他题型"),
    },
    "match-too-few": {
        "en": ("a `match` question needs at least 2 pairs; it has {count}", "add pairs or use another type"),
        "zh-CN": ("`match` 配对题至少需要 2 对，现有 {count} 对", "请补充配对或改用其他题型"),
    },
    "blank-count": {
        "en": ("the {lang} prompt has {blanks:blank|blanks} (___) but `blanks` gives {answers}",
               "write one ___ in the prompt for each entry of `blanks`"),
        "zh-CN": ("{lang} 题干中有 {blanks} 个空（___），但 `blanks` 给了 {answers} 个答案", "题干中每个 ___ 对应 `blanks` 中的一项"),
    },
    "script-no-must": {
        "en": ("a `script` question has no `must` phrases", "list the phrases an answer must contain"),
        "zh-CN": ("`script` 话术题没有 `must` 要点", "请列出回答中必须包含的说法"),
    },
    "never-in-model": {
        "en": ("the {lang} model answer contains the forbidden phrase {phrase!r}",
               "reword the model answer; it would score 0"),
        "zh-CN": ("{lang} 示范回答中含有禁用语 {phrase!r}", "请改写示范回答，否则它本身会得 0 分"),
    },
    "model-misses-must": {
        "en": ("the {lang} model answer lacks a `must` phrase: {phrases}",
               "make the model answer contain one phrase of every `must` group"),
        "zh-CN": ("{lang} 示范回答缺少 `must` 要点：{phrases}", "示范回答应包含每组 `must` 中的至少一种说法"),
    },
    "missing-translation": {
        "en": ("question `{question}` has no {lang} text for: {fields}",
               "add {lang} to these texts, or the bank language is shown"),
        "zh-CN": ("题目 `{question}` 缺少 {lang} 文本：{fields}", "请补充 {lang} 翻译，否则将显示题库语言"),
    },
    "rule-unused": {
        "en": ("no question tests the rule `{rule}`", "add a question with `rule: {rule}`, or remove the rule"),
        "zh-CN": ("没有题目考查规则 `{rule}`", "请添加 `rule: {rule}` 的题目，或删除这条规则"),
    },
    "no-explain": {
        "en": ("question `{question}` has no `explain`", "add an explanation: trainees see it after answering"),
        "zh-CN": ("题目 `{question}` 没有 `explain` 解析", "请添加解析：学员作答后会看到"),
    },
    "no-rule": {
        "en": ("question `{question}` names no rule", "add `rule: <id>` so feedback can cite the rule"),
        "zh-CN": ("题目 `{question}` 没有关联规则", "请添加 `rule: <编号>`，以便反馈时引用规则"),
    },
    "bad-time-limit": {
        "en": ("`time_limit` {value} is not a duration", "write it like 90s, 20m or 1h30m"),
        "zh-CN": ("`time_limit` 的值 {value} 不是时长", "请写成 90s、20m 或 1h30m 这样的格式"),
    },
    "bad-pass-mark": {
        "en": ("`pass_mark` {value} is not a share of the points", "write it like 80%"),
        "zh-CN": ("`pass_mark` 的值 {value} 不是得分比例", "请写成 80% 这样的格式"),
    },
    "bad-feedback": {
        "en": ("unknown feedback mode `{value}`", "use `end` (default) or `immediate`", "did you mean `{suggestion}`?"),
        "zh-CN": ("未知反馈方式 `{value}`", "请使用 `end`（默认）或 `immediate`", "您是不是想写 `{suggestion}`？"),
    },
    # -- exam options: clock, navigation, review, fixed paper (exam helper) ---------------------
    "bad-exam-option": {
        "en": ("unknown `{key}` value `{value}`", "use one of {allowed} (default `{default}`)",
               "did you mean `{suggestion}`?"),
        "zh-CN": ("`{key}` 的值 `{value}` 无法识别", "请使用 {allowed} 之一（默认 `{default}`）",
                  "您是不是想写 `{suggestion}`？"),
    },
    "free-navigation-immediate": {
        "en": ("`navigation: free` with `feedback: immediate` would let a trainee go back and correct an answer "
               "after seeing its feedback", "use `feedback: end`, or `navigation: sequential`"),
        "zh-CN": ("`navigation: free` 与 `feedback: immediate` 同用，学员看到对错后可以回去改答案",
                  "请改用 `feedback: end`，或 `navigation: sequential`"),
    },
    "section-source": {
        "en": ("a section needs either `bank:` or `questions:`", "give exactly one of them"),
        "zh-CN": ("每个分段需要 `bank:` 或 `questions:` 之一", "请二选一"),
    },
    "section-filter-on-list": {
        "en": ("`{key}` has no effect on a `questions:` section", "remove it, or draw from a `bank:` instead"),
        "zh-CN": ("`{key}` 对 `questions:` 分段不起作用", "请删除，或改为从 `bank:` 抽题"),
    },
    "question-key-format": {
        "en": ("{value!r} is not a question key", "write it as bank/question, e.g. phone-scripts/ring-count"),
        "zh-CN": ("{value!r} 不是题目全称", "请写成 题库/题目，例如 phone-scripts/ring-count"),
    },
    "comma-in-flow": {
        "en": ("a comma inside {{…}} ended the text early (the rest, {value!r}, was read as a new key)",
               "put the text in quotes: en: \"…, …\""),
        "zh-CN": ("{{…}} 里的逗号提前结束了文本（后面的 {value!r} 被当成了新的键）",
                  "请给文本加上引号：en: \"…, …\""),
    },
    "bank-has-errors": {
        "en": ("the bank `{value}` ({file}) has errors, so this section cannot be checked",
               "fix the errors reported for {file} first"),
        "zh-CN": ("题库 `{value}`（{file}）有错误，无法检查本分段", "请先修正 {file} 中报告的错误"),
    },
    "unknown-bank": {
        "en": ("no loaded bank has the id `{value}`", "check the id, or add the bank's folder with --banks",
               "did you mean `{suggestion}`?"),
        "zh-CN": ("已加载的题库中没有 `{value}`", "请检查编号，或用 --banks 加入题库所在文件夹", "您是不是想写 `{suggestion}`？"),
    },
    "unknown-question": {
        "en": ("no loaded question has the key `{value}`", "check the bank and question ids",
               "did you mean `{suggestion}`?"),
        "zh-CN": ("已加载的题目中没有 `{value}`", "请检查题库编号和题目编号", "您是不是想写 `{suggestion}`？"),
    },
    "section-short": {
        "en": ("the section asks for {wanted:question|questions} from `{bank}`, but its filters leave {available}",
               "lower `count` or loosen `types`, `difficulty` and `tags`"),
        "zh-CN": ("该分段要从 `{bank}` 抽 {wanted} 道题，但筛选后只剩 {available} 道", "请减少 `count`，或放宽 `types`、`difficulty`、`tags`"),
    },
    "question-twice": {
        "en": ("`{value}` is listed twice in this exam", "list each question once"),
        "zh-CN": ("`{value}` 在本考试中列出了两次", "每道题只列一次"),
    },
    # -- keys tested by their examples (grading.example_failures) ------------------------------
    "example-not-accepted": {
        "en": ("the accepted example {example!r} scores {percent}%: nothing in it matches {missing}",
               "add this wording to that `must` group (or `blanks` entry), or move the example to `reject`"),
        "zh-CN": ("应得满分的示例 {example!r} 只得 {percent}%：其中没有与 {missing} 相符的说法",
                  "请把这种说法加入对应的 `must` 组（或 `blanks`），或把示例移到 `reject`"),
    },
    "example-forbidden": {
        "en": ("the accepted example {example!r} uses the forbidden phrase {fired}, so it scores 0",
               "narrow that `never` phrase, scope it with `unless:` for polite uses like this one, "
               "or move the example to `reject`"),
        "zh-CN": ("应得满分的示例 {example!r} 触发了禁用语 {fired}，记 0 分",
                  "请收窄该 `never` 说法，或用 `unless:` 排除这类礼貌用法，或把示例移到 `reject`"),
    },
    "example-not-rejected": {
        "en": ("the rejected example {example!r} scores {percent}% (credited with: {said})",
               "add a `never` phrase it uses, narrow the `must` group that accepted it, switch off the "
               "tolerance that let it through with `matching:`, or move the example to `accept`"),
        "zh-CN": ("应判为不合格的示例 {example!r} 得了 {percent}%（被认可的说法：{said}）",
                  "请为它用到的说法加 `never` 禁用语，或收窄接受它的 `must` 组，或用 `matching:` "
                  "关闭放过它的容错，或把示例移到 `accept`"),
    },
    # -- bank validation, issue 13 (UX-16) --------------------------------------------------------
    "question-missing-field": {
        "en": ("question `{question}` has no `{field}`", "add `{field}:` (see BANK-FORMAT.md)",
               "add it, e.g. `{suggestion}`"),
        "zh-CN": ("题目 `{question}` 缺少 `{field}`", "请添加 `{field}:`（见 BANK-FORMAT.md）",
                  "请添加，例如 `{suggestion}`"),
    },
    "missing-translation-many": {
        "en": ("{count} questions have no {lang} text: {questions}",
               "translate them, or take the {lang} text out of the others if the bank is meant to be in one language"),
        "zh-CN": ("有 {count} 道题缺少 {lang} 文本：{questions}",
                  "请补充翻译；如果本题库只用一种语言，请删除其他题目中的 {lang} 文本"),
    },
}


# `--help` in Chinese (cli/help.py): the English help text as written in the code -> its translation.
# Keyed by the English, as gettext does, so an English text edited without its translation falls back to
# English and tests/test_help.py names it.
HELP_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Arguments:": "参数：",
    "Options:": "选项：",
    "Commands:": "命令：",
    "default: ": "默认：",
    "env var: ": "环境变量：",
    "required": "必填",
    "Show this message and exit.": "显示本帮助并退出。",
    "Train customer-service etiquette in the terminal, from trainer-written YAML question banks.":
        "在终端里练习服务礼仪，题目来自培训师编写的 YAML 题库。",
    "Also load the banks and exams in DIR (repeatable).": "同时加载 DIR 中的题库和考试（可重复使用）。",
    "Interface and content language: zh-CN or en (default: the config file, else the locale).":
        "界面和题目语言：zh-CN 或 en（默认取配置文件，其次取系统语言环境）。",
    "Train as NAME (default: the config file).": "以 NAME 的身份答题（默认取配置文件中的学员）。",
    "The results store: a file, or postgresql://user@host/db for a centre's server (default: the config file's `store`, else in the data folder).":
        "成绩库：一个文件，或培训中心服务器的 postgresql://用户@主机/数据库（默认取配置文件中的 `store`，其次为数据文件夹中的文件）。",
    "Show tracebacks for errors.": "出错时显示完整的错误追踪信息。",
    "Show the version and exit.": "显示版本号并退出。",
    "Practise with instant feedback: right or wrong, why, the rule and its source.\n\n"
    "With no options, asks which banks and how many questions.":
        "练习并即时反馈：对错、原因、对应规则及其出处。\n\n不带选项时，会询问练习哪些题库、练多少题。",
    "Only this bank (repeatable).": "只用这个题库（可重复使用）。",
    "Only questions with this tag (repeatable).": "只出带这个标签的题（可重复使用）。",
    "Only this type: single, multi, truefalse, order, fill, script, match (repeatable).":
        "只出这种题型：single（单选）、multi（多选）、truefalse（判断）、order（排序）、fill（填空）、"
        "script（话术）、match（配对）（可重复使用）。",
    "Only this difficulty, 1 easy to 3 hard (repeatable).": "只出这个难度的题，1 最易、3 最难（可重复使用）。",
    "How many questions (default 10).": "题目数量（默认 10 道）。",
    "Seed the draw and the shuffles, to repeat a run.": "抽题和打乱顺序所用的种子，用于重现同一次答题。",
    "Take a timed exam: no feedback until you hand in, then your score and a review.":
        "参加限时考试：交卷前不显示对错，交卷后先看成绩，再逐题回顾。",
    "The exam to take (default: pick from a list).": "要参加的考试（默认从列表中选择）。",
    "Continue an unfinished practice or exam where you left it (an exam's clock runs on meanwhile).":
        "从中断处继续未完成的练习或考试（考试计时在此期间照常进行）。",
    "The attempt id or its first characters (default: your unfinished one).":
        "答题编号或其开头几位（默认为您未完成的那一次）。",
    "Discard the attempt instead (it stays in your history as discarded).":
        "改为放弃这次答题（它会以“已放弃”留在记录中）。",
    "Review your mistakes: the questions you missed, when they are due (spaced repetition).":
        "复习错题：按间隔重复安排，到期时再练答错过的题。",
    "At most N questions.": "最多 N 道题。",
    "Only list what is due, without starting.": "只列出到期的题，不开始复习。",
    "Your attempts, exam score trend, mastery per bank and the reviews due.":
        "查看您的答题记录、考试成绩走势、各题库掌握程度和到期的复习。",
    "Show one attempt question by question.": "逐题查看某一次答题。",
    "Every trainee's attempts, not only yours.": "显示所有学员的答题，而不只是您自己的。",
    "Print JSON instead of tables.": "以 JSON 格式输出，而不是表格。",
    "Export results: CSV or Excel for people, JSON to merge into another store, xAPI for an LRS.":
        "导出成绩：CSV 或 Excel 供人查看，JSON 用于合并到另一个成绩库，xAPI 用于学习记录库（LRS）。",
    "csv, xlsx, json (for `results import`) or xapi.": "csv、xlsx、json（供 `results import` 使用）或 xapi。",
    "Where to write; - for standard output.": "写入的位置；- 表示标准输出。",
    "csv: one row per attempt, or per answer (the default).": "csv：每次答题一行，或每道作答一行（默认）。",
    "Only this trainee: name, employee number or id (repeatable).": "只看这位学员：姓名、工号或编号（可重复使用）。",
    "Only attempts at this exam (repeatable).": "只看这场考试的答题（可重复使用）。",
    "Only answers from this bank (repeatable).": "只看这个题库的作答（可重复使用）。",
    "Only practice, exam or review attempts (repeatable).": "只看练习、考试或复习的答题（可重复使用）。",
    "Only attempts started on or after DATE (YYYY-MM-DD).": "只看在 DATE 当天或之后开始的答题（YYYY-MM-DD）。",
    "Only attempts started on or before DATE (YYYY-MM-DD).": "只看在 DATE 当天或之前开始的答题（YYYY-MM-DD）。",
    "xapi: post the statements to this LRS endpoint.": "xapi：把语句发送到这个学习记录库地址。",
    "xapi: the LRS user.": "xapi：学习记录库的用户名。",
    "xapi: the LRS password (or set ETIQUETTE_QUIZ_LRS_PASSWORD).":
        "xapi：学习记录库的密码（也可设置环境变量 ETIQUETTE_QUIZ_LRS_PASSWORD）。",
    "Item analysis and cohort figures for trainers (Moodle's statistics), in the terminal or as HTML.":
        "供培训师查看的题目分析和学员整体数据（与 Moodle 的统计相同），在终端显示或生成 HTML。",
    "Also write the report as one HTML page.": "同时把报告写成一个 HTML 网页。",
    "Print the figures as JSON instead.": "改为以 JSON 格式输出各项数据。",
    "Flagged questions to list in the terminal.": "在终端中列出的被标记题目数量。",
    "Trainees to list in the terminal.": "在终端中列出的学员数量。",
    "Trainer tools for question banks: validate, lint, statistics, JSON Schema, import and export.":
        "培训师的题库工具：检查、出题质量检查、统计、JSON Schema、导入和导出。",
    "Check bank and exam files; print file:line:col for every problem. Exit 1 when invalid.":
        "检查题库和考试文件；每个问题都给出 文件:行:列。有错误时以状态码 1 退出。",
    "Bank/exam files or folders (default: every loaded bank and exam).":
        "题库或考试文件、文件夹（默认为所有已加载的题库和考试）。",
    "Fail on warnings too.": "有警告也视为不通过。",
    "text, or json for CI pipelines.": "text，或供持续集成使用的 json。",
    "Show questions per bank, type and difficulty, and how well rules are covered.\n\n"
    "Exits 1 when a bank has errors (it is left out of the figures).":
        "按题库、题型和难度统计题目数量，并显示规则的覆盖情况。\n\n"
        "有题库存在错误时以状态码 1 退出（该题库不计入统计）。",
    "Bank files or folders (default: every loaded bank).": "题库文件或文件夹（默认为所有已加载的题库）。",
    "Also list every rule with its number of questions.": "同时逐条列出每条规则及其题目数量。",
    "Print the JSON Schema of bank and exam files, for editor autocompletion.":
        "输出题库和考试文件的 JSON Schema，供编辑器自动补全使用。",
    "Trainer tools for results: merge files exported on trainees' machines.":
        "培训师的成绩工具：合并从学员电脑导出的成绩文件。",
    "Merge JSON exports into this store, after checking each file in full (re-grading answers against the\n"
    "loaded banks). Nothing is imported twice; conflicts are reported, not overwritten. Exit 1 when a file was\n"
    "refused, an attempt skipped or a conflict found.":
        "先完整检查每个文件（按已加载的题库重新评分），再把 JSON 导出文件合并到本成绩库。不会重复导入，"
        "有冲突时报告而不覆盖。有文件被拒绝、有答题被跳过或发现冲突时，退出码为 1。",
    "JSON exports (or folders of them).": "JSON 导出文件（或存放它们的文件夹）。",
    # commands and options other branches added (translated when merged)
    "No progress display and no summary line on long commands (errors still show).":
        "长时间运行的命令不显示进度和结束时的汇总（错误照常显示）。",
    "Open the --html page in the default browser.": "用默认浏览器打开 --html 生成的网页。",
    ".xlsx, .xls, .csv, .txt, .md, .docx, .gift (Aiken: .txt) or Moodle .xml files.":
        ".xlsx、.xls、.csv、.txt、.md、.docx、.gift（Aiken 格式用 .txt）或 Moodle 的 .xml 文件。",
    "Administrator tools for a shared PostgreSQL results store.":
        "共用 PostgreSQL 成绩库的管理工具。",
    "Bank ids (bundled or from --banks) or bank files.":
        "题库编号（自带的或 --banks 加载的）或题库文件。",
    "Bring a PostgreSQL store to the current schema and set up (or renew) its roles and row-level security.\n\nRun it as the database's owner, once when the centre's server is set up and once after each\nupgrade. Without role options it keeps the roles given before (if any).":
        "把 PostgreSQL 成绩库升级到当前结构，并设置（或更新）其角色和行级安全策略。\n\n请以数据库所有者身份运行：培训中心服务器搭建好时运行一次，以后每次升级后再运行一次。不带角色选项时，保留此前设置的角色（如有）。",
    "Check that questions test the manuals, not test-taking: cues, strawmen, balance, duplicates. Exit 1 on errors.":
        "检查题目考的是手册内容而不是应试技巧：提示线索、凑数选项、正误比例、重复题。有错误时以状态码 1 退出。",
    "Fail on any finding, warnings included.":
        "有任何问题（包括警告）都视为不通过。",
    "File (one bank) or folder; - for standard output (default: <bank id>.<ext>).":
        "文件（一个题库）或文件夹；- 表示标准输出（默认：<题库编号>.<扩展名>）。",
    "Folder for the YAML banks (<bank id>.yaml); - for standard output.":
        "存放 YAML 题库的文件夹（<题库编号>.yaml）；- 表示标准输出。",
    "Folder of the plain-text manuals, named <source id>.txt: also check quotes, citations and the manual titles the texts name.":
        "纯文本手册所在的文件夹，文件名为 <来源编号>.txt：同时检查引文、出处和文中提到的手册名称。",
    "Header language: zh-CN or en (default: the interface language).":
        "表头语言：zh-CN 或 en（默认与界面语言相同）。",
    "Import every export waiting in DIR and move each one imported to DIR/imported/.":
        "导入 DIR 中所有待导入的导出文件，并把导入过的文件移到 DIR/imported/。",
    "Import the good questions and list the bad ones (default: nothing until all are fixed).":
        "导入没有问题的题目并列出有问题的（默认：全部修正之前不导入任何题目）。",
    "Language of the findings: zh-CN or en.":
        "检查结果所用的语言：zh-CN 或 en。",
    "Only for an exam whose file fixes its paper (`seed:`), with that seed.":
        "仅适用于考试文件固定了试卷（`seed:`）的考试，且须使用该种子。",
    "The group role of trainees: they add and read only their own results.":
        "学员的组角色：只能写入和查看自己的成绩。",
    "The group role of trainers: they read every result (created if missing).":
        "培训师的组角色：可查看全部成绩（不存在时自动创建）。",
    "Turn Excel/WPS sheets, CSV, pasted text, Word, Aiken, GIFT or Moodle XML into checked YAML banks.":
        "把 Excel/WPS 表格、CSV、粘贴的文本、Word、Aiken、GIFT 或 Moodle XML 转成经过检查的 YAML 题库。",
    "Where to write (default: 题库模板.xlsx, or bank-template.xlsx with --lang en).":
        "写入的位置（默认：题库模板.xlsx；使用 --lang en 时为 bank-template.xlsx）。",
    "With --sources: list every heading of the manuals with the rules and questions citing it.":
        "配合 --sources：列出手册的每个标题，以及引用它的规则和题目。",
    "Write an empty Excel workbook to fill in: one row per question, drop-downs, an example of each type.":
        "生成一个待填写的空白 Excel 工作簿：每题一行，带下拉选项，每种题型各有一个示例。",
    "Write banks as Excel/CSV to edit and re-import, or as GIFT, Moodle XML, Aiken or Markdown for other systems.":
        "把题库导出为 Excel/CSV 以便编辑后再导入，或导出为 GIFT、Moodle XML、Aiken 或 Markdown 供其他系统使用。",
    "text, or json for scripts.":
        "text，或供脚本使用的 json。",
    "xlsx, csv, gift, moodle-xml, aiken or md.":
        "xlsx、csv、gift、moodle-xml、aiken 或 md。",
    # -- hardening (issue 12): results import and the xAPI push ---------------------------------
    "Import the clean attempts of a file that has problems, and list what was left out (default: a file with any "
    "problem is not imported at all).":
        "导入有问题的文件中没有问题的答题记录，并列出未导入的部分（默认：文件只要有问题就整份不导入）。",
    "xapi: your organisation's address, which trainee accounts belong to (or xapi_home_page in the config file).":
        "xapi：贵单位的网址，学员账号归属于它（也可在配置文件中设置 xapi_home_page）。",
    "xapi: name trainees by their id, or by employee number where they have one.":
        "xapi：用学员编号标识学员，或在有工号时用工号。",
    "xapi: give up on the LRS after this long in all (default: a minute, plus a second per 200 statements).":
        "xapi：与学习记录库交互的总时限，超时即放弃（默认：一分钟，每 200 条语句再加一秒）。",
}


# -- bank lint -------------------------------------------------------------------------------------
# Each check code: (evidence, fix). Lists in the arguments are joined in the reader's language.
LINT: dict[str, dict[str, tuple[str, str]]] = {
    "key-longest": {
        "en": ("in {lang} the key is clearly the longest option (length {key} against at most {wrong} for a "
               "distractor, ×{ratio}; a Chinese character or three letters count 1)",
               "shorten the key or give the distractors the same detail (a half-right answer, another manual's rule)"),
        "zh-CN": ("{lang} 正确答案明显是最长的选项（长度 {key}，干扰项最长 {wrong}，约 {ratio} 倍；汉字每字计 1，其他文字每 3 个字母计 1）",
                  "请精简正确答案，或让干扰项写得同样具体（半对的做法、其他手册的规定）"),
    },
    "key-length-bias": {
        "en": ("in {lang} a key is the longest option in {share}% of the {items} single/multi questions, against "
               "{chance}% by chance: keys are {direction} the longest",
               "even out option lengths: let some keys be the longest and some the shortest, and pad neither side"),
        "zh-CN": ("{lang} 的 {items} 道单选/多选题中，最长的选项是正确答案的占 {share}%，随机应为 {chance}%：正确答案{direction}",
                  "请让选项长度均衡：有的正确答案最长、有的最短，不要只给某一类选项加长"),
    },
    "cue-justification": {
        "en": ("{count} of {options} {side} in {lang} carry a reason ({words}), against {other} of {other_options} "
               "{other_side} (lines {lines})",
               "a reason tacked on (“so that…”, “以便…”) marks the option; give keys and distractors reasons alike, or none"),
        "zh-CN": ("{lang} 有 {count}/{options} 个{side}带理由（{words}），而{other_side}只有 {other}/{other_options} 个（第 {lines} 行）",
                  "附加理由（“以便……”“so that…”）会暴露选项；请让正确答案和干扰项同样带理由，或都不带"),
    },
    "cue-absolute": {
        "en": ("{count} of {options} {side} in {lang} use absolutes ({words}), against {other} of {other_options} "
               "{other_side} (lines {lines})",
               "absolutes (“always”, “一律”, “越…越好”) mark one side; use them in keys where the manual does, or drop them"),
        "zh-CN": ("{lang} 有 {count}/{options} 个{side}用了绝对化的词（{words}），而{other_side}只有 {other}/{other_options} 个（第 {lines} 行）",
                  "绝对化的词（“一律”“越……越好”“always”）会暴露选项；手册这样说时也请用在正确答案里，否则删去"),
    },
    "cue-hedge": {
        "en": ("{count} of {options} {side} in {lang} hedge ({words}), against {other} of {other_options} "
               "{other_side} (lines {lines})",
               "qualified wording (“usually”, “适当”, “可以”) marks one side; balance it between keys and distractors"),
        "zh-CN": ("{lang} 有 {count}/{options} 个{side}用了留余地的词（{words}），而{other_side}只有 {other}/{other_options} 个（第 {lines} 行）",
                  "留余地的说法（“适当”“可以”“usually”）会暴露选项；请在正确答案和干扰项之间均衡使用"),
    },
    "cue-verbatim": {
        "en": ("{count} of {options} {side} in {lang} copy the rules' or manuals' wording, against {other} of "
               "{other_options} {other_side} (lines {lines})",
               "paraphrase keys as freely as distractors, or build distractors from other manuals' wording"),
        "zh-CN": ("{lang} 有 {count}/{options} 个{side}照搬规则或手册原文，而{other_side}只有 {other}/{other_options} 个（第 {lines} 行）",
                  "请像改写干扰项一样改写正确答案，或用其他手册的原文来编干扰项"),
    },
    "stem-echo": {
        "en": ("the {lang} stem and a key share “{words}”, which no distractor has: the key can be found by matching words",
               "reword the stem, or let a distractor use the word too"),
        "zh-CN": ("{lang} 题干和正确答案都有“{words}”，干扰项都没有：只看字面就能选出答案",
                  "请改写题干，或让干扰项也用到这个词"),
    },
    "strawman": {
        "en": ("in {lang} the distractors sound plainly rude ({wrong_words}) and the key does not ({key_words}): "
               "the item tests manners, not the manual",
               "use distractors a trainee who skipped the manual would pick: a common real mistake, another manual's "
               "rule, a half-right answer"),
        "zh-CN": ("{lang} 干扰项明显失礼（{wrong_words}），正确答案则不然（{key_words}）：考的是常识，不是手册",
                  "请用没读手册的学员会选的干扰项：常见的真实错误、其他手册的不同规定、只对一半的做法"),
    },
    "tone-split": {
        "en": ("in {lang} the keys sound negative ({key_words}) and the distractors positive ({wrong_words}): "
               "ticking the negative-sounding options is enough",
               "add a distractor that sounds negative but is allowed, or a key that sounds positive but is forbidden "
               "(another manual's rule)"),
        "zh-CN": ("{lang} 正确答案听起来都是负面的（{key_words}），干扰项都是正面的（{wrong_words}）：挑负面的选就对了",
                  "请加入听起来负面但手册允许的干扰项，或听起来正面但被禁止的正确答案（如其他手册的规定）"),
    },
    "all-of-the-above": {
        "en": ("the option {text!r} is “all/none of the above”",
               "replace it with a real option: “all of the above” is answered by spotting two right options"),
        "zh-CN": ("选项 {text!r} 是“以上都对/都不对”", "请换成具体的选项：只要看出两个对的，就能选“以上都对”"),
    },
    "order-few-steps": {
        "en": ("only {count} steps: with fewer than {minimum}, the order usually follows from common sense",
               "add steps from the manual, or test the content with a single or multi question"),
        "zh-CN": ("只有 {count} 个步骤：少于 {minimum} 步时，顺序往往凭常识就能排出", "请补充手册中的步骤，或改用单选/多选题考内容"),
    },
    "order-position-cue": {
        "en": ("steps give away their place in {lang} ({words}): {steps}",
               "take the order words (first/then/finally, 首先/然后/最后, numbers) out of the steps"),
        "zh-CN": ("{lang} 步骤本身透露了位置（{words}）：{steps}", "请删去步骤里表示先后的词（首先/然后/最后、first/then/finally、序号）"),
    },
    "match-echo": {
        "en": ("{count} of {total} pairs in {lang} can be matched by a shared word: {pairs}",
               "reword the right-hand side so it does not repeat the left, and add decoys that fit several situations"),
        "zh-CN": ("{lang} {total} 对中有 {count} 对靠相同的字就能配上：{pairs}", "请改写右侧说法，不要重复左侧的字，并加入适用于多种情况的干扰项"),
    },
    "match-few-decoys": {
        "en": ("only {count:right-hand decoy|right-hand decoys}: the last pairs fall out by elimination",
               "add at least {minimum} decoys (`wrong:`) that fit several situations"),
        "zh-CN": ("右侧只有 {count} 个干扰项：最后几对靠排除法就能配上", "请在 `wrong:` 中加入至少 {minimum} 个适用于多种情况的干扰项"),
    },
    "near-duplicate": {
        "en": ("nearly the same question as {other} ({where}): prompts {prompt}% alike, answers {answer}%",
               "keep one, or make them test different parts of the rule"),
        "zh-CN": ("与 {other}（{where}）几乎是同一道题：题干相似度 {prompt}%，答案相似度 {answer}%", "请只保留一道，或让两题考规则的不同方面"),
    },
    "duplicate-question": {
        "en": ("the same question as {other} ({where})", "remove one of them"),
        "zh-CN": ("与 {other}（{where}）是同一道题", "请删除其中一道"),
    },
    "number-mismatch": {
        "en": ("the {lang} text of `{field}` states {other_numbers}, the Chinese {zh_numbers}: the translation may "
               "have dropped or changed a fact",
               "make the numbers agree (or write them the same way in both languages)"),
        "zh-CN": ("`{field}` 的 {lang} 文本中的数字是 {other_numbers}，中文是 {zh_numbers}：译文可能漏掉或改动了事实",
                  "请让两种语言的数字一致（或用同样的写法）"),
    },
    "phrase-conflict": {
        "en": ("{phrase!r} is forbidden here (`never`), but {other} has it in its `{place}`: {said!r} ({where})",
               "decide how the manuals judge the phrase: narrow the `never` phrase (or add `unless:`), or change the other question"),
        "zh-CN": ("{phrase!r} 在本题是禁用语（`never`），但 {other} 的 `{place}` 里有它：{said!r}（{where}）",
                  "请按手册确定这句话该怎么判：收窄 `never` 的说法（或加 `unless:`），或修改另一道题"),
    },
    "ignore-unknown": {
        "en": ("`lint: ignore` names {check!r}, which is not a lint check",
               "use a check name from docs/LINT.md (the name in brackets in each finding)"),
        "zh-CN": ("`lint: ignore` 中的 {check!r} 不是 lint 检查项",
                  "请使用 docs/LINT.md 中的检查名（即每条提示方括号中的名称）"),
    },
    "ignore-unused": {
        "en": ("`lint: ignore` silences {check!r}, but that check finds nothing here any more",
               "remove it from `ignore`, so a real finding is not hidden later"),
        "zh-CN": ("`lint: ignore` 屏蔽了 {check!r}，但这里已不再有该项提示",
                  "请把它从 `ignore` 中删去，以免日后掩盖真正的问题"),
    },
    "truefalse-balance": {
        "en": ("{true} true and {false} false statements ({share}% true, outside {low}–{high}%): “when unsure, "
               "answer {guess}” pays off", "reverse some statements so that both answers are common"),
        "zh-CN": ("判断题 {true} 道为对、{false} 道为错（{share}% 为对，不在 {low}%–{high}% 之间）：“拿不准就选{guess}”能得分",
                  "请把一些题目的说法反过来，让两种答案都常见"),
    },
    "section-not-found": {
        "en": ("the citation `{section}` of {source}: {parts} not found in the manual",
               "check it against the manual's headings (if the manual text lost a heading, cite what it shows)"),
        "zh-CN": ("{source} 的出处 `{section}` 中，手册里找不到：{parts}", "请对照手册的标题核对出处（若手册文本缺了某个标题，请按现有文本引用）"),
    },
    "quote-not-found": {
        "en": ("the quote {quote!r} is not in {source} word for word (nearest: {nearest!r})",
               "copy the manual's sentence exactly (white space aside)"),
        "zh-CN": ("原文引用 {quote!r} 在 {source} 中找不到一字不差的原句（最接近的是：{nearest!r}）", "请逐字照抄手册原句（空白不计）"),
    },
    "quote-outside-section": {
        "en": ("the quote is in {source}, but on line {line} under {found}, not under the cited `{section}`",
               "cite the section the quote is in, or quote from the cited one"),
        "zh-CN": ("原文引用在 {source} 中，但位于第 {line} 行的 {found} 下，而不在所注出处 `{section}` 下", "请改注原文所在的章节，或改引所注章节的原句"),
    },
    "title-mismatch": {
        "en": ("the text names 《{named}》, the title of {belongs}, but the rule cites {cited}",
               "name the cited document by its own title"),
        "zh-CN": ("文本写的是《{named}》，那是 {belongs} 的标题，而规则引用的是 {cited}", "请用所引文件自己的标题"),
    },
    "source-file-missing": {
        "en": ("no manual for source `{source}` in the --sources folder", "add the manual as `{source}.txt` (plain text)"),
        "zh-CN": ("--sources 文件夹中没有来源 `{source}` 的手册", "请以纯文本文件 `{source}.txt` 放入该文件夹"),
    },
    "bank-invalid": {
        "en": ("the file has {count:validation error|validation errors}, so it was not linted",
               "run `etiquette-quiz bank validate` on it and fix those first"),
        "zh-CN": ("该文件有 {count} 个校验错误，未做质量检查", "请先运行 `etiquette-quiz bank validate` 并修正这些错误"),
    },
}

_LINT_WORDS = {
    "key": {"en": "keys", "zh-CN": "正确答案"},
    "wrong": {"en": "distractors", "zh-CN": "干扰项"},
    "often": {"en": "too often", "zh-CN": "偏多"},
    "rarely": {"en": "too rarely", "zh-CN": "偏少"},
}


def lint_parts(code: str, lang: str, args: Mapping[str, Any]) -> tuple[str, str]:
    """The evidence and the fix of a lint finding, in `lang`."""
    lang = ui_language(lang)
    values: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, (list, tuple)):
            value = t("list.sep", lang).join(str(v) for v in value)
        values[name] = value
    if "side" in args:
        values["side"] = _LINT_WORDS[args["side"]][lang]
        values["other_side"] = _LINT_WORDS["wrong" if args["side"] == "key" else "key"][lang]
    if "direction" in args:
        values["direction"] = _LINT_WORDS[args["direction"]][lang]
    if "share" in args and "true" in args:
        values["guess"] = ({"en": "True", "zh-CN": "对"} if args["share"] > 50 else {"en": "False", "zh-CN": "错"})[lang]
    evidence, fix = LINT[code][lang]
    return fill(evidence, values), fill(fix, values)


UI.update({
    "lint.summary": {"en": "{errors:error|errors} and {warnings:warning|warnings} in {files:file|files}.",
                     "zh-CN": "{files} 个文件中有 {errors} 个错误、{warnings} 个警告。"},
    "lint.clean": {"en": "No lint findings in {files:file|files} ({questions:question|questions}).",
                   "zh-CN": "{files} 个文件（{questions} 道题）没有发现质量问题。"},
    "lint.strict": {"en": "Failing because of --strict: every finding counts.",
                    "zh-CN": "因为使用了 --strict，任何问题都算不通过。"},
    "lint.by-check": {"en": "By check: {counts}", "zh-CN": "按检查项：{counts}"},
    "lint.truefalse": {"en": "True/false keys: {true} true, {false} false ({share}% true).",
                       "zh-CN": "判断题答案：{true} 道对，{false} 道错（{share}% 为对）。"},
    "lint.coverage.title": {"en": "Coverage: rules · questions citing each heading of the manuals (— : not cited)",
                            "zh-CN": "覆盖情况：引用手册各标题的规则数 · 题目数（—：没有引用）"},
    "lint.coverage.manual": {"en": "{source}: {cited} of {headings} headings cited",
                             "zh-CN": "{source}：{headings} 个标题中有 {cited} 个被引用"},
    "lint.coverage-needs-sources": {"en": "--coverage needs --sources DIR (the folder of manuals to map).",
                                    "zh-CN": "--coverage 需要同时给出 --sources 文件夹（要对照的手册）。"},
    "lint.no-manuals": {"en": "{path} holds no manuals (<source id>.txt files); give the folder of plain-text manuals.",
                        "zh-CN": "{path} 中没有手册（<来源编号>.txt 文件）；请给出纯文本手册所在的文件夹。"},
})


# -- bank import / export / template (etiquette_quiz.formats) ---------------------------------
UI.update({
    "noun.single": {"en": "single-choice", "zh-CN": "单选题"},
    "noun.multi": {"en": "multiple-choice", "zh-CN": "多选题"},
    "noun.truefalse": {"en": "true/false", "zh-CN": "判断题"},
    "noun.order": {"en": "ordering", "zh-CN": "排序题"},
    "noun.fill": {"en": "fill-in", "zh-CN": "填空题"},
    "noun.script": {"en": "script", "zh-CN": "话术题"},
    "noun.match": {"en": "matching", "zh-CN": "匹配题"},
    "noun.essay": {"en": "essay", "zh-CN": "简答题"},
    "error.import-suffix": {
        "en": "{path}: cannot import this kind of file — use .xlsx, .xls, .csv, .txt, .md, .docx, .gift or .xml.",
        "zh-CN": "{path}：无法导入这种文件 — 请使用 .xlsx、.xls、.csv、.txt、.md、.docx、.gift 或 .xml 文件。",
    },
    "error.export-unknown-bank": {
        "en": "{value}: no such bank file, and no loaded bank has this id — give a .yaml file or one of: {known}.",
        "zh-CN": "{value}：既不是题库文件，也不是已加载题库的编号 — 请给出 .yaml 文件，或以下编号之一：{known}。",
    },
    "error.export-invalid": {
        "en": "{path} has errors and was not exported — run `etiquette-quiz bank validate {path}` to see them.",
        "zh-CN": "{path} 存在错误，未导出 — 运行 `etiquette-quiz bank validate {path}` 查看详情。",
    },
    "error.template-suffix": {
        "en": "--out {path}: the template is an Excel workbook — give a file name ending in .xlsx.",
        "zh-CN": "--out {path}：模板是 Excel 工作簿 — 请给出以 .xlsx 结尾的文件名。",
    },
    "error.export-stdout-many": {
        "en": "--out -: {format} to standard output takes one bank, not {count} — give a folder with --out.",
        "zh-CN": "--out -：{format} 输出到标准输出时只能导出一个题库（现有 {count} 个）— 请用 --out 指定文件夹。",
    },
    "import.wrote": {
        "en": "{source}: wrote {count:question|questions} to {path}.",
        "zh-CN": "{source}：已将 {count} 道题写入 {path}。",
    },
    "import.not-written": {
        "en": "{source}: nothing imported — fix the {count:error|errors} above and run the import again "
              "(or add --skip-bad to import the good questions now).",
        "zh-CN": "{source}：未导入任何题目 — 请先修正以上 {count} 个错误后重新导入"
                 "（或加 --skip-bad，先导入没有问题的题目）。",
    },
    "import.not-written-bank": {
        "en": "{source}: nothing imported — fix the {count:error|errors} above and run the import again.",
        "zh-CN": "{source}：未导入任何题目 — 请先修正以上 {count} 个错误后重新导入。",
    },
    "import.skipped": {
        "en": "skipped {where}: {why}",
        "zh-CN": "已跳过 {where}：{why}",
    },
    "import.skipped-summary": {
        "en": "{source}: {count:question with errors was|questions with errors were} skipped (listed above); fix "
              "them and import again to add them.",
        "zh-CN": "{source}：跳过了 {count} 道有错误的题（见上方列表）；修正后重新导入即可补上。",
    },
    "import.generated-ids": {
        "en": "{source}: {count:question had|questions had} no ID; made one from each prompt. To keep trainees' history when you "
              "edit those prompts, export the bank to Excel (`bank export {bank} --format xlsx`) and edit that sheet: "
              "it has the IDs.",
        "zh-CN": "{source}：{count} 道题没有题号，已按题干生成。若以后要修改这些题干并保留学员记录，请先导出为 Excel"
                 "（`bank export {bank} --format xlsx`）并在导出的表格中修改：表格里带有题号。",
    },
    "import.generated-bank": {
        "en": "{source}: no bank ID given, so it is `{bank}` (from the file name) — to choose one, fill in Bank ID in "
              "the {sheet} sheet, or start a text file with a line 'Bank ID: …'.",
        "zh-CN": "{source}：没有填写题库ID，已按文件名使用 `{bank}` — 如需指定，请在“{sheet}”表中填写题库ID，"
                 "或在文本文件开头加一行“题库ID：……”。",
    },
    "import.next": {
        "en": "Next: etiquette-quiz --banks {folder} practice --bank {bank}",
        "zh-CN": "下一步：etiquette-quiz --banks {folder} practice --bank {bank}",
    },
    "export.bank-wrote": {
        "en": "Wrote {count:question|questions} of {banks} to {path}.",
        "zh-CN": "已将 {banks} 的 {count} 道题写入 {path}。",
    },
    "template.wrote": {
        "en": "Wrote the bank template to {path}: fill in the {sheet} sheet (the {guide} sheet has an example of each "
              "type), then run `etiquette-quiz bank import {path} --out my-banks`.",
        "zh-CN": "题库模板已写入 {path}：请在“{sheet}”表中填写题目（“{guide}”表有每种题型的示例），然后运行 "
                 "`etiquette-quiz bank import {path} --out 题库文件夹`。",
    },
    "loss.line": {"en": "{where}: {format} cannot carry {what}.", "zh-CN": "{where}：{format} 无法保存{what}。"},
    "loss.skipped": {
        "en": "{where}: left out — {format} cannot carry {what}.",
        "zh-CN": "{where}：已略去 — {format} 无法保存{what}。",
    },
    "loss.order": {"en": "ordering questions", "zh-CN": "排序题"},
    "loss.fill-blanks": {"en": "more than one blank", "zh-CN": "多个空的填空题"},
    "loss.script": {"en": "the key phrases and forbidden phrases (it becomes an essay, graded by hand)",
                    "zh-CN": "必须包含的要点和禁用语（改为人工评分的简答题）"},
    "loss.type": {"en": "this question type (only single-choice)", "zh-CN": "此题型（只支持单选题）"},
    "loss.all-or-nothing": {"en": "all-or-nothing scoring (scored with partial credit)",
                            "zh-CN": "全对得分（改为部分得分）"},
    "loss.fraction": {"en": "the exact partial-credit fraction (nearest grade Moodle allows)",
                      "zh-CN": "精确的部分得分比例（改用 Moodle 允许的最接近的分数）"},
    "loss.scenario": {"en": "a separate scenario (put before the prompt)", "zh-CN": "单独的情景（并入题干前面）"},
    "loss.feedback": {"en": "option feedback", "zh-CN": "选项解析"},
    "loss.explain": {"en": "the explanation", "zh-CN": "解析"},
    "loss.newlines": {"en": "line breaks in the prompt", "zh-CN": "题干中的换行"},
    "loss.cloze-translation": {"en": "translations of a several-blank prompt", "zh-CN": "多空填空题题干的翻译"},
    "loss.translations": {"en": "translations", "zh-CN": "翻译"},
    "loss.rules": {"en": "rules and their sources", "zh-CN": "规则及其出处"},
    "loss.rule-ids": {"en": "rule IDs and sources (each question keeps its rule's text)",
                      "zh-CN": "规则ID和出处（每道题保留规则原文）"},
    "loss.difficulty": {"en": "difficulty", "zh-CN": "难度"},
    "loss.points": {"en": "points", "zh-CN": "分值"},
    "loss.tags": {"en": "tags", "zh-CN": "标签"},
    "loss.examples": {"en": "answer examples and matching settings", "zh-CN": "自测样例和匹配设置"},
})

PROBLEMS.update({
    "import-unreadable": {
        "en": ("cannot read the file ({reason})", "check that it is not open elsewhere or damaged, and save it again"),
        "zh-CN": ("无法读取文件（{reason}）", "请确认文件没有损坏，或在 Excel/WPS 中重新保存一次"),
    },
    "import-encoding": {
        "en": ("the file is neither UTF-8 nor GB18030 text", "save it again as CSV UTF-8"),
        "zh-CN": ("文件既不是 UTF-8 也不是 GB18030 编码", "请重新另存为“CSV UTF-8”格式"),
    },
    "import-no-header": {
        "en": ("no header row with a Prompt column in the first rows of this sheet",
               "put the headers (ID, Type, Prompt, …) in the first row; `bank template` makes a sheet with them"),
        "zh-CN": ("此表前几行中没有包含“题干”列的表头", "请在第一行填写表头（题号、题型、题干……）；`bank template` 可生成带表头的模板"),
    },
    "import-no-questions": {
        "en": ("no questions found", "fill in the question sheet (one row per question) and import again"),
        "zh-CN": ("没有找到任何题目", "请在题目表中每行填写一道题后重新导入"),
    },
    "import-unknown-column": {
        "en": ("the column “{value}” is not one etiquette-quiz reads; it was ignored",
               "rename it to a template header (see the Guide sheet) if it holds question data"),
        "zh-CN": ("无法识别的列“{value}”，已忽略", "如果这一列有题目内容，请改用模板中的列名（见“说明”表）"),
    },
    "import-formula-no-value": {
        "en": ("the cell holds a formula whose result was never saved", "open and save the file in Excel or WPS, or type the text"),
        "zh-CN": ("单元格是公式，但文件中没有保存计算结果", "请在 Excel/WPS 中打开并保存一次，或直接填写文本"),
    },
    "import-date-cell": {
        "en": ("Excel turned what was typed here into a date ({value})",
               "format the column as Text and type the value again"),
        "zh-CN": ("此单元格被 Excel 识别成了日期（{value}）", "请把该列设为“文本”格式后重新输入"),
    },
    "import-unknown-type": {
        "en": ("unknown question type “{value}”", "use one of: single, multi, truefalse, order, fill, script, match"),
        "zh-CN": ("不认识的题型“{value}”", "请从下拉列表选择：单选题、多选题、判断题、排序题、填空题、话术题、匹配题"),
    },
    "import-no-type": {
        "en": ("the question type is blank and the answer does not show it",
               "fill in the Type column (single, multi, truefalse, …)"),
        "zh-CN": ("题型为空，且无法从答案判断", "请填写题型（单选题、多选题、判断题……）"),
    },
    "import-no-prompt": {
        "en": ("the question has no prompt", "fill in the Prompt column"),
        "zh-CN": ("题干为空", "请填写题干"),
    },
    "import-no-answer": {
        "en": ("the {kind} question has no answer", "fill in the Answer column"),
        "zh-CN": ("{kind}没有填写答案", "请在答案列填写答案"),
    },
    "import-answer-not-letters": {
        "en": ("the {kind} answer “{value}” is not option letters", "write the letters of the right options, e.g. B or ACD"),
        "zh-CN": ("{kind}答案“{value}”不是选项字母", "请填写正确选项的字母，例如 B 或 ACD"),
    },
    "import-answer-no-option": {
        "en": ("the {kind} answer “{answer}” names {letter}, but option {letter} is empty",
               "fill in option {letter} or correct the answer"),
        "zh-CN": ("{kind}答案“{answer}”中的{letter}没有对应选项", "在选项{letter}列填写内容或修改答案"),
    },
    "import-answer-repeated": {
        "en": ("the answer “{value}” names a letter twice", "write each letter once"),
        "zh-CN": ("答案“{value}”中有重复的字母", "每个字母只写一次"),
    },
    "import-single-several": {
        "en": ("a single-choice question has one right answer, but “{value}” names several",
               "keep one letter, or change the type to multi"),
        "zh-CN": ("单选题只能有一个正确答案，但“{value}”有多个", "请只保留一个字母，或把题型改为多选题"),
    },
    "import-bad-truefalse": {
        "en": ("“{value}” is not a true/false answer", "write TRUE or FALSE (also T/F, yes/no)"),
        "zh-CN": ("“{value}”不是判断题答案", "请填写 正确 或 错误（也可写 对/错、√/×、T/F）"),
    },
    "import-order-answer": {
        "en": ("the order “{value}” does not use each of the options {letters} once",
               "write every option letter once, in the right order, or leave the answer blank for the column order"),
        "zh-CN": ("排序答案“{value}”没有把选项 {letters} 各用一次", "请按正确顺序把每个选项字母各写一次；留空则按选项列的顺序"),
    },
    "import-match-arrow": {
        "en": ("“{value}” is not a pair", "write 'left -> right' (or '-> right' for a decoy)"),
        "zh-CN": ("“{value}”不是一组配对", "请写成“左项 -> 右项”（干扰项只写“-> 右项”）"),
    },
    "import-bad-difficulty": {
        "en": ("“{value}” is not a difficulty", "write easy, medium or hard (or 1–3)"),
        "zh-CN": ("“{value}”不是难度", "请填写 简单、中等 或 困难（也可写 1–3）"),
    },
    "import-bad-points": {
        "en": ("“{value}” is not a number of points", "write a number such as 1 or 2"),
        "zh-CN": ("“{value}”不是分值", "请填写数字，例如 1 或 2"),
    },
    "import-bad-scoring": {
        "en": ("“{value}” is not a way of scoring", "write partial or all-or-nothing"),
        "zh-CN": ("“{value}”不是评分方式", "请填写 部分得分 或 全对得分"),
    },
    "import-bad-matching": {
        "en": ("“{value}” is not a matching setting", "write e.g. traditional=yes;homophones=no;insertions=2;word_forms=yes"),
        "zh-CN": ("“{value}”不是匹配设置", "请写成例如 繁体=是;同音=否;插字=2;词形=是"),
    },
    "import-bad-feedback": {
        "en": ("the option feedback “{value}” does not say which option it is for",
               "write one line per option, starting with its letter: 'D: …'"),
        "zh-CN": ("选项解析“{value}”没有写明对应哪个选项", "每行写一个选项，以字母开头：“D：……”"),
    },
    "import-feedback-no-option": {
        "en": ("there is feedback for option {letter}, but option {letter} is empty",
               "fill in option {letter} or remove its feedback"),
        "zh-CN": ("选项解析写了选项{letter}，但选项{letter}是空的", "请填写选项{letter}，或删除这条解析"),
    },
    "import-options-ignored": {
        "en": ("a {kind} question has no options; the options in this row were ignored",
               "empty the option columns, or change the type"),
        "zh-CN": ("{kind}不使用选项，此行的选项已忽略", "请清空选项列，或修改题型"),
    },
    "import-translation-options": {
        "en": ("the {lang} options and the bank language's options differ at {letters}",
               "translate the same options, letter for letter"),
        "zh-CN": ("{lang} 选项与题库语言的选项在 {letters} 处不一致", "请逐个字母翻译相同的选项"),
    },
    "import-translation-count": {
        "en": ("the {lang} column has {count:item|items} where the bank language has {own}",
               "give every language the same number of items, split by | in the same order"),
        "zh-CN": ("{lang} 列有 {count} 项，而题库语言有 {own} 项", "请让每种语言的项数相同，并按相同顺序用 | 分隔"),
    },
    "import-script-no-must": {
        "en": ("the script question has no key phrases, so it cannot be scored",
               "write the phrases an answer must contain in the Answer column, split by |"),
        "zh-CN": ("话术题没有必须包含的要点，无法评分", "请在答案列写出回答必须包含的要点，用 | 分隔"),
    },
    "import-essay-no-must": {
        "en": ("an essay question's answer is a model answer, and etiquette-quiz scores a script by its key phrases",
               "change the type to script, move the answer to Model answer, and write the key phrases in Answer, split by |"),
        "zh-CN": ("简答题的答案是参考答案，而话术题要按要点评分", "请把题型改为话术题，把答案移到参考话术列，并在答案列写出要点（用 | 分隔）"),
    },
    "import-script-no-model": {
        "en": ("the script question has no model answer", "fill in the Model answer column"),
        "zh-CN": ("话术题没有参考话术", "请填写参考话术列"),
    },
    "import-unknown-rule": {
        "en": ("no rule has the ID “{value}”", "add it to the Rules sheet, or correct the ID", "did you mean `{suggestion}`?"),
        "zh-CN": ("没有编号为“{value}”的规则", "请在“规则”表中添加，或改正编号", "您是不是想写 `{suggestion}`？"),
    },
    "import-bad-language": {
        "en": ("“{value}” is not a language tag", "write zh-CN or en"),
        "zh-CN": ("“{value}”不是语言代码", "请填写 zh-CN 或 en"),
    },
    "import-bad-version": {
        "en": ("“{value}” is not a version number", "write a whole number such as 1"),
        "zh-CN": ("“{value}”不是版本号", "请填写整数，例如 1"),
    },
    "import-source-no-id": {
        "en": ("this source has no ID", "fill in the Source ID column"),
        "zh-CN": ("这条出处没有编号", "请填写出处ID"),
    },
    "import-rule-no-text": {
        "en": ("this rule has no text", "fill in the Rule column, or delete the row"),
        "zh-CN": ("这条规则没有内容", "请填写规则内容，或删除这一行"),
    },
    "import-same-bank": {
        "en": ("the bank ID `{id}` is also the ID of {first}", "give each file its own bank ID"),
        "zh-CN": ("题库ID `{id}` 与 {first} 相同", "请为每个文件填写不同的题库ID"),
    },
})

PROBLEMS.update({
    "import-aiken-no-answer": {
        "en": ("this question has no ANSWER: line", "end the question with a line such as ANSWER: B"),
        "zh-CN": ("这道题没有 ANSWER: 行", "请在选项后加一行，例如 ANSWER: B"),
    },
})

UI.update({
    "loss.script-essay": {
        "en": "automatic grading (it becomes an essay graded by hand; its grader information lists the key and "
              "forbidden phrases)",
        "zh-CN": "自动评分（改为人工评分的简答题；评分说明中列出要点和禁用语）",
    },
})

PROBLEMS.update({
    "import-gift-description": {
        "en": ("this text has no answer block {{…}}, so it is a description, not a question; it was passed over",
               "add an answer block if it should be a question"),
        "zh-CN": ("这段文字没有答案块 {{…}}，是说明文字而不是题目，已跳过", "如果它应该是一道题，请加上答案块"),
    },
    "import-gift-braces": {
        "en": ("the answer block's braces {{ }} do not pair up",
               "close the block with }}, and write a brace that is part of the text as \\{{ or \\}}"),
        "zh-CN": ("答案块的大括号 {{ }} 没有成对", "请用 }} 结束答案块；文字中的大括号写成 \\{{ 或 \\}}"),
    },
    "import-gift-essay": {
        "en": ("an essay question carries no key phrases, and etiquette-quiz scores a script by them",
               "write it as a script question (e.g. in the Excel template: Answer holds the key phrases), or import the "
               "rest now with --skip-bad"),
        "zh-CN": ("简答题不带必须包含的要点，而话术题要按要点评分", "请改写为话术题（例如在 Excel 模板的答案列写出要点），或先用 --skip-bad 导入其余题目"),
    },
    "import-gift-numerical": {
        "en": ("numerical questions have no etiquette-quiz type", "rewrite it as a fill question, or remove it"),
        "zh-CN": ("etiquette-quiz 没有数值题题型", "请改写为填空题，或删除这道题"),
    },
    "import-gift-too-few": {
        "en": ("a choice question needs at least two answers", "add answers"),
        "zh-CN": ("选择题至少需要两个选项", "请补充选项"),
    },
    "import-gift-single-several": {
        "en": ("a single-choice question has {count} fully right answers; etiquette-quiz allows exactly one",
               "keep one right answer (=), or give weights (~%50%) to make it multiple-choice"),
        "zh-CN": ("单选题有 {count} 个完全正确的答案，而 etiquette-quiz 要求恰好一个", "请只保留一个正确答案（=），或用权重（~%50%）改为多选题"),
    },
    "import-gift-no-correct": {
        "en": ("no answer is marked right", "mark each right answer with = or a positive weight"),
        "zh-CN": ("没有标出正确答案", "请用 = 或正的权重标出正确答案"),
    },
    "import-gift-partial": {
        "en": ("answers worth part of the marks were left out (etiquette-quiz gives full or no credit for them)",
               "make them fully right or wrong if you want to keep them"),
        "zh-CN": ("部分得分的答案未导入（etiquette-quiz 对它们只判全对或全错）", "如需保留，请把它们改为完全正确或错误"),
    },
    "import-gift-weights": {
        "en": ("the weights differ from etiquette-quiz's scoring: each of the {count} right answers earns 1/{count}, "
               "each wrong one ticked takes 1/{count} off", "nothing to do if that scoring suits you"),
        "zh-CN": ("权重与 etiquette-quiz 的计分不同：{count} 个正确答案每个得 1/{count}，每选一个错误答案扣 1/{count}",
                  "如果认可这种计分方式，无需处理"),
    },
    "import-gift-feedback-lost": {
        "en": ("this question's answer feedback has no place in etiquette-quiz and was left out",
               "put it in the explanation (####) if trainees should see it"),
        "zh-CN": ("此题的答案反馈在 etiquette-quiz 中没有对应位置，未导入", "如需学员看到，请写进解析（####）"),
    },
    "import-xml": {
        "en": ("the XML cannot be read ({reason})", "export the questions from Moodle again"),
        "zh-CN": ("无法读取 XML（{reason}）", "请从 Moodle 重新导出题目"),
    },
    "import-moodle-root": {
        "en": ("the file's top element is <{tag}>, not <quiz>", "export the questions from Moodle as “Moodle XML format”"),
        "zh-CN": ("文件的根元素是 <{tag}>，不是 <quiz>", "请在 Moodle 中以“Moodle XML 格式”导出题目"),
    },
    "import-moodle-type": {
        "en": ("Moodle's “{type}” questions have no etiquette-quiz type", "leave it out, or rewrite it as another type"),
        "zh-CN": ("Moodle 的“{type}”题型在 etiquette-quiz 中没有对应题型", "请删除，或改写为其他题型"),
    },
    "import-moodle-cloze": {
        "en": ("a cloze blank of type {type} is not a typed answer", "use SHORTANSWER blanks only"),
        "zh-CN": ("完形填空中的 {type} 空不是填写型答案", "请只使用 SHORTANSWER 类型的空"),
    },
})

# -- trainer review and override of typed answers (`results review`, issue 11) -----------------
UI.update({
    "review-queue.empty": {"en": "Nothing to review: no typed answer is waiting for a trainer's verdict.",
                           "zh-CN": "没有待复核的答案：目前没有需要培训师裁定的作答。"},
    "review-queue.count": {"en": "{count:answer|answers} to review:", "zh-CN": "待复核的作答共 {count} 条："},
    "review-queue.heading": {"en": "[{number}/{total}] {who} · {what} · {when} · {target}",
                             "zh-CN": "[{number}/{total}] {who} · {what} · {when} · {target}"},
    "review-queue.why": {"en": "Why it is here: {reason} — {explained}", "zh-CN": "复核原因：{reason} — {explained}"},
    "review-queue.changed": {"en": "The question has been edited since this answer was given; it is shown as it is now.",
                             "zh-CN": "作答之后题目已修改，下面显示的是修改后的题目。"},
    "review-queue.grader": {"en": "Grader's mark: ", "zh-CN": "系统评分："},
    "review-queue.near": {"en": " ≈ nearly said {phrase}: typed {typed} ({count:edit|edits} away)",
                          "zh-CN": " ≈ 接近“{phrase}”：输入为“{typed}”（相差 {count} 处）"},
    "review-queue.done": {"en": "{count:verdict|verdicts} given.", "zh-CN": "本次共裁定 {count} 条。"},
    "review-reason.forbidden": {"en": "forbidden phrase", "zh-CN": "禁用语"},
    "review-reason.forbidden-why": {
        "en": "a forbidden phrase cost the answer its marks, though it was otherwise complete or the phrase was "
              "only guessed at (a slip, or characters added or left out)",
        "zh-CN": "答案因禁用语得零分，但其余要点齐全，或禁用语只是按容错规则推测出来的（同音字、多字或少字）"},
    "review-reason.near-miss": {"en": "near miss", "zh-CN": "接近匹配"},
    "review-reason.near-miss-why": {
        "en": "a key phrase was credited only by a guess (a same-sounding character, extra characters), or one "
              "missing is a typing slip away",
        "zh-CN": "某个要点只是按容错规则推测得分（同音字、中间多字），或缺少的要点只差一处输入错误"},
    "review-reason.partial": {"en": "part marks", "zh-CN": "部分得分"},
    "review-reason.partial-why": {
        "en": "the answer earned part of the marks: a key phrase or a blank the key does not know may be right",
        "zh-CN": "答案只得了部分分数：缺少的要点或填空，可能是用了答案里没有的正确说法"},
    "review-verdict.accept": {"en": "accepted", "zh-CN": "判为正确"},
    "review-verdict.credit": {"en": "part credit", "zh-CN": "给部分分"},
    "review-verdict.reject": {"en": "rejected", "zh-CN": "判为错误"},
    "review-verdict.keep": {"en": "grader's mark kept", "zh-CN": "维持系统评分"},
    "review-verdict.given": {"en": " ⚑ {when} {trainer}: {verdict}, {mark}", "zh-CN": " ⚑ {when} {trainer}：{verdict}，{mark}"},
    "review-verdict.comment": {"en": " — {comment}", "zh-CN": " — {comment}"},
    "review-verdict.done": {"en": "{target}: {before} → {after} ({verdict}, {trainer}).",
                            "zh-CN": "{target}：{before} → {after}（{verdict}，{trainer}）。"},
    "review-verdict.score": {"en": " Attempt score {before} → {after}.", "zh-CN": "本次成绩 {before} → {after}。"},
    "review-verdict.now-passed": {"en": " Now passed.", "zh-CN": "现为通过。"},
    "review-verdict.now-failed": {"en": " Now failed.", "zh-CN": "现为未通过。"},
    "review-ask.verdict": {"en": "Your verdict:", "zh-CN": "您的裁定："},
    "review-ask.accept": {"en": "Accept — the answer is right (all the points)", "zh-CN": "判为正确（得满分）"},
    "review-ask.credit": {"en": "Part credit — a share of the points", "zh-CN": "给部分分（按比例）"},
    "review-ask.reject": {"en": "Reject — the answer is wrong (no points)", "zh-CN": "判为错误（不得分）"},
    "review-ask.keep": {"en": "Keep the grader's mark", "zh-CN": "维持系统评分"},
    "review-ask.skip": {"en": "Skip for now", "zh-CN": "暂时跳过"},
    "review-ask.quit": {"en": "Stop reviewing", "zh-CN": "结束复核"},
    "review-ask.share": {"en": "Share of the points:", "zh-CN": "给分比例："},
    "review-ask.share-help": {"en": "(exactly: 1/2, 2/3, 50%)", "zh-CN": "（精确填写：1/2、2/3、50%）"},
    "review-ask.comment": {"en": "Why (optional):", "zh-CN": "理由（可不填）："},
    "review-ask.comment-help": {"en": "(kept with the verdict; Enter to leave it out)",
                                "zh-CN": "（与裁定一并保存；直接按回车可不填）"},
    "review-ask.trainer": {"en": "Your name (recorded with each verdict):", "zh-CN": "您的姓名（记录在每条裁定中）："},
    "error.review-credit": {
        "en": "--credit {value} is not a share of the points — write one from 0 to 1 exactly, such as 1/2, 2/3 or 50%.",
        "zh-CN": "--credit {value} 不是有效的给分比例 — 请写 0 到 1 之间的精确值，例如 1/2、2/3 或 50%。"},
    "error.review-target": {
        "en": "{value} does not name an answer — write ATTEMPT:POSITION as `results review --list` prints it, "
              "e.g. 3f2a1c9d:2.",
        "zh-CN": "{value} 不是有效的作答位置 — 请按 `results review --list` 列出的格式写 答题记录:题号，例如 3f2a1c9d:2。"},
    "error.review-unfinished": {
        "en": "attempt {attempt} is not finished — marks can be changed once it has been handed in.",
        "zh-CN": "答题记录 {attempt} 尚未完成 — 交卷后才能修改评分。"},
    "error.review-no-answer": {
        "en": "attempt {attempt} has no answer at question {position} (it has {count:question|questions}) — "
              "`results review --list --all` shows the answers you can judge.",
        "zh-CN": "答题记录 {attempt} 的第 {position} 题没有作答（共 {count} 题）— 运行 `results review --list --all` "
                 "可查看可以裁定的作答。"},
    "error.review-no-trainer": {
        "en": "say who gives the verdict: --trainer NAME, or `trainer = \"your name\"` in the config file.",
        "zh-CN": "请说明裁定人：使用 --trainer 姓名，或在配置文件中写 `trainer = \"您的姓名\"`。"},
    "error.review-one-verdict": {"en": "give one verdict, not {given}.", "zh-CN": "只能给出一种裁定，不能同时使用 {given}。"},
    "error.review-needs-target": {
        "en": "{option} needs the answer it is for — write `results review ATTEMPT:POSITION {option}`.",
        "zh-CN": "{option} 需要指明针对哪条作答 — 请写 `results review 答题记录:题号 {option}`。"},
})
UI.update({  # trainer review, continued: where verdicts show
    "history.overridden": {"en": "Trainers changed marks in this attempt; the grader's score was {score}.",
                           "zh-CN": "培训师修改过本次答题的评分；系统原评分为 {score}。"},
    "history.grader-mark": {"en": "  The grader's mark was {mark}; a trainer changed it:",
                            "zh-CN": "  系统原评分为 {mark}，培训师已修改："},
    "error.review-no-attempt": {
        "en": "no attempt starts with {attempt} — `results review --list --all` lists the answers you can judge.",
        "zh-CN": "没有以 {attempt} 开头的答题记录 — 运行 `results review --list --all` 可列出可以裁定的作答。"},
})
UI.update({  # trainer review, continued: importing verdicts
    "import.overrides": {"en": "  {count:trainer's verdict|trainers' verdicts} added (given by {trainers}), marks and scores updated.",
                         "zh-CN": "  新增培训师裁定 {count} 条（裁定人：{trainers}），评分和成绩已相应更新。"},
})
UI.update({  # trainer review, continued: the report's section
    "report.keys.title": {"en": "Keys to fix first: trainers' verdicts on the grader's marks",
                          "zh-CN": "优先修改的答案要点：培训师对系统评分的裁定"},
    "report.keys.flagged": {"en": "grader unsure", "zh-CN": "系统存疑"},
    "report.keys.reviewed": {"en": "judged", "zh-CN": "已裁定"},
    "report.keys.raised": {"en": "raised", "zh-CN": "上调"},
    "report.keys.lowered": {"en": "lowered", "zh-CN": "下调"},
    "report.keys.kept": {"en": "kept", "zh-CN": "维持"},
    "report.keys.note": {
        "en": "Raised: the key missed a right wording (add it to `must`); lowered: it let a wrong answer through "
              "(add it to `never` or to `examples.reject`).",
        "zh-CN": "上调：答案要点漏了正确说法（请加入 must）；下调：放过了错误答案（请加入 never 或 examples.reject）。"},
})
UI.update({  # trainer review, continued: export columns
    "export.col.auto_score": {"en": "Grader's score", "zh-CN": "系统原得分"},
    "export.col.auto_passed": {"en": "Grader's pass", "zh-CN": "系统原判是否通过"},
    "export.col.review_reason": {"en": "Why reviewed", "zh-CN": "复核原因"},
    "export.col.auto_fraction": {"en": "Grader's fraction", "zh-CN": "系统原得分比例"},
    "export.col.auto_points": {"en": "Grader's points", "zh-CN": "系统原得分"},
    "export.col.override": {"en": "Trainer's verdict", "zh-CN": "培训师裁定"},
    "export.col.override_by": {"en": "Verdict by", "zh-CN": "裁定人"},
    "export.col.override_at": {"en": "Verdict at", "zh-CN": "裁定时间"},
    "export.col.override_why": {"en": "Verdict reason", "zh-CN": "裁定理由"},
})
HELP_ZH.update({  # trainer review, continued: `results review --help`
    "Judge typed answers the grader was unsure of: accept, give part credit or reject, with a reason.":
        "裁定系统拿不准的填写型作答：判为正确、给部分分或判为错误，并可注明理由。",
    "One answer, as --list prints it, instead of the queue.": "只看一条作答（按 --list 列出的格式），而不是整个待复核列表。",
    "The answer is right: all its points.": "判为正确：得满分。",
    "Part of its points, exactly: 1/2, 2/3, 50%.": "给部分分，精确填写比例：1/2、2/3、50%。",
    "The answer is wrong: no points.": "判为错误：不得分。",
    "The grader's mark stands; the answer leaves the queue.": "维持系统评分；该作答移出待复核列表。",
    "Why: kept with the verdict, shown in exports.": "理由：与裁定一并保存，导出时显示。",
    "Who gives the verdict (default: the config file's `trainer`).": "裁定人（默认取配置文件中的 `trainer`）。",
    "Print the queue and stop.": "只列出待复核的作答，不逐条裁定。",
    "Also answers already judged, to revise a verdict.": "也包括已裁定的作答，以便修改裁定。",
})
