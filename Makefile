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
GO         ?= go
# The oldest toolchain the suite supports: the last one with the classic hash map.
GO_OLDEST  ?= go1.23.12
# make bench-matrix, make safety and make profile: exact toolchains, fetched through
# GOTOOLCHAIN; an entry may name a GOEXPERIMENT (go1.25.0:noswissmap). Empty: the
# toolchains below for bench-matrix, the go on PATH for safety and profile.
GO_VERSIONS     ?=
MATRIX_VERSIONS ?= go1.23.12 go1.26.8
# Flags for scripts/safety (e.g. SAFETY_FLAGS="-runs 50 -strategies unsafe,syncmap").
SAFETY_FLAGS    ?=

# Flags for scripts/profile (e.g. PROFILE_FLAGS="-cpu 4 -strategies rwmutex,xsync -workloads Mix").
PROFILE_FLAGS   ?=

.PHONY: bench bench-matrix safety profile report test fmt-check vet unit race smoke nested oldest

BENCH_FLAGS = -count '$(COUNT)' -benchtime '$(BENCHTIME)' -budget '$(BUDGET)' -precision '$(PRECISION)' \
	-cpu '$(CPU)' -strategies '$(STRATEGIES)' -workloads '$(WORKLOADS)' -control '$(CONTROL)' \
	-mix '$(MIX)' $(if $(SEED),-seed '$(SEED)') $(if $(FULL),-full)

bench:
	$(GO) run ./scripts/bench $(BENCH_FLAGS)

# The same matrix under each toolchain of GO_VERSIONS, their samples interleaved (BUDGET
# is per toolchain); one raw file per toolchain plus benchstat tables per toolchain and
# across toolchains.
bench-matrix:
	$(GO) run ./scripts/bench $(BENCH_FLAGS) -go-versions '$(or $(strip $(GO_VERSIONS)),$(MATRIX_VERSIONS))'

# CPU, allocation and mutex profiles of every strategy on representative cases, and their
# summary, under results/profiles/GOVERSION/ (one directory per toolchain of GO_VERSIONS).
profile:
	$(GO) run ./scripts/profile -go-versions '$(GO_VERSIONS)' $(PROFILE_FLAGS)

# Regenerate results/README.md and results/charts/*.svg from the raw files in results/.
report:
	$(GO) run ./scripts/report -out results/README.md -charts results/charts

# Safety matrix: every strategy under -race, the unsafe baseline's crash rate, Range
# semantics; one report per toolchain of GO_VERSIONS.
safety:
	$(GO) run ./scripts/safety -go-versions '$(GO_VERSIONS)' $(SAFETY_FLAGS)

test: fmt-check vet unit race smoke nested oldest

fmt-check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# Unit and conformance tests, the stress tests without the race detector, the runner's
# end-to-end test and the safety matrix with a small N.
unit:
	$(GO) test -count=1 ./...

# The concurrent stress and Range tests under the race detector.
race:
	$(GO) test -count=1 -race -run 'Stress|RangeUnderWrites' ./strategies

# Every benchmark of the full matrix once, at one and at two Ps (some cases run only at one).
smoke:
	cd bench && $(GO) test -count=1 -run '^$$' -bench . -benchtime 1x -cpu 1,2 -full .

# The nested modules (strategies that need a newer Go than the root module's go line):
# vet, their tests (conformance, and the stress and Range tests under the race detector)
# and every benchmark of the full matrix once for their strategy (named as the directory).
NESTED = strategies/xsyncv4
nested:
	for d in $(NESTED); do \
		(cd $$d && $(GO) vet ./... && $(GO) test -count=1 ./... && \
		$(GO) test -count=1 -race -run 'Stress|RangeUnderWrites' ./... && \
		$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x -cpu 1,2 -full -strategies $$(basename $$d) .) || exit 1; \
	done

# Vet, build and test under the oldest supported toolchain (-short: without the two tests
# that build and run whole benchmark and profile pipelines, which ran above).
oldest:
	GOTOOLCHAIN=$(GO_OLDEST) $(GO) vet ./...
	GOTOOLCHAIN=$(GO_OLDEST) $(GO) test -count=1 -short ./...
