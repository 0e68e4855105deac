# SPDX-License-Identifier: GPL-2.0
# The arm64 test machine, shared by the DTB dump and the guest runner: the
# dumped DTB is only valid for the same machine options.
# Guest memory is a shared memfd so vhost-user backends can map it. The
# machine version is pinned: Debian unstable's QEMU (virtio-rtc runs) boots
# the same machine, so the DTB dumped with QEMU 10 fits it too.
# Two vCPUs: races between a driver's senders and its virtqueue callbacks
# only show on an SMP guest. 1 GiB: KASAN keeps an eighth as shadow.
QEMU_MACHINE_ARGS=(
	-M virt-10.0 -cpu cortex-a57 -smp 2 -m 1G
	-object memory-backend-memfd,id=mem,size=1G,share=on
	-machine memory-backend=mem
	-nographic -no-reboot -nic none
)
# x86_64 (run-guest.sh --arch x86_64, Debian's own kernels): q35, TCG
# (no KVM here), two vCPUs, the same shared memfd for vhost-user.
QEMU_X86_64_ARGS=(
	-M q35 -cpu max -smp 2 -m 1G
	-object memory-backend-memfd,id=mem,size=1G,share=on
	-machine memory-backend=mem
	-nographic -no-reboot -nic none
)
