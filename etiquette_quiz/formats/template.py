"""The empty workbook a trainer fills in (`bank template`), with one filled example per type."""

from __future__ import annotations

from .table import INFO_COLUMNS, RULE_COLUMNS, SOURCE_COLUMNS, Layout, question_headers

# One example per type, by column key; the same questions in both header languages.
_EXAMPLES: dict[str, list[dict[str, str]]] = {
    "zh-CN": [
        {"id": "ring-count", "type": "单选题", "prompt": "电话铃响后，最迟应在第几声之内接听？",
         "A": "五声", "B": "三声", "C": "十声", "D": "没有要求", "answer": "B",
         "explain": "铃响三声之内必须接听；超过三声，接起后先说“对不起，让您久等了”。", "difficulty": "简单", "points": "1",
         "tags": "接听", "rules": "电话铃响三声之内必须接听电话。", "feedback": "D：规范要求三声之内接听。"},
        {"id": "greeting-parts", "type": "多选题", "prompt": "接听外线电话时，问候语应包含哪些内容？",
         "A": "问候语", "B": "今天的天气", "C": "公司名称", "D": "部门名称", "answer": "ACD",
         "explain": "接起电话先问候，再报出公司和部门名称。", "difficulty": "中等", "points": "2", "scoring": "部分得分",
         "tags": "接听;开场"},
        {"id": "hang-up-last", "type": "判断题", "prompt": "通话结束时，应等客户先挂断电话，再轻轻放下话筒。",
         "answer": "正确", "explain": "客户先挂机，表示对客户的尊重。", "difficulty": "简单", "points": "1", "tags": "结束通话"},
        {"id": "answer-steps", "type": "排序题", "prompt": "请按正确顺序排列接听电话的步骤。",
         "A": "铃响三声之内拿起话筒", "B": "问候并报出公司和部门名称", "C": "询问并记录客户的需求", "D": "复述要点并道别",
         "answer": "ABCD", "explain": "先接起并问候，再了解需求，最后确认要点并道别。", "difficulty": "中等", "points": "1",
         "scoring": "部分得分", "tags": "接听"},
        {"id": "ring-fill", "type": "填空题", "prompt": "电话铃响___声之内必须接听电话。", "answer": "三;3",
         "explain": "三声之内接听，是让客户感到被重视的第一步。", "difficulty": "简单", "points": "1", "tags": "接听"},
        {"id": "hold-script", "type": "话术题", "scenario": "客户来电询问订单进度，你需要在系统里查询一会儿。",
         "prompt": "请说出请客户稍候时应说的话。", "answer": "请稍等;请您稍等;稍候|查询;查一下|谢谢",
         "never": "等着|我也没办法", "model": "请您稍等，我马上为您查询一下，谢谢！",
         "explain": "请客户等待时，先说明原因，再表示感谢。", "difficulty": "中等", "points": "2", "tags": "等待;情景"},
        {"id": "polite-words", "type": "匹配题", "prompt": "将场合与应使用的礼貌用语配对。",
         "A": "初次见面 -> 久仰", "B": "请人帮忙 -> 劳驾", "C": "中途先走 -> 失陪", "D": "-> 恭喜",
         "explain": "“久仰”用于初次见面，“劳驾”用于请人帮忙，“失陪”用于中途先走；“恭喜”是干扰项。", "difficulty": "中等",
         "points": "1", "tags": "礼貌用语"},
    ],
    "en": [
        {"id": "ring-count", "type": "single", "prompt": "By which ring at the latest must you answer the phone?",
         "A": "The fifth", "B": "The third", "C": "The tenth", "D": "There is no rule", "answer": "B",
         "explain": "Answer within three rings; if it rings longer, apologise first: “Sorry to keep you waiting.”",
         "difficulty": "easy", "points": "1", "tags": "answering",
         "rules": "The phone must be answered within three rings.", "feedback": "D: The standard is three rings."},
        {"id": "greeting-parts", "type": "multi", "prompt": "What belongs in your greeting when you answer an outside call?",
         "A": "A greeting", "B": "Today's weather", "C": "The company name", "D": "Your department", "answer": "ACD",
         "explain": "Greet the caller first, then give the company and department names.", "difficulty": "medium",
         "points": "2", "scoring": "partial", "tags": "answering;opening"},
        {"id": "hang-up-last", "type": "truefalse",
         "prompt": "At the end of a call, wait for the customer to hang up first, then put the receiver down gently.",
         "answer": "TRUE", "explain": "Letting the customer hang up first shows respect.", "difficulty": "easy",
         "points": "1", "tags": "closing"},
        {"id": "answer-steps", "type": "order", "prompt": "Put the steps of answering a call in order.",
         "A": "Pick up within three rings", "B": "Greet and give the company and department", "C": "Ask for and note the customer's request",
         "D": "Repeat the key points and say goodbye", "answer": "ABCD",
         "explain": "Pick up and greet, find out what is needed, then confirm and say goodbye.", "difficulty": "medium",
         "points": "1", "scoring": "partial", "tags": "answering"},
        {"id": "ring-fill", "type": "fill", "prompt": "The phone must be answered within ___ rings.", "answer": "three;3",
         "explain": "Answering within three rings is the first sign to the caller that they matter.", "difficulty": "easy",
         "points": "1", "tags": "answering"},
        {"id": "hold-script", "type": "script",
         "scenario": "A customer calls about an order and you need a moment to look it up.",
         "prompt": "What do you say to ask the customer to hold?", "answer": "one moment;a moment;hold|check;look|thank you",
         "never": "just wait|nothing I can do", "model": "One moment, please, while I check that for you. Thank you!",
         "explain": "When a customer has to wait, say why and thank them.", "difficulty": "medium", "points": "2",
         "tags": "hold;scenario"},
        {"id": "polite-words", "type": "match", "prompt": "Match each situation with what you say.",
         "A": "Meeting someone for the first time -> Pleased to meet you", "B": "Asking someone for help -> Would you mind",
         "C": "Leaving early -> Please excuse me", "D": "-> Congratulations",
         "explain": "“Congratulations” fits none of the situations.", "difficulty": "medium", "points": "1",
         "tags": "courtesy"},
    ],
}

