"""The answers issue 11 found graded unfairly, graded as a trainer expects on the bundled keys.

Each answer is taken from the manuals (or is a manual's forbidden excuse added to the question's
own model answer): an accepted one must earn full marks, a rejected one must stay under the
default pass mark.
"""

from __future__ import annotations

import pytest

from etiquette_quiz.banks import bundled_banks_dir, load_paths
from etiquette_quiz.grading import grade
from etiquette_quiz.model import DEFAULT_PASS_MARK, ScriptBody

LIBRARY = load_paths([bundled_banks_dir()]).library

CASES = [
    # 000's own check-understanding line, and a polite question using the words 听懂了吗
    ("forbidden-phrases/script-check-understanding", "X先生，您明白了吗？还有什么问题吗？", True),
    ("forbidden-phrases/script-check-understanding", "请问您听懂了吗？", True),
    ("forbidden-phrases/script-check-understanding", "喂，听懂了吗？", False),
    # 003 第三篇's scripted reply to a complaint; 001 lists 不好意思 as an apology
    ("service-language/apology-script", "对不起，由于我们服务不周到给您添麻烦了，请您原谅", True),
    ("service-language/apology-script", "不好意思，是我们办错了", True),
    ("service-language/apology-script", "對不起，由於我們服務不周到給您添麻煩了，請您原諒", True),
    # 000 五.1's offer of help
    ("service-language/hesitant-script", "需要我的帮忙吗？", True),
    # 不知道 is forbidden, 不知道您是否… is polite
    ("phone-scripts/absent-script", "王经理现在不在，请问需要我帮您转告吗？不知道您是否需要留言？", True),
    ("phone-scripts/absent-script", "王经理不在，我也不知道他去哪了。", False),
    # the manuals' named excuses and rebukes
    ("forbidden-phrases/script-line-busy", "对不起，让您久等了，刚才线路太忙，我也没办法。", False),
    ("phone-scripts/ring-late-script", "对不起，让您久等了，刚才线路太忙，我也没办法。", False),
    ("forbidden-phrases/script-too-slow", "{model}我刚上岗不久，操作还不太熟练。", False),
    ("forbidden-phrases/script-worked-up-caller", "{model}您这么激动也没用。", False),
    ("forbidden-phrases/script-who-told-you", "{model}谁跟您说的？", False),
    ("forbidden-phrases/script-closing-call", "{model}没有的话您就挂机吧。", False),
]


@pytest.mark.parametrize(("key", "answer", "accepted"), CASES, ids=[f"{k}:{a[:12]}" for k, a, _ in CASES])
def test_the_issue_answers_are_graded_as_a_trainer_expects(key, answer, accepted):
    question = LIBRARY.question(key)
    assert question is not None, f"{key} is no longer bundled"
    assert isinstance(question.body, ScriptBody)
    mark = grade(question, answer.format(model=question.body.model.get("zh-CN")))
    if accepted:
        assert mark.correct, (mark.fraction, mark.detail, mark.forbidden)
    else:
        assert mark.fraction < DEFAULT_PASS_MARK, (mark.fraction, mark.detail)

