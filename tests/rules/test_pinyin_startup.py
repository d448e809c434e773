"""PYN's dictionary is read from pypinyin's data file without importing pypinyin; it must be the
dictionary pypinyin itself loads, and the syllable set derived from it the one the definition gives."""

from __future__ import annotations

import subprocess
import sys

from cleanpolicy.rules import pinyin


def test_dictionary_file_is_found():
    # fails loudly if pypinyin moves or renames the file (PYN would then import pypinyin: correct, slower)
    assert pinyin._dictionary_file() is not None


def test_dictionary_is_pypinyins():
    from pypinyin.pinyin_dict import pinyin_dict

    assert pinyin._dictionary() == {str(k): v for k, v in pinyin_dict.items()}


def test_syllable_keys_match_definition():
    keys: set[str] = set()
    for readings in pinyin._dictionary().values():
        for r in readings.split(","):
            syl = pinyin._parse(r)
            if syl is not None:
                keys.add(syl.key)
    assert pinyin._syllable_keys() == frozenset(keys)


def test_annotation_removed_without_importing_pypinyin():
    code = (
        "import sys, cleanpolicy\n"
        "from cleanpolicy.rules import pinyin\n"
        "p = cleanpolicy.Policy(select=('PYN',), to='keep')\n"
        "assert cleanpolicy.clean('設(shè)計發(fā)展', policy=p) == '設計發展', 'not removed'\n"
        "assert 'pypinyin' not in sys.modules, 'pypinyin imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
