"""A bank, an exam and finished attempts with typed answers the grader is unsure of (trainer review tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from etiquette_quiz import attempts
from etiquette_quiz.banks import load_paths
from etiquette_quiz.model import AttemptMode, Library

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

BANK = """\
bank: calls
title: {zh-CN: 来电应答, en: Taking calls}
language: zh-CN
rules:
  - id: hold
    text: {zh-CN: 需要查询时，先请客户稍候。, en: Ask the caller to hold before looking something up.}
questions:
  - id: hold-script
    type: script
    rule: hold
    scenario: {zh-CN: 客户询问的问题需要你查询系统。, en: You must look something up for the caller.}
    prompt: {zh-CN: 请说出你要对客户说的话。, en: Say what you would tell the caller.}
    must:
      zh-CN: [[您好], [请稍等, 请稍候], [帮您查询, 帮您查一下]]
      en: [[hello], [one moment, please hold], [check that for you, look that up]]
    never:
      zh-CN: [不知道, 我也没有办法]
      en: ["i don't know", "nothing i can do"]
    model: {zh-CN: 您好，请稍等，我帮您查询一下。, en: "Hello, one moment please, I'll check that for you."}
    explain: {zh-CN: 先问候，再请客户稍候，然后查询。, en: "Greet, ask them to hold, then look it up."}
  - id: busy-script
    type: script
    rule: hold
    prompt: {zh-CN: 线路忙，客户等了很久。你怎么说？, en: The line was busy and the caller waited. What do you say?}
    must:
      zh-CN: [[让您久等了], [请问]]
      en: [[sorry to keep you waiting], [how can i help]]
    never:
      zh-CN: [我也没有办法]
      en: ["nothing i can do"]
    model: {zh-CN: 对不起，让您久等了，请问有什么可以帮您？, en: "Sorry to keep you waiting, how can I help?"}
    explain: {zh-CN: 先致歉，再询问需求。, en: "Apologise, then ask what they need."}
  - id: ring-fill
    type: fill
    rule: hold
    prompt: {zh-CN: 请客户等候时说：___。, en: "To ask a caller to hold, say: ___, please."}
    blanks:
      - {zh-CN: [请稍等, 请稍候], en: [one moment]}
    explain: {zh-CN: 请稍等。, en: "One moment, please."}
  - id: ring-count
    type: single
    rule: hold
    prompt: {zh-CN: 电话铃响后，最迟应在第几声之内接听？, en: By which ring at the latest must you answer?}
    correct: {zh-CN: 三声, en: The third}
    wrong: {zh-CN: [五声, 十声], en: [The fifth, The tenth]}
    explain: {zh-CN: 三声之内。, en: Within three rings.}
  - id: late-apology
    type: truefalse
    rule: hold
    prompt: {zh-CN: 铃响超过三声才接起，应先致歉。, en: "If you answer after the third ring, apologise first."}
    answer: true
    explain: {zh-CN: 先说“让您久等了”。, en: Say sorry for the wait first.}
"""

EXAM = """\
exam: calls-exam
title: {zh-CN: 来电应答考试, en: Taking calls exam}
pass_mark: 60%
sections:
  - questions: [calls/ring-count, calls/late-apology, calls/hold-script, calls/busy-script, calls/ring-fill]
"""

# Two right, a script missing one of its three groups (2/3), a complete script with a forbidden
# phrase (0), a blank typed with a slip the matcher does not take (0): 2⅔ of 5, below 60%.
EXAM_ANSWERS = {
    "calls/ring-count": "c0",
    "calls/late-apology": True,
    "calls/hold-script": "您好，请稍等，我看看系统。",
    "calls/busy-script": "让您久等了，请问有什么事？刚才线路太忙，我也没有办法。",
    "calls/ring-fill": ["请稍待"],
}


def write_banks(folder: Path) -> Path:
    """The bank and the exam in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "calls.yaml").write_text(BANK, encoding="utf-8")
    (folder / "calls-exam.yaml").write_text(EXAM, encoding="utf-8")
    return folder


def load_library(folder: Path) -> Library:
    """The library of `write_banks`, checked to load without errors."""
    loaded = load_paths([folder])
    assert [p for p in loaded.problems if p.severity == "error"] == []
    return loaded.library


def sit_exam(store, library: Library, trainee, answers: dict | None = None, now: datetime = NOW) -> str:
    """A finished attempt at the exam with `answers` (question key -> response); returns its id."""
    exam = library.exam("calls-exam")
    questions = [library.question(key) for key in exam.sections[0].questions]
    attempt = attempts.start(store, trainee=trainee, mode=AttemptMode.EXAM, questions=questions, seed=1,
                             library=library, content_lang="zh-CN", now=now, exam=exam)
    session = attempts.open_session(store, attempt, library, clock=lambda: 0.0, now=lambda: now)
    given = EXAM_ANSWERS if answers is None else answers
    for slot in session.slots:
        if slot.key in given:
            session.submit(slot, given[slot.key], 30.0)
    attempts.finish(store, attempt, session)
    return attempt.id


def practise(store, library: Library, trainee, key: str, response, now: datetime) -> str:
    """A finished practice attempt of one question; returns its id."""
    question = library.question(key)
    attempt = attempts.start(store, trainee=trainee, mode=AttemptMode.PRACTICE, questions=[question], seed=1,
                             library=library, content_lang="zh-CN", now=now)
    session = attempts.open_session(store, attempt, library, clock=lambda: 0.0, now=lambda: now)
    session.submit(session.slots[0], response, 60.0)
    attempts.finish(store, attempt, session)
    return attempt.id


def later(days: int) -> datetime:
    """NOW plus some days."""
    return NOW + timedelta(days=days)
