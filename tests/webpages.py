"""Web-like pages for the cleaning tests: an article wrapped in site furniture, with ground truth.

:func:`make_page` builds, from a seed, one page of a site template: article
paragraphs (sentences recombined from a sentence bank about MIIT's work) inside
randomised furniture: site names, navigation bars, 关注 buttons, bylines with
timestamps, view counters, English metadata blocks, AI导读 summaries that
paraphrase the article, related-links boxes under varied labels, copyright
footers, keyword spam lines and HTML markup. Some paragraphs are split in the
middle of a sentence, as a column break does.

The page comes with its ground truth: the article's title, headings,
paragraphs and sentences, and every chrome line. Knobs for the decoding work:
``traditional`` (the page in Traditional script, by OpenCC), ``big5`` (the
bytes in Big5) and ``json_escaped`` (the markup JSON-escaped, ``\\u003cp style=…``).

``TEMPLATES`` lists the site templates; ``LATE_TEMPLATES`` those written after
the shape rules were (never used to tune them).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

SENTENCES = (
    "工业和信息化部召开专题会议，研究部署推进新型工业化重点工作。",
    "会议指出，要加快建设以先进制造业为骨干的现代化产业体系。",
    "2025年规模以上工业增加值同比增长5.9%，制造业规模连续多年保持全球第一。",
    "工信部将深入实施“人工智能+制造”行动，推动人工智能与制造业深度融合。",
    "今年将培育一批卓越级智能工厂，带动制造业数字化转型和智能化升级。",
    "要培育壮大专精特新中小企业，打造更多专精特新“小巨人”企业。",
    "建设零碳园区和数字园区，支持国家高新区打造未来产业新赛道。",
    "我国人工智能企业数量超过6000家，核心产业规模预计突破1.2万亿元。",
    "下一步将加快6G技术研发，推进5G规模化应用向纵深发展。",
    "会议强调，要因地制宜发展新质生产力，着力稳增长、强创新、促融合。",
    "工信部表示，将持续优化中小企业发展环境，加大融资支持力度。",
    "要统筹发展和安全，坚持人工智能为人所用、为人服务、为人所控。",
    "新能源汽车产销量继续保持增长，产业链供应链韧性不断增强。",
    "会上介绍，第一阶段6G技术试验形成超300项关键技术储备。",
    "要推动开源生态建设，支持大模型在重点行业落地应用。",
    "各地要结合实际，抓好节能降碳和设备更新工作。",
    "工信部将制定具身智能产业发展行动计划，促进人形机器人创新发展。",
    "要加快推进工业互联网规模化应用，建设一批高质量数据集。",
    "会议要求，要压实安全生产责任，守牢工业领域安全底线。",
    "今年一季度，电子信息制造业增加值同比增长超过10%。",
    "要着力提升产业科技创新能力，推动科技创新和产业创新深度融合。",
    "工信部将会同有关部门，加快培育未来产业，布局量子科技、生物制造等新领域。",
    "要坚持人工智能国际合作，推动形成广泛共识的人工智能治理框架。",
    "下一步，将组织开展中小企业数字化赋能专项行动。",
    "部相关司局负责同志参加会议，并就重点工作作了交流发言。",
    "要深入推进制造业高端化、智能化、绿色化发展，巩固壮大实体经济根基。",
    "会议提出，要力争到2027年培育100家以上示范工厂。",
    "工信部有关负责人表示，将进一步完善政策体系，稳定市场预期。",
    "要发挥龙头企业带动作用，促进大中小企业融通发展。",
    "与会企业代表围绕技术攻关和市场拓展等问题提出意见建议。",
    "要加强算力基础设施建设，推动算力网络互联互通。",
    "会议强调，要抓好政策落地见效，确保全年目标任务顺利完成。",
)
"""The sentence bank: each a whole sentence, ending with 。."""

TITLES = (
    "工信部部署推进新型工业化重点工作",
    "工信部：加快人工智能与制造业深度融合",
    "培育未来产业新赛道 工信部出台新举措",
    "工业和信息化部召开中小企业发展座谈会",
    "新型工业化稳步推进 智能工厂建设提速",
    "工信部：今年将培育一批卓越级智能工厂",
)
HEADINGS = ("聚焦重点任务", "推动融合发展", "强化安全保障", "培育新兴产业", "优化发展环境")
SITES = ("科创观察", "产经头条", "数智中国网", "东方资讯", "工控快报", "长江财经", "新视点")
OUTLETS = ("人民网", "新华社", "中国电子报", "工信微报", "经济日报", "央视新闻")
NAMES = ("张明", "李晓华", "王磊", "陈静", "刘洋", "赵雪", "周文")
NAV = ("首页", "新闻", "财经", "科技", "产业", "视频", "专题", "评论", "数据", "地方", "图片")
RELATED_LABELS = (
    "猜你喜欢",
    "相关阅读",
    "热门推荐",
    "延伸阅读",
    "为您推荐",
    "相关新闻",
    "往期推荐",
)
RELATED_TITLES = (
    "多地出台举措支持智能制造发展",
    "一季度工业经济运行开局良好",
    "专精特新企业数量持续增长",
    "人形机器人产业迎来发展机遇",
    "算力网络建设加快推进",
    "新能源汽车出口再创新高",
    "中小企业数字化转型提速",
    "开源大模型生态日趋完善",
)
SPAM = (
    "工信部",
    "人工智能",
    "未来产业",
    "新质生产力",
    "股票配资",
    "在线理财",
    "彩票预测",
    "代开发票",
    "免费下载",
    "高清视频",
    "网赚项目",
    "贷款秒批",
    "低价机票",
    "手游礼包",
)
SEPARATORS = (" | ", "  ", " · ", " / ", "｜")


@dataclass
class Page:
    """A generated page and its ground truth.

    Attributes:
        template: The site template's name.
        html: The page text (markup included).
        title: The article's title.
        headings: Its section headings.
        paragraphs: Its paragraphs, whole (as the clean text should hold them).
        sentences: Its sentences.
        chrome: Every furniture line, as shown (without markup).
        splits: Number of paragraphs split mid-sentence (to be joined).
    """

    template: str
    html: str
    title: str
    headings: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)
    splits: int = 0

    @property
    def article_text(self) -> str:
        """The article as a reader reads it: title, headings and paragraphs."""
        return "\n\n".join([self.title, *self.headings, *self.paragraphs])

    def data(self, *, big5: bool = False) -> bytes:
        """The page's bytes: UTF-8, or Big5 (CP950) for a Traditional page.

        A character Big5 lacks becomes a numeric character reference (``&#30528;``),
        as a browser saving the page writes it.
        """
        if big5:
            return self.html.encode("cp950", errors="xmlcharrefreplace")
        return self.html.encode("utf-8")


class _Builder:
    """Collects the lines of a page, each tagged article or chrome."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[tuple[str, str]] = []  # (kind, text): kind article / chrome / raw
        self.chrome: list[str] = []

    def add_chrome(self, text: str) -> None:
        self.lines.append(("chrome", text))
        self.chrome.append(text)

    def add_article(self, text: str) -> None:
        self.lines.append(("article", text))


def _stamp(rng: random.Random, *, style: int | None = None) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    hour, minute, second = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    style = rng.randrange(4) if style is None else style
    return (
        f"2026-{month:02d}-{day:02d} {hour:02d}:{minute:02d}",
        f"2026年{month:02d}月{day:02d}日 {hour:02d}:{minute:02d}",
        f"2026/{month}/{day} {hour:02d}:{minute:02d}:{second:02d}",
        f"2026.{month:02d}.{day:02d}",
    )[style]


def _byline(rng: random.Random) -> str:
    outlet, name, editor = rng.choice(OUTLETS), rng.choice(NAMES), rng.choice(NAMES)
    sep = rng.choice(SEPARATORS)
    return rng.choice(
        (
            f"来源：{outlet}{sep}{_stamp(rng)}",
            f"作者：{name}{sep}编辑：{editor}",
            f"{_stamp(rng)}{sep}来源：{outlet}",
            f"记者 {name}{sep}发布时间：{_stamp(rng)}",
            f"责任编辑：{editor}",
            f"{outlet}{sep}{_stamp(rng)}",
            f"文/{name}{sep}图/{editor}",
        )
    )


def _counter(rng: random.Random) -> str:
    n = rng.randint(100, 99999)
    return rng.choice(
        (
            f"阅读 {n}",
            f"浏览量：{n / 10000:.1f}万",
            f"{n}人看过",
            f"阅读 {n} · 评论 {rng.randint(1, 99)}",
            f"阅读量 {n}",
        )
    )


def _share(rng: random.Random) -> str:
    return rng.choice(
        (
            "关注",
            "+ 关注",
            "关注 分享 收藏",
            "分享到： 微信 微博 QQ空间",
            "点赞 分享 在看",
            "收藏 | 分享 | 举报",
            "字号：大 中 小 | 打印",
        )
    )


def _english(rng: random.Random) -> str:
    return rng.choice(
        (
            f"Source: Xinhua | Editor: {rng.choice(('Li Wei', 'Zhang Min', 'Wang Tao'))} | {_stamp(rng, style=0)}:{rng.randint(10, 59)} GMT+8",
            "Share on Facebook Twitter LinkedIn WeChat",
            f"Tags: MIIT, AI, manufacturing, industry {rng.randint(2024, 2026)}",
            f"Updated {_stamp(rng, style=0)} · {rng.randint(2, 9)} min read",
            f"ID: {rng.randint(10**7, 10**8)} | CMS v{rng.randint(1, 9)}.{rng.randint(0, 9)}",
        )
    )


def _spam(rng: random.Random) -> str:
    words = rng.sample(SPAM, rng.randint(7, 11))
    return rng.choice((" ", "，", "、", " | ")).join(words)


def _related(rng: random.Random, builder: _Builder, *, dated: bool) -> None:
    builder.add_chrome(rng.choice(RELATED_LABELS))
    for title in rng.sample(RELATED_TITLES, rng.randint(3, 6)):
        date = f"{rng.choice(('', '  '))}{_stamp(rng, style=rng.choice((0, 3)))}"
        builder.add_chrome(f"{title}{date if dated or rng.random() < 0.5 else ''}")


def _footer(rng: random.Random, builder: _Builder, site: str) -> None:
    choices = [
        f"Copyright © 2026 {site} All Rights Reserved",
        f"{site}版权所有 未经授权禁止转载",
        f"京ICP备{rng.randint(10**7, 10**8)}号",
        "关于我们 | 联系我们 | 广告服务 | 网站地图",
        f"客服热线：400-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
    ]
    for line in rng.sample(choices, rng.randint(2, 4)):
        builder.add_chrome(line)


def _paraphrase(rng: random.Random, sentence: str) -> str:
    """A machine summary's sentence: the article's, reworded and cut."""
    body = sentence.rstrip("。")
    clauses = body.split("，")
    if len(clauses) > 2:
        clauses.pop(rng.randrange(1, len(clauses)))
    body = "，".join(clauses)
    for old, new in (
        ("要", "需"),
        ("将", "会"),
        ("推动", "促进"),
        ("加快", "加速"),
        ("工信部", "该部门"),
    ):
        if old in body and rng.random() < 0.7:
            body = body.replace(old, new, 1)
    return body + "。"


def _article(rng: random.Random, *, headings: bool) -> tuple[str, list[str], list[list[str]]]:
    """A title, section headings and paragraphs (lists of sentences)."""
    sentences = rng.sample(SENTENCES, rng.randint(9, 16))
    paragraphs: list[list[str]] = []
    while sentences:
        size = min(len(sentences), rng.randint(1, 4))
        paragraphs.append(sentences[:size])
        sentences = sentences[size:]
    names = rng.sample(HEADINGS, min(len(HEADINGS), len(paragraphs) // 3)) if headings else []
    return rng.choice(TITLES), names, paragraphs


def _split_point(text: str, rng: random.Random) -> int | None:
    """Where a column break may cut a paragraph: between two Chinese characters, after a comma."""
    comma = text.find("，")
    if comma < 0 or len(text) < 45:
        return None
    points = [
        i
        for i in range(max(comma + 2, 41), len(text) - 3)
        if re.match(r"[\u4e00-\u9fff]{2}", text[i - 1 : i + 1]) and text[i - 1] != text[i]
    ]
    return rng.choice(points) if points else None


def _body(
    rng: random.Random, builder: _Builder, page: Page, paragraphs: list[list[str]], *, split: bool
) -> None:
    every = max(1, len(paragraphs) // (len(page.headings) + 1))
    headings = list(page.headings)
    for number, sentences in enumerate(paragraphs):
        if number and number % every == 0 and headings:
            builder.add_article(headings.pop(0))
        text = "".join(sentences)
        page.paragraphs.append(text)
        page.sentences.extend(sentences)
        cut = _split_point(text, rng) if split and rng.random() < 0.4 else None
        if cut is None:
            builder.add_article(text)
        else:
            builder.add_article(text[:cut])
            builder.add_article(text[cut:])
            page.splits += 1
    page.headings = [h for h in page.headings if h not in headings]


def _summary(rng: random.Random, builder: _Builder, paragraphs: list[list[str]]) -> None:
    sentences = [s for p in paragraphs for s in p]
    chosen = rng.sample(sentences, min(len(sentences), rng.randint(2, 3)))
    text = "".join(_paraphrase(rng, s) for s in chosen)
    label = rng.choice(("AI导读", "AI摘要", "摘要", "核心提示", "划重点"))
    if rng.random() < 0.5:
        builder.add_chrome(label)
        builder.add_chrome(text)
    else:
        builder.add_chrome(f"{label}：{text}")


def _nav(rng: random.Random) -> str:
    return rng.choice(SEPARATORS).join(rng.sample(NAV, rng.randint(4, 8)))


# --------------------------------------------------------------------------- templates


def _portal(rng: random.Random, b: _Builder, page: Page, paragraphs: list[list[str]]) -> None:
    site = rng.choice(SITES)
    b.add_chrome(site)
    b.add_chrome(_nav(rng))
    b.add_article(page.title)
    b.add_chrome(_byline(rng))
    b.add_chrome(_counter(rng))
    b.add_chrome(_share(rng))
    _body(rng, b, page, paragraphs, split=True)
    b.add_chrome(_share(rng))
    _related(rng, b, dated=rng.random() < 0.5)
    _footer(rng, b, site)


def _aggregator(rng: random.Random, b: _Builder, page: Page, paragraphs: list[list[str]]) -> None:
    site = rng.choice(SITES)
    b.add_chrome(site)
    b.add_chrome(
        rng.choice(("首页 > 产业 > 正文", "当前位置：首页 > 新闻 > 正文", "首页 / 科技 / 详情"))
    )
    b.add_article(page.title)
    b.add_chrome(_byline(rng))
    _summary(rng, b, paragraphs)
    _body(rng, b, page, paragraphs, split=True)
    b.add_chrome(_counter(rng))
    _related(rng, b, dated=True)
    b.add_chrome(_spam(rng))
    _footer(rng, b, site)


def _mirror(rng: random.Random, b: _Builder, page: Page, paragraphs: list[list[str]]) -> None:
    site = rng.choice(SITES)
    b.add_chrome(_english(rng))
    b.add_chrome(_english(rng))
    b.add_article(page.title)
    b.add_chrome(f"来源：{rng.choice(OUTLETS)}  作者：{rng.choice(NAMES)}")
    b.add_chrome(_stamp(rng))
    _body(rng, b, page, paragraphs, split=True)
    b.add_chrome(_spam(rng))
    b.add_chrome(_english(rng))
    _related(rng, b, dated=False)
    _footer(rng, b, site)


def _wechat(rng: random.Random, b: _Builder, page: Page, paragraphs: list[list[str]]) -> None:
    b.add_article(page.title)
    b.add_chrome(f"{rng.choice(OUTLETS)} {rng.choice(NAMES)} {_stamp(rng, style=1)}")
    b.add_chrome(_share(rng))
    b.add_chrome(_counter(rng))
    _body(rng, b, page, paragraphs, split=False)
    b.add_chrome("点赞 分享 在看")
    b.add_chrome(_counter(rng))
    _related(rng, b, dated=rng.random() < 0.5)


def _government(rng: random.Random, b: _Builder, page: Page, paragraphs: list[list[str]]) -> None:
    site = rng.choice(SITES)
    b.add_chrome(_nav(rng))
    b.add_chrome(rng.choice(("当前位置：首页 > 政务公开 > 工作动态", "首页 > 新闻发布")))
    b.add_article(page.title)
    b.add_chrome(f"发布时间：{_stamp(rng)}  来源：{rng.choice(OUTLETS)}")
    b.add_chrome("字号：大 中 小 | 打印")
    _body(rng, b, page, paragraphs, split=True)
    b.add_chrome("【打印本页】【关闭窗口】")
    _related(rng, b, dated=True)
    _footer(rng, b, site)


def _markdownish(rng: random.Random, b: _Builder, page: Page, paragraphs: list[list[str]]) -> None:
    """Written after the shape rules: a blog export with front matter in English and 摘要 quote."""
    site = rng.choice(SITES)
    b.add_chrome(f"{site} · {rng.choice(('博客', '专栏', '号'))}")
    b.add_article(page.title)
    b.add_chrome(
        f"Posted by {rng.choice(('admin', 'editor01', 'newsbot'))} on {_stamp(rng, style=0)} · {rng.randint(2, 99)}k views"
    )
    _summary(rng, b, paragraphs)
    b.add_chrome(rng.choice(("+关注", "关注我们", "分享 收藏")))
    _body(rng, b, page, paragraphs, split=True)
    b.add_chrome(f"{_counter(rng)}  {_share(rng)}")
    b.add_chrome(_spam(rng))
    _related(rng, b, dated=rng.random() < 0.5)
    b.add_chrome(f"© {site} 2026")


def _repost(rng: random.Random, b: _Builder, page: Page, paragraphs: list[list[str]]) -> None:
    """A repost: labelled fields at the head, previous/next links and a ranked list at the foot."""
    site = rng.choice(SITES)
    b.add_chrome(f"{site}首页")
    b.add_chrome(rng.choice(("您当前的位置 ： 首页 >> 转载", "位置：首页 - 资讯 - 正文")))
    b.add_article(page.title)
    b.add_chrome(f"原标题：{rng.choice(TITLES)}")
    b.add_chrome(f"转载自：{rng.choice(OUTLETS)}　浏览次数：{rng.randint(10, 9999)}")
    b.add_chrome("【字体：大 中 小】")
    _body(rng, b, page, paragraphs, split=True)
    b.add_chrome(f"上一篇：{rng.choice(RELATED_TITLES)}")
    b.add_chrome(f"下一篇：{rng.choice(RELATED_TITLES)}")
    b.add_chrome("扫一扫在手机打开当前页")
    b.add_chrome("网友评论")
    b.add_chrome("发表评论")
    b.add_chrome(rng.choice(("热点排行", "点击排行", "本周热门")))
    for number, title in enumerate(rng.sample(RELATED_TITLES, 4), start=1):
        b.add_chrome(f"{number}. {title}")


APP_NAMES = ("{site}APP", "{site} App", "{site}客户端", "{site}新闻客户端", "APP", "客户端")
APP_ACTIONS = ("打开", "下载", "安装", "前往", "进入", "登录")
APP_GAINS = (
    "阅读体验更佳",
    "查看更多精彩内容",
    "看更多独家报道",
    "体验更流畅",
    "阅读全文",
    "获取更多资讯",
    "观看高清视频",
    "抢先看最新消息",
    "第一时间获取权威发布",
)


def _app_banner(rng: random.Random, site: str) -> str:
    """An app-download banner of random wording: action, app and gain in random order and marks."""
    app = rng.choice(APP_NAMES).format(site=site)
    action = rng.choice(("", "立即", "马上", "请")) + rng.choice(APP_ACTIONS)
    gain = rng.choice(APP_GAINS)
    mark = rng.choice(("", "", "！", " >", "»"))
    return rng.choice(
        (
            f"{action}{app}，{gain}{mark}",
            f"{gain}，{action}{app}{mark}",
            f"{action}{app}{rng.choice(('', ' '))}{gain}{mark}",
            f"想{gain}？{action}{app}{mark}",
        )
    )


def _portal_app(rng: random.Random, b: _Builder, page: Page, paragraphs: list[list[str]]) -> None:
    """A news app's share page: app banner, author card, comments; written after the rules."""
    site = rng.choice(SITES)
    b.add_chrome(_app_banner(rng, site))
    if rng.random() < 0.7:
        b.add_chrome(rng.choice(("下载APP", "立即打开", "APP内打开", "打开App", "去客户端")))
    b.add_article(page.title)
    b.add_chrome(rng.choice(NAMES))
    b.add_chrome(f"{_stamp(rng, style=0)} 发布于{rng.choice(('北京', '上海', '广东', '浙江'))}")
    b.add_chrome(f"{rng.randint(1, 999)}万粉丝")
    b.add_chrome("+关注")
    _body(rng, b, page, paragraphs, split=True)
    b.add_chrome(f"本文为{site}号作者原创，不代表{site}立场")
    b.add_chrome(f"评论 {rng.randint(1, 999)}")
    for _ in range(rng.randint(2, 3)):
        b.add_chrome(f"{rng.choice(NAMES)} {rng.choice(('北京', '江苏', '四川'))}")
        b.add_chrome(rng.choice(("说得好", "点赞支持", "期待更多政策落地", "学习了")))
    b.add_chrome("查看更多评论")


TEMPLATES: dict[str, Callable[..., None]] = {
    "portal": _portal,
    "aggregator": _aggregator,
    "mirror": _mirror,
    "wechat": _wechat,
    "government": _government,
    "markdownish": _markdownish,
    "repost": _repost,
    "app": _portal_app,
}
LATE_TEMPLATES = ("markdownish", "repost", "app")
"""Templates written after the shape rules. Each showed faults that were then fixed:
``markdownish`` a footer marker (关注我们) above the article and a site · section line;
``repost`` (9.3 % chrome kept, 53 wrong joins on 40 pages before the fix) labelled fields
at the head (原标题：, 转载自：) glued to the title; ``app`` (4.05 % chrome kept) its
app-download banner above the title, now of random wording (:func:`_app_banner`), so that
no string rule can remove it: it goes by its shape (a call to install or open an app,
standing above the title)."""


def _markup(rng: random.Random, lines: list[tuple[str, str]], *, styled: bool = False) -> str:
    """The lines as HTML of a random flavour (p, div, li, br), with styles and a script.

    ``styled``: every line a ``<p style="…">`` (what JSON-escaped article bodies carry).
    """
    style = "styled" if styled else rng.choice(("p", "div", "li", "br", "plain"))
    out = [
        "<html><head><script>var _hmt = _hmt || [];</script><style>p{margin:0}</style></head><body>"
    ]
    for _kind, text in lines:
        if style == "styled":
            out.append(f'<p style="text-indent:2em;width:{rng.choice((50, 80, 100))}%;">{text}</p>')
        elif style == "p":
            attr = rng.choice(("", ' style="text-indent:2em;"', ' class="para"', ' id="p1"'))
            out.append(f"<p{attr}>{text}</p>")
        elif style == "div":
            out.append(f'<div class="{rng.choice(("row", "txt", "c"))}"><span>{text}</span></div>')
        elif style == "li":
            out.append(f'<li><a href="/x/{rng.randint(1, 99)}.html">{text}</a></li>')
        elif style == "br":
            out.append(f"{text}<br/>")
        else:
            out.append(f"{text}\n")
    out.append("</body></html>")
    return "\n".join(out)


def make_page(
    seed: int,
    *,
    template: str | None = None,
    traditional: bool = False,
    json_escaped: bool = False,
) -> Page:
    """One web-like page and its ground truth.

    Args:
        seed: Seeds every random choice: the same seed gives the same page.
        template: One of ``TEMPLATES`` (default: chosen by the seed).
        traditional: Convert the page (and its ground truth) to Traditional script.
        json_escaped: Give the markup JSON-escaped (``\\u003cp style=…``), as
            pages that carry their article in a JavaScript string do.

    Returns:
        The page (``Page.data(big5=True)`` gives Big5 bytes of a Traditional page).
    """
    rng = random.Random(seed)
    name = template or rng.choice(sorted(TEMPLATES))
    title, headings, paragraphs = _article(rng, headings=rng.random() < 0.5)
    page = Page(template=name, html="", title=title, headings=headings)
    builder = _Builder(rng)
    TEMPLATES[name](rng, builder, page, paragraphs)
    page.chrome = builder.chrome
    html = _markup(rng, builder.lines, styled=json_escaped)
    if traditional:
        import opencc

        convert = opencc.OpenCC("s2t").convert
        html = convert(html)
        page.title, page.headings = convert(page.title), [convert(h) for h in page.headings]
        page.paragraphs = [convert(p) for p in page.paragraphs]
        page.sentences = [convert(s) for s in page.sentences]
        page.chrome = [convert(c) for c in page.chrome]
    if json_escaped:
        html = json.dumps({"content": html})[12:-1].replace("<", "\\u003c").replace(">", "\\u003e")
    page.html = html
    return page
