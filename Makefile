# Developer entry points. `make test` is what CI runs (.ci/run).
BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= 2
BIN        := $(BUILD_DIR)/src/cli/clockko
PYTHON     ?= /usr/bin/python3

# ccache hits for a clone in any folder (CI clones afresh): paths are rewritten relative to the
# checkout and the working directory is left out of the hash.
export CCACHE_BASEDIR  := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all deps configure build run test bench clean

all: build

deps:
	scripts/install-deps.sh

# Always re-run CMake (about a second): src/ and tests/ add module folders by existence checks and
# globs, which Ninja's own re-configure does not notice.
configure: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: configure
	ninja -C $(BUILD_DIR) -j$(JOBS)

run: build
	mkdir -p $(CURDIR)/data
	exec env APP_ENV=development DATA_DIR=$(CURDIR)/data HOST=127.0.0.1 PORT=8000 \
	  $(BIN) serve

test: build
	scripts/check-layers.sh
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)
	CLOCKKO_BIN=$(CURDIR)/$(BIN) $(PYTHON) -m pytest -q tests/e2e

bench: build
	@echo "benchmarks: not yet implemented (issue 10)"

clean:
	rm -rf $(BUILD_DIR)
