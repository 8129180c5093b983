# The suite's two jobs: `make bench` measures, `make test` checks.
# Knobs for make bench (see README.md):
#   COUNT       minimum samples per case (the minimum passes)
#   BENCHTIME   go test -benchtime per sample
#   BUDGET      time budget per toolchain; extra passes for precision use what is left
#   PRECISION   target half-width of every median's 95% interval, in percent
#   CPU         comma-separated GOMAXPROCS list; empty: 1, 2, 4, ... up to the CPU count
#   STRATEGIES  comma-separated strategy names; empty: all
#   WORKLOADS   comma-separated workload names; empty: the default set
#   CONTROL     the strategy measured twice (A/A control), or none; empty: rwmutex
#   SEED        seed of the per-pass shuffles; empty: from the clock
#   FULL        1: the full parameter matrix instead of the default one
#   MIX         your own mix, run alone (with WORKLOADS, beside them): comma-separated
#               key=value, e.g. MIX='reads=95%,keys=50000,keytype=string,dist=zipf,theta=1.1,parallelism=8';
#               every key optional (keys=1000 keytype=int dist=uniform theta=0.99 reads=90% parallelism=1)
#   HOST        a label naming this machine in the raw files (default GOOS-GOARCH-NCPUcpu),
#               so that results from several machines merge into one report by host
#   TRACE       a trace recorded with package bench/trace, replayed on every strategy
#               (alone; with WORKLOADS, beside them), e.g. TRACE=bench/trace/testdata/sessions.trace
COUNT      ?= 10
BENCHTIME  ?= 50ms
BUDGET     ?= 15m
PRECISION  ?= 5
CPU        ?=
STRATEGIES ?=
WORKLOADS  ?=
CONTROL    ?=
SEED       ?=
FULL       ?=
MIX        ?=
TRACE      ?=
HOST       ?=
GO         ?= go
# The oldest toolchain the suite supports: the last one with the classic hash map.
GO_OLDEST  ?= go1.23.12
# make bench-matrix, make safety, make profile and make claims: exact toolchains, fetched
# through GOTOOLCHAIN; an entry may name a GOEXPERIMENT (go1.25.0:noswissmap). Empty:
# MATRIX_VERSIONS for bench-matrix, CLAIMS_VERSIONS for claims, the go on PATH for
# safety and profile.
GO_VERSIONS     ?=
MATRIX_VERSIONS ?= $(GO_OLDEST) go1.26.8
# make bench-releases: every Go release since the last classic map, go1.24 and go1.25
# also with each GOEXPERIMENT that restores what Go 1.24 replaced (the report's
# cross-version section tells the map's change from sync.Map's with them), on the
# workloads of RELEASE_WORKLOADS, with RELEASE_BUDGET per configuration (9 of them).
RELEASE_VERSIONS  ?= go1.23.12 go1.24.13 go1.24.13:noswissmap go1.24.13:nosynchashtriemap \
	go1.25.14 go1.25.14:noswissmap go1.25.14:nosynchashtriemap go1.26.8 go1.27.4
RELEASE_WORKLOADS ?= RapidGrow,Memory
RELEASE_MIX       ?= keys=1000,reads=90%
RELEASE_BUDGET    ?= 2m30s
# Flags for scripts/safety (e.g. SAFETY_FLAGS="-runs 50 -strategies unsafe,syncmap").
SAFETY_FLAGS    ?=

# Flags for scripts/profile (e.g. PROFILE_FLAGS="-cpu 4 -strategies rwmutex,xsync -workloads Mix").
PROFILE_FLAGS   ?=
# make claims: the toolchains the claims are checked under when GO_VERSIONS is empty.
CLAIMS_VERSIONS ?= $(filter-out %:noswissmap %:nosynchashtriemap,$(RELEASE_VERSIONS))

.PHONY: bench bench-matrix bench-releases safety profile report claims trace-example test fmt-check workflows vet unit race fuzz smoke nested oldest

BENCH_FLAGS = -count '$(COUNT)' -benchtime '$(BENCHTIME)' -budget '$(BUDGET)' -precision '$(PRECISION)' \
	-cpu '$(CPU)' -strategies '$(STRATEGIES)' -workloads '$(WORKLOADS)' -control '$(CONTROL)' \
	-mix '$(MIX)' -trace '$(TRACE)' -host '$(HOST)' $(if $(SEED),-seed '$(SEED)') $(if $(FULL),-full)

bench:
	$(GO) run ./scripts/bench $(BENCH_FLAGS)

# The same matrix under each toolchain of GO_VERSIONS, their samples interleaved (BUDGET
# is per toolchain); one raw file per toolchain plus benchstat tables per toolchain and
# across toolchains.
bench-matrix:
	$(GO) run ./scripts/bench $(BENCH_FLAGS) -go-versions '$(or $(strip $(GO_VERSIONS)),$(MATRIX_VERSIONS))'

