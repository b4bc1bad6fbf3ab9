# nuion: the two commands of the README are `make reproduce` and `make test`.
# Both create the virtual environment .venv on first use (python3 -m venv + pip).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CORES ?= all

.PHONY: test test-heavy test-slurm reproduce report bench lint clean env env-slurm tables

env: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# the SLURM executor plugin, for cluster runs (docs/clusters.md). Not in the default environment:
# at every Snakemake start it asks `scontrol show config`, which waits 9-10 s where the SLURM
# client is installed but no controller answers (measured on this project's CI machine)
SLURM_STAMP := $(VENV)/.slurm-stamp
env-slurm: $(SLURM_STAMP)

$(SLURM_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,slurm]'
	touch $(SLURM_STAMP)

# one worker per core; a test module stays on one worker (module-scoped workflow runs)
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not heavy"

# the heaviest end-to-end runs (Ctrl-C, sweeps, README and --help examples, the atom workflow); CI runs them after make test
test-heavy: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile -m heavy

# The workflow through SLURM (workflow/profiles/slurm) against a running SLURM, compared with
# local runs (tests/test_slurm.py). .ci/slurm-up starts a single-node SLURM on this machine
# (root: apt-get, daemons); SLURM_UP= skips it, to test against a SLURM already there.
SLURM_UP ?= bash .ci/slurm-up
test-slurm: $(SLURM_STAMP)
	$(SLURM_UP)
	NUION_TEST_SLURM=1 $(BIN)/python -m pytest tests/test_slurm.py tests/test_profiles.py -p no:xdist -p no:cacheprovider -s -v
	$(BIN)/python -m pytest tests/test_readme.py -k "workflow-profile and slurm" -p no:xdist -p no:cacheprovider -q  # the docs' SLURM command

reproduce: $(STAMP)
	$(BIN)/snakemake --cores $(CORES)

report: reproduce
	$(BIN)/snakemake --cores 1 --report results/report.html

bench: $(STAMP)
	$(BIN)/python -m pytest tests/benchmarks --benchmark-only -p no:doctest -o addopts="" -s

lint: $(STAMP)
	$(BIN)/snakemake --lint

tables: $(STAMP)
	$(BIN)/python -m nuion.tables docs/paper.md docs/datasets.md

# Every output of every stage, under the configured output_dir (config/config.yaml; another run:
# make clean OUTPUT_DIR=runs/sweep). tests/test_environment.py checks the list against the rules' outputs.
OUTPUT_DIR ?= $(or $(shell sed -n 's/^output_dir:[[:space:]]*["'"'"']*\([^"'"'"'[:space:]\#]*\).*/\1/p' config/config.yaml),results)
STAGE_DIRS := response dcs channels sumrules photo figures tables rates sensitivity limits logs benchmarks

clean:
	rm -rf $(addprefix $(OUTPUT_DIR)/,$(STAGE_DIRS)) $(sort $(OUTPUT_DIR)/report.html results/report.html) .snakemake
