#!/bin/sh
# Installs the Debian 12 packages the firmware image, its VM test and the
# arm64 cross-build need (make firmware, make firmware-test, make ARCH=arm64,
# make test-arm64). GRUB's PC and UEFI images are made on the build machine
# from grub-pc-bin and grub-efi-amd64-bin (which, unlike grub-pc and
# grub-efi-amd64, leave the machine's own boot loader alone); the VM boots
# them with OVMF and SeaBIOS. Separate from tools/deps.sh: `make test` needs none of
# these. Only what is missing is installed.
set -eu
PKGS="mmdebstrap debian-archive-keyring qemu-system-x86 qemu-system-arm qemu-utils qemu-user-static binfmt-support
dosfstools mtools e2fsprogs fdisk kmod arch-test python3 python3-pil tesseract-ocr tesseract-ocr-eng
tesseract-ocr-ara tesseract-ocr-hin tesseract-ocr-chi-sim
grub-common grub-pc-bin grub-efi-amd64-bin ovmf seabios rauc squashfs-tools openssl
gcc-aarch64-linux-gnu libc6-dev-arm64-cross pkg-config"
# The arm64 libraries the kiosk and its unit tests link against. Debian 12's
# -dev packages are Multi-Arch: same, so they co-install with the amd64 ones.
ARM64_PKGS="libsdl2-dev:arm64 libsdl2-ttf-dev:arm64 libsdl2-image-dev:arm64 libmd4c-dev:arm64
libinih-dev:arm64 libzip-dev:arm64 libexpat1-dev:arm64 libfontconfig-dev:arm64 libsystemd-dev:arm64 libsodium-dev:arm64 libsqlite3-dev:arm64 libpng-dev:arm64 libjpeg-dev:arm64
libwebp-dev:arm64 libgif-dev:arm64 libcmocka-dev:arm64
libharfbuzz-dev:arm64 libfreetype-dev:arm64 libfribidi-dev:arm64 libhyphen-dev:arm64
libespeak-ng-dev:arm64 libdrm-dev:arm64"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$SUDO dpkg --add-architecture arm64
fi
# Debian 12's libunibreak is not multi-arch (it lives in /usr/lib), so its
# arm64 build cannot be installed beside the amd64 one: the two packages
# are unpacked into a folder of their own that `make ARCH=arm64` links
# against. The image installs libunibreak1 itself.
UNIBREAK_ARM64="build/arm64-unibreak"
if [ ! -f "$UNIBREAK_ARM64/usr/lib/libunibreak.so.1" ]; then
	tmp=$(mktemp -d)
	# On a fresh machine the arm64 package lists are not fetched yet.
	(cd "$tmp" && apt-get download libunibreak1:arm64 libunibreak-dev:arm64) ||
		{ $SUDO apt-get update -qq &&
			(cd "$tmp" && apt-get download libunibreak1:arm64 libunibreak-dev:arm64); }
	mkdir -p "$UNIBREAK_ARM64"
	for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$UNIBREAK_ARM64"; done
	rm -rf "$tmp"
fi
# Each for its architecture: an arm64 -dev package installed does not
# stand for the amd64 one of the same name, nor the other way round.
native=$(dpkg --print-architecture)
missing=""
for p in $PKGS $ARM64_PKGS; do
	case $p in *:*) want="${p#*:}" ;; *) want="$native|all" ;; esac
	dpkg-query -W -f='${Status} ${Architecture}\n' "$p" 2>/dev/null |
		grep -Eq "^install ok installed ($want)\$" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
