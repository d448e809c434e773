"""Coverage-guided fuzzing of the decode-and-clean path with atheris.

    pip install -e ".[fuzz]"
    python fuzz/fuzz_clean.py -max_total_time=600 fuzz/corpus     # or: make fuzz

Any input that raises anything but DecodeError (binary / undecodable bytes, the documented refusal), or
whose edit log does not replay to the output, is a crash; atheris writes it to crash-<hash>. Turn each
crash into a regression test in tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import cleanpolicy
    import cleanpolicy.decode
    import cleanpolicy.inputs
    import cleanpolicy.pipeline
    from cleanpolicy import DecodeError, Policy, registry

    # the rule modules are imported lazily by the registry: import them here so they are instrumented
    registry.all_rules()

POLICIES = (Policy(), Policy(to="keep"), Policy(to="traditional"))


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    policy = POLICIES[fdp.ConsumeIntInRange(0, len(POLICIES) - 1)]
    as_text = fdp.ConsumeBool()
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        if as_text:
            text = payload.decode("utf-8", errors="surrogateescape")
            r = cleanpolicy.clean_and_explain(text, policy)
        else:
            r = cleanpolicy.clean_and_explain(payload, policy)
    except DecodeError:
        return
    if cleanpolicy.replay(r.original, r.steps) != r.text:
        raise AssertionError("replay does not reproduce the output")
    if cleanpolicy.clean(r.text, policy) != r.text:
        raise AssertionError("not idempotent")


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
