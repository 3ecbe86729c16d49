"""Tests for policytext.numbers: numerals, figures, and what is not a figure."""

from __future__ import annotations

import math
import re
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytext import numbers
from policytext.config import DATA_DIR
from policytext.corpus import load_corpus
from policytext.numbers import BOUNDS, Figure, find_figures
from policytext.numerals import parse_number
from policytext.text import normalize_text, split_sentences

# --------------------------------------------------------------------------
# A reference renderer: integers as written in Chinese, with 万/亿 grouping
# --------------------------------------------------------------------------

DIGITS = "零一二三四五六七八九"


def _section(x: int) -> str:
    """0 < x < 10000 in Chinese (一千零五, 三百二十)."""
    out: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = x // value % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[digit] + unit)
    return "".join(out)


def to_chinese(n: int) -> str:
    """A non-negative integer in standard Chinese numerals (十二万, 一亿零五)."""
    if n == 0:
        return "零"
    yi, rest = divmod(n, 10**8)
    wan, low = divmod(rest, 10**4)
    parts: list[str] = []
    if yi:
        parts.append(to_chinese(yi) + "亿")
    if wan:
        if yi and wan < 1000:
            parts.append("零")
        parts.append(_section(wan) + "万")
    if low:
        if (yi or wan) and (low < 1000 or (yi and not wan)):
            parts.append("零")
        parts.append(_section(low))
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (10, "十"),
        (15, "十五"),
        (110, "一百一十"),
        (1005, "一千零五"),
        (10010, "一万零一十"),
        (120000, "十二万"),
        (100000005, "一亿零五"),
        (100050000, "一亿零五万"),
        (1200000000000, "一万二千亿"),
    ],
)
def test_reference_renderer(n: int, text: str) -> None:
    assert to_chinese(n) == text


