# The judicial chaincode suite on a local multi-org Fabric network.
#   make demo        bring the network up, deploy the chaincode, run the walkthrough
#   make test        unit tests, then integration tests against the real network
SHELL := /bin/bash
GO ?= go
NETWORK := network/scripts/network.sh

.PHONY: all fabric-bin client wasm network-up network-down network-status network-clean \
	chaincode-upgrade chaincode-policy peer-from-snapshot caliper demo walkthrough test unit-test bench integration-test test-faults test-snapshot test-deps lint lint-deps \
	test-network-up test-network-down test-network-status test-network-clean test-on-test-network

all: fabric-bin client

# Builds peer, orderer, configtxgen, osnadmin and the CA binaries into
# network/bin unless they are there; FABRIC_BIN=/path uses release binaries.
fabric-bin:
	@network/scripts/build-fabric.sh

client:
	@mkdir -p build
	$(GO) build -o build/judicial ./gateway-client/cmd/judicial

# The evidence certificate verifier for the portal's page, in
# WebAssembly, with Go's loader for it (judicial portal --verifier).
wasm:
	@mkdir -p build/wasm
	GOOS=js GOARCH=wasm $(GO) build -ldflags="-s -w" -o build/wasm/certificate.wasm ./gateway-client/cmd/certificate-wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" build/wasm/

network-up: fabric-bin
	@$(NETWORK) up

network-down:
	@$(NETWORK) down

network-status:
	@$(NETWORK) status

network-clean:
	@$(NETWORK) clean

chaincode-upgrade: fabric-bin
	@$(NETWORK) upgrade

# make chaincode-policy POLICY="AND('CourtMSP.peer', 'MediationMSP.peer', 'CreditMSP.peer')"
chaincode-policy: fabric-bin
	@$(NETWORK) policy "$(POLICY)"

# A new court peer joins the channel from a ledger snapshot, then the
# peers' block hashes are compared (docs/network.md).
peer-from-snapshot: fabric-bin client
	@$(NETWORK) snapshot-join
	build/judicial --identity auditor audit consistency

# fabric-samples' test-network reproduced on native processes: Org1MSP,
# Org2MSP, one Raft orderer, channel mychannel, test-network's ports and
# organizations/ folder, in network/run-test-network
# (test-network-config/README.md). Not at the same time as network-up:
# they share ports.
TEST_NETWORK := JUDICIAL_LAYOUT=test-network $(NETWORK)
test-network-up: fabric-bin
	@$(TEST_NETWORK) up

test-network-down:
	@$(TEST_NETWORK) down

test-network-status:
	@$(TEST_NETWORK) status

test-network-clean:
	@$(TEST_NETWORK) clean

# Hyperledger Caliper 0.6.0 against the running network (make network-up
# first): npm ci from the committed lockfile, the network configuration
# generated from network/run/profile.json, then benchmarks/caliper/benchmark.yaml.
caliper:
	@benchmarks/caliper/run.sh

walkthrough: client
	@network/scripts/walkthrough.sh

demo: network-up walkthrough

# Everything: gofmt, go vet and shellcheck first, unit tests (with the
# fuzz targets' committed corpora), the integration tests on the real
# network, the fault suite, a peer joining from a snapshot, the
# integration subset on test-network's shape, and a short run of every
# fuzz target (make fuzz FUZZTIME=1m goes deeper).
test: lint unit-test integration-test test-faults test-snapshot test-on-test-network
	$(MAKE) fuzz FUZZTIME=2s

# Benchmarks run a few times each as part of the unit tests, so that one
# that no longer runs is caught; their figures come from docs/performance.md's
# commands, not from here.
unit-test:
	$(GO) test ./chaincode/... ./gateway-client/...
	@out=$$($(GO) test -run '^$$' -bench . -benchtime 3x ./chaincode/... ./gateway-client/... 2>&1) || { echo "$$out"; exit 1; }; \
	  echo "benchmarks: each ran 3 times"

bench:
	$(GO) test -run '^$$' -bench . ./chaincode/... ./gateway-client/...

# The portal's browser test drives Debian's Chromium.
test-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian package) for the portal's browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei; }

# Starts the network unless it is running, and stops what it started.
integration-test: fabric-bin test-deps
	$(GO) test -tags integration -count=1 -timeout 30m ./gateway-client/integration/...

# Node failures under load (docs/reliability.md): after the integration
# tests, on their network or one it starts; writes network/run/faults-report.md.
test-faults: fabric-bin
	$(GO) test -tags faults -count=1 -timeout 20m -v ./gateway-client/faults/...

# peer-from-snapshot on the running network, or on one it starts and
# stops: the snapshot-joined peer must agree with every other.
test-snapshot: fabric-bin client
	@started=0; $(NETWORK) status >/dev/null 2>&1 || { $(NETWORK) up && started=1; }; \
	  $(MAKE) peer-from-snapshot; rc=$$?; \
	  if [ $$started = 1 ]; then $(NETWORK) down; fi; exit $$rc

# A subset of the integration tests through test-network-config/profile.json
# unchanged, on the test-network layout (started and stopped unless running).
# A judicial network left running (make demo) is stopped while the layout
# holds the ports it shares, and started again after: its ledger is kept.
test-on-test-network: fabric-bin
	@judicial=0; if $(NETWORK) status >/dev/null 2>&1; then \
	  echo "stopping the judicial network while the test-network layout uses its ports; it is started again after"; \
	  $(NETWORK) down >/dev/null && judicial=1; fi; \
	$(GO) test -tags testnetwork -count=1 -timeout 15m -v ./gateway-client/integration/testnetwork/...; rc=$$?; \
	if [ $$judicial = 1 ]; then $(NETWORK) up >/dev/null || rc=1; fi; exit $$rc

# gofmt, go vet with every build tag the tests use (and the verifier's
# WebAssembly build), and shellcheck over the shell scripts: the .sh files
# outside what the network and npm write, the external builder's and CI's.
# .shellcheckrc lets it follow what a script sources.
SHELL_SCRIPTS = $(shell find . \( -path ./.git -o -path ./build -o -path './network/run*' -o -path ./network/bin -o -name node_modules \) -prune \
	-o -name '*.sh' -print | sort) $(wildcard network/builders/*/bin/*) .ci/run
lint: lint-deps
	@test -z "$$(gofmt -l chaincode gateway-client)" || { gofmt -l chaincode gateway-client; exit 1; }
	$(GO) vet -tags "integration faults testnetwork" ./...
	GOOS=js GOARCH=wasm $(GO) vet ./gateway-client/cmd/certificate-wasm
	shellcheck $(SHELL_SCRIPTS)

# shellcheck is Debian's package, installed as test-deps installs chromium.
lint-deps:
	@command -v shellcheck >/dev/null 2>&1 || { \
	  echo "installing shellcheck (Debian package) for make lint"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; }

# Runs every fuzz target for FUZZTIME (CI: make fuzz FUZZTIME=10s), one go
# test -fuzz each; network/scripts/fuzz.sh finds the targets with go test
# -list '^Fuzz' in ./chaincode/... and ./gateway-client/..., so none is
# listed here. docs/reliability.md says what each target checks.
FUZZTIME ?= 10s
.PHONY: fuzz
fuzz:
	@GO=$(GO) FUZZTIME=$(FUZZTIME) network/scripts/fuzz.sh
