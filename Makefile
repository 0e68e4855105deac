# SPDX-License-Identifier: GPL-2.0
#
# virtio SCMI transport and virtio-rtc for Linux 6.12: build, run and test.
# `make help` lists the targets. Everything is built under build/.

REPO	:= $(abspath .)
BUILD	:= $(REPO)/build
SCRIPTS	:= $(REPO)/tools/testing/scripts
E2E	:= $(REPO)/tools/testing/e2e
TREE	:= $(BUILD)/linux
# One compile job more than CPUs: a job waiting for the disk leaves no CPU
# idle.
JOBS	?= $(shell echo $$(($$(nproc) + 1)))
ARCH	?= um
CROSS	:= aarch64-linux-gnu-

CONFIGS		:= $(REPO)/tools/testing/configs
# Test kernels carry the debug options (debug*.config); the benchmark
# kernels (build/uml-bench, build/arm64-bench) are the same without them.
BASE_UML_FRAGS	:= $(REPO)/Kconfig.fragment $(CONFIGS)/uml.config $(CONFIGS)/test.config
BASE_ARM64_FRAGS := $(REPO)/Kconfig.fragment $(CONFIGS)/arm64.config $(CONFIGS)/test.config
BENCH_UML_FRAGS	:= $(BASE_UML_FRAGS) $(CONFIGS)/bench.config
BENCH_ARM64_FRAGS := $(BASE_ARM64_FRAGS) $(CONFIGS)/bench.config
UML_FRAGS	:= $(BASE_UML_FRAGS) $(CONFIGS)/debug.config
ARM64_FRAGS	:= $(BASE_ARM64_FRAGS) $(CONFIGS)/debug.config $(CONFIGS)/debug-arm64.config
BUILTIN_FRAGS	:= $(ARM64_FRAGS) $(CONFIGS)/builtin.config
X86_64_FRAGS	:= $(REPO)/Kconfig.fragment $(CONFIGS)/x86_64.config $(CONFIGS)/test.config \
		   $(CONFIGS)/debug.config $(CONFIGS)/debug-x86_64.config

KMAKE_UML	= $(MAKE) -s -C $(TREE) ARCH=um O=$(BUILD)/uml -j$(JOBS)
KMAKE_ARM64	= $(MAKE) -s -C $(TREE) ARCH=arm64 CROSS_COMPILE=$(CROSS) O=$(BUILD)/arm64 -j$(JOBS)
KMAKE_BUILTIN	= $(MAKE) -s -C $(TREE) ARCH=arm64 CROSS_COMPILE=$(CROSS) O=$(BUILD)/arm64-builtin -j$(JOBS)
KMAKE_X86_64	= $(MAKE) -s -C $(TREE) ARCH=x86_64 O=$(BUILD)/x86_64 -j$(JOBS)
KMAKE_UML_BENCH	= $(MAKE) -s -C $(TREE) ARCH=um O=$(BUILD)/uml-bench -j$(JOBS)
KMAKE_ARM64_BENCH = $(MAKE) -s -C $(TREE) ARCH=arm64 CROSS_COMPILE=$(CROSS) O=$(BUILD)/arm64-bench -j$(JOBS)

.PHONY: help console deps prepare uml arm64 arm64-builtin x86_64 uml-bench arm64-bench vdev dtbs arm64-root sid kunit kunit-uml kunit-arm64 \
	static unit e2e e2e-uml e2e-uml-full e2e-arm64 e2e-arm64-full check run series series-check modules clean distclean \
	rtc-tools bench-rtc bench-scmi kconfig-matrix stress fuzz fuzz-backend deb dkms-check e2e-debian \
	kunit-x86_64 e2e-x86_64

