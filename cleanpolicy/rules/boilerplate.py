"""BPL: portal boilerplate — breadcrumbs, date/source lines, widgets, QR boxes, captions, credits, footers.

Portal templates (TRS WCM, 大汉版通, the article pages of 新华网, 中新网, 人民网 …) wrap every article in
the same furniture, and scrapers keep it as lines of their own: a breadcrumb, a ``发布日期：… 来源：…``
line, a bare timestamp, font-size and print widgets, a QR box, a photo caption ending in ``XXX 摄``,
``（完）``, credit lines and a footer with ICP numbers and CMS credits.  Each rule here recognises one
kind **as a whole line** (or, for end marks, as a mark at the end of a line), so prose that merely
mentions 来源 or 二维码 is never touched.  Patterns are data (``cleanpolicy/data/boilerplate/*.toml``),
matched against :func:`cleanpolicy.chars.fold_simplified` of the line so one simplified pattern serves
both scripts, while the edit deletes the original characters.  Every edit is a deletion; what the
line said (date, source, authors, reporters, photographers, editors, title) rides on the edit as
``meta``.  A deleted line takes the blank lines after it along, so paragraph spacing stays even.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from .. import recache
from .._core import Edit
from ..chars import class_body
from ..registry import Rule

__all__ = [
    "portal_breadcrumb",
    "meta_description_copy",
    "repeated_title",
    "date_source_line",
    "credit_line",
    "page_widget",
    "qr_box",
    "photo_caption",
    "end_mark",
    "disclaimer",
    "portal_footer",
    "wire_dateline",
    "parse_date",
    "line_metadata",
    "patterns",
]

OPTIONS: dict[str, Any] = {
    #: the longest line (in characters) a whole-line rule looks at; longer lines are prose
    "max_line": 300,
    #: BPL008: "credit" deletes the photo credit only, "line" the whole caption line
    "caption": "credit",
}

#: sentence-final punctuation (full-width and ASCII)
_FINAL = "。！？!?"
_HAN = "\u4e00-\u9fff"
_NAME = f"[{_HAN}·]{{2,4}}"


# -- data ------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _load_toml(name: str) -> dict[str, Any]:
    """One data file (the line-start scan needs only the labels of byline.toml)."""
    from importlib.resources import files

    from .._compat import tomllib

    data = (files("cleanpolicy.data") / "boilerplate" / name).read_text(encoding="utf-8")
    return tomllib.loads(data)


DATA_FILES = (
    "breadcrumb.toml",
    "byline.toml",
    "credit.toml",
    "widgets.toml",
    "qrbox.toml",
    "caption.toml",
    "trailing.toml",
    "disclaimer.toml",
    "footer.toml",
)


class Pattern(NamedTuple):
    id: str
    rule: str
    regex: re.Pattern[str] | None
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    meta: str
    file: str


@functools.lru_cache(maxsize=1)
def _data() -> dict[str, dict[str, Any]]:
    return {name: _load_toml(name) for name in DATA_FILES}


def _specs() -> Iterator[tuple[str, dict[str, Any]]]:
    """``(data file, [[pattern]] table)`` of every pattern, in the order of the data files (uncompiled)."""
    return ((name, p) for name, data in _data().items() for p in data.get("pattern", ()))


def _pattern(spec: dict[str, Any], name: str) -> Pattern:
    return Pattern(
        spec["id"],
        spec["rule"],
        recache.compile(spec["regex"]) if spec.get("regex") else None,
        tuple(spec.get("examples", ())),
        tuple(spec.get("counterexamples", ())),
        spec.get("meta", ""),
        name,
    )


@functools.lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    """Every ``[[pattern]]`` of the data files, compiled.  The rules do not call it: each compiles only
    its own patterns, when it first needs them (:func:`_rule_patterns`, :func:`_rx`)."""
    return tuple(_pattern(p, name) for name, p in _specs())


@functools.lru_cache(maxsize=None)
def _rule_patterns(code: str) -> tuple[Pattern, ...]:
    """The patterns of rule ``code`` that have a regex, in the order of the data files."""
    return tuple(_pattern(p, name) for name, p in _specs() if p["rule"] == code and p.get("regex"))


@functools.lru_cache(maxsize=None)
def _rule_res(code: str) -> tuple[re.Pattern[str], ...]:
    return tuple(p.regex for p in _rule_patterns(code))  # type: ignore[misc]


@functools.lru_cache(maxsize=None)
def _rx(pattern_id: str) -> re.Pattern[str]:
    """The regex of the pattern ``pattern_id``."""
    return recache.compile(next(p["regex"] for _name, p in _specs() if p["id"] == pattern_id))


def _fold(text: str) -> str:
    """:func:`cleanpolicy.chars.fold_simplified` of ``text`` (same result, faster on mostly simplified text)."""
    if text.isascii():
        return text
    try:
        free = _fold_free()
    except Exception:  # noqa: BLE001 - the table is private to chars: fall back to the public function
        from ..chars import fold_simplified

        return fold_simplified(text)
    if len(text) < 4096:
        q = free.match(text).end()
        if q == len(text):
            return text
        rx, table = _fold_runs()
        m = rx.match(text, q)
        if rx.search(text, m.end(), m.end() + 16) is not None:
            # dense (a traditional line): one translate beats a callback per run
            return text.translate(table)
    else:
        if not _has_fold_chars(text):
            return text
        rx, table = _fold_runs()
    # translate only the runs of characters the fold changes (str.translate on the whole text is slow)
    return rx.sub(lambda m: m.group().translate(table), text)


def _fold_changes(text: str) -> bool:
    """Whether the fold may change ``text`` (True when unsure)."""
    try:
        return _fold_free().match(text).end() < len(text)
    except Exception:  # noqa: BLE001 - see _fold
        return True


@functools.lru_cache(maxsize=1)
def _fold_map() -> dict[int, str]:
    """:func:`cleanpolicy.chars.fold_table` (LookupError when it is empty)."""
    from ..chars import fold_table

    table = fold_table()
    if not table:
        raise LookupError("empty fold table")
    return table


@functools.lru_cache(maxsize=1)
def _fold_class() -> str:
    """The inside of a character class of the characters the fold changes."""
    return class_body(map(chr, _fold_map()))


@functools.lru_cache(maxsize=1)
def _fold_runs() -> tuple[re.Pattern[str], dict[int, str]]:
    """The runs of characters the fold changes, and the fold (compiled when a text has such a run)."""
    return recache.compile(f"[{_fold_class()}]+"), _fold_map()


@functools.lru_cache(maxsize=1)
def _fold_free() -> re.Pattern[str]:
    """The run of characters the fold leaves alone from a place: one match runs over it, where a search
    for the first character the fold changes would try every place in turn (twice as slow)."""
    return recache.compile("[^" + _fold_class() + "]*")


class _FoldChar(Exception):
    pass


_PROBE = "cleanpolicy.boilerplate.fold-probe"


@functools.lru_cache(maxsize=1)
def _gb_fold_chars() -> str:
    """The characters the fold changes that GB 2312 can encode (a handful: 於 乾 後 …); registers the probe."""
    import codecs

    table = _fold_map()

    def probe(exc: UnicodeError) -> tuple[str, int]:
        if isinstance(exc, UnicodeEncodeError):
            for c in exc.object[exc.start : exc.end]:
                if ord(c) in table:
                    raise _FoldChar
            return "", exc.end
        raise exc

    codecs.register_error(_PROBE, probe)
    return "".join(c for c in map(chr, sorted(table)) if c.encode("gb2312", "ignore"))


def _has_fold_chars(text: str) -> bool:
    """Whether the fold changes ``text``: GB 2312 encodes simplified text fast, and the characters it
    cannot encode (few in simplified text) are looked up one by one."""
    gb = _gb_fold_chars()
    if any(c in text for c in gb):
        return True
    step = 1 << 20  # encode in slices: the bytes of a huge text are never all in memory
    try:
        for i in range(0, len(text), step):
            text[i : i + step].encode("gb2312", _PROBE)
    except _FoldChar:
        return True
    return False


# -- the fold, backwards -----------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _inverse_fold() -> dict[str, tuple[str, ...]]:
    table = _fold_map()
    inv: dict[str, list[str]] = {}
    for k, v in table.items():
        inv.setdefault(v, []).append(chr(k))
    return {v: tuple(sorted(ks)) for v, ks in inv.items()}


@functools.lru_cache(maxsize=4096)
def _preimage(c: str) -> tuple[str, ...]:
    """Every character whose fold is ``c`` (``c`` itself unless the fold changes it)."""
    own = () if ord(c) in _fold_map() else (c,)
    return own + _inverse_fold().get(c, ())


def _raw_class(chars: str) -> str:
    """A regex class matching, in the raw text, the characters whose fold is one of ``chars``."""
    out = "".join(re.escape(x) for c in chars for x in _preimage(c))
    return f"[{out}]" if out else "(?!)"


def _raw_word(word: str) -> str:
    """A regex matching, in the raw text, the spans whose fold is ``word``."""
    parts = []
    for c in word:
        pre = _preimage(c)
        parts.append(re.escape(c) if pre == (c,) else _raw_class(c))
    return "".join(parts)


def _raw_words(words: Iterable[str]) -> str:
    return "|".join(_raw_word(w) for w in words)


def _variants(word: str) -> list[str]:
    """Every raw string whose fold is ``word``."""
    return ["".join(p) for p in itertools.product(*(_preimage(c) for c in word))]


@functools.lru_cache(maxsize=None)
def _gate_words(triggers: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v for t in triggers for v in _variants(t))


def _gate(text: str, triggers: tuple[str, ...]) -> bool:
    """``any(t in fold(text) for t in triggers)`` without folding the text."""
    return any(v in text for v in _gate_words(triggers))


# -- one document, shared by the rules -------------------------------------------------------------
class _Doc:
    """The lines of one text and the candidate lines of each rule, computed once for all the rules.

    The pipeline hands the same ``str`` object to every rule until one of them edits it, so the
    last document is kept and recognised by identity.  The whole text is never folded unless a
    rule asks for it: candidates are found with patterns that match the raw characters whose fold
    is the trigger, and only candidate lines are folded.
    """

    __slots__ = ("text", "_fold", "_rlines", "_lines", "_starts", "_cands", "_base", "plain")

    def __init__(self, text: str, base: "tuple[_Doc, tuple[Edit, ...]] | None" = None) -> None:
        self.text = text
        #: the document and edits this text may be the result of (see :meth:`_carry`)
        self._base = base
        self._fold: str | None = None
        self._rlines: list[str] | None = None
        self._lines: list[Line] | None = None
        self._starts: list[int] | None = None
        self._cands: dict[str, list[Line]] | None = None
        #: True when a scan of the whole text met no character the fold changes (the fold is the text)
        self.plain = False

    @property
    def fold(self) -> str:
        if self._fold is None:
            self._fold = _fold(self.text)
        return self._fold

    @property
    def rlines(self) -> list[str]:
        """The raw lines (not stripped, not folded)."""
        if self._rlines is None:
            self._rlines = self.text.split("\n")
        return self._rlines

    @property
    def lines(self) -> list[Line]:
        """Every line, as :func:`_lines` makes them (for :func:`_delete_lines`)."""
        if self._lines is None:
            self._lines = _lines(self.text, self.fold)
        return self._lines

    def start(self, i: int) -> int:
        """Offset of the first character of line ``i``."""
        if self._starts is None:
            # prefix sums of the line lengths; line i starts after i newlines
            self._starts = list(itertools.accumulate(map(len, self.rlines), initial=0))
        return self._starts[i] + i

    def line(self, i: int) -> Line:
        a = self.start(i)
        raw = self.rlines[i]
        return Line(i, a, a + len(raw), raw, _fold(raw).strip(_STRIP))

    def candidates(self, key: str) -> list[Line]:
        """The lines that rule ``key`` of :data:`_CAND_WORDS` or :func:`_start_res` must look at
        (a superset of its hits), in order."""
        if self._cands is None:
            base = self._base
            self._base = None
            if base is None or not self._carry(*base):
                self._cands = {}
                self._scan(self._cands, 0, len(self.text), 0)
        return self._cands.get(key, [])  # type: ignore[union-attr]

    def _scan(self, out: dict[str, list[Line]], lo: int, hi: int, line_no: int) -> None:
        """The candidate lines among the lines from ``lo`` (a line start, of line ``line_no``) to ``hi``
        (a line end), added to ``out`` in order: the lines where the union of :func:`_rare_res` matches,
        and those after whose line break the union of :func:`_start_res` matches."""
        text = self.text
        state = [line_no, lo]  # line number, offset its newlines are counted up to

        def add(a: int, b: int, keys: Iterable[str]) -> None:
            state[0] += text.count("\n", state[1], a)
            state[1] = a
            raw = text[a:b]
            ln = Line(state[0], a, b, raw, _fold(raw).strip(_STRIP))
            for key in keys:
                out.setdefault(key, []).append(ln)

        # one pass over the text stops at every place where a branch of the rare union matches (each
        # branch is one character and lookarounds) and at every line break after which the union of the
        # line-start patterns matches (:func:`_scan_skip`).  At a rare place, the keys with a branch
        # starting with that character are tried there; a line's rare keys are those matching at any of
        # its places: what ``search`` of each key's pattern in the line finds.  After a line break, the
        # line-start keys are tried at the start of the line.
        dispatch = _rare_dispatch()
        union = _start_union()
        # a scan of the whole text also stops at the first character the fold changes, if any
        whole = lo == 0 and hi == len(text)
        try:
            table = _fold_map() if whole else {}
        except Exception:  # noqa: BLE001 - see _fold
            table, whole = {}, False
        skip = _scan_skip(whole).match
        plain = whole

        def stop(pos: int, end: int) -> int:
            nonlocal skip, plain
            p = skip(text, pos, end).start(1)
            if plain and p >= 0 and ord(text[p]) in table:
                plain = False
                skip = _scan_skip(False).match
                p = skip(text, p, end).start(1)
            return p

        if lo == 0:
            # line 0 has no newline before it
            b = text.find("\n", 0, hi)
            b = hi if b < 0 else b
            if union.match("\n" + text[:b]):  # the union as if a line break came first
                keys = [key for key, rx in _start_keys() if rx.match(text, 0, b)]
                if keys:
                    add(0, b, keys)
            p = stop(0, hi)
        else:
            p = stop(lo - 1, hi)  # from the line break before line ``lo``
        while p >= 0:
            if text[p] == "\n":
                a = p + 1
                b = text.find("\n", a, hi)
                b = hi if b < 0 else b
                keys = [key for key, rx in _start_keys() if rx.match(text, a, b)]
                if keys:
                    add(a, b, keys)
                p = stop(a, hi)
                continue
            a = text.rfind("\n", lo, p) + 1 or lo
            b = text.find("\n", p, hi)
            b = hi if b < 0 else b
            keys = []
            while p >= 0:
                for key in dispatch.get(text[p], ()):
                    if key not in keys and _rare_re(key).match(text, p, b):
                        keys.append(key)
                p = stop(p + 1, b)
            if keys:
                add(a, b, [k for k in _RARE_KEYS if k in keys])
            p = stop(b, hi)  # from the line break that ends the line
        self.plain = plain

    def _carry(self, old: "_Doc", edits: tuple[Edit, ...]) -> bool:
        """Take the candidates of ``old`` when this text is ``old`` with ``edits`` applied: the lines no
        edit touched are moved, and only the lines an edit changed are scanned again.  False (nothing
        taken) when the text is not that."""
        if old._cands is None:
            return False
        es = sorted((e for e in edits if e.old != e.new), key=lambda e: (e.start, e.end))
        otext = old.text
        text = self.text
        parts = []
        pos = 0
        for e in es:
            if e.start < pos or e.end > len(otext):
                return False
            parts.append(otext[pos : e.start])
            parts.append(e.new)
            pos = e.end
        parts.append(otext[pos:])
        if not es or sum(map(len, parts)) != len(text) or "".join(parts) != text:
            return False
        n = len(text)
        # per edit: its span, whether it deletes whole lines (what is left around it are the old lines,
        # as they were), and the shift of offsets and of line numbers after it
        info: list[tuple[int, int, bool, int, int]] = []
        regions: list[list[int]] = []  # the lines an edit changed, in the new text
        shift = nls = 0
        prev_end, prev_whole = -1, True
        for e in es:
            # (the line break before it must be kept: not taken by an edit that ends where it starts,
            # unless that one deletes whole lines too)
            whole = (
                not e.new
                and (e.start == 0 or otext[e.start - 1] == "\n")
                and (e.end == len(otext) or otext[e.end - 1] == "\n")
                and (prev_end != e.start or prev_whole)
            )
            prev_end, prev_whole = e.end, whole
            s2 = e.start + shift
            shift += len(e.new) - (e.end - e.start)
            nls += e.new.count("\n") - otext.count("\n", e.start, e.end)
            info.append((e.start, e.end, whole, shift, nls))
            if whole:
                continue
            lo = text.rfind("\n", 0, s2) + 1
            hi = text.find("\n", s2 + len(e.new))
            hi = n if hi < 0 else hi
            if regions and lo <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], hi)
            else:
                regions.append([lo, hi])
        cands: dict[str, list[Line]] = {}
        for key, lines in old._cands.items():
            moved = []
            for ln in lines:
                a, b = ln.start, ln.end
                sh = dl = 0
                keep = True
                for s, e, whole, sh_e, dl_e in info:
                    if e < a or (whole and e == a):
                        sh, dl = sh_e, dl_e  # before the line
                    else:
                        # after the line and its newline; else the edit touches the line: what is left
                        # of it is scanned again (a whole-line deletion either takes it or is after it)
                        keep = s > b
                        break
                if keep:
                    moved.append(ln if not sh and not dl else Line(ln.index + dl, a + sh, b + sh, ln.raw, ln.fold))
            if moved:
                cands[key] = moved
        if regions:
            fresh: dict[str, list[Line]] = {}
            line_no, counted = 0, 0
            for lo, hi in regions:
                line_no += text.count("\n", counted, lo)
                counted = lo
                self._scan(fresh, lo, hi, line_no)
            for key, lines in fresh.items():
                cands[key] = sorted(cands.get(key, []) + lines, key=lambda ln: ln.start)
        self._cands = cands
        # the fold leaves this text alone when it left the old one alone and what the edits put in
        self.plain = old.plain and not any(e.new and _fold_changes(e.new) for e in es)
        return True


_LAST: list[_Doc | None] = [None]
#: the document a rule last edited and its edits: the next text is most often their result
_EDITED: list[tuple[_Doc, tuple[Edit, ...]] | None] = [None]


def _doc(text: str) -> _Doc:
    d = _LAST[0]
    if d is not None and d.text is text:
        return d
    d = _Doc(text, _EDITED[0])
    _EDITED[0] = None
    _LAST[0] = d
    return d


def _shares_doc(func):
    """Remember the edits of a rule on the shared document, so that the document of the text they
    make takes its candidates over (:meth:`_Doc._carry`) instead of scanning again."""

    @functools.wraps(func)
    def rule(text: str, policy) -> list[Edit]:
        edits = func(text, policy)
        if edits:
            d = _LAST[0]
            if d is not None and d.text is text and any(e.old != e.new for e in edits):
                _EDITED[0] = (d, tuple(edits))
        return edits

    return rule


#: whitespace other than the line break (a candidate pattern never crosses a line)
_WS = r"[^\S\n]"


#: the words (folded) that a hit line of each rule must hold; the lines holding none are never
#: looked at.  ``close`` (BPL009) is a closing bracket at the end of a line.
_CAND_WORDS: dict[str, tuple[str, ...]] = {
    # BPL001: position-label holds 位置 / 当前页面, home-trail 首页 …, section-trail a > separator
    "bread": ("位置", "当前页面", "首页", "主页", "HOME", "Home", ">", "＞", "»", "›"),
    # BPL007: a scan-qr line holds 扫 or 长按, a qr-label line one of the labels
    "qr": ("扫", "长按", "二维码", "手机版", "移动版", "微信公众号", "官方微信", "官方微博", "手机阅读", "掌上阅读"),
    # BPL008: every caption.toml pattern ends in 摄 / 供图 or holds 图片 / 图源 / 配图 / 题图
    "caption": ("摄", "供图", "图片", "图源", "配图", "题图"),
    # BPL010: every disclaimer.toml pattern holds one of these
    "disclaimer": ("声明", "凡本网注明", "凡注明", "本网注明", "本文系转载", "本文转载自", "本文来源于网络", "文章来源于网络", "图片来源于网络"),
    # BPL011: the footer.toml patterns not anchored at the start of the line hold one of these
    "footer": (
        "ICP", "公网安备", "网站标识码", "版权", "©", "opyright", "OPYRIGHT", "Rights", "未经", "Produced", "Powered",
        "大汉版通", "TRS", "浏览器", "分辨率", "最佳浏览",
    ),
    # BPL012: a dateline ends in 日电 / 日讯 / 日消息
    "dateline": ("日电", "日讯", "日消息"),
}
#: the stripped characters (the fold leaves them alone)
_STRIP_CLASS = "[ \t\r\u3000\u00a0\ufeff]"
#: the most frequent characters of Chinese prose, most frequent first: a trigger word is scanned for
#: by its rarest character (one not listed here, if it has one)
_COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
    "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
    "开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命"
    "此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求"
    "老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光"
    "门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速"
    "花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需"
    "段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感"
    "劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂"
    "京识适属圆包火住调满县局照参红细引听该铁价严"
)


#: the rank of each character of :data:`_COMMON`
_RANK = {c: i for i, c in enumerate(_COMMON)}


def _rarest(word: str) -> int:
    """The index of the rarest character of ``word`` (the first of the rarest)."""
    return max(range(len(word)), key=lambda i: _RANK.get(word[i], len(_COMMON)))


def _rare_looks(word: str) -> list[tuple[str, str]]:
    """Where ``word`` is in the raw text: pairs of one character (its rarest character or a variant of
    it) and the look-arounds that hold right after that character when the word is there."""
    k = _rarest(word)
    behind = _raw_word(word[:k])
    ahead = _raw_word(word[k + 1 :])
    out = []
    for v in _preimage(word[k]):
        lit = re.escape(v)
        out.append((v, (f"(?<={behind}{lit})" if behind else "") + (f"(?={ahead})" if ahead else "")))
    return out


def _rare_branches(word: str) -> list[str]:
    """Branches matching ``word`` in the raw text, each starting with one literal (its rarest character
    or a variant of it) so that the scan can skip ahead on that character alone."""
    return [re.escape(v) + look for v, look in _rare_looks(word)]


#: after a closing bracket that ends its line (BPL009)
_CLOSE_LOOK = f"(?={_STRIP_CLASS}*(?:\n|\\Z))"


@functools.lru_cache(maxsize=None)
def _rare_re(key: str) -> re.Pattern[str]:
    """The pattern of rare key ``key``: where a line may hold a hit of its rule (compiled when a scan
    first stops at a character one of its branches starts with)."""
    if key == "close":
        return recache.compile("[）)】\\]]" + _STRIP_CLASS + "*(?:\n|\\Z)")
    return recache.compile("|".join(b for w in _CAND_WORDS[key] for b in _rare_branches(w)))


@functools.lru_cache(maxsize=1)
def _rare_res() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """The union of the rare keys' branches (which :func:`_scan_skip` stops at; for the tests) and each
    key with its pattern."""
    branches = [b for ws in _CAND_WORDS.values() for w in ws for b in _rare_branches(w)]
    branches += [re.escape(c) + _CLOSE_LOOK for c in "）)】]"]
    return recache.compile("|".join(branches)), tuple((k, _rare_re(k)) for k in _RARE_KEYS)


@functools.lru_cache(maxsize=1)
def _rare_dispatch() -> dict[str, tuple[str, ...]]:
    """For each character a branch of :func:`_rare_res` may start with, the keys (in the order of
    :data:`_RARE_KEYS`) with a branch starting with it."""
    firsts: dict[str, list[str]] = {}
    for key in _RARE_KEYS:
        if key == "close":
            chars = "）)】]"
        else:
            chars = "".join(v for w in _CAND_WORDS[key] for v in _preimage(w[_rarest(w)]))
        for c in dict.fromkeys(chars):
            firsts.setdefault(c, []).append(key)
    return {c: tuple(v) for c, v in firsts.items()}


_RARE_KEYS = (*_CAND_WORDS, "close")


@functools.lru_cache(maxsize=2)
def _scan_skip(folds: bool) -> re.Pattern[str]:
    """A regex that, matched at a place, runs up to where the union of :func:`_rare_res` or the union of
    :func:`_start_res` (a line break) would first match (``search``); group 1 is the character there (no
    group at the end).

    The rare union's branches are single characters with look-arounds: most of those characters (源,
    日, ）…) are common in prose, and a search stops at each to try its branches.  Here one match runs
    over everything that is no hit: the characters no branch starts with in possessive runs, and each
    character whose look-arounds all fail (a line break after which the line-start union fails) by its
    own alternative (``日(?!(?=电)|…)``).  Where that run stops, some branch holds.  Every alternative
    consumes a character no other one can, so greedy runs (Python 3.10) stop at the same place
    without ever backtracking.  With ``folds``, it stops at every character the fold changes as well
    (the scan stops there once, to learn that the fold of the text is not the text)."""
    looks: dict[str, list[str]] = {}
    for w in (w for ws in _CAND_WORDS.values() for w in ws):
        for v, look in _rare_looks(w):
            looks.setdefault(v, []).append(look)
    for c in "）)】]":
        looks.setdefault(c, []).append(_CLOSE_LOOK)
    # the line-start union is a line break followed by the rest of its pattern
    start = _start_sources()[0]
    looks["\n"] = [start[1:]]
    if folds:
        for c in map(chr, _fold_map()):
            looks.setdefault(c, []).append("")
    # the commonest stops first (line breaks, then the characters of :data:`_COMMON`)
    rank = {c: i for i, c in enumerate("\n" + _COMMON)}
    order = sorted((c for c in looks if "" not in looks[c]), key=lambda c: rank.get(c, len(rank)))
    from ..chars import skipping_regex

    return skipping_regex(looks, [re.escape(c) + "(?!" + "|".join(looks[c]) + ")" for c in order])


#: the labels of the widget tokens of widgets.toml (a widget token is one of these, with brackets,
#: spaces and separators around it); 大 中 小 count only before a closing bracket
_WIDGET_WORDS = (
    "字体", "字号", "文字", "打印", "关闭", "收藏", "加入收藏", "返回", "回到顶部", "我要纠错", "纠错", "保存", "挑错", "推荐",
    "转发", "复制链接", "复制网址", "下载", "放大", "缩小", "默认", "手机看", "视力保护色", "朗读", "我要评论", "评论", "分享",
    "上一篇", "下一篇", "上一条", "下一条",
)
#: what a widget line may hold before its first label: separators of _SEP_ONLY_RE, brackets, spaces
_WIDGET_SKIP = _WS + "|[|丨｜/\\\\·•,，、:：;；\\-—_*【】\\[\\]（）()<>\ufeff]"
#: the footer.toml patterns anchored at the start of the line (organiser, organiser-line, site-links)
_FOOTER_START = (
    "主办单位", "承办单位", "主办", "承办", "协办", "运维单位", "维护单位", "技术支持", "技术维护", "联系电话", "联系地址",
    "地址", "邮编", "电话", "传真", "E-mail", "Email", "邮箱", "网站主办", "网站承办", "关于我们", "网站地图", "联系我们",
    "网站声明", "隐私政策", "使用帮助", "网站导航", "意见建议", "无障碍", "适老化", "长者模式",
)


#: the characters of :data:`_WS`: whitespace (``str.isspace``, as ``\s`` in a pattern) other than the line break
_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _skip_class() -> str:
    """:data:`_WIDGET_SKIP` as one character class."""
    return "[" + re.escape(_SPACES) + "|丨｜/\\\\·•,，、:：;；\\-—_*【】\\[\\]（）()<>\ufeff]"


def _start_res() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Line-start patterns, compiled: :func:`_start_union` and :func:`_start_keys`."""
    return _start_union(), _start_keys()