_NOTES: dict[str, list[tuple[str, str]]] = {
    "zh-CN": [
        ("题号", "题目的固定编号（小写字母、数字和“-”），例如 ring-count。留空时按题干自动生成；导出时会写回。学员的作答记录按题号关联，修改题干时请保留题号。"),
        ("题型", "从下拉列表选择：单选题、多选题、判断题、排序题、填空题、话术题、匹配题。留空时按答案推断。"),
        ("题干", "题目正文。填空题用 ___（三个下划线）表示空，一个空对应答案中的一组。"),
        ("情景", "可选：题目前显示的情景描述，常用于话术题。"),
        ("选项A–选项H", "单选、多选：每格一个选项。排序题：各个步骤。匹配题：“左项 -> 右项”，只写“-> 右项”为干扰项。可以继续加“选项I”等列。"),
        ("答案", "单选填字母（B）；多选填字母（ACD，也可写 A,C,D、A、C、D 或 A;C;D）；判断填 正确/错误（也可写 对/错、√/×、T/F）；"
                 "排序填正确顺序的字母（CABD），留空表示按选项列的顺序；填空题各空用 | 分隔，同一空的多种答案用 ; 分隔（三;3|部门）；"
                 "话术题填必须包含的要点，写法同填空题。"),
        ("禁用语", "话术题：出现即得 0 分的说法，用 | 分隔，同义写法用 ; 分隔；在后面加“（除外：不知道您是否）”可放过礼貌用法。"),
        ("参考话术", "话术题的示范回答（必填）。"),
        ("解析", "作答后显示的解释。"),
        ("难度", "简单、中等（默认）、困难，也可写 1–3。"),
        ("分值", "默认 1。"),
        ("评分方式", "多选题和排序题：部分得分（默认）或全对得分。"),
        ("标签", "用 ; 分隔，例如 接听;开场。"),
        ("规则", "“规则”表中的规则ID，多个用 ; 分隔；也可以直接写规则原文，导入时自动建立规则。"),
        ("选项解析", "选错某个选项时显示的说明，每行一个：“D：规范要求三声之内接听。”"),
        ("题干[en] 等", "任何一列加上 [语言] 即为该语言的翻译，例如 题干[en]、选项A[en]、答案[en]。"),
        ("可选列", "加分话术（话术题中说了更好的要点）、应判对的回答 / 应判错的回答（填空题和话术题的自测样例，每行一条）、"
                   "匹配设置（例如 繁体=是;同音=否;插字=2;词形=是）。"),
        ("题库信息表", "题库ID（小写字母、数字和“-”）、标题、语言（zh-CN 或 en）、版本、说明。"),
        ("规则表", "规则ID、规则内容、出处（手册及章节）、原文（手册中的原句）。"),
        ("导入", "etiquette-quiz bank import 本文件.xlsx --out 题库文件夹"),
    ],
    "en": [
        ("ID", "The question's lasting id (lower-case letters, digits and '-'), e.g. ring-count. Left blank, one is made "
               "from the prompt, and exports write it back. Trainees' history follows the id, so keep it when you edit."),
        ("Type", "Pick from the list: single, multi, truefalse, order, fill, script, match. Left blank, the answer decides."),
        ("Prompt", "The question. In a fill question each ___ (three underscores) is a blank, one per answer group."),
        ("Scenario", "Optional: a situation shown above the prompt, mostly for script questions."),
        ("Option A–Option H", "single and multi: one choice per cell. order: the steps. match: 'left -> right'; "
                              "'-> right' alone is a decoy. Add 'Option I' and so on for more."),
        ("Answer", "single: a letter (B); multi: letters (ACD, or A,C,D or A;C;D); truefalse: TRUE/FALSE; order: the letters "
                   "in the right order (CABD), blank for the column order; fill: blanks split by |, accepted variants of one "
                   "blank by ; (three;3|department); script: the phrases an answer must contain, written the same way."),
        ("Forbidden phrases", "script: phrases that score 0, split by |, variants by ;. Add '(unless: I'm not sure whether)' "
                              "to let polite uses through."),
        ("Model answer", "script: a model answer (required)."),
        ("Explanation", "Shown after answering."),
        ("Difficulty", "easy, medium (default), hard, or 1–3."),
        ("Points", "Default 1."),
        ("Scoring", "multi and order: partial (default) or all-or-nothing."),
        ("Tags", "Split by ;, e.g. answering;opening."),
        ("Rules", "Rule IDs from the Rules sheet, split by ;, or the rule's own words (a rule is made on import)."),
        ("Option feedback", "Shown when an option is picked wrongly, one per line: 'D: The standard is three rings.'"),
        ("Prompt[zh-CN] etc.", "Any column with [language] added holds that language's translation, e.g. Prompt[zh-CN]."),
        ("Optional columns", "Nice to say (script phrases that are good to say), Answers to accept / Answers to reject "
                             "(fill and script self-tests, one per line), Matching (e.g. traditional=yes;homophones=no;"
                             "insertions=2;word_forms=yes)."),
        ("Bank sheet", "Bank ID (lower-case letters, digits, '-'), Title, Language (zh-CN or en), Version, Description."),
        ("Rules sheet", "Rule ID, Rule, Source (manual and section), Quote (the manual's own sentence)."),
        ("Import", "etiquette-quiz bank import this-file.xlsx --out my-banks"),
    ],
}