help:
	@echo 'Main jobs (each installs missing packages first; run as root on Debian 12):'
	@echo '  make run          boot the UML guest with the reference devices and show what they provide'
	@echo '  make run ARCH=arm64   the same on an arm64 QEMU virt machine'
	@echo '  make run ARCH=x86_64  the same on an x86_64 QEMU q35 machine (virtio-rtc)'
	@echo '  make console [ARCH=arm64]   the same guest on this terminal, then a shell'
	@echo '  make check        every test stage; ends with "N passed, N failed"'
	@echo 'Pieces:'
	@echo '  make deps         install the Debian packages (idempotent)'
	@echo '  make prepare      build/linux: pristine 6.12 + our files + hook patches'
	@echo '  make uml | arm64  build a test kernel (build/uml, build/arm64)'
	@echo '  make arm64-builtin   arm64 kernel with our drivers built in (build/arm64-builtin)'
	@echo '  make x86_64      x86_64 test kernel (build/x86_64)'
	@echo '  make uml-bench | arm64-bench   the same kernels without debug options, for benchmarks'
	@echo '  make vdev         build the vhost-user backend (build/vdev/vdev)'
	@echo '  make arm64-root   the arm64 guest root from Debian arm64 packages (build/arm64-root)'
	@echo '  make sid          Debian unstable chroot with QEMU 11 for virtio-rtc (build/qemu-sid)'
	@echo '  make unit         host unit tests of the backend'
	@echo '  make kunit-uml | kunit-arm64   KUnit suites via tools/testing/kunit/kunit.py'
	@echo '  make kunit-x86_64 | e2e-x86_64   the x86_64 leg: KUnit (TSC cross-timestamps) and end-to-end (not in make check)'
	@echo '  make static       checkpatch --strict, sparse (C=1), W=1 on our sources'
	@echo '  make e2e-uml | e2e-arm64       end-to-end guest tests (as make check runs them)'
	@echo '  make e2e-uml-full    also the in-tree SCMI transport under every SCMI script'
	@echo '  make e2e-arm64-full  every arm64 run, also those UML already covers (long)'
	@echo '  make rtc-tools    testptp, rtctest, vtclock for the guests (host and static arm64)'
	@echo '  make bench-rtc [ARCH=arm64] [BOOTS=N]   PHC reads and chrony, polled vs interrupt path (not a test);'
	@echo '                   N boots alternate the order of the chrony phases'
	@echo '  make bench-scmi [ARCH=arm64]   our SCMI transport vs the in-tree one (not a test)'
	@echo '  make stress [STRESS_SECS=N]   long stress campaign of both drivers (default 600 s per configuration)'
	@echo '  make kconfig-matrix   every y/m/n combination of our options and their dependencies builds (x86_64, long)'
	@echo '  make fuzz [FUZZ_TARGET=N] [FUZZ_ARCH=uml|arm64] [FUZZ_RUN_SECS=S] [FUZZ_MAX_SECS=S]   reply fuzzer campaign: N mutated replies per device model per arch (default 10^6, long)'
	@echo '  make fuzz-backend [FUZZ_ITERS=N] [FUZZ_SEED=N]   driver-side fuzzer of the backend under ASan+UBSan (10^6 iterations per model, long)'
	@echo '  make deb          the DKMS package build/deb/virtio-scmi-rtc-dkms_V_all.deb (tools/dkms/)'
	@echo '  make dkms-check [DEBIAN=trixie|bookworm] [DEBARCH=amd64|arm64]   install it in Debian 13 (or 12 + backports) with'
	@echo '                   Debian'"'"'s cloud kernel: DKMS builds the modules'
	@echo '  make e2e-debian [DEBIAN=...] [DEBARCH=...]   boot that Debian kernel (x86_64 or arm64 QEMU) with the DKMS-built modules, test them'
	@echo '  make series       git format-patch series against v6.12 in build/series/'
	@echo '  make series-check the same, then build the UML kernel after every patch'
	@echo '  make modules KDIR=/path/to/configured/6.12   out-of-tree build of our drivers'
	@echo '  make clean        remove build outputs but keep the unpacked kernel'
	@echo '  make distclean    remove build/ entirely'

deps:
	@bash $(SCRIPTS)/install-deps.sh

prepare: deps
	@bash $(SCRIPTS)/prepare-tree.sh $(REPO) $(BUILD)

