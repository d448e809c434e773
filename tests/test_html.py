"""HTML input: decoding, dropping chrome, structure, main-content selection, header metadata."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from strategies import clean_paragraph, hostile_text  # noqa: E402

from cleanpolicy import Policy, clean_and_explain  # noqa: E402
from cleanpolicy.html import declared_charset, html_to_text  # noqa: E402
from cleanpolicy.inputs import looks_like_html, to_text  # noqa: E402

P1 = "衢州将按照省委的要求，深入践行“八个嘱托”，扎实推进“八大任务”，加快建设“活力新衢州、美丽大花园”。"
P2 = "对衢州来说，区域开放是最大的改革，不开放就没有出路。这几年，衢州通过打造山海协作升级版、加入杭州都市圈，在扩大开放上打开了新格局。"
P3 = "未来几年，衢州将以更大力度实施交通先导工程，推动空港、水港、陆港、信息港“四港联动”发展，真正以大交通促进大开放。"

NAV = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(12))
RELATED = "".join(f'<li><a href="/n{i}">相关新闻标题第{i}条，关于本市工作的报道</a></li>' for i in range(8))


def portal_page(charset: str = "utf-8", body_extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>浙西门户衢州，超常规抓科创_衢州新闻网</title>
<meta name="description" content="衢州将按照省委的要求">
<script>var x = "不要这段脚本";</script><style>.a{{color:red}}</style>
</head><body>
<div id="header"><ul class="nav">{NAV}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/n">新闻中心</a></div>
<div class="main">
  <h1>浙西门户衢州，超常规抓科创</h1>
  <div class="info">发布时间：2026-01-26 18:41:38 &nbsp; 来源：中国新闻网 &nbsp; 作者：张斌</div>
  <div class="TRS_Editor">
    <p>{P1}</p>
    <p>{P2}<br>第二行&nbsp;文字&amp;符号。</p>
    <p style="display:none">隐藏的段落不应出现。</p>
    <h2>聚焦四港联动</h2>
    <p>{P3}</p>
  </div>
  <div class="related"><h3>相关新闻</h3><ul>{RELATED}</ul></div>
</div>
<div class="footer">主办单位：衢州市人民政府办公室 浙ICP备05012345号</div>
{body_extra}
</body></html>"""


def test_main_content_and_structure():
    text, meta = html_to_text(portal_page().encode("utf-8"))
    for p in (P1, P2, P3, "聚焦四港联动", "第二行 文字&符号。"):
        assert p in text
    for junk in ("不要这段脚本", "color:red", "栏目3", "相关新闻标题", "隐藏的段落", "主办单位", "ICP", "当前位置"):
        assert junk not in text, junk
    # paragraphs are separated by a blank line, <br> is a line break
    assert f"{P1}\n\n{P2}\n第二行" in text
    assert meta["title"] == "浙西门户衢州，超常规抓科创"
    assert meta["date"] == "2026-01-26T18:41:38"
    assert meta["source"] == "中国新闻网"
    assert meta["authors"] == ["张斌"]


def test_declared_gbk_is_respected():
    page = portal_page("gb2312").encode("gb18030")
    assert declared_charset(page) == "gb2312"
    text, meta = html_to_text(page)
    assert P1 in text
    assert meta["encoding_method"] == "declared"


def test_undeclared_gbk_is_detected():
    page = portal_page("x").replace('; charset=x"', '"').encode("gb18030")
    assert declared_charset(page) is None
    text, _meta = html_to_text(page)
    assert P2 in text


def test_wrong_declared_charset_falls_back_to_detection():
    page = portal_page("utf-8").encode("gb18030")
    text, _ = html_to_text(page)
    assert P3 in text


def test_form_wrapper_is_not_dropped():
    # ASP.NET pages put the whole page inside one <form>
    page = f'<html><body><form id="Form1"><input type="hidden" value="x"><div class="post"><p>{P1}</p><p>{P2}</p></div></form></body></html>'
    text, _ = html_to_text(page)
    assert P1 in text and P2 in text


def test_comments_section_is_left_out():
    comments = "".join(f'<div class="reply">网友{i}：说得好，支持一下，写得很有道理，谢谢分享！</div>' for i in range(30))
    page = f'<html><body><div class="post"><h2>标题</h2><p>{P1}</p><p>{P2}</p></div><div id="comments">{comments}</div></body></html>'
    text, _ = html_to_text(page)
    assert P1 in text and "网友3" not in text


def test_table_layout_with_br_paragraphs():
    body = "<br><br>".join([P1, P2, P3])
    links = "".join(f'<a href="/x{i}">链接{i}</a><br>' for i in range(20))
    page = f'<html><body><table><tr><td class="left">{links}</td><td class="zw">{body}</td></tr></table></body></html>'
    text, _ = html_to_text(page)
    assert f"{P1}\n\n{P2}" in text.replace("\n\n\n", "\n\n") or (P1 in text and P2 in text)
    assert "链接5" not in text


def test_page_without_article_keeps_everything():
    page = "<html><body><div>短文本</div><div>另一段</div></body></html>"
    text, _ = html_to_text(page)
    assert "短文本" in text and "另一段" in text


@pytest.mark.parametrize("page", ["", "<html></html>", "<html><body></body></html>", "<p>", "<<<>>>", "<div>" * 500])
def test_degenerate_pages(page):
    text, meta = html_to_text(page)
    assert isinstance(text, str) and isinstance(meta, dict)


@given(st.lists(st.one_of(clean_paragraph(), st.sampled_from(["<p>", "</p>", "<br>", "<div class='nav'>", "</div>", "<a href=x>", "</a>", "&nbsp;", "&amp;", "<script>", "</script>"])), max_size=30))
def test_total_on_random_markup(parts):
    text, meta = html_to_text("<html><body>" + "".join(parts) + "</body></html>")
    assert isinstance(text, str)


@given(hostile_text)
def test_total_on_hostile_text(text):
    out, meta = html_to_text("<html><body><p>" + text + "</p></body></html>")
    assert isinstance(out, str) and isinstance(meta, dict)


@given(st.binary(max_size=400))
def test_total_on_random_bytes(data):
    try:
        html_to_text(b"<html><body>" + data)
    except Exception as exc:  # only a decode error is acceptable for bytes that are not text
        from cleanpolicy.errors import DecodeError

        assert isinstance(exc, DecodeError)


def test_pipeline_html_input_and_boilerplate():
    res = clean_and_explain(portal_page().encode("utf-8"), Policy(to="keep"), input_format="html")
    assert P1 in res.text
    assert res.metadata["date"] == "2026-01-26T18:41:38"


def test_auto_detection():
    assert looks_like_html(portal_page())
    text, _ = to_text(portal_page().encode("utf-8"))
    assert P1 in text and "<p>" not in text