def _lang(lang: str) -> str:
    return "zh-CN" if lang.startswith("zh") else "en"


def column_notes(lang: str) -> list[tuple[str, str]]:
    """What each column holds, for the 说明 sheet."""
    return _NOTES[_lang(lang)]


def example_rows(lang: str) -> tuple[list[str], list[list[str]]]:
    """The template's headers and one filled example row per question type."""
    header = question_headers(lang)
    keys = [
        "id", "type", "prompt", "scenario", "A", "B", "C", "D", "E", "F", "G", "H", "answer", "never", "model",
        "explain", "difficulty", "points", "scoring", "tags", "rules", "feedback",
    ]
    return header, [[example.get(key, "") for key in keys] for example in _EXAMPLES[_lang(lang)]]


def write_template(out: str, lang: str) -> None:
    """An empty bank workbook with headers, drop-downs, text cells, and a guide with examples."""
    from .xlsx import write_workbook

    zh = _lang(lang) == "zh-CN"
    header, examples = example_rows(lang)
    layout = Layout(
        lang=lang, questions_header=header, questions=[],
        info_header=[c.header(lang) for c in INFO_COLUMNS], info=[["", "", "zh-CN" if zh else "en", "1", ""]],
        rules_header=[c.header(lang) for c in RULE_COLUMNS], rules=[],
        sources_header=[c.header(lang) for c in SOURCE_COLUMNS], sources=[], option_count=8,
    )
    write_workbook(out, layout, examples, header, blank_rows=300)
