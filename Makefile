# gavel: build, test, fuzz. See README.md.
CC ?= cc
CFLAGS ?= -O2 -g
SANITIZE ?=
PKGS = jansson libsodium
# lib/ has one folder per domain, layered: core <- auction, consensus <- slashing, challenge, lottery.
LIB_DOMAINS = core auction consensus slashing challenge lottery
LIB_INC = $(addprefix -Ilib/,$(LIB_DOMAINS))
STD = -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes $(LIB_INC) -Isolver -Iverify

ifneq ($(SANITIZE),)
BUILD ?= build/san
BIN ?= build/san/bin
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build/rel
BIN ?= bin
SANFLAGS =
endif

ALL_CFLAGS = $(STD) $(CFLAGS) $(SANFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS_VERIFY = -ljansson -lsodium -lgmp -lpthread
LIBS_SOLVE = -lglpk $(LIBS_VERIFY) -lm

LIB_SRC = $(sort $(foreach d,$(LIB_DOMAINS),$(wildcard lib/$(d)/*.c)))
LIB_HDR = $(foreach d,$(LIB_DOMAINS),$(wildcard lib/$(d)/*.h))
SOLVER_SRC = $(filter-out solver/main.c,$(sort $(wildcard solver/*.c)))
VERIFY_SRC = $(filter-out verify/main.c,$(sort $(wildcard verify/*.c)))
TEST_SRC = $(sort $(wildcard tests/*.c))
TOOL_SRC = $(sort $(wildcard scripts/*.c))

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
LIB_OBJ = $(call obj,$(LIB_SRC))
SOLVER_OBJ = $(call obj,$(SOLVER_SRC))
VERIFY_OBJ = $(call obj,$(VERIFY_SRC))
TEST_OBJ = $(call obj,$(TEST_SRC))

TOOLS = $(patsubst scripts/%.c,$(BIN)/%,$(TOOL_SRC))

.PHONY: all check test clean fuzz deps
.SECONDARY:
all: $(BIN)/gavel-solve $(BIN)/gavel-verify $(BIN)/gavel-cron $(BIN)/gavel-evidence $(TOOLS)

$(BUILD)/%.o: %.c $(LIB_HDR) $(wildcard solver/*.h verify/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BIN)/gavel-solve: $(BUILD)/solver/main.o $(SOLVER_OBJ) $(LIB_OBJ)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS_SOLVE)

# The auditor's tool never links GLPK or the solver: its check stays independent.
$(BIN)/gavel-verify: $(BUILD)/verify/main.o $(VERIFY_OBJ) $(LIB_OBJ)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS_VERIFY)

# The operator's job runs gavel-solve and gavel-verify as separate programs.
$(BIN)/gavel-cron: $(BUILD)/cron/main.o $(LIB_OBJ)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS_VERIFY)

# The evidence holder's tool: judges what it builds with gavel-verify's library code.
EVIDENCE_OBJ = $(call obj,$(sort $(wildcard evidence/*.c)))
$(EVIDENCE_OBJ): $(wildcard evidence/*.h)
$(BIN)/gavel-evidence: $(EVIDENCE_OBJ) $(LIB_OBJ)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS_VERIFY)

$(BIN)/%: $(BUILD)/scripts/%.o $(LIB_OBJ)
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS_VERIFY)

$(BUILD)/gavel-tests: $(TEST_OBJ) $(SOLVER_OBJ) $(VERIFY_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDFLAGS) -lcriterion $(LIBS_SOLVE)

# The whole suite: unit, cross-check and CLI tests (tests/*.c, Criterion).
check test: all $(BUILD)/gavel-tests
ifeq ($(SANITIZE),)
	GAVEL_BIN=$(abspath $(BIN)) GAVEL_ROOT=$(CURDIR) $(BUILD)/gavel-tests --jobs 2 $(TESTFLAGS)
else
# Criterion ignores a worker's exit status once it has reported (a leak
# found at exit, say): scan the log. The tools' reports change their exit.
	{ ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    GAVEL_BIN=$(abspath $(BIN)) GAVEL_ROOT=$(CURDIR) $(BUILD)/gavel-tests --jobs 2 $(TESTFLAGS) 2>&1; \
	    echo $$? > $(BUILD)/check.rc; } | tee $(BUILD)/check.log
	@test "$$(cat $(BUILD)/check.rc)" = 0
	@sh scripts/san-scan $(BUILD)/check.log
endif

deps:
	scripts/install-deps.sh

# libFuzzer targets (clang): one per parser and per gavel-verify check path.
FUZZ_SRC = $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN = $(patsubst fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
# the solver's own readers of untrusted files (no GLPK in them)
FUZZ_SOLVER_SRC = solver/warmstart.c
FUZZ_CFLAGS = -std=gnu11 -g -O1 $(LIB_INC) -Isolver -Iverify -Ifuzz/support -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
fuzz: $(FUZZ_BIN)
build/fuzz/%: fuzz/%.c fuzz/support/harness.c $(LIB_SRC) $(VERIFY_SRC) $(FUZZ_SOLVER_SRC) $(LIB_HDR) $(wildcard verify/*.h fuzz/support/*.h)
	@mkdir -p build/fuzz
	clang $(FUZZ_CFLAGS) -o $@ $< fuzz/support/harness.c $(LIB_SRC) $(VERIFY_SRC) $(FUZZ_SOLVER_SRC) $(LIBS_VERIFY)

clean:
	rm -rf build bin

include mk/install.mk