uml: prepare
	@bash $(SCRIPTS)/mkconfig.sh $(TREE) $(BUILD)/uml um "" -- $(UML_FRAGS)
	@echo '  BUILD   UML kernel (build/uml)'
	@$(KMAKE_UML) linux modules
	@rm -rf $(BUILD)/uml-mods && $(KMAKE_UML) INSTALL_MOD_PATH=$(BUILD)/uml-mods modules_install

arm64: prepare
	@bash $(SCRIPTS)/mkconfig.sh $(TREE) $(BUILD)/arm64 arm64 $(CROSS) -- $(ARM64_FRAGS)
	@echo '  BUILD   arm64 kernel (build/arm64)'
	@$(KMAKE_ARM64) Image modules
	@rm -rf $(BUILD)/arm64-mods && $(KMAKE_ARM64) INSTALL_MOD_PATH=$(BUILD)/arm64-mods modules_install

# A fresh build/arm64-builtin starts as a copy of a built build/arm64: its
# configuration differs only in our options, so kbuild rebuilds only what
# depends on them (about a minute instead of a full kernel build).
arm64-builtin: prepare
	@if [ ! -e $(BUILD)/arm64-builtin/.config ] && [ -e $(BUILD)/arm64/vmlinux ]; then \
		rm -rf $(BUILD)/arm64-builtin && cp -a $(BUILD)/arm64 $(BUILD)/arm64-builtin && \
		rm -f $(BUILD)/arm64-builtin/.vt-fragments; fi
	@bash $(SCRIPTS)/mkconfig.sh $(TREE) $(BUILD)/arm64-builtin arm64 $(CROSS) -- $(BUILTIN_FRAGS)
	@echo '  BUILD   arm64 kernel, drivers built in (build/arm64-builtin)'
	@$(KMAKE_BUILTIN) Image modules
	@rm -rf $(BUILD)/arm64-builtin-mods && $(KMAKE_BUILTIN) INSTALL_MOD_PATH=$(BUILD)/arm64-builtin-mods modules_install

x86_64: prepare
	@bash $(SCRIPTS)/mkconfig.sh $(TREE) $(BUILD)/x86_64 x86_64 "" -- $(X86_64_FRAGS)
	@echo '  BUILD   x86_64 kernel (build/x86_64)'
	@$(KMAKE_X86_64) bzImage modules
	@rm -rf $(BUILD)/x86_64-mods && $(KMAKE_X86_64) INSTALL_MOD_PATH=$(BUILD)/x86_64-mods modules_install

uml-bench: prepare
	@bash $(SCRIPTS)/mkconfig.sh $(TREE) $(BUILD)/uml-bench um "" -- $(BENCH_UML_FRAGS)
	@echo '  BUILD   UML benchmark kernel, no debug options (build/uml-bench)'
	@$(KMAKE_UML_BENCH) linux modules
	@rm -rf $(BUILD)/uml-bench-mods && $(KMAKE_UML_BENCH) INSTALL_MOD_PATH=$(BUILD)/uml-bench-mods modules_install

arm64-bench: prepare
	@bash $(SCRIPTS)/mkconfig.sh $(TREE) $(BUILD)/arm64-bench arm64 $(CROSS) -- $(BENCH_ARM64_FRAGS)
	@echo '  BUILD   arm64 benchmark kernel, no debug options (build/arm64-bench)'
	@$(KMAKE_ARM64_BENCH) Image modules
	@rm -rf $(BUILD)/arm64-bench-mods && $(KMAKE_ARM64_BENCH) INSTALL_MOD_PATH=$(BUILD)/arm64-bench-mods modules_install

vdev:
	@$(MAKE) -s -C $(REPO)/tools/testing/vdev O=$(BUILD)/vdev

dtbs: deps
	@bash $(SCRIPTS)/mkdtbs.sh $(REPO) $(BUILD)

arm64-root: deps
	@bash $(SCRIPTS)/mkarm64root.sh $(REPO) $(BUILD)

