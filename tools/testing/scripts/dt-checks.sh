#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dt-checks.sh REPO BUILD: device-tree schema checks with Debian unstable's
# dt-schema and yamllint (installed in build/sid-root by mksid.sh; bookworm's
# dt-schema is older than 6.12 needs), run through the chroot's loader:
#  - make dt_binding_check on our schemas (arm,scmi-virtio-device.yaml and
#    arm,scmi.yaml as our binding patch leaves it): the schemas against the
#    meta-schema, yamllint, their examples against the schemas. The
#    kernel's target never fails: any report naming them is a failure;
#  - dt-validate of every test DT: the default UML and arm64 DTs, and each
#    tools/testing/e2e/dts/*.dtsi fragment on its base (arm64-*: arm64,
#    others UML) as run-guest.sh --dts builds it. Nodes that are not ours
#    (QEMU's, virtio,uml) have reports of their own: only reports on SCMI
#    nodes count;
#  - the proof that the last check can fail: a fragment whose SCMI node has
#    a property no schema allows must be reported.
# Last line: "dt: N passed, N failed, N skipped".
set -uo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
root=$build/sid-root tools=$build/dt-tools out=$build/dt-check
pass=0 fail=0 skip=0
result() {
	if [ "$1" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "  FAIL $2"
		[ -n "${3:-}" ] && cut -c 1-300 "$3" | sed 's/^/    /' | head -30
	fi
}
finish() {
	echo "dt: $pass passed, $fail failed, $skip skipped"
	[ $fail = 0 ]
	exit
}

loader=$root/usr/lib64/ld-linux-x86-64.so.2
[ -x "$loader" ] || loader=$root/lib64/ld-linux-x86-64.so.2
if [ ! -x "$root/usr/bin/dt-validate" ] || [ ! -x "$root/usr/bin/yamllint" ] || [ ! -x "$loader" ]; then
	result 1 "dt-schema and yamllint from Debian unstable (build/sid-root, make sid)"
	finish
fi
# A fresh output directory (dtc finds includes next to a source first),
# but the kernel's objects of the last run.
find "$out" -mindepth 1 -maxdepth 1 ! -name kbuild -exec rm -rf {} + 2>/dev/null
mkdir -p "$tools/bin" "$out"
for t in dt-doc-validate dt-mk-schema dt-validate dt-extract-example yamllint; do
	cat > "$tools/bin/$t" <<EOT
#!/bin/sh
exec "$loader" --library-path "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu" \\
	"$root/usr/bin/python3" "$root/usr/bin/$t" "\$@"
EOT
	chmod +x "$tools/bin/$t"
done
echo "  dt-schema $("$tools/bin/dt-validate" --version 2>&1), yamllint $("$tools/bin/yamllint" --version 2>&1 | cut -d' ' -f2)"

ours="firmware/arm,scmi-virtio-device.yaml:firmware/arm,scmi.yaml"
PATH=$tools/bin:$PATH make -s -C "$build/linux" O="$out/kbuild" dt_binding_check \
	DT_SCHEMA_FILES="$ours" > "$out/binding.log" 2>&1
rc=$?
grep -E 'arm,scmi|virtio-device|Error|error:' "$out/binding.log" > "$out/binding.ours"
[ $rc = 0 ] && [ ! -s "$out/binding.ours" ] && [ -s "$out/kbuild/Documentation/devicetree/bindings/firmware/arm,scmi-virtio-device.example.dtb" ]
result $? "make dt_binding_check DT_SCHEMA_FILES=$ours: no report" "$out/binding.log"
schema=$out/kbuild/Documentation/devicetree/bindings/processed-schema.json

# validate NAME DTB: dt-validate, reports on SCMI nodes only.
validate() {
	"$tools/bin/dt-validate" -s "$schema" "$2" > "$out/$1.log" 2>&1
	grep -E ': (scmi|protocol@[0-9a-f]+)( \(|: )|\((virtio,device20|arm,scmi-virtio)\)' "$out/$1.log" > "$out/$1.ours"
	[ ! -s "$out/$1.ours" ]
}
if [ -f "$schema" ]; then
	for a in uml arm64; do
		case $a in
		uml) dtb=$build/dt/uml.dtb ;;
		arm64) dtb=$build/dt/arm64-virt.dtb ;;
		esac
		validate "default-$a" "$dtb"
		result $? "dt-validate the default $a DT (${dtb#"$build"/})" "$out/default-$a.ours"
	done
	for f in "$repo"/tools/testing/e2e/dts/*.dtsi; do
		n=$(basename "$f" .dtsi)
		case $n in
		arm64-scmi) continue ;; # part of the default arm64 DT
		scmi-node) continue ;; # included by the others
		arm64-*) a=arm64 ;;
		*) a=uml ;;
		esac
		if ! bash "$repo/tools/testing/scripts/mkguestdtb.sh" "$repo" "$build" "$a" "$f" "$out/$n" \
			/run/a.sock /run/b.sock > "$out/$n.log" 2>&1; then
			result 1 "$n.dtsi builds on the $a DT" "$out/$n.log"
			continue
		fi
		validate "$n" "$out/$n.dtb"
		result $? "dt-validate $n.dtsi on the $a DT" "$out/$n.ours"
	done
	# The proof: an SCMI node with a property no schema allows. (In a
	# directory of its own: dtc looks for includes next to the file first.)
	mkdir -p "$out/proof"
	sed 's/^#size-cells = <0>;$/#size-cells = <0>;\nvt,deliberately-wrong = <1>;/' \
		"$repo/tools/testing/e2e/dts/scmi-node.dtsi" > "$out/proof/scmi-node.dtsi"
	cp "$repo/tools/testing/e2e/dts/uml-two-scmi.dtsi" "$out/proof/broken.dtsi"
	bash "$repo/tools/testing/scripts/mkguestdtb.sh" "$repo" "$build" uml "$out/proof/broken.dtsi" \
		"$out/proof/broken" /run/a.sock /run/b.sock > "$out/broken.log" 2>&1 &&
		! validate broken "$out/proof/broken.dtb" && grep -q 'vt,deliberately-wrong' "$out/broken.ours"
	result $? "dt-validate reports a deliberately wrong SCMI node" "$out/broken.log"
else
	result 1 "processed-schema.json from dt_binding_check"
fi
finish
