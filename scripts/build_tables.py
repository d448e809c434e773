"""Write the packaged tables that are derived from OpenCC and from Python's codecs (docs/data.md).

    python scripts/build_tables.py            # rewrite them from the installed OpenCC and this Python
    python scripts/build_tables.py --check    # exit 1, naming the file, where one differs

Computing them takes 10-50 ms each per process, which every process that met damaged or traditional text
used to spend; read from the package they cost about a millisecond.  Each file's head says what it was
written from (``#: opencc 1.4.2``, ``#: python 3.10 3.11``):

- the OpenCC tables are read whatever OpenCC is installed (the script detection follows them; the
  conversion itself is always the installed OpenCC's), and the tests check them against the installed
  OpenCC;
- the codec tables are read only on a Python version listed in their head (a new Python may map a
  codec otherwise: GB18030-2022 moved characters) and computed on any other.  Run this script under each
  Python version whose codecs give the same tables, and it adds the version to the list; a version that
  gives other tables replaces the list.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanpolicy import chars  # noqa: E402
from cleanpolicy.rules import encoding as enc  # noqa: E402

DATA = ROOT / "cleanpolicy" / "data"

OPENCC_HEADS = {
    "script/t2s_chars.txt": (
        "The characters OpenCC's t2s turns into one other character, each alone (chars._fold_table): a line per\n"
        "character, the traditional source then its t2s result."
    ),
    "script/s2t_chars.txt": (
        "The characters OpenCC's s2t turns into one other character, each alone (chars._s2t_table): a line per\n"
        "character, the simplified source then its s2t result."
    ),
    "script/regional_chars.txt": (
        "The characters Taiwan or Hong Kong writing uses in place of OpenCC's standard form\n"
        "(chars._regional_variants): what OpenCC's t2tw and t2hk turn a unified ideograph into, a line each."
    ),
}
CODEC_HEADS = {
    "encoding/double_byte.txt": (
        "The characters of the basic plane that GB18030 writes in two bytes (encoding._double_res), as the\n"
        "insides of two regular-expression character classes (written as chars.class_body writes them): \"runs\"\n"
        "leaves out the pinyin letters (encoding._PINYIN_LETTERS), \"chars\" is all of them."
    ),
    "encoding/stream_starts.txt": (
        "The characters of the basic plane (U+0080 up) a wrong-codec stream can start at, per CJK stream chain\n"
        "of mojibake.toml (encoding._stream_start_chars): \"read<TAB>true<TAB>\" then the inside of a character\n"
        "class (written as chars.class_body writes it).  A chain missing here is computed on first use."
    ),
}
COMMON = (
    "UTF-8; '#' starts a comment, '#:' a field.  Written by scripts/build_tables.py (do not edit); derived\n"
    "data: OpenCC's dictionaries are BYVoid/OpenCC (Apache-2.0), the codec tables come from CPython's codecs."
)


def opencc_bodies() -> dict[str, list[str]]:
    t2s = chars._changed("t2s", chars._TABLE_RANGES)
    s2t = chars._changed("s2t", chars._TABLE_RANGES)
    regional = {v for config in ("t2tw", "t2hk") for v in chars._changed(config, chars._REGIONAL_RANGES).values()}
    return {
        "script/t2s_chars.txt": [chr(k) + v for k, v in t2s.items()],
        "script/s2t_chars.txt": [chr(k) + v for k, v in s2t.items()],
        "script/regional_chars.txt": sorted(regional),
    }


def codec_bodies() -> dict[str, list[str]]:
    double = enc._double_byte_bodies()
    chains = [(read, true) for _name, read, true in enc._cjk_stream_chains()]
    starts = [f"{read}\t{true}\t{chars.class_body(enc._stream_start_chars(read, true))}" for read, true in sorted(set(chains))]
    return {"encoding/double_byte.txt": [f"runs\t{double['runs']}", f"chars\t{double['chars']}"], "encoding/stream_starts.txt": starts}


def render(head: str, fields: dict[str, list[str]], lines: list[str]) -> str:
    comment = "".join(f"# {line}\n" for line in f"{head}\n{COMMON}".split("\n"))
    return comment + "".join(f"#: {k} {' '.join(v)}\n" for k, v in fields.items()) + "".join(f"{line}\n" for line in lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 where a table differs")
    args = ap.parse_args(argv)
    import opencc
    from cleanpolicy.data import derived

    python = "%d.%d" % sys.version_info[:2]
    wanted: dict[str, str] = {}
    for rel, lines in opencc_bodies().items():
        wanted[rel] = render(OPENCC_HEADS[rel], {"opencc": [opencc.__version__]}, lines)
    for rel, lines in codec_bodies().items():
        fields, old = derived(rel) if (DATA / rel).exists() else ({}, [])
        versions = fields.get("python", []) if old == lines else []
        versions = sorted(set(versions) | {python}, key=lambda v: tuple(map(int, v.split("."))))
        wanted[rel] = render(CODEC_HEADS[rel], {"python": versions}, lines)
    status = 0
    for rel, text in wanted.items():
        path = DATA / rel
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if args.check:
            # the codec tables differ only in their Python list when this Python was not listed yet
            if current is None or derived(rel)[1] != [ln for ln in text.split("\n") if ln and not ln.startswith("#")]:
                print(f"{rel}: differs from what this environment computes", file=sys.stderr)
                status = 1
        elif current != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {rel}")
    return status


if __name__ == "__main__":
    sys.exit(main())