# --------------------------------------------------------------------------
# parse_number
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("6.02", 6.02),
        ("1,000", 1000),
        ("１２", 12),  # full-width digits
        ("1.2万亿", 1.2e12),
        ("1.76万", 17600),
        ("41.7万亿", 4.17e13),
        ("600亿", 6e10),
        ("1000万", 1e7),
        ("3千", 3000),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百一十", 110),
        ("一百零五", 105),
        ("三千五百万", 3.5e7),
        ("两万", 20000),
        ("两千", 2000),
        ("一万二", 12000),
        ("一百五", 150),
        ("一亿五", 1.5e8),
        ("三亿五千万", 3.5e8),
        ("一亿零五万", 100050000),
        ("二〇二五", 2025),
        ("一点五万", 15000),
        ("三点一四", 3.14),
        ("万", 1e4),
        ("亿", 1e8),
        ("万亿", 1e12),
        ("壹佰贰拾", 120),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    "text", ["", " ", "abc", "十百", "十五五", "1.2.3", "点五", "5G", "%", "一一", "三四"]
)
def test_parse_number_rejects_non_numerals(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


@given(st.integers(min_value=0, max_value=2**53))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=1, max_value=2**53))
def test_liang_reads_as_two(n: int) -> None:
    text = to_chinese(n)
    text = "两" + text[1:] if text.startswith("二") and text[1:2] in "千百万亿" else text
    assert parse_number(text) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_with_thousands_separators(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(
    st.decimals(min_value="0.01", max_value="9999.99", places=2),
    st.sampled_from([("", 1), ("万", 10**4), ("亿", 10**8), ("万亿", 10**12)]),
)
def test_arabic_with_multipliers(number, multiplier) -> None:
    word, scale = multiplier
    assert math.isclose(parse_number(f"{number}{word}"), float(number * scale), rel_tol=1e-12)


# --------------------------------------------------------------------------
# find_figures: real sentences from the corpus, and every form in the spec
# --------------------------------------------------------------------------

F = tuple  # (text, value, value_high, unit, bound)

FIGURE_CASES = [
    (
        "会上介绍,2025年规模以上工业增加值同比增长5.9%,制造业增加值占GDP比重保持稳定,"
        "制造业规模有望连续16年保持全球第一。",
        [("5.9%", 5.9, None, "%", "="), ("16年", 16, None, "年", "=")],
    ),
    (
        "6G方面,第一阶段技术试验形成超300项关键技术储备,近期已经启动第二阶段6G技术试验。",
        [("超300项", 300, None, "项", ">")],
    ),
    (
        "据有关机构测算,2025年我国人工智能企业数量超过6000家,核心产业规模预计突破1.2万亿元。",
        [("超过6000家", 6000, None, "家", ">"), ("突破1.2万亿元", 1.2e12, None, "元", ">")],
    ),
    ("已有100家高水平的5G工厂达到全球领先水平。", [("100家", 100, None, "家", "=")]),
    (
        "据介绍,目前人工智能已渗透领航工厂70%以上的业务场景,沉淀了超6000个垂直领域模型,"
        "带动1700多项关键智能制造装备与工业软件规模化应用。",
        [
            ("70%以上", 70, None, "%", ">"),
            ("超6000个", 6000, None, "个", ">"),
            ("1700多项", 1700, None, "项", ">"),
        ],
    ),
    (
        "累计培育专精特新“小巨人”企业1.76万家、专精特新中小企业超14万家、"
        "科技和创新型中小企业超60万家。",
        [
            ("1.76万家", 17600, None, "家", "="),
            ("超14万家", 140000, None, "家", ">"),
            ("超60万家", 600000, None, "家", ">"),
        ],
    ),
    (
        "数据显示,2025年国内人形机器人整机企业数量超140家,发布人形机器人产品超330款。",
        [("超140家", 140, None, "家", ">"), ("超330款", 330, None, "款", ">")],
    ),
    (
        "据悉,我国启动运行国家人工智能产业投资基金,资金规模达600亿元。",
        [("600亿元", 6e10, None, "元", "=")],
    ),
    (
        "吴基传、李毅中、张峰、韩夏等12位老部领导,部机关和在京部属单位离退休干部代表"
        "近300人参加会议。",
        [("12位", 12, None, "位", "="), ("近300人", 300, None, "人", "≈")],
    ),
    (
        "276个品牌榜上有名,涵盖轻工、纺织、食品、医药四大领域,含165个企业品牌、"
        "76个区域品牌、35个特定人群适用产品品牌。",
        [
            ("276个", 276, None, "个", "="),
            ("165个", 165, None, "个", "="),
            ("76个", 76, None, "个", "="),
            ("35个", 35, None, "个", "="),
        ],
    ),
    (
        "《报告》显示,截至2025年12月,我国网民规模达11.25亿人,互联网普及率突破80%,"
        "数字发展成果惠及更广泛群体。",
        [("11.25亿人", 1.125e9, None, "人", "="), ("突破80%", 80, None, "%", ">")],
    ),
    (
        "《报告》显示,截至2025年12月,生成式人工智能用户规模达6.02亿人,较2024年年底增长141.7%;",
        [("6.02亿人", 6.02e8, None, "人", "="), ("141.7%", 141.7, None, "%", "=")],
    ),
    (
        "普及率达42.8%,同比大幅提高25.2个百分点。",
        [("42.8%", 42.8, None, "%", "="), ("25.2个百分点", 25.2, None, "百分点", "=")],
    ),
    (
        "全国一体化政务服务平台用户达9.4亿,“高效办成一件事”成为常态。",
        [("9.4亿", 9.4e8, None, "", "=")],
    ),
    (
        "北京在2026年年初发布了《人工智能创新高地建设规划》,设立了打造“全球人工智能第一城”"
        "的目标,力争用两年时间实现人工智能核心产业规模破万亿元。",
        [("破万亿元", 1e12, None, "元", ">")],
    ),
    (
        "在人工智能领域拥有2个国家实验室、4个新型研发机构、5个产教融合平台、"
        "1个国家级人工智能学院,清华、北大等14所高校设立人工智能学院。",
        [
            ("2个", 2, None, "个", "="),
            ("4个", 4, None, "个", "="),
            ("5个", 5, None, "个", "="),
            ("1个", 1, None, "个", "="),
            ("14所", 14, None, "所", "="),
        ],
    ),
    (
        "北京已累计备案大模型达209款,占全国近三成。",
        [("209款", 209, None, "款", "="), ("近三成", 30, None, "%", "≈")],
    ),
    (
        "主流消费级电脑内存容量在16~32GB,能够运行量化后约为7B~13B参数的模型;",
        [("16~32GB", 16, 32, "GB", "="), ("约为7B~13B", 7e9, 1.3e10, "参数", "≈")],
    ),
    (
        "配备32GB RAM+12GB显存的高性能台式机,能够运行约20B参数量化模型。",
        [
            ("32GB", 32, None, "GB", "="),
            ("12GB", 12, None, "GB", "="),
            ("约20B", 2e10, None, "参数", "≈"),
        ],
    ),
    (
        "具备12GB~16GB内存的旗舰机型,能够运行7B模型。",
        [("12GB~16GB", 12, 16, "GB", "="), ("7B", 7e9, None, "参数", "=")],
    ),
    (
        "截至目前,我国已有300多个城市实现5G-A覆盖,30多个省份发布5G-A套餐,5G-A用户数超过1000万。",
        [
            ("300多个", 300, None, "个", ">"),
            ("30多个", 30, None, "个", ">"),
            ("超过1000万", 1e7, None, "", ">"),
        ],
    ),
    (
        "华为预测,今年全球将有超过50张5G-A网络规模商用,我国5G-A用户将超6000万人……",
        [("超过50张", 50, None, "张", ">"), ("超6000万人", 6e7, None, "人", ">")],
    ),
    (
        "华为常务董事汪涛预测:“到2030年,近30亿台AI机器人将进入工厂和家庭",
        [("近30亿台", 3e9, None, "台", "≈")],
    ),
    (
        "2025年,工业增加值41.7万亿元,对经济增长的贡献率35%。",
        [("41.7万亿元", 4.17e13, None, "元", "="), ("35%", 35, None, "%", "=")],
    ),
    ("其中,新能源汽车的产销量再创新高,连续11年位居全球第一。", [("11年", 11, None, "年", "=")]),
    (
        "培育出了504家卓越级智能工厂,1260家高水平5G工厂,建成了超过8000家国家绿色工厂。",
        [
            ("504家", 504, None, "家", "="),
            ("1260家", 1260, None, "家", "="),
            ("超过8000家", 8000, None, "家", ">"),
        ],
    ),
    (
        "2025年,我国人工智能核心产业规模超过1.2万亿元,企业超过6200家,有三个亮点分享。",
        [("超过1.2万亿元", 1.2e12, None, "元", ">"), ("超过6200家", 6200, None, "家", ">")],
    ),
    (
        "我国规上制造业企业人工智能技术应用普及率超30%,这是到去年底的数据。",
        [("超30%", 30, None, "%", ">")],
    ),
    (
        "我国企业推出人形机器人300多款,超过全球半数。",
        [("300多款", 300, None, "款", ">"), ("超过全球半数", 50, None, "%", ">")],
    ),
    (
        "前两个月工业经济实现良好开局,规模以上工业增加值同比增长6.3%。",
        [("6.3%", 6.3, None, "%", "=")],
    ),
    (
        "中国大模型调用量已连续两周超越美国模型。",
        [("两周", 2, None, "周", "=")],
    ),
    ("研究报告显示,美国开发者采用的开源大模型中80%来自中国。", [("80%", 80, None, "%", "=")]),
    (
        "“十四五”以来,我国加快推进一批高效节能电机、变压器等研发攻关,重点推广万余项高效节能装备。",
        [("万余项", 1e4, None, "项", ">")],
    ),
    (
        "会上,来自量子科技、人工智能等未来产业领域的10家初创期中小企业负责人介绍了技术研发。",
        [("10家", 10, None, "家", "=")],
    ),
    # Forms from the specification that the corpus does not happen to use.
    ("预计全年增长4.5%－5%。", [("4.5%－5%", 4.5, 5, "%", "=")]),
    ("主流电脑内存容量在１６～３２GB。", [("１６～３２GB", 16, 32, "GB", "=")]),
    ("约有1~2万家企业参与。", [("约有1~2万家", 1e4, 2e4, "家", "≈")]),
    ("营收:300亿元,其中唯一一家企业。", [("300亿元", 3e10, None, "元", "=")]),
    (
        "覆盖一~二万户,最近300家企业赶超500家。",
        [
            ("一~二万户", 1e4, 2e4, "户", "="),
            ("300家", 300, None, "家", "="),
            ("500家", 500, None, "家", "="),
        ],
    ),
    ("全年营收接近三千五百万元左右。", [("接近三千五百万元左右", 3.5e7, None, "元", "≈")]),
    ("逾两万人次参观。", [("逾两万人次", 2e4, None, "人次", ">")]),
    ("占比不足百分之三十。", [("不足百分之三十", 30, None, "%", "<")]),
    ("培育九成以上的企业。", [("九成以上", 90, None, "%", ">")]),
    ("营收1,200亿美元。", [("1,200亿美元", 1.2e11, None, "美元", "=")]),
    ("全国二十多个省份。", [("二十多个", 20, None, "个", ">")]),
    ("规模破百亿元,带动数亿元投资。", [("破百亿元", 1e10, None, "元", ">")]),
]


@pytest.mark.parametrize(("sentence", "expected"), FIGURE_CASES)
def test_find_figures(sentence: str, expected: list[F]) -> None:
    figures = find_figures(sentence)
    got = [(f.text, f.value, f.value_high, f.unit, f.bound) for f in figures]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for (text, value, high, unit, bound), figure in zip(expected, figures, strict=True):
        assert figure.value == pytest.approx(value, rel=1e-12), text
        if high is None:
            assert figure.value_high is None, text
        else:
            assert figure.value_high == pytest.approx(high, rel=1e-12), text
        assert (figure.unit, figure.bound) == (unit, bound), text
        assert sentence[figure.start : figure.end] == figure.text


NOT_FIGURES = [
    "本报讯 2月4日,工业和信息化部在京召开离退休干部情况通报会。",
    "2025年12月召开的中央经济工作会议提出,“深化拓展‘人工智能+’,完善人工智能治理”。",
    "这是工业和信息化部继2025年4月11日发布首批中国消费名品名单后,第二次公布中国消费名品名单。",
    "本报讯第57次《中国互联网络发展状况统计报告》(以下简称《报告》)近日发布。",
    "第19期(总第4896期)",
    "国内统一连续出版物号：CN 11-0005",
    "邮发代号：1-29",
    "违法和不良信息举报邮箱:dajilinwang@163.com 违法和不良信息举报: 0431-88600010",
    "ICP备案号:吉ICP备18006035号 网络经营许可证号:吉B-2-4-20100020",
    "地址:长春市高新技术产业开发区火炬路1518号 爆料电话:0431-88601901",
    "更新时间:2026-01-21 23:13 来源:牛马见闻",
    "《节能装备高质量发展实施方案(2026—2028年)》印发",
    "发布两款次旗舰级芯片——天玑8500、天玑9500s,主要应用于非旗舰款的大众机型。",
    "推动量子科技、生物制造、氢能和核聚变能、脑机接口、具身智能、6G等领域攻关突破。",
    "英伟达CEO黄仁勋也在CES 2026上公开称赞中国模型,点名了Kimi K2、DeepSeek V3.2和Qwen模型。",
    "最新组建的具身智能模型,将以Qwen3.0为基础,并结合Deep-Seek蒸馏技术。",
    "5G-A与AI“共赴山海”",
    "第二是要强创新。",
    "一是突出技术创新。",
    "其一,便宜,可以直接调用本地算力;",
    "经过5年持续奋斗,“十四五”规划确定的主要目标任务基本完成。",
    "继五年前被写入“十四五”规划后,“开源”再次被写入第十五个五年规划纲要。",
    "要深刻认识“十五五”时期面临形势,准确把握“十五五”时期使命任务。",
    "李乐成表示,2026年将大力推动人工智能和制造业“双向奔赴”,着力在三个方面做好工作。",
    "从产业顶层设计到千行百业场景落地,让科技红利加速走进千家万户。",
    "在中国联通展位上,一台穿着冲锋衣、戴着鸭舌帽的人形机器人向观众举手致意。",
    "每年使用这些功能所消耗的AI服务资源,一年将相当于一台手机的成本。",
    "实施好新一轮十大重点行业稳增长,支持工业大省、工业大市挑大梁。",
    "国产开源大模型一度“屠榜”,排名前十的均是中国模型或中国衍生模型。",
    "实施优质企业梯度培育三年行动计划。",
    "前两个月工业经济实现良好开局。",
    "力争用两年时间实现目标。",
    "扫描即可关注 微信号:cena1984",
    "UHD、4K、8K的最新资讯和最深入的分析,都在这里。",
    "根据通知,智能工厂分基础级、先进级、卓越级和领航级四个层级进行培育。",
    "工业和信息化部、国家发展改革委等六部门印发通知。",
    "工业和信息化部召开第十次中小企业圆桌会议",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_figures(sentence: str) -> None:
    assert find_figures(sentence) == []


def test_figure_is_frozen() -> None:
    figure = find_figures("超过6000家")[0]
    assert figure == Figure("超过6000家", 0, 7, 6000.0, None, "家", ">")
    with pytest.raises(AttributeError):
        figure.value = 1.0  # type: ignore[misc]


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

COUNT_UNITS = ["家", "人", "个", "项", "款", "台", "张", "元", "美元", "人次"]
QUALIFIERS = [
    ("prefix", "超过", ">"),
    ("prefix", "超", ">"),
    ("prefix", "逾", ">"),
    ("prefix", "突破", ">"),
    ("prefix", "近", "≈"),
    ("prefix", "接近", "≈"),
    ("prefix", "约", "≈"),
    ("prefix", "不到", "<"),
    ("middle", "多", ">"),
    ("middle", "余", ">"),
    ("suffix", "以上", ">"),
    ("suffix", "左右", "≈"),
]


@st.composite
def written_figures(draw):
    """(figure text, value, unit, bound) for a generated figure."""
    if draw(st.booleans()):
        n = draw(st.integers(min_value=10, max_value=10**12))
        numeral, value = to_chinese(n), float(n)
    else:
        number = draw(st.decimals(min_value="0.01", max_value="99999.99", places=2))
        word, scale = draw(st.sampled_from([("", 1), ("万", 10**4), ("亿", 10**8)]))
        numeral, value = f"{number}{word}", float(number * scale)
    unit = draw(st.sampled_from([*COUNT_UNITS, "%", "个百分点"]))
    base_unit = "百分点" if unit == "个百分点" else unit
    qualifier = draw(st.sampled_from([None, *QUALIFIERS]))
    parts = {"prefix": "", "middle": "", "suffix": ""}
    bound = "="
    if qualifier is not None:
        where, word, bound = qualifier
        if where == "middle" and unit in ("%", "个百分点"):
            where, word, bound = "suffix", "以上", ">"  # no 30多%
        parts[where] = word
    text = f"{parts['prefix']}{numeral}{parts['middle']}{unit}{parts['suffix']}"
    return text, value, base_unit, bound


@given(written_figures(), st.sampled_from(["据统计,我国", "会上介绍,", "", "全年"]))
def test_generated_figures_parse_back(written, lead) -> None:
    text, value, unit, bound = written
    sentence = f"{lead}{text},同比提高。"
    figures = find_figures(sentence)
    assert len(figures) == 1, (sentence, figures)
    figure = figures[0]
    assert figure.text == text
    assert sentence[figure.start : figure.end] == text
    assert math.isclose(figure.value, value, rel_tol=1e-9)
    assert (figure.unit, figure.bound) == (unit, bound)


NOISE = list(
    "0123456789.,%~-一二两三四五六七八九十百千万亿零〇家个人元年月日第超过近约多余以上左右《》，。、半数成GBAK我国达企业"
)


@given(st.text(alphabet=st.sampled_from(NOISE), max_size=40))
def test_any_text_gives_well_formed_figures(text: str) -> None:
    end = 0
    for figure in find_figures(text):
        assert text[figure.start : figure.end] == figure.text
        assert figure.start >= end  # in order, not overlapping
        end = figure.end
        assert figure.bound in BOUNDS
        assert math.isfinite(figure.value)
        assert figure.value_high is None or figure.value_high >= 0


# --------------------------------------------------------------------------
# The cue: text without a match holds no figure
# --------------------------------------------------------------------------

CUE_NOISE = [
    *NOISE,
    "连续",
    "连续\n",
    "天",
    "周",
    "个月",
    "小时",
    "百分之",
    "…",
    "１",
    "％",
    " ",
    "—",
]


def _unfiltered(sentence: str) -> list[Figure]:
    """``find_figures`` with a cue that matches any text."""
    with mock.patch.object(numbers, "FIGURE_CUE", re.compile("")):
        return find_figures(sentence)


def _raw_sentences() -> list[str]:
    return [
        s
        for document in load_corpus(DATA_DIR / "corpus.csv")[0]
        for s in split_sentences(document.raw)
    ]


def test_cue_hides_no_figure_in_the_raw_texts() -> None:
    sentences = _raw_sentences()
    assert sum(bool(_unfiltered(s)) for s in sentences) > 30
    for sentence in sentences:
        assert find_figures(sentence) == _unfiltered(sentence), sentence


@given(st.lists(st.sampled_from(CUE_NOISE), max_size=25).map("".join))
def test_cue_hides_no_figure(text: str) -> None:
    assert find_figures(text) == _unfiltered(text)


@pytest.mark.parametrize(
    "sentence",
    ["增长１２％,达到３０家", "用户达9.4亿……超过５００家", "连续16年", "一二三", "", "㎡超过300家"],
)
def test_given_norm_changes_nothing(sentence: str) -> None:
    assert find_figures(sentence, norm=normalize_text(sentence)) == find_figures(sentence)
