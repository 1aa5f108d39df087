# heyi — the two commands of the README: `make demo` and `make test`.
SWIFT ?= swift
HEYI_DEBUG := .build/debug/heyi

.PHONY: setup build demo test bench clean-demo

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build --product heyi

## Set everything up, build, and ingest Samples/ into heyi.sqlite.
demo: build
	@HEYI=$(HEYI_DEBUG) scripts/demo.sh

## The whole test suite.
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Throughput and memory per stage, release build, on generated data (not part of test).
bench: setup
	$(SWIFT) build -c release --product heyi --product heyi-bench
	.build/release/heyi-bench --heyi .build/release/heyi $(BENCH_ARGS)

clean-demo:
	rm -f heyi.sqlite heyi.sqlite-wal heyi.sqlite-shm
