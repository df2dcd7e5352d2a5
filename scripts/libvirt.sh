#!/usr/bin/env bash
# libvirtd + QEMU on this machine, for the libvirt host driver's tests and local hosts.
#   scripts/libvirt.sh start   install (if missing) and start virtlogd + libvirtd
#   scripts/libvirt.sh stop    stop the daemons this script would start
#   scripts/libvirt.sh status  exit 0 when `virsh -c qemu:///system` answers
# Idempotent; prints nothing on stdout, errors on stderr. With systemd the daemons are
# its business (we only start the socket units); without it (containers, CI) we run
# them ourselves. No libvirt network is needed: the driver maps logical networks to
# user-mode NICs unless a libvirt network or a bridge of that name exists.
set -euo pipefail
URI=qemu:///system
here=$(dirname "$0")

# The daemons write /run/<name>.pid when started with -d.
running() { [ -s "/run/$1.pid" ] && kill -0 "$(cat "/run/$1.pid")" 2>/dev/null; }

answering() { virsh -q -c "$URI" version >/dev/null 2>&1; }

# Without udev nobody applies the kvm device rule (root:kvm 0660), and libvirt's QEMU
# (user libvirt-qemu, group kvm) can't open /dev/kvm. libvirt then flips between "KVM"
# and "no KVM" on every capabilities lookup and re-probes QEMU each time (≈30 s per
# domain start). Apply the rule udev would have.
kvm_device() {
  [ -c /dev/kvm ] || return 0
  getent group kvm >/dev/null || return 0
  if [ "$(stat -c %G /dev/kvm)" != kvm ] || [ $((0$(stat -c %a /dev/kvm) & 060)) -ne 48 ]; then
    chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
  fi
}

start() {
  # A no-op when all are installed. ipxe-qemu (only recommended) holds the NIC option
  # ROMs QEMU refuses to start a virtio/e1000 NIC without; iproute2 is what libvirt's
  # network driver uses for bridges; procps gives the host suite `ps`.
  bash "$here/apt-install.sh" libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients \
    qemu-system-x86 qemu-utils ipxe-qemu iproute2 procps >&2
  [ "$(id -u)" = 0 ] && kvm_device
  answering && return 0
  if [ -d /run/systemd/system ]; then
    systemctl start virtlogd.socket libvirtd.socket libvirtd.service >&2
  else
    mkdir -p /run/libvirt
    running virtlogd || virtlogd -d
    running libvirtd || libvirtd -d
  fi
  for _ in $(seq 1 60); do
    answering && return 0
    sleep 0.5
  done
  echo "libvirt.sh: libvirtd does not answer on $URI after 30 s" >&2
  virsh -c "$URI" version >&2 || true
  return 1
}

stop() {
  if [ -d /run/systemd/system ]; then
    systemctl stop libvirtd.service >&2 || true
    return 0
  fi
  for d in libvirtd virtlogd; do
    running "$d" && kill "$(cat "/run/$d.pid")"
  done
  return 0
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) answering ;;
*)
  echo "usage: $0 start|stop|status" >&2
  exit 2
  ;;
esac
