# quire - the README's two commands: `make demo` and `make check`.
# Both install what is missing (apt-get, as root), then build with meson.

BUILD    ?= build
ASAN     ?= build-asan
FUZZ     ?= build-fuzz
OUT      ?= out
FUZZTIME ?= 60
# The fuzz targets `make fuzz` runs, one after the other, FUZZTIME
# seconds each: fuzz-parse (source to blocks, fast), fuzz-render (the
# whole pipeline to PDF, slow). FUZZERS=fuzz-parse runs one.
FUZZERS  ?= fuzz-parse fuzz-render
# The fuzz build: the whole pipeline instrumented for coverage and
# sanitized, the target linked with libFuzzer (tests/fuzz/meson.build).
FUZZSETUP = CC=clang-14 CXX=clang++-14 meson setup $(FUZZ) -Dfuzz=true \
	-Db_lundef=false -Db_sanitize=address,undefined \
	-Dc_args=-fsanitize=fuzzer-no-link -Dcpp_args=-fsanitize=fuzzer-no-link

# Debian 12 packages: the toolchain, the libraries, the test tools, and
# the fonts that fonts/fonts.conf names.
PACKAGES = gcc make meson ninja-build pkg-config \
	libcairo2-dev libpango1.0-dev libcmark-gfm-dev \
	libcmark-gfm-extensions-dev libyaml-dev libpng-dev libjpeg-dev \
	libgif-dev libhyphen-dev libtomlplusplus-dev g++ hyphen-en-us hyphen-de hyphen-fr \
	poppler-utils qpdf python3 python3-gi gir1.2-poppler-0.18 \
	clang-14 libfuzzer-14-dev libclang-rt-14-dev valgrind \
	$(shell sed -n 's/^\([a-z0-9][-a-z0-9.+]*\).*/\1/p' fonts/packages.txt)

.PHONY: all deps demo check unit fuzz bench clean format

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD)

deps:
	@missing=$$(for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
		echo "missing packages; run as root:"; \
		echo "  apt-get install -y" $$missing; exit 1; \
	fi

demo: deps all
	@mkdir -p $(OUT)
	@for f in samples/*.md; do \
		o=$(OUT)/$$(basename $$f .md).pdf; \
		$(BUILD)/quire "$$f" -o "$$o" && echo "wrote $$o" || exit 1; \
	done
	$(BUILD)/quire samples -o $(OUT)/archive.pdf && echo "wrote $(OUT)/archive.pdf"

check: deps all
	meson test -C $(BUILD) --print-errorlogs
	@test -f $(ASAN)/build.ninja || meson setup $(ASAN) \
		-Db_sanitize=address,undefined -Db_lundef=false
	ninja -C $(ASAN)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		meson test -C $(ASAN) --print-errorlogs --no-suite slow
	@test -f $(FUZZ)/build.ninja || $(FUZZSETUP)
	ninja -C $(FUZZ) tests/fuzz/fuzz-parse tests/fuzz/fuzz-render
	meson test -C $(FUZZ) --no-rebuild --print-errorlogs --suite fuzz

fuzz: deps
	@test -f $(FUZZ)/build.ninja || $(FUZZSETUP)
	ninja -C $(FUZZ) $(FUZZERS:%=tests/fuzz/%)
	for f in $(FUZZERS); do \
		FUZZ_SECONDS=$(FUZZTIME) tests/fuzz/run-fuzz \
			$(FUZZ)/tests/fuzz/$$f $(FUZZ)/$$f-corpus \
			tests/fuzz/seeds samples || exit 1; \
	done

bench: deps all
	BUILD=$(BUILD) bench/run

format:
	clang-format -i src/*.[ch] src/*/*.[ch] tests/unit/*.c

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ) $(OUT)
