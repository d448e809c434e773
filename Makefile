# Developer shortcuts. The README's test command is what CI runs.
PYTHON ?= python
FUZZ_SECONDS ?= 600

.PHONY: test fuzz bench docs tables
test:
	$(PYTHON) -m pytest

fuzz:
	$(PYTHON) fuzz/fuzz_clean.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 fuzz/corpus

bench:
	$(PYTHON) benchmarks/run.py --all --markdown docs/performance-results.md

docs:
	$(PYTHON) scripts/gen_rule_docs.py

# the packaged tables derived from OpenCC, the codecs and the regex engine (docs/data.md), written under
# every Python they should serve (each needs the package and its dependencies installed):
#   make tables TABLE_PYTHONS="python3.10 python3.11 python3.12 python3.13"
TABLE_PYTHONS ?= $(PYTHON)
tables:
	for py in $(TABLE_PYTHONS); do $$py scripts/build_tables.py && $$py scripts/build_regex_cache.py || exit 1; done
