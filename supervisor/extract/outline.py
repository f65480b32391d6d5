"""Headings, plan year and the task tree of the plan sections of a report.

Tree shape (what a supervision office puts in its 任务分解 sheet):

* level 1, ``N``: a top-level section of the plan (``二、2020年重点工作`` → ``2``); the number is
  the one written in the heading. Sections reviewing past years (``一、2019年工作回顾``) and
  multi-year outlooks (``今后五年…``) yield no tasks.
* ``N.0``: the section's main targets (``主要预期目标是：…`` and other introductory
  paragraphs that carry numbers) as one task whose indicators are those targets.
* ``N.k``: headings (``（一）``, ``1.``, ``（1）``, ``①``, in whatever nesting the report uses),
  numbered by their order; a heading's own text after its first sentence is its introduction.
* lead-phrase paragraphs (``大力推动工业提质增效。…``) are nodes under the current heading.
* leaves are the concrete commitments: every sentence of a lead-phrase paragraph after the lead
  phrase, every sentence of a plain paragraph, and the sentences of a heading that has nothing
  under it. Indicators sit on the leaves, so each number is tracked exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from supervisor.extract.indicators import extract_indicators
from supervisor.extract.labels import TITLE_MAX, short_label
from supervisor.extract.model import ExtractionError, TaskKind
from supervisor.extract.numbers import normalize, parse_chinese_number
from supervisor.extract.planyear import (
    OUTLOOK_WORDS as _OUTLOOK_WORDS,
)
from supervisor.extract.planyear import PLAN_WORDS as _PLAN_WORDS
from supervisor.extract.planyear import REVIEW_WORDS as _REVIEW_WORDS
from supervisor.extract.planyear import YEAR as _YEAR
from supervisor.extract.planyear import is_plan_heading as _is_plan_heading
from supervisor.extract.planyear import plan_year as _plan_year
from supervisor.extract.segment import BREAKDOWN_START, paragraphs, sentences

_CN = "[一二三四五六七八九十]{1,3}"


class _Style(StrEnum):
    BARE = "bare"  # an unnumbered section heading line (2026年重点工作)
    CN_COMMA = "一、"
    PART = "第一部分"
    CN_PAREN = "（一）"
    ARABIC_DOT = "1."
    ARABIC_PAREN = "（1）"
    CIRCLED = "①"
    LEAD = "lead"


_RANK = {
    _Style.BARE: 0,
    _Style.PART: 0,
    _Style.CN_COMMA: 1,
    _Style.CN_PAREN: 2,
    _Style.ARABIC_DOT: 3,
    _Style.ARABIC_PAREN: 4,
    _Style.CIRCLED: 5,
    _Style.LEAD: 6,
}
_MARKERS: tuple[tuple[_Style, re.Pattern[str]], ...] = (
    (_Style.PART, re.compile(rf"\s*第({_CN})(?:部分|章|篇)\s*[、：:.]?\s*")),
    (_Style.CN_COMMA, re.compile(rf"\s*({_CN})\s*[、.]\s*")),
    (_Style.CN_PAREN, re.compile(rf"\s*[（(]\s*({_CN})\s*[）)]\s*[、.]?\s*")),
    (_Style.ARABIC_PAREN, re.compile(r"\s*[（(]\s*(\d{1,2})\s*[）)]\s*[、.]?\s*")),
    (_Style.ARABIC_DOT, re.compile(r"\s*(\d{1,2})\s*[.、](?!\d)\s*")),
    (_Style.CIRCLED, re.compile(r"\s*([①-⑳])\s*")),
)
_ENUMERATION_START = re.compile(rf"{_CN}是|第{_CN}[，,、]|其[一二三四五六七八九十]|——|—")
_CLOSING_START = re.compile(r"各位代表|同志们|同时|今年|此外|另外")
_TARGETS_STATED = re.compile(r"预期目标(?:是|为)[:：][^。]*\d")
# 过去一年，主要预期目标是：……实际……: the review's targets, met or not.
_REVIEWED = re.compile(r"过去|去年|上年|实际|回顾|完成了")
_TARGETS_TITLE = re.compile(r"主要预期目标|预期目标|主要目标|目标任务|发展目标|奋斗目标")
# 总体要求/指导思想 paragraphs state the year's guidance, not commitments to track.
_GUIDANCE = re.compile(r"总体要求|指导思想")
# 经济增长预期目标6.5%－7%，考虑了……: a sentence weighing a target already set.
_TARGET_EXPLAINED = re.compile(r"预期目标[^。！？]{0,40}考虑")
# 提出上述预期目标，……城镇调查失业率5.5%左右，体现了……: the paragraph explains targets already set.
_RESTATEMENT = re.compile(r"\s*(?:提出|确定|实现)?上述")
_ENUMERATION_MARKER = re.compile(
    rf"\s*(?:{_CN}是|其[一二三四五六七八九十]|第{_CN}(?=[，,]))[，,：:]?"
)
_ENUMERATION_ITEM = re.compile(
    rf"(?:^|(?<=[。；;！？]))\s*({_CN}是|其[一二三四五六七八九十][，,]|第{_CN}[，,])"
)
# Rule for where the plan ends: once the plan's sub-headings have begun, a paragraph whose
# first sentence is about the government itself, defence or external affairs starts an area of
# its own (national and provincial reports add these after the year's tasks, without a
# numbered heading); a paragraph opening with 各位代表/同志们 is the closing appeal, left out.
_AFTER_PLAN_TOPIC = re.compile(
    r"政府自身建设|对政府工作提出|各级政府(?:要|必须|务必)|国防(?!科技|工业)|军队建设|一国两制"
    r"|港澳(?!大湾区)|台湾|两岸关系|(?<!对)外交(?!流)"
)
_CLOSING_APPEAL = re.compile(r"\s*(?:各位代表|同志们)\s*(?:[！!]|[，,].*[！!]\s*$)", re.DOTALL)
# 附件：…十件民生实事 or a short line announcing the year's 民生实事 list.
_ANNEX = re.compile(
    r"\s*附\s*件?\s*\d?\s*[：:]|[^，,。；]{0,20}(?:民生实事|为民办实事|惠民实事)[^，,。；]{0,10}$"
)
# A section heading written as a line of its own without a number (“十四五”时期工作回顾,
# 2026年重点工作): short, no punctuation, and naming a plan, a review or an outlook.
_BARE_HEADING_MAX = 30
_BARE_HEADING_PUNCT = re.compile(r"[。，,；;：:！!？?、]")
_SPACED_CJK = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_REPORT_NAME = re.compile(r"工作报告")
_SALUTATION = re.compile(r"各位代表|同志们|各位委员")
# 现在，我代表县人民政府作工作报告: the opening names the report and is no title.
_OPENING = re.compile(r"我代表|向大会|请予审议")
# ——2021年1月31日在某某市第十五届人民代表大会第五次会议上: the date line of the session, which
# says whose congress it is when the copy has no title line.
# 省长  某某 / 某某: the speaker's line, his post and name or the name alone.
_SPEAKER_LINE = re.compile(r"^(?:\S{0,12}(?:长|主席|总理))?\s*[\u4e00-\u9fff]{2,4}$")
_SESSION_LINE = re.compile(r"人民代表大会.{0,12}会议")
_SESSION_PLACE = re.compile(
    r"在(?P<place>[\u4e00-\u9fff]{2,16}?)第[一二三四五六七八九十\d]{1,4}届人民代表大会"
)
_CONNECTIVE = re.compile(r"^(?:各位代表|同志们|同时|此外|另外)[，,]")


@dataclass(slots=True)
class OutlineNode:
    """A node of the plan tree before codes, indicators and departments are attached.

    Attributes:
        kind: Role in the outline.
        title: Heading, lead phrase or sentence.
        text: Original text the node stands for.
        indicator_text: The part of ``text`` whose numbers belong to this node itself.
        number: Section number written in a level-1 heading (0 when there is none).
        children: Sub-nodes in document order.
    """

    kind: TaskKind
    title: str
    text: str
    indicator_text: str = ""
    number: int = 0
    children: list[OutlineNode] = field(default_factory=list)


class _Role(StrEnum):
    """What a section is beyond its heading (sections begun by the rules below, not by a
    numbered heading of the report)."""

    HEADED = "headed"  # a numbered heading of the report
    AFTER_PLAN = "after_plan"  # 政府自身建设, 国防, 港澳台, 外交 after the plan's headings
    CLOSING = "closing"  # 各位代表！… the closing appeal: left out
    ANNEX = "annex"  # 附件：十件民生实事: a plan area of its own, items in written order


@dataclass(frozen=True, slots=True)
class _Paragraph:
    style: _Style | None  # None: plain paragraph
    number: int
    title: str
    body: str
    text: str
    role: _Role = _Role.HEADED


@dataclass(frozen=True, slots=True)
class Outline:
    """Title, plan year and plan sections of a report."""

    title: str
    year: int
    sections: tuple[OutlineNode, ...]


def build_outline(text: str, year: int | None = None) -> Outline:
    """Find the title, the plan year and the task tree of the plan sections.

    Args:
        text: The whole report.
        year: The plan year to use when the text names none.

    Returns:
        The outline; sections of the past-year review are left out.

    Raises:
        NoPlanYearError: The text names no year and ``year`` is not given.
        ExtractionError: No plan section can be recognised.
    """
    paras = _mark_bare_headings([_classify(p) for p in paragraphs(text)])
    if not paras:
        raise ExtractionError("报告内容为空，无法提取任务。")
    top_style = next((p.style for p in paras if p.style not in (None, _Style.LEAD)), None)
    sections = _split_sections(paras, top_style)
    year = _plan_year(paras, sections, year)
    title = _title(paras, year)
    plan_sections: list[OutlineNode] = []
    for heading, members in sections:
        role = heading.role if heading is not None else _Role.HEADED
        if role == _Role.CLOSING:
            continue
        if (
            role == _Role.HEADED
            and heading is not None
            and not _is_plan_heading(heading.title, year)
        ):
            continue
        section = OutlineNode(
            kind=TaskKind.SECTION,
            title=heading.title if heading else title,
            text=heading.text if heading else title,
            indicator_text=heading.title if heading and role == _Role.HEADED else "",
            number=heading.number if heading and heading.number else 0,
        )
        guidance = (
            role == _Role.HEADED and heading is not None and bool(_GUIDANCE.search(heading.title))
        )
        _build_section(section, heading, members, guidance=guidance)
        if guidance:
            # 总体要求/指导思想: the year's guidance; only its main targets and the paragraphs
            # that set numbers of their own (赤字率拟按3%安排…) are tracked.
            kept = (TaskKind.TARGETS, TaskKind.ITEM)
            section.children = [c for c in section.children if c.kind in kept]
            if not section.children:
                continue
        plan_sections.append(section)
    if not plan_sections:
        raise ExtractionError("未找到今年的工作安排：报告中只有工作回顾或没有可识别的章节标题。")
    return Outline(title=title, year=year, sections=tuple(_unique_numbers(plan_sections)))


def _classify(paragraph: str) -> _Paragraph:
    norm = normalize(paragraph)
    for style, pattern in _MARKERS:
        m = pattern.match(norm)
        if m is None or m.end() >= len(norm):
            continue
        rest = paragraph[m.end() :]
        title, body = _first_sentence(rest)
        return _Paragraph(style, _marker_number(m.group(1)), title, body, rest)
    title, body = _first_sentence(paragraph)
    if body and _is_lead_phrase(title, norm):
        return _Paragraph(_Style.LEAD, 0, title, body, paragraph)
    return _Paragraph(None, 0, _clip(paragraph), "", paragraph)


def _mark_bare_headings(paras: list[_Paragraph]) -> list[_Paragraph]:
    """Unnumbered heading lines become the top level when the report numbers no part of itself
    (一、/第一部分): without them its （一） headings would be taken for the top and the main
    targets written before the first of them lost."""
    if any(p.style in (_Style.CN_COMMA, _Style.PART) for p in paras):
        return paras
    salutation = next((i for i, p in enumerate(paras) if _SALUTATION.match(p.text.strip())), None)
    if salutation is None:
        return paras
    marked = list(paras)
    for index in range(salutation + 1, len(paras)):
        if _is_bare_heading(paras[index]):
            marked[index] = replace(paras[index], style=_Style.BARE)
    return marked


def _is_bare_heading(para: _Paragraph) -> bool:
    text = normalize(para.text).strip()
    if para.style is not None or len(text) > _BARE_HEADING_MAX or _BARE_HEADING_PUNCT.search(text):
        return False
    if text.startswith(("—", "-")) or _REPORT_NAME.search(text) or _ANNEX.match(text):
        return False
    words = (_PLAN_WORDS, _REVIEW_WORDS, _OUTLOOK_WORDS)
    return any(pattern.search(text) for pattern in words)


def _marker_number(token: str) -> int:
    if token.isdigit():
        return int(token)
    if "①" <= token <= "⑳":
        return ord(token) - ord("①") + 1
    value = parse_chinese_number(token)
    return int(value) if value else 0


def _first_sentence(text: str) -> tuple[str, str]:
    spans = sentences(text)
    if not spans:
        return _clip(text), ""
    end = spans[0][1]
    return _clip(text[:end]), text[end:].strip()


def _clip(text: str) -> str:
    return short_label(text, TITLE_MAX)


def _is_lead_phrase(first: str, norm_paragraph: str) -> bool:
    """A short first sentence that sums up the paragraph (大力推动工业提质增效。)."""
    if _ENUMERATION_START.match(norm_paragraph) or _CLOSING_START.match(norm_paragraph):
        return False
    if len(first) > 30 or any(ch in first for ch in "；;：:、"):
        return False
    commas = first.count("，") + first.count(",")
    if commas == 0:
        return True
    return commas == 1 and len(first) <= 24 and not any(ch.isdigit() for ch in normalize(first))


def _title(paras: list[_Paragraph], year: int) -> str:
    """The report's title: the line naming a 工作报告 among the first lines (letters spaced
    out for print closed up, salutation lines skipped), with the plan year if it has none."""
    head = [_SPACED_CJK.sub("", p.text.strip()) for p in paras[:6] if p.style is None]
    for text in head:
        # 政府工作报告——2024年3月5日在……上国务院总理 某某: title, date line and speaker
        # copied as one line; the title ends at the dash.
        line = text.split("——", 1)[0]
        if (
            len(line) <= 60
            and _REPORT_NAME.search(line)
            and not _SALUTATION.search(line)
            and not _OPENING.search(line)
        ):
            return _clip(line if _YEAR.search(normalize(line)) else f"{year}年{line}")
    first = _SPACED_CJK.sub("", paras[0].text.strip())
    if (
        len(first) <= 60
        and paras[0].style is None
        and not _SALUTATION.search(first)
        and not _OPENING.search(first)
        and not _SESSION_LINE.search(first)
        and not _SPEAKER_LINE.match(first)
        and not _BARE_HEADING_PUNCT.search(first)
        and not first.startswith(("—", "-"))
    ):
        return _clip(first)
    # No title line: name the report as the clerk would, after the congress the date line names.
    session = next(filter(None, (_SESSION_PLACE.search(text) for text in head)), None)
    return f"{year}年{session['place'] if session else ''}政府工作报告"


def _split_sections(
    paras: list[_Paragraph], top_style: _Style | None
) -> list[tuple[_Paragraph | None, list[_Paragraph]]]:
    if top_style is None:
        return [(None, paras[1:] if len(paras) > 1 else paras)]
    sections: list[tuple[_Paragraph | None, list[_Paragraph]]] = []
    in_annex = False
    headed = False  # sub-headings of the current numbered section have begun
    pre: list[_Paragraph] = []  # lines before the first numbered part
    last_sub: _Paragraph | None = None  # the last numbered sub-heading of the plan
    for para in paras:
        if not in_annex and _is_annex_line(para):
            in_annex = True
            sections.append((replace(para, style=top_style, number=0, role=_Role.ANNEX), []))
        elif in_annex:
            sections[-1][1].append(para)
        elif para.style == top_style:
            if not sections:
                sections.extend(_plan_before_parts(pre, top_style))
            sections.append((para, []))
            headed = False
        elif sections and (headed or _in_tail(sections)) and para.style in (None, _Style.LEAD):
            norm = normalize(para.text)
            # 各位代表！今年，我们将办好15件民生实事，包括：……600个……: an address that
            # states numbered commitments is still the plan; the appeal commits to no number.
            if _CLOSING_APPEAL.match(norm) and not extract_indicators(para.text):
                sections.append((replace(para, number=0, role=_Role.CLOSING), []))
                headed = False
            elif _AFTER_PLAN_TOPIC.search(normalize(para.title)):
                sections.append((replace(para, number=0, role=_Role.AFTER_PLAN), []))
            else:
                sections[-1][1].append(para)
        elif sections:
            head = sections[-1][0]
            if (
                head is not None
                and head.role == _Role.CLOSING
                and last_sub is not None
                and (para.style, para.number) == (last_sub.style, last_sub.number + 1)
            ):
                # 各位代表！环境就是民生……！ between （七） and （八）: an interlude, and the plan
                # goes on (notes numbered after the appeal do not continue the plan's numbering).
                sections.pop()
            sections[-1][1].append(para)
            closing = sections[-1][0] is not None and sections[-1][0].role == _Role.CLOSING
            if para.style is not None and para.style != _Style.LEAD and not closing:
                last_sub = para
                headed = sections[-1][0] is not None and sections[-1][0].role == _Role.HEADED
        else:
            pre.append(para)
    return sections


def _plan_before_parts(
    pre: list[_Paragraph], top_style: _Style
) -> list[tuple[_Paragraph | None, list[_Paragraph]]]:
    """“十五五”时期主要目标和2026年重点工作, then the year's targets, then 一、……: an unnumbered
    line naming the plan and its year before the numbered parts heads what follows it."""
    for i in range(len(pre) - 1, -1, -1):
        text = normalize(pre[i].text)
        if _is_bare_heading(pre[i]) and _PLAN_WORDS.search(text) and _YEAR.search(text):
            members = pre[i + 1 :]
            return [(replace(pre[i], style=top_style, number=0), members)] if members else []
    # 今年……主要预期目标是：……, then （一）……: a copy without the plan line still states the
    # year's targets before its parts (a news page of the plan only).
    for i in range(len(pre) - 1, -1, -1):
        text = normalize(pre[i].text)
        if _TARGETS_STATED.search(text) and not _REVIEWED.search(text):
            return [(None, pre[i:])]
    return []


def _is_appeal(text: str) -> bool:
    """各位代表！……！ or one exclamation: the appeal; a work paragraph may end in ！ too."""
    text = text.rstrip()
    if not text.endswith(("！", "!")):
        return False
    return _CLOSING_APPEAL.match(normalize(text)) is not None or "。" not in text


def _in_tail(sections: list[tuple[_Paragraph | None, list[_Paragraph]]]) -> bool:
    """After the plan: a lone 各位代表！ line, like an area after the plan, is followed by more
    areas (政府自身建设, 国防, 外交) or by the closing appeal, each recognised as it comes."""
    heading = sections[-1][0]
    return heading is not None and heading.role in (_Role.CLOSING, _Role.AFTER_PLAN)


def _is_annex_line(para: _Paragraph) -> bool:
    text = normalize(para.text).strip()
    return para.style is None and len(text) <= 60 and _ANNEX.match(text) is not None


def _build_section(
    section: OutlineNode,
    heading: _Paragraph | None,
    members: list[_Paragraph],
    *,
    guidance: bool = False,
) -> None:
    stack: list[tuple[_Style, OutlineNode]] = []
    preamble: list[_Paragraph] = []
    aims: list[_Paragraph] = []
    # Paragraphs a guidance section may track, in order: its plain and lead-phrase paragraphs.
    policies: list[_Paragraph] = []
    in_targets = False
    if heading is not None and heading.body:
        preamble.append(_Paragraph(None, 0, _clip(heading.body), "", heading.body))
        policies.append(preamble[0])
    for para in members:
        if not stack and in_targets and _is_target_bullet(para):
            # 主要预期目标是：followed by ——/1./（1） lines: targets, not headings.
            aims.append(para)
            continue
        in_targets = False
        if para.style is None:
            while stack and stack[-1][0] == _Style.LEAD:
                stack.pop()
            if not stack:
                preamble.append(para)
                policies.append(para)
                if _TARGETS_TITLE.search(para.text) and not _explains_targets(para.text):
                    aims.append(para)
                    in_targets = para.text.rstrip().endswith(("：", ":"))
            elif not _is_appeal(para.text):
                stack[-1][1].children.extend(_leaves(para.text))
            continue
        # Headings nest in the conventional order 一、 > （一） > 1. > （1） > ① > lead phrase,
        # so a heading closes every open heading of its own rank or below.
        if para.style == _Style.LEAD:
            policies.append(para)
        rank = _RANK[para.style]
        while stack and _RANK[stack[-1][0]] >= rank:
            stack.pop()
        parent = stack[-1][1] if stack else section
        kind = TaskKind.LEAD if para.style == _Style.LEAD else TaskKind.HEADING
        node = OutlineNode(kind=kind, title=para.title, text=para.text.strip())
        node.indicator_text = para.title
        node.children.extend(_leaves(para.body))
        parent.children.append(node)
        stack.append((para.style, node))
    _finish(section)
    if guidance:
        # The main targets are the paragraphs announcing them; a policy paragraph that sets
        # its own numbers (积极的财政政策要……赤字率拟按3%安排, or led by a phrase: 实施更加积极
        # 的财政政策。……赤字率拟按4%左右安排) is a task of its own, led by the department its
        # words point to; a paragraph explaining the targets (提出上述预期目标……) sets none.
        targets = _targets_node(aims, aims)
        section.children = [targets] if targets is not None else []
        section.children.extend(
            OutlineNode(
                kind=TaskKind.ITEM,
                title=_clip(_first_sentence(para.text)[0]),
                text=para.text.strip(),
                indicator_text=para.text,
            )
            for para in policies
            if para not in aims
            and not _explains_targets(para.text)
            and extract_indicators(para.text)
        )
        return
    if section.children:
        targets = _targets_node(preamble + [a for a in aims if a not in preamble], aims)
    else:
        # No headings or lead phrases: the section is a list of commitments, one per sentence;
        # only the paragraphs announcing targets (主要目标…) are grouped as N.0.
        for para in preamble:
            if para in aims or _is_appeal(para.text):
                continue
            if not _GUIDANCE.search(para.text):
                section.children.extend(_leaves(para.text))
        targets = _targets_node(aims, aims)
    if targets is not None:
        section.children.insert(0, targets)


def _is_target_bullet(para: _Paragraph) -> bool:
    bullet = para.style in (_Style.ARABIC_DOT, _Style.ARABIC_PAREN, _Style.CIRCLED) or (
        para.style is None and para.text.lstrip().startswith(("—", "-", "·", "•"))
    )
    return bullet and len(para.text) <= 120


def _leaves(body: str) -> list[OutlineNode]:
    """One leaf per sentence; an enumeration (一是…。…二是…) gives one leaf per item."""
    starts = [m.start(1) for m in _ENUMERATION_ITEM.finditer(normalize(body))]
    if len(starts) < 2:
        return _sentence_leaves(body)
    leaves = _sentence_leaves(body[: starts[0]])
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        item = body[start:end].strip()
        marker = _ENUMERATION_MARKER.match(item)
        head = item[marker.end() :] if marker else item
        title = _clip(re.split(r"[。；;！？]", head, maxsplit=1)[0])
        if title:
            leaves.append(
                OutlineNode(kind=TaskKind.ITEM, title=title, text=item, indicator_text=item)
            )
    return leaves


# 办好15件民生实事，包括：完成A600个；治理B60处；……: a list after a colon, one item a task.
_COLON_LIST_MIN = 3


def _listed_items(sentence: str) -> list[str]:
    head, colon, rest = sentence.partition("：")
    if not colon or not head:
        return []
    items = [i.strip() for i in re.split(r"[；;]", rest.rstrip("。")) if i.strip()]
    if len(items) < _COLON_LIST_MIN or not all(extract_indicators(i) for i in items):
        return []
    return [head + colon, *items]


def _sentence_leaves(body: str) -> list[OutlineNode]:
    leaves = []
    for start, end in sentences(body):
        sentence = body[start:end].strip()
        listed = _listed_items(sentence)
        if listed:
            leaves.extend(
                OutlineNode(kind=TaskKind.ITEM, title=_clip(part), text=part, indicator_text=part)
                for part in listed
            )
            continue
        if leaves and BREAKDOWN_START.match(sentence):
            # 财政赤字2.38万亿元。其中，中央财政赤字……: the parts belong to the sentence before.
            previous = leaves[-1]
            previous.text = previous.text + sentence
            previous.indicator_text = previous.indicator_text + sentence
            continue
        title = _clip(_CONNECTIVE.sub("", sentence))
        if title:
            leaves.append(
                OutlineNode(kind=TaskKind.ITEM, title=title, text=sentence, indicator_text=sentence)
            )
    return leaves


def _finish(node: OutlineNode) -> None:
    """Turn a heading's body into its introduction once it turns out to have sub-headings.

    A heading's body sentences were added as leaves; when the heading also has structural
    children (sub-headings, lead-phrase paragraphs), the body is an introduction instead: its
    numbers stay on the heading and the leaves go.
    """
    for child in node.children:
        _finish(child)
    if node.kind != TaskKind.HEADING:
        return
    structural = [c for c in node.children if c.kind != TaskKind.ITEM]
    if not structural:
        return
    intro_leaves = _leading_items(node)
    if intro_leaves:
        node.indicator_text = node.title + "。" + "".join(leaf.text for leaf in intro_leaves)
        node.children = node.children[len(intro_leaves) :]


def _leading_items(node: OutlineNode) -> list[OutlineNode]:
    leading: list[OutlineNode] = []
    for child in node.children:
        if child.kind != TaskKind.ITEM or child.text not in node.text:
            break
        leading.append(child)
    return leading


def _explains_targets(text: str) -> bool:
    """提出上述预期目标……, 经济增长预期目标6.5%左右，考虑了……: the numbers restate targets."""
    first = text.split("。", 1)[0]
    return bool(_RESTATEMENT.match(text) or _TARGET_EXPLAINED.search(first))


def _targets_node(paras: list[_Paragraph], aims: list[_Paragraph]) -> OutlineNode | None:
    texts = [
        p.text.strip()
        for p in paras
        if not _explains_targets(p.text) and extract_indicators(p.text)
    ]
    if not texts:
        return None
    titles = (_TARGETS_TITLE.search(p.text) for p in aims)
    title = next((m.group(0) for m in titles if m), "主要目标")
    text = "\n".join(texts)
    return OutlineNode(kind=TaskKind.TARGETS, title=title, text=text, indicator_text=text)


def _unique_numbers(sections: list[OutlineNode]) -> list[OutlineNode]:
    """Numbered parts keep the report's numbers, which the office's 分工方案 cites; a part
    without one takes its place in order where that is free, 0 when it stands before 一、
    (总体要求 and 主要预期目标 under an unnumbered plan line), else the next number after all."""
    taken = {section.number for section in sections if section.number > 0}
    seen: set[int] = set()
    for ordinal, section in enumerate(sections, start=1):
        number = section.number
        if number <= 0 and not seen and min(taken, default=0) == 1:
            number = 0
        elif number <= 0 and ordinal not in taken:
            number = ordinal
        elif number <= 0 or number in seen:
            number = max(taken | seen | {ordinal}) + 1
        section.number = number
        seen.add(number)
        taken.add(number)
    return sections