sid: deps
	@bash $(SCRIPTS)/mksid.sh $(REPO) $(BUILD)

rtc-tools: prepare
	@bash $(SCRIPTS)/build-rtc-tools.sh $(REPO) $(BUILD) all

bench-rtc: vdev dtbs
ifeq ($(ARCH),arm64)
	@$(MAKE) -s arm64-bench arm64-root sid
	@VT_ARCH=arm64 VT_VARIANT=arm64-bench bash $(REPO)/tools/testing/bench/rtc-bench.sh 10000 60 $(BOOTS)
else
	@$(MAKE) -s uml-bench
	@VT_VARIANT=uml-bench bash $(REPO)/tools/testing/bench/rtc-bench.sh 10000 60 $(BOOTS)
endif

bench-scmi: vdev dtbs
ifeq ($(ARCH),arm64)
	@$(MAKE) -s arm64-bench arm64-root
	@VT_ARCH=arm64 VT_VARIANT=arm64-bench sh $(REPO)/tools/testing/bench/scmi-bench.sh
else
	@$(MAKE) -s uml-bench
	@VT_VARIANT=uml-bench sh $(REPO)/tools/testing/bench/scmi-bench.sh
endif

unit:
	@$(MAKE) -s -C $(REPO)/tools/testing/vdev O=$(BUILD)/vdev test

kunit: kunit-uml kunit-arm64

kunit-uml: prepare
	@bash $(SCRIPTS)/kunit.sh $(REPO) $(BUILD) um

kunit-arm64: prepare
	@bash $(SCRIPTS)/kunit.sh $(REPO) $(BUILD) arm64

# x86_64 KUnit runs in Debian unstable's qemu-system-x86_64 (make sid).
kunit-x86_64: prepare sid
	@bash $(SCRIPTS)/kunit.sh $(REPO) $(BUILD) x86_64

static: prepare
	@bash $(SCRIPTS)/static-checks.sh $(REPO) $(BUILD)

e2e: e2e-uml e2e-arm64

e2e-uml: uml vdev dtbs rtc-tools
	@bash $(E2E)/suite.sh uml

# Without Debian unstable's QEMU the virtio-rtc runs are reported as
# skipped, by name: a failed `make sid` does not stop the others.
SID_OR_SKIP = @bash $(SCRIPTS)/mksid.sh $(REPO) $(BUILD) || \
	echo 'make: no Debian unstable QEMU (build/qemu-sid); no virtio-rtc on arm64'

e2e-uml-full: uml vdev dtbs rtc-tools
	@VT_E2E_FULL=1 bash $(E2E)/suite.sh uml

e2e-arm64: arm64 arm64-builtin arm64-root vdev dtbs rtc-tools
	$(SID_OR_SKIP)
	@bash $(E2E)/suite.sh arm64

e2e-x86_64: x86_64 vdev rtc-tools sid
	@bash $(E2E)/suite.sh x86_64

e2e-arm64-full: arm64 arm64-builtin arm64-root vdev dtbs rtc-tools
	$(SID_OR_SKIP)
	@VT_E2E_FULL=1 bash $(E2E)/suite.sh arm64

check: deps
	@bash $(SCRIPTS)/check.sh

run console: deps
ifeq ($(ARCH),arm64)
	@$(MAKE) -s arm64 arm64-root vdev dtbs
	$(SID_OR_SKIP)
else ifeq ($(ARCH),x86_64)
	@$(MAKE) -s x86_64 vdev sid
else
	@$(MAKE) -s uml vdev dtbs
endif
	@bash $(E2E)/show.sh $(if $(filter arm64 x86_64,$(ARCH)),$(ARCH),uml) $(if $(filter console,$@),--console)

stress: uml arm64 arm64-builtin arm64-root vdev dtbs rtc-tools
	$(SID_OR_SKIP)
	@bash $(E2E)/stress.sh $(if $(STRESS_SECS),--secs $(STRESS_SECS))

