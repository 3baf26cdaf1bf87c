#!/bin/sh
# Installs the Debian 12 packages the kiosk needs to build, run and test.
# Only what is missing is installed; nothing happens when all are present.
set -eu
PKGS="build-essential pkg-config libsdl2-dev libsdl2-image-dev
libmd4c-dev libinih-dev libzip-dev libexpat1-dev libfontconfig-dev libsystemd-dev libcmocka-dev fonts-dejavu-core fonts-dejavu-extra
libfreetype-dev libharfbuzz-dev libfribidi-dev libunibreak-dev libhyphen-dev hyphen-de hyphen-nl hyphen-pl
fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
tesseract-ocr-ara tesseract-ocr-heb tesseract-ocr-chi-sim tesseract-ocr-jpn tesseract-ocr-hin
tesseract-ocr-tha tesseract-ocr-vie tesseract-ocr-deu
gettext clang-format python3 python3-pil python3-cryptography tesseract-ocr tesseract-ocr-eng xvfb xdotool x11-utils imagemagick
libsodium-dev libsqlite3-dev sqlite3 libpng-dev libjpeg-dev libwebp-dev libgif-dev libespeak-ng-dev libdrm-dev dosfstools mtools fusefat fuse pandoc python3-docx"
# Installed for this machine's architecture (or for all): the arm64 -dev
# packages of tools/deps-firmware.sh share these names.
native=$(dpkg --print-architecture)
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status} ${Architecture}\n' "$p" 2>/dev/null |
		grep -Eq "^install ok installed ($native|all)\$" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
