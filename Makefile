# The judicial chaincode suite on a local multi-org Fabric network.
#   make demo        bring the network up, deploy the chaincode, run the walkthrough
#   make test        unit tests, then integration tests against the real network
SHELL := /bin/bash
GO ?= go
NETWORK := network/scripts/network.sh

.PHONY: all fabric-bin client network-up network-down network-status network-clean \
	chaincode-upgrade demo walkthrough test unit-test integration-test test-deps lint

all: fabric-bin client

# Builds peer, orderer, configtxgen, osnadmin and the CA binaries into
# network/bin unless they are there; FABRIC_BIN=/path uses release binaries.
fabric-bin:
	@network/scripts/build-fabric.sh

client:
	@mkdir -p build
	$(GO) build -o build/judicial ./gateway-client/cmd/judicial

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

walkthrough: client
	@network/scripts/walkthrough.sh

demo: network-up walkthrough

test: unit-test integration-test

unit-test:
	$(GO) test ./chaincode/... ./gateway-client/...

# The portal's browser test drives Debian's Chromium.
test-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian package) for the portal's browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei; }

# Starts the network unless it is running, and stops what it started.
integration-test: fabric-bin test-deps
	$(GO) test -tags integration -count=1 -timeout 30m ./gateway-client/integration/...

lint:
	@test -z "$$(gofmt -l chaincode gateway-client)" || { gofmt -l chaincode gateway-client; exit 1; }
	$(GO) vet ./...
