"""Hypothesis strategies for clean Chinese policy text and for arbitrary hostile input.

``clean_paragraph()`` draws real paragraphs from the State Council and CPC
reports (the reference for clean text); ``generated_clean_text()`` builds text
of the same character classes (hanzi, full-width punctuation, digits, dates,
U+3000 indentation, Latin words) so properties are not tied to the corpus.
"""

from __future__ import annotations

from hypothesis import strategies as st

from corpus import clean_report_paragraphs, report_paragraphs

#: common hanzi (a slice of the most frequent simplified characters in policy prose)
COMMON_HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    "十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
)
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】—…·"
DIGITS = "0123456789"
FULLWIDTH_DIGITS = "０１２３４５６７８９"
LATIN_WORDS = ("GDP", "CPI", "RCEP", "5G", "PM2.5", "R&D", "WTO", "APEC", "eWTP", "IPv6")

hanzi = st.sampled_from(COMMON_HANZI)


def report_paragraph() -> st.SearchStrategy[str]:
    """Any report paragraph, the reviewed defects included: a base text to damage (falls back to
    generated text)."""
    paras = report_paragraphs()
    if paras:
        return st.sampled_from(paras)
    return generated_clean_text()


def clean_paragraph() -> st.SearchStrategy[str]:
    """A real paragraph of carefully edited policy prose, without the reviewed defects of
    ``tests/data/report_known_defects.tsv`` (falls back to generated text)."""
    paras = clean_report_paragraphs()
    if paras:
        return st.sampled_from(paras)
    return generated_clean_text()


@st.composite
def date_string(draw) -> str:
    y = draw(st.integers(1949, 2030))
    m = draw(st.integers(1, 12))
    d = draw(st.integers(1, 28))
    return f"{y}年{m}月{d}日"


@st.composite
def number_string(draw) -> str:
    kind = draw(st.sampled_from(["int", "pct", "fw", "money"]))
    n = draw(st.integers(1, 99999))
    if kind == "int":
        return str(n)
    if kind == "pct":
        return f"{n % 100}.{draw(st.integers(0, 9))}%"
    if kind == "fw":
        return "".join(FULLWIDTH_DIGITS[int(c)] for c in str(n)) + draw(st.sampled_from(["％", "万", "亿元"]))
    return f"{n}亿元"


@st.composite
def clause(draw) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.text(alphabet=COMMON_HANZI, min_size=2, max_size=12),
                date_string(),
                number_string(),
                st.sampled_from(LATIN_WORDS),
            ),
            min_size=1,
            max_size=4,
        )
    )
    text = "".join(parts)
    if draw(st.booleans()):
        text = "“" + text + "”"
    return text


@st.composite
def generated_clean_text(draw) -> str:
    """A generated, correctly punctuated paragraph: clauses joined by ，、； and ended by 。！？"""
    clauses = draw(st.lists(clause(), min_size=1, max_size=6))
    seps = [draw(st.sampled_from("，、；")) for _ in clauses[1:]]
    body = clauses[0] + "".join(s + c for s, c in zip(seps, clauses[1:]))
    return body + draw(st.sampled_from("。！？"))


@st.composite
def clean_document(draw) -> str:
    """Several clean paragraphs separated by newlines (real or generated)."""
    paras = draw(st.lists(st.one_of(clean_paragraph(), generated_clean_text()), min_size=1, max_size=5))
    return "\n".join(paras) + "\n"


#: arbitrary text, including surrogates, controls, PUA, combining marks
hostile_text = st.text(
    alphabet=st.characters(codec=None, categories=None),
    max_size=300,
)
hostile_bytes = st.binary(max_size=600)
