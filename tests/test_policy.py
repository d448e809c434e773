"""Policy values, TOML and pyproject loading, discovery, and the errors users see."""

from __future__ import annotations

import pytest

from cleanpolicy import Policy, PolicyError, discover_config, load_policy


def test_policy_is_frozen_and_hashable():
    p = Policy()
    with pytest.raises(Exception):
        p.to = "keep"  # type: ignore[misc]
    assert hash(p) == hash(Policy())
    assert p.replace(to="keep").to == "keep"


def test_bad_target():
    with pytest.raises(PolicyError):
        Policy(to="martian")


def test_load_cleanpolicy_toml(tmp_path):
    f = tmp_path / "cleanpolicy.toml"
    f.write_text('to = "traditional"\nignore = ["NRM"]\nreport-only = ["ENC"]\n', encoding="utf-8")
    p = load_policy(f)
    assert p.to == "traditional" and p.ignore == ("NRM",) and p.report_only == ("ENC",)


def test_load_pyproject(tmp_path):
    f = tmp_path / "pyproject.toml"
    f.write_text('[project]\nname = "x"\n[tool.cleanpolicy]\nto = "keep"\n', encoding="utf-8")
    assert load_policy(f).to == "keep"


def test_discovery_nearest_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.cleanpolicy]\nto = "keep"\n', encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert discover_config(sub) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "cleanpolicy.toml").write_text('to = "hongkong"\n', encoding="utf-8")
    assert discover_config(sub) == tmp_path / "a" / "cleanpolicy.toml"
    # a pyproject without [tool.cleanpolicy] is not a config
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert discover_config(sub) == tmp_path / "a" / "cleanpolicy.toml"


@pytest.mark.parametrize(
    "body, fragments",
    [
        ('selct = ["ENC"]\n', ["unknown key 'selct'", "did you mean 'select'"]),
        ('select = ["XYZ"]\n', ["unknown rule code or prefix 'XYZ'"]),
        ('select = "ENC"\nignore = [1]\n', ["ignore must be a list"]),
        ('to = "simplifed"\n', ["did you mean 'simplified'"]),
        ("unsafe-fixes = 1\n", ["unsafe-fixes must be true or false"]),
        ('[nosuchfamily]\nx = 1\n', ["unknown key 'nosuchfamily'"]),
    ],
)
def test_errors_name_file_key_and_suggestion(tmp_path, body, fragments):
    f = tmp_path / "cleanpolicy.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(f)
    msg = str(info.value)
    assert str(f) in msg
    for frag in fragments:
        assert frag in msg


def test_unknown_family_option(tmp_path):
    from cleanpolicy import registry

    table = next(t for t, opts in registry.family_options().items())
    f = tmp_path / "cleanpolicy.toml"
    f.write_text(f"[{table}]\nno_such_option = 1\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(f)
    assert "unknown option" in str(info.value) and str(f) in str(info.value)
