# Developer entry points. Every recipe that needs the database gets its
# connection settings from scripts/dev-db.sh, evaluated in the same shell line:
# it uses DATABASE_URL when already set, else a PostgreSQL on 127.0.0.1:5432,
# else a private cluster under .data/.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

GO           ?= go
BIN          := bin/nmrf
DEV_DB       := scripts/dev-db.sh
BROWSER_DIR  := tools/browser
TEST_TIMEOUT ?= 30m
TEST_FLAGS   ?=

# `dbenv=$(...) && eval` rather than `eval "$(...)"`: the assignment carries
# the script's exit status, so a failed provisioning stops the recipe.
DB_ENV = dbenv="$$($(DEV_DB))" && eval "$$dbenv"

.PHONY: build run test generate lint db

build:
	$(GO) build -o $(BIN) ./cmd/nmrf

run: build
	$(DB_ENV) && \
	$(BIN) migrate up && \
	$(BIN) demo && \
	exec $(BIN) serve

test:
	$(DB_ENV) && \
	if command -v npm >/dev/null 2>&1; then \
		if [[ ! -d $(BROWSER_DIR)/node_modules || $(BROWSER_DIR)/package-lock.json -nt $(BROWSER_DIR)/node_modules ]]; then \
			echo "installing $(BROWSER_DIR) dependencies"; \
			npm ci --prefix $(BROWSER_DIR) --no-audit --no-fund && touch $(BROWSER_DIR)/node_modules; \
		fi; \
	else \
		echo "warning: npm not found; $(BROWSER_DIR)/node_modules (axe-core) is not installed" >&2; \
	fi && \
	$(GO) test -count=1 -p 2 -timeout $(TEST_TIMEOUT) $(TEST_FLAGS) ./...

generate:
	$(GO) tool templ generate

lint:
	@echo "gofmt -l ."; \
	unformatted="$$(gofmt -l .)"; \
	if [[ -n "$$unformatted" ]]; then \
		echo "these files need gofmt:" >&2; echo "$$unformatted" >&2; exit 1; \
	fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

db:
	@$(DB_ENV) && printf '%s\n' "$$dbenv"
