#!/bin/bash
# Makes a signed software update bundle (RAUC, plain format) from the root
# file system the last `make firmware` built:
#
#   firmware/make-bundle.sh [ROOT_EXT4 [VERSION [OUT]]]   (make firmware-update-bundle)
#
# ROOT_EXT4   build/firmware/amd64/root.ext4 by default
# VERSION     the root's own (its /etc/kiosk-release) by default; another
#             is written into a copy of the root first, so that the bundle
#             and the software in it always say the same
# OUT         build/firmware/amd64/kiosk-update-VERSION.raucb by default
#
# Signed with UPDATE_KEY and UPDATE_CERT (build-image.sh: this tree's key
# unless given), the certificate in the image's keyring. The kiosk installs
# it from a stick's kiosk/update folder or from DATA/inbox/update.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
OUT_DIR=$TOP/build/firmware/amd64
ROOT_EXT4=${1:-$OUT_DIR/root.ext4}
UPDATE_KEYS=$TOP/build/firmware/update-keys
UPDATE_KEY=${UPDATE_KEY:-$UPDATE_KEYS/update.key.pem}
UPDATE_CERT=${UPDATE_CERT:-$UPDATE_KEYS/update.cert.pem}
log() { printf 'make-bundle: %s\n' "$*" >&2; }

for f in "$ROOT_EXT4" "$UPDATE_KEY" "$UPDATE_CERT"; do
	if [ ! -f "$f" ]; then
		log "$f is missing: run make firmware first"
		exit 1
	fi
done
release=$(debugfs -R "cat /etc/kiosk-release" "$ROOT_EXT4" 2>/dev/null)
compatible=$(printf '%s\n' "$release" | sed -n 's/^COMPATIBLE=//p')
version=${2:-$(printf '%s\n' "$release" | sed -n 's/^VERSION=//p')}
if ! [[ "$version" =~ ^[0-9A-Za-z.+~_-]{1,40}$ ]] || [ -z "$compatible" ]; then
	log "no usable VERSION ('$version') or COMPATIBLE in $ROOT_EXT4's /etc/kiosk-release"
	exit 1
fi
OUT=${3:-$OUT_DIR/kiosk-update-$version.raucb}

work=$(mktemp -d "$OUT_DIR/bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/content"
cp --sparse=always "$ROOT_EXT4" "$work/content/root.ext4"
if [ "$version" != "$(printf '%s\n' "$release" | sed -n 's/^VERSION=//p')" ]; then
	printf 'VERSION=%s\nCOMPATIBLE=%s\n' "$version" "$compatible" >"$work/kiosk-release"
	debugfs -w -R "rm /etc/kiosk-release" "$work/content/root.ext4" >/dev/null 2>&1
	debugfs -w -f - "$work/content/root.ext4" >/dev/null 2>&1 <<CMDS
write $work/kiosk-release /etc/kiosk-release
sif /etc/kiosk-release mode 0100644
sif /etc/kiosk-release uid 0
sif /etc/kiosk-release gid 0
CMDS
	got=$(debugfs -R "cat /etc/kiosk-release" "$work/content/root.ext4" 2>/dev/null)
	if [ "$got" != "$(cat "$work/kiosk-release")" ]; then
		log "could not write the version into the root's copy"
		exit 1
	fi
fi
cat >"$work/content/manifest.raucm" <<MANIFEST
[update]
compatible=$compatible
version=$version

[bundle]
format=plain

[image.rootfs]
filename=root.ext4
MANIFEST
rm -f "$OUT"
# zstd: quick to unpack on a small board.
rauc bundle --cert="$UPDATE_CERT" --key="$UPDATE_KEY" \
	--mksquashfs-args="-comp zstd -Xcompression-level 6 -no-progress -quiet" \
	"$work/content" "$OUT" >&2
log "$OUT: version $version for $compatible, $(du -h "$OUT" | cut -f1)"
echo "$OUT"
