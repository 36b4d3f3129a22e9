# Scale Ladder: `make run` and `make test` are all a new machine needs (Debian 12).
BUILD   ?= build/release
JOBS    ?= $(shell nproc)
SCENARIO ?= scenarios/03-load-balancer.json
CMAKE_FLAGS ?=

.PHONY: all deps build run test bench climb clean

all: build

deps:
	@bash tools/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt | deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD)/build.ninja
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/ladder run $(SCENARIO)

climb: build
	$(BUILD)/ladder climb scenarios

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300

bench: build
	@bash bench/run.sh $(BUILD)

clean:
	rm -rf build
