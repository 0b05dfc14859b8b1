# install.mk: make install / uninstall / lib, included by the Makefile (README.md, "Install").
#
#   make install PREFIX=/usr/local DESTDIR=/tmp/stage
#   make uninstall PREFIX=/usr/local DESTDIR=/tmp/stage
#
# Installs the tools of $(BIN), their man pages, libgavel.a (everything in
# lib/, the verifier's library: no solver, no GLPK), its headers into
# include/gavel/ and gavel.pc, so that a program in another language can
# link the verifier (docs/API.md). With SANITIZE set it installs that build,
# and gavel.pc asks for the same sanitizers at link time.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/gavel
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

GV_RELEASE = $(shell sed -n 's/^\#define GV_VERSION "\(.*\)"/\1/p' lib/core/version.h)
INSTALL_BIN = $(BIN)/gavel-solve $(BIN)/gavel-verify $(BIN)/gavel-cron $(BIN)/gavel-evidence $(TOOLS)
MAN_PAGES = $(sort $(wildcard man/*.[1-8]))
INSTALL_DOC = docs/API.md docs/verify-allocation.c
INSTALL_FORMATS = $(sort $(wildcard formats/*.md formats/*.schema.json))

.PHONY: lib install uninstall

lib: $(BUILD)/libgavel.a

$(BUILD)/libgavel.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

install: all $(BUILD)/libgavel.a
	install -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(LIBDIR)' \
	    '$(DESTDIR)$(PKGCONFIGDIR)' '$(DESTDIR)$(INCLUDEDIR)/gavel' \
	    '$(DESTDIR)$(MANDIR)/man1' '$(DESTDIR)$(MANDIR)/man5' \
	    '$(DESTDIR)$(DOCDIR)/formats'
	install -m 755 $(INSTALL_BIN) '$(DESTDIR)$(BINDIR)'
	install -m 644 $(BUILD)/libgavel.a '$(DESTDIR)$(LIBDIR)'
	{ echo 'prefix=$(PREFIX)'; \
	  echo 'libdir=$(LIBDIR)'; \
	  echo 'includedir=$(INCLUDEDIR)'; \
	  echo; \
	  echo 'Name: gavel'; \
	  echo "Description: gavel's verifier: bid sets, allocations, quorum certificates, inclusion proofs, slashing evidence"; \
	  echo 'Version: $(GV_RELEASE)'; \
	  echo 'Requires: jansson libsodium gmp'; \
	  echo 'Cflags: -I$${includedir}'; \
	  echo 'Libs: -L$${libdir} -lgavel -lpthread $(SANFLAGS)'; \
	} > '$(DESTDIR)$(PKGCONFIGDIR)/gavel.pc'
	chmod 644 '$(DESTDIR)$(PKGCONFIGDIR)/gavel.pc'
	install -m 644 $(LIB_HDR) '$(DESTDIR)$(INCLUDEDIR)/gavel'
	for p in $(MAN_PAGES); do \
	    s=$${p##*.}; install -d "$(DESTDIR)$(MANDIR)/man$$s" && \
	    install -m 644 "$$p" "$(DESTDIR)$(MANDIR)/man$$s" || exit 1; \
	done
	install -m 644 $(INSTALL_DOC) '$(DESTDIR)$(DOCDIR)'
	install -m 644 $(INSTALL_FORMATS) '$(DESTDIR)$(DOCDIR)/formats'

uninstall:
	rm -f $(addprefix '$(DESTDIR)$(BINDIR)'/,$(notdir $(INSTALL_BIN)))
	rm -f '$(DESTDIR)$(LIBDIR)/libgavel.a' '$(DESTDIR)$(PKGCONFIGDIR)/gavel.pc'
	rm -f $(addprefix '$(DESTDIR)$(INCLUDEDIR)/gavel'/,$(notdir $(LIB_HDR)))
	for p in $(MAN_PAGES); do \
	    rm -f "$(DESTDIR)$(MANDIR)/man$${p##*.}/$${p##*/}"; done
	rm -f $(addprefix '$(DESTDIR)$(DOCDIR)'/,$(notdir $(INSTALL_DOC)))
	rm -f $(addprefix '$(DESTDIR)$(DOCDIR)/formats'/,$(notdir $(INSTALL_FORMATS)))
	-rmdir '$(DESTDIR)$(INCLUDEDIR)/gavel' '$(DESTDIR)$(DOCDIR)/formats' \
	    '$(DESTDIR)$(DOCDIR)' 2>/dev/null
