# quire - the README's two commands: `make demo` and `make check`.
# Both install what is missing (apt-get, as root), then build with meson.

BUILD    ?= build
ASAN     ?= build-asan
TSAN     ?= build-tsan
FUZZ     ?= build-fuzz
OUT      ?= out
FUZZTIME ?= 60
# The fuzz targets `make fuzz` runs, one after the other, FUZZTIME
# seconds each: fuzz-parse (source to blocks, fast), fuzz-render (the
# whole pipeline to PDF, slow), fuzz-image (images and diagrams).
# FUZZERS=fuzz-parse runs one.
FUZZERS  ?= fuzz-parse fuzz-render fuzz-image
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
	libgif-dev zlib1g-dev libhyphen-dev hyphen-en-us hyphen-de hyphen-fr \
	librsvg2-dev libxml2-dev libwebp-dev libavif-dev libgraphviz-dev \
	libtomlplusplus-dev libdeflate-dev g++ \
	poppler-utils qpdf python3 python3-gi gir1.2-poppler-0.18 \
	python3-pikepdf colord-data \
	clang-14 libfuzzer-14-dev libclang-rt-14-dev valgrind \
	$(shell sed -n 's/^\([a-z0-9][-a-z0-9.+]*\).*/\1/p' fonts/packages.txt)

.PHONY: all deps demo check unit fuzz tsan bench clean

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
	ninja -C $(FUZZ) tests/fuzz/fuzz-parse tests/fuzz/fuzz-render \
		tests/fuzz/fuzz-image
	meson test -C $(FUZZ) --no-rebuild --print-errorlogs --suite fuzz

# ThreadSanitizer over the suites that run quire's threads: the drawing
# thread (every PDF: pdf, errors) and the booklet's read-ahead (booklet,
# and the unit test passes). QUIRE_THREADS=4 makes the threads even on one
# core. G_SLICE=always-malloc: GLib's slice allocator hands memory
# between threads through magazines TSan cannot see into, so Pango's
# attributes freed on one thread and reused on another look like races.
# tests/tsan.supp says why each library race is not one. Not in `check`:
# about 3 minutes on 2 busy cores.
tsan: deps
	@test -f $(TSAN)/build.ninja || meson setup $(TSAN) \
		-Db_sanitize=thread -Db_lundef=false
	ninja -C $(TSAN)
	export G_SLICE=always-malloc QUIRE_THREADS=4 \
	TSAN_OPTIONS=halt_on_error=1:exitcode=66:suppressions=$(CURDIR)/tests/tsan.supp; \
	meson test -C $(TSAN) --print-errorlogs --suite booklet --suite pdf \
		--suite errors && \
	meson test -C $(TSAN) --print-errorlogs passes

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

clean:
	rm -rf $(BUILD) $(ASAN) $(TSAN) $(FUZZ) $(OUT)