# The published cross-version matrix: RELEASE_VERSIONS on RELEASE_WORKLOADS and the mix
# RELEASE_MIX (a read-mostly 1,000-key map), interleaved as bench-matrix does.
bench-releases:
	$(MAKE) bench-matrix GO_VERSIONS='$(RELEASE_VERSIONS)' WORKLOADS='$(or $(WORKLOADS),$(RELEASE_WORKLOADS))' \
		MIX='$(or $(MIX),$(RELEASE_MIX))' BUDGET='$(RELEASE_BUDGET)'

# CPU, allocation and mutex profiles of every strategy on representative cases, and their
# summary, under results/profiles/GOVERSION/ (one directory per toolchain of GO_VERSIONS).
profile:
	$(GO) run ./scripts/profile -go-versions '$(GO_VERSIONS)' $(PROFILE_FLAGS)

# Regenerate the report from raw files: OUT/README.md, the pages in OUT/tables/, the charts
# in OUT/charts/ and OUT/cells.csv. RAW: the raw files, or directories searched for them
# recursively (e.g. the artifacts of .github/workflows/bench.yml, one directory per
# machine); empty: the raw files in OUT. Results are grouped by host.
RAW ?=
OUT ?= results
report:
	$(GO) run ./scripts/report -out '$(OUT)/README.md' -charts '$(OUT)/charts' $(RAW)

# The claims of the articles the suite started from, checked under each toolchain of
# GO_VERSIONS (default CLAIMS_VERSIONS) by probe programs and the toolchains' own source:
# regenerates results/claims.md and, as a whole, its evidence directory results/claims/.
claims:
	$(GO) run ./scripts/claims -go-versions '$(or $(strip $(GO_VERSIONS)),$(CLAIMS_VERSIONS))'

# Safety matrix: every strategy under -race, the unsafe baseline's crash rate, Range
# semantics; one report per toolchain of GO_VERSIONS.
safety:
	$(GO) run ./scripts/safety -go-versions '$(GO_VERSIONS)' $(SAFETY_FLAGS)

# The example program's trace, which the tests and the published results replay: the
# session store under load, recorded through bench/trace.
TRACE_EXAMPLE = bench/trace/testdata/sessions.trace
trace-example:
	$(GO) run ./bench/trace/example -out $(TRACE_EXAMPLE)

test: fmt-check workflows vet unit race fuzz smoke nested oldest

fmt-check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# The GitHub Actions workflows, checked by actionlint (and by shellcheck, if installed)
# at a pinned version; actionlint needs Go 1.25, which GOTOOLCHAIN=auto fetches by itself.
workflows:
	$(GO) run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12 .github/workflows/*.yml

vet:
	$(GO) vet ./...

# Unit and conformance tests, the stress tests without the race detector, the runner's
# end-to-end test and the safety matrix with a small N.
unit:
	$(GO) test -count=1 ./...

# The concurrent stress and Range tests under the race detector.
race:
	$(GO) test -count=1 -race -run 'Stress|RangeUnderWrites' ./strategies

# The trace parser's fuzz test, for a short time, from its checked-in corpus.
fuzz:
	$(GO) test -count=1 -run '^$$' -fuzz '^FuzzRead$$' -fuzztime 10s ./bench/trace

# Every benchmark once: the full matrix at one P, the default matrix at two (some cases
# run only at one), each with the example trace replayed. The full matrix's extra values
# (a million keys, more read shares) run the same code as the default ones; at two Ps
# building their million-key maps would double the run's time.
SMOKE = -count=1 -run '^$$' -bench . -benchtime 1x -replay $(CURDIR)/$(TRACE_EXAMPLE)
smoke:
	cd bench && $(GO) test $(SMOKE) -cpu 1 -full .
	cd bench && $(GO) test $(SMOKE) -cpu 2 .

# The nested modules (strategies that need a newer Go than the root module's go line):
# vet, their tests (conformance, and the stress and Range tests under the race detector)
# and every benchmark once for their strategy (named as the directory), as smoke does.
NESTED = strategies/xsyncv4
nested:
	for d in $(NESTED); do \
		(cd $$d && $(GO) vet ./... && $(GO) test -count=1 ./... && \
		$(GO) test -count=1 -race -run 'Stress|RangeUnderWrites' ./... && \
		$(GO) test $(SMOKE) -cpu 1 -full -strategies $$(basename $$d) . && \
		$(GO) test $(SMOKE) -cpu 2 -strategies $$(basename $$d) .) || exit 1; \
	done

# Vet, build and test under the oldest supported toolchain (-short: without the two tests
# that build and run whole benchmark and profile pipelines, which ran above).
oldest:
	GOTOOLCHAIN=$(GO_OLDEST) $(GO) vet ./...
	GOTOOLCHAIN=$(GO_OLDEST) $(GO) test -count=1 -short ./...