@functools.lru_cache(maxsize=1)
def _start_union() -> re.Pattern[str]:
    return recache.compile(_start_sources()[0])


@functools.lru_cache(maxsize=1)
def _start_keys() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each line-start key with its pattern (compiled when a line first passes the union)."""
    return tuple((key, recache.compile(src)) for key, src in _start_sources()[1])


@functools.lru_cache(maxsize=1)
def _start_sources() -> tuple[str, tuple[tuple[str, str], ...]]:
    """Line-start patterns: ``union`` (after a newline) and, per rule, the start of a line it may hit.

    * ``byline`` (BPL004): once spaces, ``|丨｜/·•`` and the brackets of widget tokens are skipped, a
      date/source line starts with a digit (a date), a label, or a widget label (:func:`line_metadata`).
    * ``widget`` (BPL006): once separators are skipped, a widget line starts with a widget label.
    * ``footer_start`` (BPL011): an organiser line or a row of site links starts with its word.
    """
    # the patterns only tell whether a line may be a hit: the words are grouped by their first
    # character, so the engine tries one branch per character, and what is skipped before them is one
    # character class (a repeated class is much faster than a repeated group)
    widget_alt = _trie(_WIDGET_WORDS) + "|" + _raw_class("大中小") + _WS + "*[】\\]]"
    bskip = "[" + re.escape(_SPACES) + "|丨｜/·•\ufeff【\\[（(]"
    byline = f"{bskip}*(?:\\d|{_trie(_labels())}|{widget_alt})"
    widget = f"{_skip_class()}*(?:{widget_alt})"
    footer = f"{_STRIP_CLASS}*(?:{_trie(_FOOTER_START)})"
    words = list(_labels()) + list(_WIDGET_WORDS) + list(_FOOTER_START)
    firsts = _raw_class("".join(sorted({w[0] for w in words} | set("大中小"))))
    # the lookahead on the first character fails fast on most lines before the alternatives are tried
    union = f"\n{_skip_class()}*(?=\\d|{firsts})(?:\\d|{_trie(words)}|{widget_alt})"
    return union, (("byline", byline), ("widget", widget), ("footer_start", footer))


def _trie(words: Iterable[str]) -> str:
    """A regex matching, in the raw text, where one of ``words`` (folded) starts, with one branch per
    first character (it tells where some word matches, not which)."""
    groups: dict[str, set[str]] = {}
    for w in words:
        groups.setdefault(w[0], set()).add(w[1:])
    out = []
    for c, rests in groups.items():
        head = re.escape(c) if _preimage(c) == (c,) else _raw_class(c)
        body = "|".join(_raw_word(r) for r in sorted(rests, key=lambda r: (-len(r), r)))
        out.append(f"{head}(?:{body})" if body else head)
    return "|".join(out)


# -- lines -----------------------------------------------------------------------------------------
class Line(NamedTuple):
    index: int
    start: int  # offset of the first character
    end: int  # offset of the "\n" (or len(text))
    raw: str  # the line without "\n"
    fold: str  # folded and stripped (whitespace, U+3000, U+00A0 and a trailing \r)


_STRIP = " \t\r\u3000\u00a0\ufeff"


def _lines(text: str, fold: str) -> list[Line]:
    out = []
    pos = 0
    n = len(text)
    i = 0
    while pos <= n:
        nl = text.find("\n", pos)
        if nl == -1:
            nl = n
        out.append(Line(i, pos, nl, text[pos:nl], fold[pos:nl].strip(_STRIP)))
        i += 1
        pos = nl + 1
    return out


def _nonblank(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if ln.fold]


def _take_blank_before_end(text: str, edits: list[Edit]) -> list[Edit]:
    """The blank lines before a chain of deletions that reaches the end of ``text`` go too."""
    n = len(text)
    if edits and edits[-1].end == n:
        # a chain of deletions reaching the end: the blank lines before the chain go too
        k = len(edits) - 1
        while k > 0 and edits[k - 1].end == edits[k].start:
            k -= 1
        head = edits[k]
        floor = edits[k - 1].end if k > 0 else 0
        back = head.start
        while back > floor and text[back - 1] in "\n \t\r\u3000\u00a0":
            back -= 1
        if back > 0 and text[back - 1] != "\n":
            # keep the newline that ends the last kept line
            nl = text.find("\n", back)
            back = nl + 1 if 0 <= nl < head.start else head.start
        if back < head.start:
            edits[k] = Edit(back, head.end, text[back : head.end], "", head.reason, head.meta)
    return edits


#: the characters of blank lines, and the line breaks between them
_BLANK = "\n" + _STRIP
_NONBLANK_RE = recache.compile(f"[^{re.escape(_BLANK)}]")


def _delete_doc_lines(d: _Doc, hits: Iterable[tuple[list[int], str, tuple]]) -> list[Edit]:
    """Edits deleting groups of lines of ``d`` (each group: line indexes, reason, meta).

    A group is deleted from its first line's start up to the next non-blank line that is kept, so the
    blank lines after it go too; a group at the very end is deleted from the end of the last kept line
    instead.  Groups are merged into the edits in order and never overlap.  The blank lines around a
    group are skipped in the text (a line is blank when it holds only stripped characters), without
    making line objects."""
    text = d.text
    rlines = d.rlines
    groups = sorted(((sorted(idx), reason, meta) for idx, reason, meta in hits), key=lambda g: g[0][0])
    edits: list[Edit] = []
    prev_end = 0
    n = len(text)
    for idx, reason, meta in groups:
        first, last = idx[0], idx[-1]
        start = d.start(first)
        if start < prev_end:
            continue
        # the start of the next non-blank line after the group
        m = _NONBLANK_RE.search(text, d.start(last) + len(rlines[last]))
        if m is not None:
            end = text.rfind("\n", 0, m.start()) + 1
        else:
            end = n
            # nothing kept after the group: take the blank lines before it instead (from the end of
            # the last non-blank line before it)
            k = start - 1
            while k >= 0 and text[k] in _BLANK:
                k -= 1
            back = text.find("\n", k) + 1 if k >= 0 else 0
            start = max(prev_end, min(start, back))
        if end <= start:
            continue
        edits.append(Edit(start, end, text[start:end], "", reason, meta))
        prev_end = end
    return _take_blank_before_end(text, edits)


def _max_line(policy) -> int:
    try:
        return int(policy.option("boilerplate", "max_line"))
    except Exception:  # noqa: BLE001 - a rule never raises
        return OPTIONS["max_line"]


def _has_final(s: str) -> bool:
    return any(c in s for c in _FINAL)


# -- dates -----------------------------------------------------------------------------------------
_DATE_RE = recache.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?:T\s*)?(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)


def parse_date(s: str) -> str | None:
    """The first date in ``s`` as ISO 8601 (``2020-11-30`` or ``2026-01-26T18:41:38``), else None."""
    m = _DATE_RE.search(s)
    if not m:
        return None
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["H"] is not None:
        h, mi = int(m["H"]), int(m["M"])
        if h < 24 and mi < 60:
            out += f"T{h:02d}:{mi:02d}"
            if m["S"] is not None and int(m["S"]) < 60:
                out += f":{int(m['S']):02d}"
    return out


_NAME_SPLIT_RE = recache.compile(r"[\s、，,;；/|]+")


_LIST_SPLIT_RE = recache.compile(r"[、，,;；/|]+")
_HAN_SPACED_RE = recache.compile(f"[{_HAN}·\\s\u3000]+")


def _names(value: str) -> tuple[str, ...]:
    """Names in a credit value: split at 、，;/| and, between hanzi names, at spaces.

    ``周思博 (Joel Spolsky)`` stays one name; ``张三 李四`` is two.
    """
    out = []
    for chunk in _LIST_SPLIT_RE.split(value.strip()):
        parts = _NAME_SPLIT_RE.split(chunk) if _HAN_SPACED_RE.fullmatch(chunk.strip() or "x") else [chunk]
        for part in parts:
            part = part.strip(" \t\u3000[]<>《》:：")
            if part.count("(") != part.count(")") or part.count("（") != part.count("）"):
                part = part.strip("()（）")
            if part and part not in out:
                out.append(part)
    return tuple(out)


def _original_names(raw: str, fold: str, folded_names: tuple[str, ...]) -> tuple[str, ...]:
    """Map names found in the fold back to the original script (same offsets)."""
    out = []
    for name in folded_names:
        i = fold.find(name)
        out.append(raw[i : i + len(name)] if i >= 0 else name)
    return tuple(out)


# -- labelled fields (发布日期：… 来源：…) ----------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return dict(_load_toml("byline.toml")["labels"])


@functools.lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    labels = sorted(_labels(), key=len, reverse=True)
    alt = "|".join(re.escape(x) for x in labels)
    # a label counts at the start or after a separator; the colon is required
    return recache.compile(rf"(?:^|(?<=[\s|丨｜/】\]）)·•]))(?P<label>{alt})\s*[:：]")


@functools.lru_cache(maxsize=1)
def _widget_token_re() -> re.Pattern[str]:
    toks = _data()["widgets.toml"]["tokens"]
    return recache.compile("|".join(f"(?:{t})" for t in toks))


_SEP_ONLY_RE = recache.compile(r"^[\s|丨｜/\\·•,，、:：;；\-—_*【】\[\]（）()<>]*$")
_BARE_DATE_RE = recache.compile(r"^\s*" + _DATE_RE.pattern + r"\s*", re.X * 0)
_WEEKDAY_RE = recache.compile(r"[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?")
_COUNT_RE = recache.compile(r"^\s*[\d,，]*\s*(?:次|人次|人|次浏览)?\s*$")


def line_metadata(line: str) -> tuple[tuple[str, Any], ...] | None:
    """If the (folded, stripped) ``line`` is a date/source/author line, its metadata pairs, else None.

    Also used by :mod:`cleanpolicy.html` to read the byline of a page.
    """
    if not line or len(line) > 240:
        return None
    work = _widget_token_re().sub(" ", line) if any(c in line for c in "字打关分返纠收【[") else line
    labels = _labels()
    matches = list(_label_re().finditer(work))
    head_end = matches[0].start() if matches else len(work)
    head = work[:head_end].strip(_STRIP + "|丨｜/·•")
    meta: list[tuple[str, Any]] = []
    if head:
        dm = _BARE_DATE_RE.match(head)
        if not dm or head[dm.end() :].strip(_STRIP + "|丨｜/·•"):
            return None
        d = parse_date(head)
        if not d:
            return None
        meta.append(("date", d))
    if not matches:
        return tuple(meta) if meta else None
    for k, m in enumerate(matches):
        vend = matches[k + 1].start() if k + 1 < len(matches) else len(work)
        value = work[m.end() : vend].strip(_STRIP + "|丨｜/·•")
        key = labels[m["label"]]
        if len(value) > 60 or _has_final(value) or "，" in value or "；" in value:
            return None
        if key == "-":
            continue
        if key == "date":
            d = parse_date(value)
            if not d:
                return None
            rest = _DATE_RE.sub("", value, count=1).strip(_STRIP)
            if rest and not _WEEKDAY_RE.fullmatch(rest):
                return None
            if m["label"] in ("时间", "日期") and len(matches) == 1 and not head and "年" in value:
                # 时间：2021年3月5日 alone is more often the time of a meeting in a notice
                return None
            meta.append(("date", d))
        elif key == "source":
            if not value:
                continue
            if len(value) > 40:
                return None
            meta.append(("source", value))
        else:
            names = _names(value)
            if not names:
                continue
            if any(len(n) > 20 for n in names):
                return None
            meta.append((key, names))
    return tuple(meta) if meta or matches else None


def _map_meta(meta: tuple, raw: str, fold: str) -> tuple:
    """Values read from the fold, mapped back to the original script."""
    out = []
    stripped = raw.strip(_STRIP)
    for key, value in meta:
        if isinstance(value, tuple):
            out.append((key, _original_names(stripped, fold, value)))
        elif key == "source":
            i = fold.find(value)
            out.append((key, stripped[i : i + len(value)] if i >= 0 else value))
        else:
            out.append((key, value))
    return tuple(out)


_HAN_RE = recache.compile(f"[{_HAN}]")
_SPACES_RE = recache.compile(r"\s+")


def _is_heading(ln: Line, min_len: int = 2) -> bool:
    s = ln.fold
    return min_len <= len(s) <= 60 and s[-1] not in "。！？；：:!?;，," and bool(_HAN_RE.search(s))


# -- BPL001 ----------------------------------------------------------------------------------------
_BREAD_TRIGGERS = ("位置", "首页", "主页", ">", "＞", "»", "›", "HOME", "Home")


@_shares_doc
def portal_breadcrumb(text: str, policy) -> list[Edit]:
    """Remove portal breadcrumb lines (首页 > 新闻中心 > …, 当前位置：…).

    ## What it does
    Deletes a whole line that is a "you are here" trail: a line starting with 当前位置： / 您现在的位置：,
    a line starting with 首页 followed by > » › separators, or two or more short segments joined by >.

    ## Why
    Breadcrumbs are navigation from the portal template, not article text.

    When the last crumb is the page's title (at least 8 hanzi, not 正文), only the trail goes and the
    title stays as a line of its own, recorded as `title` metadata.

    ## Example
    `首页 > 新闻频道 > 国内新闻` (a line of its own) → deleted;
    `首页 > 以开路先锋的姿态 书写高分答卷` → `以开路先锋的姿态 书写高分答卷`

    ## Safety
    Safe: only whole lines of at most `max_line` characters without sentence punctuation; `x > 0`
    in prose is not a trail.  Patterns: `data/boilerplate/breadcrumb.toml`.
    """
    d = _doc(text)
    cands = d.candidates("bread")
    if not cands:
        return []
    limit = min(_max_line(policy), 200)
    rxs = _rule_res("BPL001")
    hits = []
    keep_title: list[Edit] = []
    for ln in cands:
        s = ln.fold
        if not s or len(s) > limit or s[-1] in _FINAL:
            continue
        if any(rx.fullmatch(s) for rx in rxs):
            cut = _title_crumb(ln.raw)
            if cut is None:
                hits.append(([ln.index], "breadcrumb line", ()))
            else:
                title = ln.raw[cut:].strip(_STRIP)
                keep_title.append(
                    Edit(ln.start, ln.start + cut, ln.raw[:cut], "", "breadcrumb trail before the page title", (("title", title),))
                )
    # the family's trigger words, checked only when there is something to delete
    if not (hits or keep_title) or not _gate(text, _BREAD_TRIGGERS):
        return []
    edits = _delete_doc_lines(d, hits) if hits else []
    return sorted(edits + keep_title, key=lambda e: e.start)


#: separators of a breadcrumb trail
_CRUMB_SEP_RE = recache.compile(r"\s*(?:[>＞»›→]{1,2}|-{1,2}>)\s*")
#: a last crumb at least this long (in hanzi) is the page's title, not a section name (国内新闻, 正文)
_TITLE_CRUMB_MIN_HANZI = 8


def _title_crumb(raw: str) -> int | None:
    """Where the page title starts when a trail ends with it (首页 > 以开路先锋的姿态 书写高分答卷), or None.

    Portals often end the trail with the article's title; the page may have no other copy of it, so the
    trail is deleted and the title kept as the first line.
    """
    last = None
    for m in _CRUMB_SEP_RE.finditer(raw):
        last = m
    if last is None:
        return None
    tail = raw[last.end() :].strip(_STRIP)
    if sum(1 for ch in tail if "\u4e00" <= ch <= "\u9fff") < _TITLE_CRUMB_MIN_HANZI or _fold(tail).endswith("正文"):
        return None
    return last.end()


# -- BPL002 ----------------------------------------------------------------------------------------
#: the stripped characters at the start of a line (newline excluded)
_WS_STRIP = "[ \t\r\u3000\u00a0\ufeff]*"
_TAG_TAIL_RE = recache.compile(r"\s*(?:\"\s*/?>|'\s*/?>|/>|>)\s*$")


def _find_at_line_start(fold: str, probe: str, pos: int) -> int:
    """The first offset >= ``pos`` (a line start) where ``probe`` starts a line after stripped spaces, or -1.

    Linear: an occurrence that is not at the start of its line skips the rest of that line.
    """
    n = len(fold)
    while pos < n:
        q = fold.find(probe, pos)
        if q < 0:
            return -1
        ls = fold.rfind("\n", pos, q) + 1 or pos
        if not fold[ls:q].strip(_STRIP):
            return q
        nl = fold.find("\n", q)
        if nl < 0:
            return -1
        pos = nl + 1
    return -1


@functools.lru_cache(maxsize=1)
def _variant_re() -> re.Pattern[str]:
    """Characters that the fold changes or produces from another character (any character beyond
    the BMP counts as one, to keep the class small); the runs between them are left alone by the fold."""
    table = _fold_map()
    changed = {chr(c) for c in table} | {v for v in table.values() if ord(v) <= 0xFFFF}
    return recache.compile("[" + "".join(re.escape(c) for c in sorted(changed)) + "\U00010000-\U0010FFFF]")


@functools.lru_cache(maxsize=1)
def _run3_re() -> re.Pattern[str]:
    """A run of three or more characters that the fold neither changes nor makes."""
    return recache.compile("[^" + _variant_re().pattern[1:] + "{3,}")


def _best_run(probe: str) -> str:
    """The longest run of characters the fold neither changes nor makes among the first 48 of ``probe``
    (the first of the longest; the same for a text and its fold)."""
    return max(_variant_re().split(probe[:48]), key=len)


def _find_later_start(d: _Doc, probe: str, pos: int) -> int:
    """An offset in the first line from ``pos`` (a line start) whose stripped fold starts with ``probe``, or -1.

    The raw text is searched for the longest run of ``probe`` that the fold cannot produce from
    other characters; each line holding it is checked once.  Without such a run of three or more
    characters the whole text is folded.
    """
    # any offset of the run in the probe will do: its characters are left alone by the fold (the
    # run is looked for near the start of the probe only, which is enough to be selective)
    best = _best_run(probe)
    k = probe.find(best)
    if len(best) == len(probe):
        return _find_at_line_start(d.text, probe, pos)
    if len(best) < 3:
        return _find_at_line_start(d.fold, probe, pos)
    text = d.text
    n = len(text)
    while pos < n:
        q = text.find(best, pos + k)
        if q < 0:
            return -1
        ls = text.rfind("\n", pos, q) + 1 or pos
        le = text.find("\n", q)
        le = n if le < 0 else le
        # the run must sit k characters after the first character that is not stripped
        f = ls
        while f < le and text[f] in _STRIP:
            f += 1
        if text.startswith(best, f + k) and _fold(text[ls:le]).strip(_STRIP).startswith(probe):
            return q
        pos = le + 1
    return -1


@_shares_doc
def meta_description_copy(text: str, policy) -> list[Edit]:
    """Remove a truncated copy of a later paragraph left at the top by a page's meta description.

    ## What it does
    Among the first eight non-blank lines, deletes a line ending in the tag remnant `">` whose text,
    without that remnant, is a prefix of a later paragraph; and, among the first five, a whole
    paragraph (ending in 。！？) or a copy cut off mid-sentence that appears again later, with page
    furniture (a heading or a date/source line) in between — the remnant may already be gone (ENC).

    ## Why
    Scrapers that read `<meta name="description" content="…">` put a cut copy of the lead above the
    article (seed 003, lines 1–3).

    ## Example
    `以浙江最西部的城市衢州为例,过去,…创新要">` above the full paragraph → deleted

    ## Safety
    Safe: the copy must be at least 12 characters (20 without the remnant) and be found again, in
    full, at the start of a later line; the later line is never touched; headings are never copies.
    """
    if "\n" not in text:
        return []
    d = _doc(text)
    rlines = d.rlines
    # the first eight non-blank lines, and whether there are at least three
    top: list[tuple[int, int, str]] = []  # line number, offset of its end, the line stripped
    off = -1
    for i, rl in enumerate(rlines):
        off += len(rl) + 1
        if rl:
            rs = rl.strip(_STRIP)
            if rs:
                top.append((i, off, rs))
                if len(top) == 8:
                    break
    if len(top) < 3:
        return []
    hits = []
    run3 = _run3_re().search
    for pos, (i, end, rs) in enumerate(top):
        # the checks up to the search read the raw line: the fold changes only hanzi, one for one
        if len(rs) < 12 or (pos >= 5 and ">" not in rs):
            continue  # too short for a copy, or untagged below the fifth line (see below)
        if ">" in rs:  # every tag remnant ends in >
            tagged = bool(_TAG_TAIL_RE.search(rs))
            rprobe = _TAG_TAIL_RE.sub("", rs).strip(_STRIP)
        else:
            tagged, rprobe = False, rs
        if len(rprobe) < 12:
            continue
        # without the tag remnant, only a whole paragraph near the top that reappears after page
        # furniture (a heading or byline line) is a copy; headings are handled by BPL003
        if not tagged and (pos >= 5 or len(rprobe) < 20):
            continue
        if d.plain:
            # the fold is the text: a later line starting with the probe holds it as written
            if text.find(rprobe, end + 1) < 0:
                continue
        # a later line starting with the probe holds, as written, the probe's longest run of
        # characters the fold neither changes nor makes (the same run in the raw probe and its fold)
        # (first any such run of three or more: one search, no split)
        elif (r := run3(rprobe, 0, 48)) is not None and text.find(r.group(), end + 1) < 0:
            continue
        elif (best := _best_run(rprobe)) and text.find(best, end + 1) < 0:
            continue
        ln = d.line(i)
        probe = _fold(rprobe)
        # the first later line that starts with the probe (blank lines cannot)
        q = _find_later_start(d, probe, ln.end + 1)
        if q < 0:
            continue
        j = i + 1 + text.count("\n", ln.end + 1, q)
        later_fold = _fold(rlines[j]).strip(_STRIP)
        if later_fold == ln.fold and _is_heading(ln):
            continue
        # untagged: a whole paragraph repeated, or a copy cut off mid-sentence
        whole = probe[-1] in "。！？!?”" and later_fold == probe
        cut = len(later_fold) > len(probe) and probe[-1] not in "。！？!?”；;：:"
        if not tagged:
            if not (whole or cut):
                continue
            # page furniture (a heading or a byline line) between the copy and the paragraph
            furniture = False
            for k in range(i + 1, j):
                between = _fold(rlines[k]).strip(_STRIP)
                if between and (_is_heading(Line(k, 0, 0, "", between)) or line_metadata(between) is not None):
                    furniture = True
                    break
            if not furniture:
                continue
        hits.append(([ln.index], "copy of a later paragraph (meta description)", ()))
    return _delete_doc_lines(d, hits) if hits else []


# -- BPL003 ----------------------------------------------------------------------------------------
@_shares_doc
def repeated_title(text: str, policy) -> list[Edit]:
    """Keep one copy of a title that a page repeats two or three times.

    ## What it does
    When a heading-like line (at most 60 characters, no final punctuation) is repeated on the next
    non-blank lines, or again among the first ten non-blank lines with only byline furniture between,
    the later copies are deleted; the title goes into the metadata.

    ## Why
    Templates print the title in the page `<title>`, the heading and the share box; scrapers keep all.

    ## Example
    `浙西门户衢州，超常规抓科创` twice in a row → once

    ## Safety
    Safe: the first copy always stays; sentences (ending in 。！？) are never titles.
    """
    if "\n" not in text:
        return []
    d = _doc(text)
    rlines = d.rlines
    # a title is repeated only if two heading-like lines have the same key: look for one first
    # (a line longer than 60 strips to 60 or fewer characters only if it ends in a stripped character
    # or its 61st character from the end is one: a leading run of them is then long enough)
    heads = []
    for rl in [x for x in rlines if x and (len(x) <= 60 or x[-1] in _STRIP or x[-61] in _STRIP)]:
        s = rl.strip(_STRIP)
        if 6 <= len(s) <= 60 and s[-1] not in "。！？；：:!?;，," and not s.isascii():
            heads.append(s)
    if len(heads) < 2:
        return []
    # a heading holds a hanzi, so is not ASCII; when the fold changes none of these lines, their keys
    # are made at once, from the lines joined by NUL
    joined = "\0".join(heads)
    if joined.count("\0") == len(heads) - 1 and (d.plain or not _fold_changes(joined)):
        keys = _SPACES_RE.sub("", joined).split("\0")
        if len(set(keys)) == len(keys):
            return []
    else:
        seen_keys: set[str] = set()
        for s in heads:
            fs = _fold(s)
            if not _HAN_RE.search(fs):
                continue
            key = _SPACES_RE.sub("", fs)
            if key in seen_keys:
                break
            seen_keys.add(key)
        else:
            return []
    nb: list[int] = []  # line numbers of the non-blank lines
    nbs: list[str] = []  # their stripped raw text (the fold keeps lengths and punctuation)
    hits = []
    seen: dict[str, int] = {}
    has_han = _HAN_RE.search
    for i, rl in enumerate(rlines):
        if not rl:
            continue
        s = rl.strip(_STRIP)
        if not s:
            continue
        pos = len(nb)
        nb.append(i)
        nbs.append(s)
        # _is_heading(ln, 6) on the fold
        if not 6 <= len(s) <= 60 or s[-1] in "。！？；：:!?;，,":
            continue
        fs = _fold(s)
        if not has_han(fs):
            continue
        key = _SPACES_RE.sub("", fs)
        if key in seen:
            first = seen[key]
            # the lines in between are looked at only near the top (slicing them for every repeat of a
            # line far down would make a long page with many repeated lines quadratic)
            near = pos - first == 1 or (pos < 10 and all(len(b) <= 12 or line_metadata(_fold(b)) is not None for b in nbs[first + 1 : pos]))
            if near:
                hits.append(([i], "repeated title", (("title", rlines[nb[first]].strip(_STRIP)),)))
                continue
        seen.setdefault(key, pos)
    return _delete_doc_lines(d, hits) if hits else []


# -- BPL004 ----------------------------------------------------------------------------------------
_BYLINE_TRIGGERS = ("：", ":", "-", "/", "年")


@_shares_doc
def date_source_line(text: str, policy) -> list[Edit]:
    """Remove date/source/author lines (发布日期：… 信息来源：…, 来源：…, a bare timestamp) and keep what they say.

    ## What it does
    Deletes a whole line made only of labelled fields — dates, sources, authors, editors, view counts,
    font-size widgets — optionally led by a date, and a line holding only a timestamp (a date with a
    clock time; an ISO date alone only among the first ten lines).  The date becomes `date` (ISO 8601), the source `source`, names go to
    `authors`, `reporters`, `editors` …; the heading just above a dated or sourced byline near the
    top becomes `title`.

    ## Why
    Portal templates print this header above every article; it is metadata, not text.

    ## Example
    `发布日期:2020-11-30 信息来源: 《今日浙江》杂志` → deleted, meta
    `date=2020-11-30`, `source=《今日浙江》杂志`

    ## Safety
    Safe: a label counts only at the start of the line or after a separator (`资金来源：财政拨款` is
    not a source line), every value is short and has no sentence punctuation, and a date alone in
    Chinese form (`2020年11月30日`, the signature date of a notice) is kept.
    """
    doc = _doc(text)
    cands = doc.candidates("byline")
    if not cands:
        return []
    flines = doc.rlines
    limit = min(_max_line(policy), 240)
    bare = _rx("bare-timestamp")
    hits = []
    hit_lines: set[int] = set()
    # ``seen``: the number of non-blank lines up to this one, counted only up to 11 (it is compared
    # with 10); lines that are not candidates are never hits
    seen = 0
    counted = 0  # lines 0 .. counted-1 are counted in ``seen``
    for ln in cands:
        s = ln.fold
        if not s:
            continue
        if seen <= 10:
            for k in range(counted, ln.index):
                if flines[k] and flines[k].strip(_STRIP):
                    seen += 1
                    if seen > 10:
                        break
        counted = ln.index + 1
        seen += 1
        meta = None
        if len(s) <= limit:
            if bare.fullmatch(s):
                d = parse_date(s)
                # a date without a clock time is page furniture only near the top; further down it
                # is more likely data (a table of releases, a list of dates)
                if d and "T" not in d and seen > 10:
                    continue
                meta = (("date", d),) if d else ()
            elif ("：" in s or ":" in s) and s[-1] not in "。！？；":
                meta = line_metadata(s)
                if meta is not None:
                    meta = _map_meta(meta, ln.raw, s)
        if meta is not None:
            # the heading just above a dated or sourced byline near the top is the title; ``prev``
            # is the last non-blank line before this one that is not a hit
            prev = None
            if seen <= 10 and any(k in ("date", "source") for k, _v in meta):
                k = ln.index - 1
                while k >= 0 and (not flines[k].strip(_STRIP) or k in hit_lines):
                    k -= 1
                prev = doc.line(k) if k >= 0 else None
            if (
                seen <= 10
                and prev is not None
                and any(k in ("date", "source") for k, _v in meta)
                and _is_heading(prev)
                and line_metadata(prev.fold) is None
                and _parse_credits(prev.fold) is None
                and not bare.fullmatch(prev.fold)
            ):
                meta = meta + (("title", prev.raw.strip(_STRIP)),)
            hits.append(([ln.index], "date/source line", meta))
            hit_lines.add(ln.index)
    # the family's trigger words, checked only when there is something to delete
    if not hits or not _gate(text, _BYLINE_TRIGGERS):
        return []
    return _delete_doc_lines(doc, hits)


# -- BPL005 ----------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _roles() -> dict[str, str]:
    return dict(_load_toml("credit.toml")["roles"])


@functools.lru_cache(maxsize=1)
def _role_re() -> re.Pattern[str]:
    alt = "|".join(re.escape(r) for r in sorted(_roles(), key=len, reverse=True))
    return recache.compile(rf"(?P<role>{alt})\s*(?P<sep>[:：/|｜丨]?)\s*")


_NAMES_RE = recache.compile(rf"{_NAME}(?:[、，,\s]+{_NAME}){{0,3}}")


def _parse_credits(s: str) -> tuple[tuple[str, Any], ...] | None:
    """Role/name credit strings: ``[outlet] role names role names …``."""
    if len(s) > 120 or _has_final(s) or "，" in s:
        return None
    roles = _roles()
    # the one-character roles 文 and 图 count only when written with a separator (文/张三): without
    # one they are most often part of a name (王文明)
    matches = [m for m in _role_re().finditer(s) if not (m["role"] in ("文", "图") and not m["sep"])]
    if not matches:
        return None
    lead = s[: matches[0].start()].strip(_STRIP)
    if lead:
        suffixes = _data()["credit.toml"]["outlet_suffixes"]
        if len(lead) > 15 or not any(lead.endswith(x) for x in suffixes):
            return None
    # the single-character roles 文 and 图 only count with a separator (文/张三)
    fields = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(s)
        value = s[m.end() : end].strip(_STRIP + "|｜丨")
        fields.append((m, value))
    # merge spurious role hits inside a name (a one-character role directly inside a name run)
    meta: list[tuple[str, Any]] = []
    seps = 0
    for m, value in fields:
        role = m["role"]
        if m["sep"]:
            seps += 1
        if not value or not _NAMES_RE.fullmatch(value):
            return None
        meta.append((roles[role], _names(value)))
    if len(fields) < 2 and not seps:
        return None
    return tuple(meta)


_CREDIT_TRIGGERS = ("记者", "编辑", "由", "摄", "文", "策划", "制作", "作者", "通讯员", "设计")


@functools.lru_cache(maxsize=1)
def _credit_line_re() -> re.Pattern[str]:
    """A line that may be a credit line holds 由 (page byline) or a role word (:func:`_parse_credits`:
    文 and 图 count only with a separator), in the raw text."""
    words = [r for r in _roles() if r not in ("文", "图")] + ["由"]
    branches = [b for w in words for b in _rare_branches(w)]
    branches += [re.escape(v) + r"(?=\s*[:：/|｜丨])" for c in "文图" for v in _preimage(c)]
    return recache.compile("|".join(branches))


@_shares_doc
def credit_line(text: str, policy) -> list[Edit]:
    """Remove credit lines (制作人… 记者… 设计… 摄… 通讯员…, 文/XXX, 本版稿件由本报记者…采写) and keep the names.

    ## What it does
    Deletes a whole line made of role words each followed by one to four names — optionally led by an
    outlet such as 浙江新闻客户端 — with at least two roles or a role written `文/`, `策划：`; and a page
    byline `（本版稿件由本报记者…采写）`.  Names go to `reporters`, `photographers`, `editors`,
    `designers`, `producers`, `correspondents`, `authors`.

    ## Why
    News apps and newspaper pages credit the team in one run-together line; it is metadata.

    ## Example
    `浙江新闻客户端制作人翁浩浩记者于山设计叶晓倩摄徐军通讯员于锐` → deleted, reporters `于山` …

    ## Safety
    Safe: every name slot must hold 2–4 hanzi names and nothing else, so `记者从市发改委获悉…` and
    `设计师王五介绍了方案` are prose.
    """
    d = _doc(text)
    hits = []
    rlines = d.rlines
    # neither a page byline nor a credit string holds a full stop; a page byline holds 由 and a
    # credit string a role word (文 and 图 followed by a separator)
    role = _credit_line_re().search
    # one search over those lines joined (a match in a line is one in the joined lines) rules most
    # pages out
    if not role("\n".join([fl for fl in rlines if fl and "。" not in fl])):
        return []
    page = _rx("page-byline")
    for i in [i for i, fl in enumerate(rlines) if fl and "。" not in fl]:
        fl = rlines[i]
        if not role(fl):
            continue
        # a page byline holds 由; without it only a credit string is left, which holds no ，！？!?
        if "由" not in fl and ("，" in fl or "！" in fl or "？" in fl or "!" in fl or "?" in fl):
            continue
        if not fl.strip(_STRIP) or len(fl.strip(_STRIP)) > 160:
            continue
        ln = d.line(i)
        s = ln.fold
        m = page.fullmatch(s)
        if m:
            names = _original_names(ln.raw.strip(_STRIP), s, _names(m["names"]))
            hits.append(([ln.index], "page byline", (("reporters", names),)))
            continue
        meta = _parse_credits(s)
        if meta:
            hits.append(([ln.index], "credit line", _map_meta(meta, ln.raw, s)))
    # the family's trigger words, checked only when there is something to delete
    if not hits or not _gate(text, _CREDIT_TRIGGERS):
        return []
    return _delete_doc_lines(d, hits)


# -- BPL006 ----------------------------------------------------------------------------------------
_WIDGET_TRIGGERS = ("打印", "关闭", "字", "分享", "返回", "纠错", "收藏", "上一", "下一", "大", "顶部", "评论", "推荐", "转发")


@_shares_doc
def page_widget(text: str, policy) -> list[Edit]:
    """Remove widget lines: 【打印本页】【关闭窗口】, 【字体：大 中 小】, 分享到：…, 返回顶部, 上一篇：….

    ## What it does
    Deletes a whole line that holds nothing but widget labels and separators.

    ## Why
    The labels of buttons survive HTML-to-text conversion as lines of their own.

    ## Example
    `【打印本页】【关闭窗口】` → deleted

    ## Safety
    Safe: a line with any word left after removing the widget labels is kept (`请关闭窗口后重新打开。`).
    Tokens: `data/boilerplate/widgets.toml`.
    """
    d = _doc(text)
    cands = d.candidates("widget")
    if not cands:
        return []
    tok = _widget_token_re()
    hits = []
    for ln in cands:
        s = ln.fold
        if not s or len(s) > 120 or s[-1] in "。！？；":
            continue
        rest = tok.sub(" ", s)
        if rest != s and _SEP_ONLY_RE.match(rest):
            hits.append(([ln.index], "page widget line", ()))
    # the family's trigger words, checked only when there is something to delete
    if not hits or not _gate(text, _WIDGET_TRIGGERS):
        return []
    return _delete_doc_lines(d, hits)


# -- BPL007 ----------------------------------------------------------------------------------------
@_shares_doc
def qr_box(text: str, policy) -> list[Edit]:
    """Remove QR-code boxes (相关报道 / 请扫描二维码, 扫一扫在手机打开当前页) and mark where they were.

    ## What it does
    Deletes lines that only invite the reader to scan a code, together with an adjacent `相关报道`
    heading.  A box holding `相关报道` or `请扫描二维码` separates two articles of a newspaper page, so its
    edit carries `("boundary", "qr-box")` for the segmentation helper.

    ## Why
    The code image is lost; its label is left between or after the articles.

    ## Example
    `相关报道` / `请扫描二维码` → deleted, meta `boundary=qr-box`

    ## Safety
    Safe: whole lines only; a sentence about scanning a code (`市民可通过扫描二维码进入小程序办理业务。`)
    is prose.  Patterns: `data/boilerplate/qrbox.toml`.
    """
    d = _doc(text)
    scan, label, related = _rx("scan-qr"), _rx("qr-label"), _rx("related-heading")
    # no box without a QR line; QR lines are short and hold one of the "qr" candidate words
    if not any(s and len(s) <= 40 and (scan.fullmatch(s) or label.fullmatch(s)) for s in (c.fold for c in d.candidates("qr"))):
        return []
    if not _gate(text, ("扫", "二维码", "手机版", "微信", "微博", "长按")):
        return []
    lines = d.lines
    is_qr = [False] * len(lines)
    is_rel = [False] * len(lines)
    for ln in lines:
        s = ln.fold
        if not s or len(s) > 40:
            continue
        if scan.fullmatch(s) or label.fullmatch(s):
            is_qr[ln.index] = True
        elif related.fullmatch(s):
            is_rel[ln.index] = True
    if not any(is_qr):
        return []
    nb = _nonblank(lines)
    hits = []
    group: list[int] = []
    boundary = False

    def close() -> None:
        nonlocal group, boundary
        if group and any(is_qr[i] for i in group):
            meta = (("boundary", "qr-box"),) if boundary else ()
            hits.append((group, "QR-code box", meta))
        group, boundary = [], False

    for ln in nb:
        i = ln.index
        if is_qr[i] or is_rel[i]:
            group.append(i)
            if is_rel[i] or "请扫描" in ln.fold or "扫描二维码" == ln.fold:
                boundary = True
        else:
            close()
    close()
    return _delete_doc_lines(d, hits)


# -- BPL008 ----------------------------------------------------------------------------------------
_CAPTION_TRIGGERS = ("摄", "供图", "图片", "图源", "配图", "题图")


@_shares_doc
def photo_caption(text: str, policy) -> list[Edit]:
    """Remove the photo credit that ends a caption (… 刘舒婷 摄, 新华社记者 李贺 摄, XX 供图, 图片来源：…).

    ## What it does
    On a line of at most 250 characters that ends in a photo credit, deletes the credit (and the
    spaces before it); the credited names become `photographers`.  A line that is nothing but a
    credit goes whole.  With `[boilerplate] caption = "line"` the whole caption line goes.

    ## Why
    The photo is gone and the credit is metadata.  The caption text itself is kept by default:
    it is the publisher's own sentence about the event, and faithful comes before clean.

    ## Example
    `1月22日晚，衢州市委教育科技人才工作座谈会现场。张斌 摄` → `1月22日晚，衢州市委教育科技人才工作座谈会现场。`,
    photographers `张斌`

    ## Safety
    Safe: the credit needs a space, slash or role word before the name (`…在当地拍摄` is prose) and
    the line must not end in sentence punctuation.  Patterns: `data/boilerplate/caption.toml`.
    """
    d = _doc(text)
    cands = d.candidates("caption")
    if not cands:
        return []
    try:
        whole_line = policy.option("boilerplate", "caption") == "line"
    except Exception:  # noqa: BLE001
        whole_line = False
    rxs = _rule_res("BPL008")
    hits = []
    edits: list[Edit] = []
    for ln in cands:
        s = ln.fold
        if not s or len(s) > 250 or s[-1] in "。！？；，":
            continue
        line_fold = _fold(ln.raw).rstrip(_STRIP)
        for rx in rxs:
            m = rx.search(line_fold)
            if not m:
                continue
            g = m.groupdict()
            names = g.get("names") or g.get("names2") or ""
            cgroup = "credit" if g.get("credit") else "credit2"
            meta: tuple = ()
            if names:
                found = tuple(n for n in _names(names) if n not in ("受访者", "资料图", "网络"))
                if found:
                    meta = (("photographers", _original_names(text[ln.start : ln.end], line_fold, found)),)
            elif "：" in g.get(cgroup, "") or ":" in g.get(cgroup, ""):
                src = re.split(r"[:：/]", g[cgroup], maxsplit=1)[-1].strip(_STRIP + "）)】]")
                if src:
                    meta = (("image_source", src),)
            a = ln.start + m.start(cgroup)
            while a > ln.start and text[a - 1] in _STRIP:
                a -= 1
            if whole_line or a == ln.start:
                hits.append(([ln.index], "photo caption" if whole_line else "photo credit line", meta))
            else:
                edits.append(Edit(a, ln.end, text[a : ln.end], "", "photo credit", meta))
            break
    if hits:
        wl = _delete_doc_lines(d, hits)
        edits = sorted(edits + wl, key=lambda e: e.start)
    if edits and not _gate(text, _CAPTION_TRIGGERS):
        return []
    return edits


# -- BPL009 ----------------------------------------------------------------------------------------
_END_TRIGGERS = ("完", "编辑", "来源", "记者", "通讯员", "审核", "校对", "稿源", "转自", "责编", "实习生")


@_shares_doc
def end_mark(text: str, policy) -> list[Edit]:
    """Remove end marks at the end of a line: （完）, 【责任编辑：…】, （来源：…）, （记者 …）.

    ## What it does
    Deletes the mark and the spaces before it; a line holding only the mark goes whole.  The names or
    source in the mark become metadata.

    ## Why
    Wire stories end in （完） and portals append the editor; neither is article text.

    ## Example
    `…夯实创新根基。(完)` → `…夯实创新根基。`

    ## Safety
    Safe: only a bracketed mark at the very end of a line, with a name-shaped or short value.
    Patterns: `data/boilerplate/trailing.toml`.
    """
    d = _doc(text)
    cands = d.candidates("close")
    if not cands:
        return []
    pats = _rule_patterns("BPL009")
    whole = []
    edits: list[Edit] = []
    for ln in cands:
        s = _fold(ln.raw).rstrip(_STRIP)
        if not s or s[-1] not in "）)】]":
            continue
        for p in pats:
            m = p.regex.search(s[-80:])  # type: ignore[union-attr]
            if not m:
                continue
            off = len(s) - min(len(s), 80)
            a, b = ln.start + off + m.start(), ln.start + off + m.end()
            meta: tuple = ()
            if p.meta and m.groupdict().get("value"):
                val = text[ln.start + off + m.start("value") : ln.start + off + m.end("value")]
                meta = ((p.meta, _names(val)),) if p.meta != "source" else (("source", val.strip()),)
            if not text[ln.start : a].strip(_STRIP):
                whole.append(([ln.index], "end mark", meta))
            else:
                b = ln.end if text[b:ln.end].strip(_STRIP) == "" else b
                edits.append(Edit(a, b, text[a:b], "", "end mark", meta))
            break
    if whole:
        wl = _delete_doc_lines(d, whole)
        taken = [(e.start, e.end) for e in wl]
        edits = [e for e in edits if not any(s <= e.start < t for s, t in taken)] + wl
        edits.sort(key=lambda e: e.start)
    if edits and not _gate(text, _END_TRIGGERS):
        return []
    return edits


# -- BPL010 ----------------------------------------------------------------------------------------


@_shares_doc
def disclaimer(text: str, policy) -> list[Edit]:
    """Remove disclaimer paragraphs (免责声明：本网对文中陈述…, 版权声明：…, 凡本网注明…).

    ## What it does
    Deletes a line that starts with a disclaimer label (or a repost notice) and talks about the site,
    reposting, views or copyright.

    ## Why
    Sites append the same legal notice to every article.

    ## Example
    `免责声明：本网对文中陈述、观点判断保持中立…` → deleted

    ## Safety
    Safe: the label must start the line and the line must mention the site or reposting, so
    `双方发表联合声明：…` is prose.  Patterns: `data/boilerplate/disclaimer.toml`.
    """
    d = _doc(text)
    cands = d.candidates("disclaimer")
    if not cands:
        return []
    rxs = _rule_res("BPL010")
    hits = []
    for ln in cands:
        s = ln.fold
        if not s or len(s) > 1500:
            continue
        if any(rx.fullmatch(s) for rx in rxs):
            hits.append(([ln.index], "disclaimer", ()))
    # the family's trigger words, checked only when there is something to delete
    if not hits or not _gate(text, ("声明", "本网", "转载", "来源于网络")):
        return []
    return _delete_doc_lines(d, hits)


# -- BPL011 ----------------------------------------------------------------------------------------
_SITE_RE = recache.compile(r"本网|本站|网站|本报|本刊|本公众号|本平台")
_FOOTER_TRIGGERS = ("ICP", "公网安备", "标识码", "主办", "承办", "版权", "©", "opyright", "OPYRIGHT", "Produced", "Powered", "大汉", "浏览器", "技术支持", "关于我们", "网站地图", "未经")



@_shares_doc
def portal_footer(text: str, policy) -> list[Edit]:
    """Remove site footers: ICP and 公网安备 numbers, 网站标识码, 主办单位, 版权所有, CMS credits.

    ## What it does
    Deletes a line of at most 300 characters that holds a footer marker — an ICP or public-security
    filing number, a site id, 主办单位：, 版权所有 / Copyright, `Produced By` / `Powered by` CMS credits,
    a row of site links — unless it reads as a sentence that merely mentions copyright.

    ## Why
    Every page of a portal ends in the same footer.

    ## Example
    `Produced By 大汉网络 大汉版通发布系统` → deleted

    ## Safety
    Safe: a line with sentence punctuation is removed only when the marker starts it
    (`版权所有，未经许可不得转载。`), so prose about copyright protection stays.
    Patterns: `data/boilerplate/footer.toml`.
    """
    d = _doc(text)
    cands = d.candidates("footer")
    starts = d.candidates("footer_start")
    if starts:
        merged = {ln.index: ln for ln in cands}
        merged.update((ln.index, ln) for ln in starts)
        cands = [merged[i] for i in sorted(merged)]
    if not cands:
        return []
    rxs = _rule_res("BPL011")
    hits = []
    for ln in cands:
        s = ln.fold
        if not s or len(s) > 300:
            continue
        for rx in rxs:
            m = rx.search(s)
            if not m:
                continue
            finals = sum(s.count(c) for c in _FINAL)
            # a sentence is a footer only when the marker opens it or it speaks of the site itself
            if finals and (finals > 1 or (m.start() > 2 and not _SITE_RE.search(s))):
                continue
            hits.append(([ln.index], "site footer", ()))
            break
    # the family's trigger words, checked only when there is something to delete
    if not hits or not _gate(text, _FOOTER_TRIGGERS):
        return []
    return _delete_doc_lines(d, hits)


# -- BPL012 ----------------------------------------------------------------------------------------
_NAMES_IN_PARENS = rf"{_NAME}(?:[、\s]+(?:记者|通讯员|实习生)?\s*{_NAME}){{0,5}}"


@functools.lru_cache(maxsize=1)
def _dateline_re() -> re.Pattern[str]:
    outlet = rf"(?:新华社|中新社|中新网|人民网|新华网|央视网|央广网|中国日报网|光明网|国际在线|澎湃新闻|[{_HAN}]{{2,10}}(?:日报|晚报|报|网|社|台|客户端|新闻))"
    return recache.compile(
        rf"^[\s\u3000]*(?P<outlet>{outlet})(?:记者)?[{_HAN}]{{0,10}}\d{{1,2}}月\d{{1,2}}日(?:电|讯|消息)\s*"
        rf"[（(]\s*(?P<role>记者|本报记者|通讯员|实习生)?\s*(?P<names>{_NAMES_IN_PARENS})\s*[）)]"
    )


@_shares_doc
def wire_dateline(text: str, policy) -> list[Edit]:
    """Read the reporters of a wire-story dateline (新华社北京3月5日电（记者 张三）) into the metadata.

    ## What it does
    Reports (changes nothing) the credit in the dateline that opens a paragraph, so its names become
    `reporters`.

    ## Why
    The dateline is part of the story and stays, but it is where most news pages name the reporter.

    ## Example
    `中新网衢州1月26日电 (张斌)…` → unchanged, meta reporters `张斌`

    ## Safety
    Report only: the text is never edited.
    """
    d = _doc(text)
    cands = d.candidates("dateline")
    if not cands:
        return []
    if "日电" not in text and "日電" not in text and "日讯" not in text and "日訊" not in text and "消息" not in text:
        return []
    edits = []
    for ln in cands:
        if not ln.fold or "月" not in ln.fold[:40]:
            continue
        raw_fold = _fold(ln.raw)
        m = _dateline_re().match(raw_fold[:120])
        if not m:
            continue
        names = tuple(n for n in _names(m["names"]) if n not in ("记者", "通讯员", "实习生"))
        if not names:
            continue
        a, b = ln.start + m.start("names"), ln.start + m.end("names")
        orig = _original_names(text[a:b], _fold(text[a:b]), names)
        edits.append(Edit(a, b, text[a:b], text[a:b], "dateline credit (metadata only)", (("reporters", orig),)))
    return edits


def _family_gate(policy) -> Callable[[str], frozenset[str]]:
    """The gate of the family (the same under every policy): :func:`_may_apply`."""
    return _may_apply


def _may_apply(text: str) -> frozenset[str]:
    """The BPL rules that may have work on ``text``; the pipeline skips the others.  Most look only at
    their candidate lines (:meth:`_Doc.candidates`: one scan of the text for them all, which the first
    rule would make anyway); BPL002 and BPL003 need two lines, BPL005 a line without a full stop."""
    d = _doc(text)
    d.candidates("bread")
    idle = set(_KEY_CODES.values())
    for key, lines in (d._cands or {}).items():
        if lines:
            idle.discard(_KEY_CODES[key])
    if "\n" not in text:
        idle.update(("BPL002", "BPL003"))
        if not text or "。" in text:
            idle.add("BPL005")
    elif not any(fl and "。" not in fl for fl in d.rlines):
        idle.add("BPL005")
    return _CODES.difference(idle)


#: the rule that returns nothing without candidate lines (:meth:`_Doc.candidates`) of each key
_KEY_CODES = {
    "bread": "BPL001",
    "byline": "BPL004",
    "widget": "BPL006",
    "qr": "BPL007",
    "caption": "BPL008",
    "close": "BPL009",
    "disclaimer": "BPL010",
    "footer": "BPL011",
    "footer_start": "BPL011",
    "dateline": "BPL012",
}
GATE = _family_gate


RULES: tuple[Rule, ...] = (
    Rule("BPL001", "portal-breadcrumb", portal_breadcrumb),
    Rule("BPL002", "meta-description-copy", meta_description_copy),
    Rule("BPL003", "repeated-title", repeated_title),
    Rule("BPL004", "date-source-line", date_source_line),
    Rule("BPL005", "credit-line", credit_line),
    Rule("BPL006", "page-widget", page_widget),
    Rule("BPL007", "qr-box", qr_box),
    Rule("BPL008", "photo-caption", photo_caption),
    Rule("BPL009", "end-mark", end_mark),
    Rule("BPL010", "disclaimer", disclaimer),
    Rule("BPL011", "portal-footer", portal_footer),
    Rule("BPL012", "wire-dateline", wire_dateline),
)
#: for :func:`_family_gate`
_CODES = frozenset(r.code for r in RULES)