fuzz: uml arm64 arm64-root vdev dtbs rtc-tools
	$(SID_OR_SKIP)
	@bash $(E2E)/fuzz.sh $(if $(FUZZ_TARGET),--target $(FUZZ_TARGET)) $(if $(FUZZ_ARCH),--arch $(FUZZ_ARCH)) \
		$(if $(FUZZ_RUN_SECS),--run-secs $(FUZZ_RUN_SECS)) $(if $(FUZZ_MAX_SECS),--max-secs $(FUZZ_MAX_SECS)) \
		$(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) $(if $(FUZZ_JOBS),--jobs $(FUZZ_JOBS))

kconfig-matrix: prepare
	@bash $(SCRIPTS)/kconfig-matrix.sh $(REPO) $(BUILD) full

fuzz-backend:
	@$(MAKE) -s -C $(REPO)/tools/testing/vdev FUZZ_O=$(BUILD)/vdev-fuzz fuzz

deb:
	@bash $(REPO)/tools/dkms/mkdeb.sh $(REPO) $(BUILD)

# DEBIAN=trixie (Debian 13, default) or bookworm (Debian 12 with
# bookworm-backports' 6.12 kernel).
DEBIAN	?= trixie
# make bench-rtc BOOTS=N: guests in a row (the chrony phases' order alternates).
BOOTS	?= 1

# DEBARCH=amd64 (default) or arm64 (a foreign root: made and used through
# qemu-user-static, which mkdebroot.sh installs; DKMS builds under it).
DEBARCH	?= amd64

dkms-check: deps deb
	@bash $(SCRIPTS)/mkdebroot.sh $(REPO) $(BUILD) $(DEBIAN) $(DEBARCH)
	@bash $(SCRIPTS)/dkms-check.sh $(REPO) $(BUILD) $(DEBIAN) $(DEBARCH)

e2e-debian: dkms-check vdev rtc-tools sid dtbs
	@bash $(SCRIPTS)/mkdebimage.sh $(REPO) $(BUILD) $(DEBIAN) $(DEBARCH)
ifeq ($(DEBARCH),arm64)
	@bash $(E2E)/run-guest.sh --arch arm64 --qemu $(BUILD)/qemu-sid --name debian-$(DEBIAN)-arm64 \
		--debian $(BUILD)/debimage-$(DEBIAN)-arm64.img --timeout 900 \
		--script $(E2E)/tests/debian-kernel.sh --dev rtc --qdev virtio-rtc-pci \
		--dev "scmi:--config $(E2E)/scmi/test.conf" \
		--param tools=$(BUILD)/rtc-tools/arm64 --param scmi_tools=$(BUILD)/scmi-tools/arm64
else
	@bash $(E2E)/run-guest.sh --arch x86_64 --name debian-$(DEBIAN)-amd64 --debian $(BUILD)/debimage-$(DEBIAN)-amd64.img \
		--script $(E2E)/tests/debian-kernel.sh --dev rtc --qdev virtio-rtc-pci
endif

series: prepare
	@bash $(SCRIPTS)/mkseries.sh $(REPO) $(BUILD)

series-check: uml
	@bash $(SCRIPTS)/mkseries.sh $(REPO) $(BUILD) --build-each

modules:
	@test -n "$(KDIR)" || { echo 'usage: make modules KDIR=/path/to/configured/6.12/tree' >&2; exit 2; }
	@bash $(SCRIPTS)/oot-modules.sh $(REPO) $(BUILD) $(KDIR)

clean:
	rm -rf $(BUILD)/uml $(BUILD)/arm64 $(BUILD)/arm64-builtin $(BUILD)/x86_64 $(BUILD)/*-bench $(BUILD)/vdev $(BUILD)/runs $(BUILD)/series \
		$(BUILD)/kunit-* $(BUILD)/dt $(BUILD)/*-mods $(BUILD)/arm64-root* $(BUILD)/sid-root* $(BUILD)/qemu-sid* \
		$(BUILD)/rtc-tools $(BUILD)/scmi-tools $(BUILD)/bench

distclean:
	rm -rf $(BUILD)
