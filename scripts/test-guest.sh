#!/usr/bin/env bash
# A tiny bootable guest for console tests, built only from Debian packages:
#   scripts/test-guest.sh build DIR
# writes DIR/vmlinuz (Debian's kernel) and DIR/initrd.img (a gzipped cpio with
# busybox-static and an /init). The guest prints a banner to its VGA screen and serial
# port, then echoes every line typed on the VGA console's keyboard to both as
# `typed: <line>`, forever. Boot it with `console=tty0 console=ttyS0` (the last console=
# is /dev/console); apps/bff/src/hosts/libvirt/testing/guest.ts does.
# Idempotent: DIR/inputs records the package versions and this script's hash; a DIR
# built from the same inputs is left alone. Prints nothing on stdout, progress on stderr.
#
# The kernel and busybox .deb files are fetched with `apt-get download` and unpacked
# into a temporary directory instead of being installed: installing linux-image-amd64
# would run initramfs hooks and put a kernel in this machine's /boot for nothing.
# Debian's kernel has what the guest needs built in (checked below): 8250 serial
# console, i8042 + AT keyboard (the PS/2 keyboard QEMU gives VNC/SPICE clients), the VGA
# text console, devtmpfs and gzip initrds. No modules go into the initrd, so no DRM
# driver takes the QXL card out of VGA text mode and the screen stays readable.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

BANNER='CORRAL TEST GUEST READY'

usage() {
  echo "usage: $0 build DIR" >&2
  exit 2
}

apt_lists_fresh() {
  [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]
}

candidate() { apt-cache policy "$1" | awk '/Candidate:/ { print $2 }'; }

# The init the guest runs as PID 1. /dev/console is the last console= (ttyS0); the VGA
# screen is tty1, the virtual terminal the keyboard types into.
init_script() {
  cat <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
say() {
  echo "\$1" > /dev/tty1
  echo "\$1" > /dev/ttyS0
}
say '$BANNER'
say 'type a line on the VGA keyboard; it is echoed here as: typed: <line>'
# read returns non-zero on EOF (ctrl-D); reopen the terminal and carry on: PID 1 must
# never exit (the kernel would panic).
while true; do
  while IFS= read -r line; do
    say "typed: \$line"
  done < /dev/tty1
  sleep 1
done
EOF
}

build() {
  local dir=$1
  bash "$here/apt-install.sh" cpio >&2
  if ! apt_lists_fresh; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -q >&2
    elif [ -z "$(candidate busybox-static)" ]; then
      echo "test-guest.sh: apt lists are missing and refreshing them needs root" >&2
      exit 1
    fi
  fi

  # linux-image-amd64 is a metapackage; the kernel itself is the package it depends on.
  local kpkg kver bver
  kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ { print $2; exit }')
  [ -n "$kpkg" ] || {
    echo "test-guest.sh: no kernel package behind linux-image-amd64" >&2
    exit 1
  }
  kver=$(candidate "$kpkg")
  bver=$(candidate busybox-static)
  local inputs
  inputs="$kpkg=$kver busybox-static=$bver script=$(sha256sum "$0" | cut -d' ' -f1)"
  if [ -f "$dir/vmlinuz" ] && [ -f "$dir/initrd.img" ] && [ "$(cat "$dir/inputs" 2>/dev/null)" = "$inputs" ]; then
    return 0
  fi

  # Global, not local: the EXIT trap runs after build() has returned.
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "test-guest.sh: building from $inputs" >&2
  # apt's sandbox user must be able to write the download directory.
  chmod 0777 "$tmp"
  (cd "$tmp" && apt-get download -q "$kpkg=$kver" "busybox-static=$bver" >&2)

  # Only /boot of the kernel package: its modules are ~400 MB the guest doesn't use.
  mkdir "$tmp/kernel" "$tmp/busybox"
  dpkg-deb --fsys-tarfile "$tmp"/linux-image-*.deb | tar -x -C "$tmp/kernel" ./boot
  dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/busybox"
  local config
  config=$(echo "$tmp"/kernel/boot/config-*)
  for opt in SERIAL_8250 SERIAL_8250_CONSOLE SERIO_I8042 KEYBOARD_ATKBD VT VT_CONSOLE \
    VGA_CONSOLE DEVTMPFS BLK_DEV_INITRD RD_GZIP; do
    grep -qx "CONFIG_$opt=y" "$config" || {
      echo "test-guest.sh: $kpkg lacks CONFIG_$opt=y; the test guest needs it built in" >&2
      exit 1
    }
  done

  local root=$tmp/root
  mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev"
  cp "$tmp/busybox/bin/busybox" "$root/bin/busybox"
  init_script >"$root/init"
  chmod 0755 "$root/init"
  # The kernel needs /dev/console before devtmpfs is mounted to give init its stdio.
  mknod -m 0600 "$root/dev/console" c 5 1 2>/dev/null || true

  mkdir -p "$dir"
  (cd "$root" && find . -print0 | cpio --null -o -H newc --quiet --owner=0:0) |
    gzip -9 >"$tmp/initrd.img"
  install -m 0644 "$tmp"/kernel/boot/vmlinuz-* "$dir/vmlinuz"
  install -m 0644 "$tmp/initrd.img" "$dir/initrd.img"
  echo "$inputs" >"$dir/inputs"
  chmod 0755 "$dir"
}

[ $# -eq 2 ] && [ "$1" = build ] || usage
build "$2"
