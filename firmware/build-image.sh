#!/bin/bash
# Builds the kiosk firmware: a Debian 12 (bookworm) disk image that boots
# straight into the kiosk.
#
#   firmware/build-image.sh [amd64|arm64]      (make firmware [ARCH=arm64])
#
# Output in build/firmware/ARCH/:
#   disk.img     amd64: a GPT disk a PC starts from, with UEFI or a legacy
#                BIOS: 1 bios-boot (GRUB's core for a BIOS), 2 kiosk-efi (the
#                EFI system partition: GRUB for UEFI, grub.cfg), 3 kiosk-root
#                (ext4, mounted read-only), 4 kiosk-data (ext4, /var/lib/kiosk,
#                the content; grown to the end of the medium on first boot)
#                arm64: an MBR disk with a first partition, kiosk-boot (FAT32),
#                holding what a Raspberry Pi 4 (or 3) starts from
#                (raspi-firmware), then kiosk-root and kiosk-data.
#   vmlinuz, initrd.img, cmdline.txt   the kernel, initrd and command line
#                (on arm64 the VM test boots these the way a Pi's firmware does)
#
# The root is made with mmdebstrap --variant=minbase and turned into file
# systems with mkfs.ext4 -d and mtools, and GRUB is laid into the disk by
# grub-mkimage and grub-bios-embed.py, so no loop device, mount or root
# privilege beyond mmdebstrap's own is needed (another architecture also
# needs qemu-user-static registered with binfmt_misc, which is done here).
# Downloaded packages are kept in build/firmware/debs; an image whose inputs
# (this recipe, firmware/, the kiosk binary and content) are unchanged is
# not rebuilt (FORCE=1 rebuilds).
set -euo pipefail

ARCH=${1:-${ARCH:-amd64}}
# MUST_MODULES: display, watchdog, touch and sound drivers the image must
# keep (HD Audio: PCs and QEMU's intel-hda; USB: loudspeakers on a USB port).
case "$ARCH" in
amd64)
	KERNEL_PKG=linux-image-amd64 TRIPLET=x86_64-linux-gnu
	# loop and squashfs: RAUC opens an update bundle through them.
	MUST_MODULES="virtio-gpu i915 amdgpu i6300esb iTCO_wdt snd-hda-intel snd-hda-codec-generic snd-usb-audio loop squashfs"
	;;
arm64)
	KERNEL_PKG=linux-image-arm64 TRIPLET=aarch64-linux-gnu
	MUST_MODULES="virtio-gpu vc4 v3d bcm2835_wdt snd-usb-audio"
	;;
*)
	echo "build-image: unknown architecture $ARCH (amd64 or arm64)" >&2
	exit 2
	;;
esac

cd "$(dirname "$0")/.."
TOP=$PWD
FW=$TOP/firmware
OUT=$TOP/build/firmware/$ARCH
DEBS=$TOP/build/firmware/debs/$ARCH
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
DATA_MB=${DATA_MB:-1024}
# amd64: each of the two software slots' partitions. The root file system
# written into one (by the image or by an update) is its files and 15 %
# (about 860 MiB today); the rest is room for later software to grow into,
# since a slot's size is fixed once the image is written.
SLOT_MB=${SLOT_MB:-1280}
# The software's version: /etc/kiosk-release on the root, the version of
# the update bundles made from it (make firmware-update-bundle). Updates
# only ever go to a later one (dpkg's ordering), so a date by default.
FIRMWARE_VERSION=${FIRMWARE_VERSION:-$(date -u +%Y.%m.%d.%H%M%S)}
COMPATIBLE=kiosk-$ARCH
# The key update bundles are signed with and its certificate, the image's
# keyring (/etc/rauc/keyring.pem). Without UPDATE_KEY and UPDATE_CERT, a
# key made once for this build tree (build/firmware/update-keys): a clinic
# or vendor keeps its own key and passes it here.
UPDATE_KEYS=$TOP/build/firmware/update-keys
UPDATE_KEY=${UPDATE_KEY:-$UPDATE_KEYS/update.key.pem}
UPDATE_CERT=${UPDATE_CERT:-$UPDATE_KEYS/update.cert.pem}
KERNEL_ARGS="ro rootwait quiet loglevel=3 vt.global_cursor_default=0 consoleblank=0 sysctl.kernel.sysrq=0 panic=10"

log() { printf 'build-image: %s\n' "$*" >&2; }
start=$(date +%s)
mkdir -p "$OUT" "$DEBS"

# ---- another architecture's programs --------------------------------------
# mmdebstrap runs the image's maintainer scripts (and the customize step its
# useradd, systemctl and passwd) in a chroot, so on another architecture the
# kernel must hand that architecture's binaries to qemu-user-static through
# binfmt_misc, with the F flag: the interpreter is opened once here and
# need not exist inside the chroot.
foreign_arch_ready() {
	local qarch entry bm=/proc/sys/fs/binfmt_misc
	case "$ARCH" in
	arm64) qarch=aarch64 ;;
	amd64) qarch=x86_64 ;;
	esac
	entry=$bm/qemu-$qarch
	if [ "$(id -u)" -ne 0 ]; then
		log "building for $ARCH on $(dpkg --print-architecture) needs root (binfmt_misc, chroot)"
		return 1
	fi
	if [ ! -e "$bm/register" ]; then
		log "mounting binfmt_misc on $bm"
		if ! mount -t binfmt_misc binfmt_misc "$bm"; then
			log "cannot mount binfmt_misc (in a container, the host must mount it and register qemu-$qarch with the F flag)"
			return 1
		fi
	fi
	if [ ! -x "/usr/bin/qemu-$qarch-static" ]; then
		log "/usr/bin/qemu-$qarch-static is missing (apt-get install qemu-user-static)"
		return 1
	fi
	if [ ! -e "$entry" ] || ! grep -qx enabled "$entry"; then
		log "registering qemu-$qarch with binfmt_misc"
		if command -v update-binfmts >/dev/null && [ -e "/usr/share/binfmts/qemu-$qarch" ]; then
			update-binfmts --enable "qemu-$qarch" >&2 || true
		fi
	fi
	if [ ! -e "$entry" ]; then
		# Without binfmt-support: qemu-user-static's own magic and mask.
		local magic mask
		magic=$(sed -n 's/^magic //p' "/usr/share/binfmts/qemu-$qarch" 2>/dev/null)
		mask=$(sed -n 's/^mask //p' "/usr/share/binfmts/qemu-$qarch" 2>/dev/null)
		if [ -n "$magic" ] && [ -n "$mask" ]; then
			printf ':qemu-%s:M::%s:%s:/usr/bin/qemu-%s-static:FP\n' \
				"$qarch" "$magic" "$mask" "$qarch" >"$bm/register" || true
		fi
	fi
	if [ ! -e "$entry" ] || ! grep -qx enabled "$entry"; then
		log "qemu-$qarch is not registered with binfmt_misc (apt-get install binfmt-support qemu-user-static)"
		return 1
	fi
	if ! grep -q '^flags: .*F' "$entry"; then
		log "qemu-$qarch is registered without the F flag; re-register it: update-binfmts --disable qemu-$qarch && update-binfmts --enable qemu-$qarch"
		return 1
	fi
}
if [ "$ARCH" != "$(dpkg --print-architecture)" ]; then
	foreign_arch_ready || exit 1
fi

# ---- the kiosk, built for the image's prefix --------------------------------
# Its own object folder: the built-in content is looked up in
# $(PREFIX)/share/kiosk, compiled in, so /usr objects never mix with the
# /usr/local ones of `make`.
STAGE=$OUT/kiosk-install
rm -rf "$STAGE"
if [ "$ARCH" = amd64 ]; then
	make -s BUILD="$OUT/obj" PREFIX=/usr DESTDIR="$STAGE" install >&2
else
	make -s ARCH=arm64 BUILD="$OUT/obj" PREFIX=/usr DESTDIR="$STAGE" install >&2
fi
KIOSK_BIN=$STAGE/usr/bin/kiosk

# The kiosk's run-time libraries, found from its ELF NEEDED entries and the
# packages that ship them here (the build machine is Debian 12 too).
needed_packages() {
	local lib path pkg
	for lib in $(LC_ALL=C readelf -d "$KIOSK_BIN" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		case "$lib" in
		libc.so.* | libm.so.* | ld-linux*) continue ;;
		libunibreak.so.*)
			# Debian 12's libunibreak is not multi-arch: /usr/lib holds
			# the build machine's own, and the arm64 build links a copy
			# unpacked beside the tree (tools/deps-firmware.sh).
			echo libunibreak1
			continue
			;;
		esac
		path=""
		for d in /lib/$TRIPLET /usr/lib/$TRIPLET; do
			[ -e "$d/$lib" ] && path="$d/$lib" && break
		done
		if [ -z "$path" ]; then
			log "cannot find $lib for $ARCH (run tools/deps-firmware.sh)"
			exit 1
		fi
		pkg=$(dpkg -S "$path" 2>/dev/null | head -n1 | cut -d: -f1)
		if [ -z "$pkg" ]; then
			pkg=$(dpkg -S "$(readlink -f "$path")" | head -n1 | cut -d: -f1)
		fi
		echo "$pkg"
	done | sort -u
}
LIB_PKGS=$(needed_packages | tr '\n' ',')

# ---- fonts and hyphenation dictionaries ------------------------------------
# FIRMWARE_FONTS names the scripts the image can show, words joined by "+"
# (or commas or spaces); each costs the image what firmware/README.md lists:
#   latin       DejaVu Sans, the kiosk's own font, always carried: Latin
#               (Vietnamese too), Greek, Cyrillic, Armenian, Georgian, Arabic
#               (Arabic, Persian, Kurdish, Uyghur), Hebrew
#   SCRIPT      Noto Sans SCRIPT from fonts-noto-core, regular and bold, for
#               what DejaVu lacks: devanagari, thai, bengali, tamil, ethiopic,
#               arabic (Urdu, Pashto), hebrew, ... (any NotoSans*-Regular.ttf)
#   scripts     every script of fonts-noto-core's Noto Sans
#   cjk         Noto Sans CJK (Chinese, Japanese, Korean), regular only: the
#               kiosk draws its bold from it (platform/display/shape.c)
#   emoji       Noto Color Emoji
#   default     latin+arabic+hebrew+devanagari+thai+cjk+emoji
#   all         latin+scripts+cjk+emoji
# Each font package is installed whole and what the setting leaves out is
# deleted before the root's file system is made; fontconfig's cache is then
# made for what stays.
FIRMWARE_FONTS=${FIRMWARE_FONTS:-default}
FONT_WORDS=""
for w in $(echo "$FIRMWARE_FONTS" | tr '+,A-Z' '  a-z'); do
	case "$w" in
	default) FONT_WORDS="$FONT_WORDS latin arabic hebrew devanagari thai cjk emoji" ;;
	all) FONT_WORDS="$FONT_WORDS latin scripts cjk emoji" ;;
	*[!a-z0-9]*)
		log "FIRMWARE_FONTS: '$w' is not a script name (letters and digits only)"
		exit 2
		;;
	*) FONT_WORDS="$FONT_WORDS $w" ;;
	esac
done
FONT_WORDS=$(echo latin $FONT_WORDS | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ')
FONT_PKGS="fonts-dejavu-core,fonts-dejavu-extra,fontconfig"
for w in $FONT_WORDS; do
	case "$w" in
	latin) ;;
	cjk) FONT_PKGS="$FONT_PKGS,fonts-noto-cjk" ;;
	emoji) FONT_PKGS="$FONT_PKGS,fonts-noto-color-emoji" ;;
	*) FONT_PKGS="$FONT_PKGS,fonts-noto-core" ;;
	esac
done
# FIRMWARE_HYPHEN: the languages whose long words are hyphenated (Debian's
# hyphen-LANG dictionaries, a few hundred KiB each); by default those of the
# kiosk's own interface that Debian has one for, and Dutch. English is left
# out: its words rarely need it.
FIRMWARE_HYPHEN=${FIRMWARE_HYPHEN:-de es fr nl pl pt-br pt-pt uk}
HYPHEN_LANGS=$(echo "$FIRMWARE_HYPHEN" | tr '+,A-Z' '  a-z')
HYPHEN_PKGS=""
for l in $HYPHEN_LANGS; do
	HYPHEN_PKGS="$HYPHEN_PKGS,hyphen-$l"
done
# FIRMWARE_VOICES: the languages topics are read aloud in (espeak-ng's
# voices; voices-keep.py deletes the others' dictionaries, 7.8 MB of the
# 11.8 MB espeak-ng-data). By default those the kiosk has catalogues for
# (po/LINGUAS); English is always kept. "all" keeps every voice.
FIRMWARE_VOICES=${FIRMWARE_VOICES:-$(cat "$TOP/po/LINGUAS")}
VOICE_LANGS=$(echo "$FIRMWARE_VOICES" | tr '+,A-Z' '  a-z')
for l in $VOICE_LANGS; do
	case "$l" in
	*[!a-z]*)
		log "FIRMWARE_VOICES: '$l' is not a language (letters only: de, zh, ...)"
		exit 2
		;;
	esac
done

# Reading aloud: espeak-ng (the kiosk opens it with dlopen, so no NEEDED
# entry names it), its voices (FIRMWARE_VOICES), ALSA's library and
# configuration, which SDL plays through (also opened with dlopen), and
# alsa-utils for alsactl: a sound card's mixer starts muted, and udev's
# rule runs `alsactl restore`, which with no saved state sets the card's
# default levels (alsactl init). Its test sounds are left out.
PKGS="systemd,systemd-sysv,udev,kmod,$KERNEL_PKG,initramfs-tools,zstd,
$FONT_PKGS$HYPHEN_PKGS,
libgl1-mesa-dri,libgbm1,libegl1,libegl-mesa0,libgles2,
libespeak-ng1,espeak-ng-data,libasound2,libasound2-data,alsa-utils,
dbus,polkitd,
${LIB_PKGS}"
if [ "$ARCH" = arm64 ]; then
	# What a Raspberry Pi's boot ROM starts from, and its GPU firmware.
	PKGS="$PKGS,raspi-firmware"
else
	# Software updates into the other slot (RAUC reads a bundle's
	# manifest with unsquashfs).
	PKGS="$PKGS,rauc,rauc-service,squashfs-tools"
fi
PKGS=$(echo "$PKGS" | tr -d ' \n' | sed 's/,,*/,/g; s/,$//')

# ---- the update signing key ----------------------------------------------------
if [ "$ARCH" = amd64 ] && [ ! -f "$UPDATE_CERT" ]; then
	if [ "$UPDATE_CERT" != "$UPDATE_KEYS/update.cert.pem" ]; then
		log "UPDATE_CERT: $UPDATE_CERT does not exist"
		exit 2
	fi
	log "making this tree's update signing key in $UPDATE_KEYS"
	mkdir -p "$UPDATE_KEYS"
	(umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -days 36500 \
		-subj "/O=Clinic kiosk/CN=Kiosk software updates ($(hostname))" \
		-keyout "$UPDATE_KEY" -out "$UPDATE_CERT" 2>/dev/null)
fi

# ---- skip when nothing changed ----------------------------------------------
inputs_hash() {
	{
		echo "$ARCH $MIRROR $DATA_MB $KERNEL_ARGS $PKGS $FONT_WORDS $VOICE_LANGS"
		sha256sum "$FW/build-image.sh" "$FW/kiosk.service" "$FW/kiosk-data.service" "$FW/99-kiosk-usb.rules" \
			"$FW/kiosk.conf" "$FW/test-console.service" "$FW/test-plain-boot.service" \
			"$FW/kiosk-export" "$FW/kiosk-export.socket" "$FW/kiosk-export@.service" \
			"$FW/grub-bios-embed.py" "$FW/grub.cfg.in" "$FW/fonts-keep.py" "$FW/voices-keep.py" \
			"$FW/kiosk-slots" "$FW/kiosk-slots.service" "$FW/kiosk-trial.service" \
			"$FW/kiosk-update" "$FW/kiosk-update.socket" "$FW/kiosk-update@.service"
		[ "$ARCH" != amd64 ] || cat "$UPDATE_CERT"
		[ "$ARCH" != amd64 ] || (cd "$FW/rootfs-amd64" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
		(cd "$FW/rootfs" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
		(cd "$STAGE" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
	} | sha256sum | cut -d' ' -f1
}
HASH=$(inputs_hash)
if [ -z "${FORCE:-}" ] && [ -f "$OUT/disk.img" ] && [ "$(cat "$OUT/inputs.sha256" 2>/dev/null)" = "$HASH" ]; then
	log "$OUT/disk.img is up to date"
	exit 0
fi
rm -f "$OUT/inputs.sha256"

# ---- the root file system -----------------------------------------------------
ROOT=$OUT/root
rm -rf "$ROOT"
COMPONENTS=main
[ "$ARCH" = arm64 ] && COMPONENTS="main non-free-firmware"

# Runs inside mmdebstrap's customize phase with the root as $1.
cat >"$OUT/customize.sh" <<EOF
#!/bin/sh
set -eu
R=\$1
cp -a "$STAGE/." "\$R/"
cp -a "$FW/rootfs/." "\$R/"
install -D -m 644 "$FW/kiosk.service" "\$R/usr/lib/systemd/system/kiosk.service"
install -D -m 644 "$FW/kiosk-data.service" "\$R/usr/lib/systemd/system/kiosk-data.service"
install -D -m 644 "$FW/test-console.service" "\$R/usr/lib/systemd/system/kiosk-test-console.service"
install -D -m 644 "$FW/test-plain-boot.service" "\$R/usr/lib/systemd/system/kiosk-test-plain-boot.service"
# amd64: the data partition grows to the end of the disk (systemd-repart
# works on GPT only; the Pi's disk is an MBR).
[ "$ARCH" != amd64 ] || cp -a "$FW/rootfs-amd64/." "\$R/"
install -D -m 644 "$FW/99-kiosk-usb.rules" "\$R/etc/udev/rules.d/99-kiosk-usb.rules"
install -D -m 644 "$FW/kiosk.conf" "\$R/etc/kiosk/kiosk.conf"
# The one writer to a stick: the usage figures, through a root helper the
# kiosk asks on a socket (firmware/kiosk-export).
install -D -m 755 "$FW/kiosk-export" "\$R/usr/lib/kiosk/kiosk-export"
install -D -m 644 "$FW/kiosk-export.socket" "\$R/usr/lib/systemd/system/kiosk-export.socket"
install -D -m 644 "$FW/kiosk-export@.service" "\$R/usr/lib/systemd/system/kiosk-export@.service"
# amd64: software updates. RAUC's configuration is written at each boot
# (kiosk-slots: the slots on the disk started from); the keyring is the
# certificate update bundles must be signed with.
if [ "$ARCH" = amd64 ]; then
	install -D -m 755 "$FW/kiosk-slots" "\$R/usr/lib/kiosk/kiosk-slots"
	install -D -m 755 "$FW/kiosk-update" "\$R/usr/lib/kiosk/kiosk-update"
	for u in kiosk-slots.service kiosk-trial.service kiosk-update.socket kiosk-update@.service; do
		install -D -m 644 "$FW/\$u" "\$R/usr/lib/systemd/system/\$u"
	done
	install -D -m 644 "$UPDATE_CERT" "\$R/etc/rauc/keyring.pem"
	ln -sf /run/rauc/system.conf "\$R/etc/rauc/system.conf"
	chroot "\$R" systemctl enable kiosk-slots.service kiosk-trial.service kiosk-update.socket
fi
printf 'VERSION=%s\nCOMPATIBLE=%s\n' "$FIRMWARE_VERSION" "$COMPATIBLE" >"\$R/etc/kiosk-release"
# Mount points must exist beforehand: nothing can create them on a
# read-only root.
mkdir -p "\$R/media/usb" "\$R/var/lib/kiosk"
chroot "\$R" useradd --system --user-group --no-create-home --home-dir /var/lib/kiosk \
	--shell /usr/sbin/nologin --groups video,render,input,audio kiosk
chroot "\$R" systemctl enable kiosk.service kiosk-export.socket kiosk-test-console.service \
	kiosk-test-plain-boot.service
chroot "\$R" systemctl set-default multi-user.target
# No login anywhere, no key that reboots, no session manager to ask.
chroot "\$R" systemctl mask getty@.service serial-getty@.service console-getty.service \
	getty.target autovt@.service ctrl-alt-del.target systemd-logind.service \
	systemd-random-seed.service e2scrub_all.timer e2scrub_reap.service fstrim.timer \
	apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer systemd-firstboot.service \
	systemd-tmpfiles-clean.timer 2>/dev/null
# No root password and no shell for anyone who could get one.
chroot "\$R" passwd --lock root >/dev/null
chroot "\$R" usermod --shell /usr/sbin/nologin root
# One machine id per image; a read-only root cannot write one at boot.
tr -dc 0-9a-f </dev/urandom | head -c 32 >"\$R/etc/machine-id"
echo >>"\$R/etc/machine-id"
echo kiosk >"\$R/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 kiosk\n' >"\$R/etc/hosts"
# Kernel modules for hardware a kiosk never has (network cards, radios,
# TV tuners, cluster and network file systems). Whatever then lacks a
# symbol goes too, and the modules the kiosk relies on must all remain.
KVER=\$(basename "\$(ls -d "\$R"/lib/modules/* | sort -V | tail -n1)")
K="\$R/lib/modules/\$KVER/kernel"
rm -rf "\$K/drivers/net/wireless" "\$K/drivers/net/ethernet" "\$K/drivers/net/can" \
	"\$K/drivers/net/wwan" "\$K/drivers/net/ieee802154" "\$K/drivers/net/hamradio" \
	"\$K/drivers/infiniband" "\$K/drivers/isdn" "\$K/drivers/atm" "\$K/drivers/staging" \
	"\$K/drivers/media/usb" "\$K/drivers/media/pci" "\$K/drivers/media/dvb-frontends" \
	"\$K/drivers/media/tuners" "\$K/drivers/media/radio" "\$K/drivers/target" \
	"\$K/drivers/scsi/qla2xxx" "\$K/drivers/scsi/lpfc" "\$K/drivers/scsi/mpt3sas" \
	"\$K/drivers/scsi/bfa" "\$K/drivers/scsi/qedf" "\$K/drivers/scsi/qedi" "\$K/drivers/scsi/megaraid" \
	"\$K/net/wireless" "\$K/net/mac80211" "\$K/net/bluetooth" "\$K/net/netfilter" \
	"\$K/net/ipv4/netfilter" "\$K/net/ipv6/netfilter" "\$K/net/bridge" "\$K/net/sunrpc" \
	"\$K/net/ceph" "\$K/net/rxrpc" "\$K/net/sctp" "\$K/net/tipc" "\$K/net/openvswitch" \
	"\$K/fs/btrfs" "\$K/fs/xfs" "\$K/fs/ocfs2" "\$K/fs/gfs2" "\$K/fs/nfs" "\$K/fs/nfsd" \
	"\$K/fs/ceph" "\$K/fs/smb" "\$K/fs/cifs" "\$K/fs/ubifs" "\$K/fs/jfs" "\$K/fs/reiserfs" \
	"\$K/fs/nilfs2" "\$K/fs/f2fs" "\$K/fs/afs" "\$K/fs/coda" "\$K/fs/dlm" "\$K/fs/orangefs" \
	"\$K/fs/lockd" "\$K/fs/nfs_common" "\$K/fs/9p" "\$K/fs/hfs" "\$K/fs/hfsplus" "\$K/fs/ntfs3" \
	"\$K/fs/ufs" "\$K/fs/befs" "\$K/fs/erofs" "\$K/fs/zonefs"
python3 - "\$R/lib/modules/\$KVER" <<'PY'
import os, sys
d = sys.argv[1]
deps = {}
for line in open(os.path.join(d, "modules.dep")):
    mod, _, rest = line.partition(":")
    deps[mod] = rest.split()
gone = True
while gone:
    gone = False
    for mod, needs in deps.items():
        path = os.path.join(d, mod)
        if os.path.exists(path) and any(not os.path.exists(os.path.join(d, n)) for n in needs):
            os.remove(path)
            gone = True
PY
depmod -b "\$R" "\$KVER"
for m in ext4 vfat exfat nls_cp437 nls_iso8859-1 usb-storage uas sd_mod xhci-pci usbhid hid-multitouch \
	evdev $MUST_MODULES; do
	if ! modinfo -b "\$R" -k "\$KVER" "\$m" >/dev/null 2>&1; then
		echo "build-image: kernel module \$m is missing" >&2
		exit 1
	fi
done
# What the board never needs at run time.
rm -rf "\$R/var/cache/apt/"*.bin "\$R/var/lib/apt/lists/"* "\$R/usr/share/doc/"*/changelog* \
	"\$R/usr/share/man" "\$R/usr/share/info" "\$R/usr/share/lintian"
# Translations: only the kiosk's own catalogues (dpkg already left out
# every package's).
find "\$R/usr/share/locale" -mindepth 1 ! -type d ! -name locale.alias ! -name kiosk.mo -delete
find "\$R/usr/share/locale" -mindepth 1 -depth -type d -empty -delete
for mo in \$(cd "$STAGE" && find usr/share/locale -name kiosk.mo); do
	if [ ! -f "\$R/\$mo" ]; then
		echo "build-image: \$mo is missing from the root" >&2
		exit 1
	fi
done
# The fonts FIRMWARE_FONTS asks for and no others, and fontconfig's cache
# made for them here: on the read-only root it could not be made later,
# and without it fontconfig would read every font at each start. The cache
# holds each folder's time to the nanosecond, which mkfs.ext4 -d does not
# carry over: the folders get whole seconds first.
python3 "$FW/fonts-keep.py" "\$R" "$OUT/fonts.txt" $FONT_WORDS
for d in "\$R/usr/share/fonts" "\$R/usr/local/share/fonts"; do
	[ ! -d "\$d" ] || find "\$d" -type d -exec touch -m -d "@\$(date +%s)" {} +
done
chroot "\$R" fc-cache --system-only --force
# The voices FIRMWARE_VOICES names and no others.
python3 "$FW/voices-keep.py" "\$R" "$OUT/voices.txt" $VOICE_LANGS
# Every hyphenation dictionary FIRMWARE_HYPHEN names.
for l in $HYPHEN_LANGS; do
	if ! ls "\$R"/usr/share/hyphen/hyph_\$(echo "\$l" | cut -c1-2)*.dic >/dev/null 2>&1; then
		echo "build-image: no hyphenation dictionary for \$l in /usr/share/hyphen" >&2
		exit 1
	fi
done
EOF
chmod +x "$OUT/customize.sh"

log "mmdebstrap $ARCH (packages: $PKGS)"
mmdebstrap --variant=minbase --arch="$ARCH" --components="$COMPONENTS" \
	--aptopt='APT::Install-Recommends "false"' \
	--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
	--dpkgopt='path-exclude=/usr/share/sounds/alsa/*' \
	--include="$PKGS" \
	--skip=essential/unlink \
	--setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
	--setup-hook="sync-in '$DEBS' /var/cache/apt/archives/" \
	--essential-hook="mkdir -p \"\$1/etc/initramfs-tools/conf.d\" && cp '$FW/rootfs/etc/initramfs-tools/conf.d/kiosk' \"\$1/etc/initramfs-tools/conf.d/kiosk\"" \
	--customize-hook="sync-out /var/cache/apt/archives '$DEBS'" \
	--customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb' \
	--customize-hook="'$OUT/customize.sh' \"\$1\"" \
	bookworm "$ROOT" \
	"deb $MIRROR bookworm $COMPONENTS" \
	"deb $MIRROR bookworm-updates $COMPONENTS" \
	"deb $SECURITY_MIRROR bookworm-security $COMPONENTS" >&2

KVER=$(basename "$(ls -d "$ROOT"/lib/modules/* | sort -V | tail -n1)")
cp "$ROOT/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
cp "$ROOT/boot/initrd.img-$KVER" "$OUT/initrd.img"

# ---- file systems and the disk --------------------------------------------
# The data partition's top folder belongs to the kiosk user.
KIOSK_UID=$(chroot "$ROOT" id -u kiosk)
KIOSK_GID=$(chroot "$ROOT" id -g kiosk)
DATA_SRC=$OUT/data-src
rm -rf "$DATA_SRC"
mkdir -p "$DATA_SRC"
chown "$KIOSK_UID:$KIOSK_GID" "$DATA_SRC"
chmod 0750 "$DATA_SRC"

root_kb=$(du -sk --apparent-size "$ROOT" | cut -f1)
ROOT_MB=$((root_kb / 1024 * 115 / 100 + 64))
log "root: $((root_kb / 1024)) MiB of files, file system $ROOT_MB MiB"
if [ "$ARCH" = amd64 ] && [ "$ROOT_MB" -gt "$SLOT_MB" ]; then
	log "the root file system ($ROOT_MB MiB) does not fit a slot (SLOT_MB=$SLOT_MB)"
	exit 1
fi
rm -f "$OUT/root.ext4" "$OUT/data.ext4"
# A fresh file system UUID per image. The PC's boot loader finds a slot by
# its place on the disk it started from and gives Linux the partition's
# UUID (grub.cfg.in); the Pi's cmdline.txt names the label.
ROOT_UUID=$(cat /proc/sys/kernel/random/uuid)
# Never written, so no journal; the data partition keeps one.
mkfs.ext4 -q -F -L kiosk-root -U "$ROOT_UUID" -O ^has_journal -m 0 -E root_owner=0:0 -d "$ROOT" "$OUT/root.ext4" "${ROOT_MB}M"
mkfs.ext4 -q -F -L kiosk-data -m 1 -E root_owner="$KIOSK_UID:$KIOSK_GID" -d "$DATA_SRC" "$OUT/data.ext4" "${DATA_MB}M"

BOOT_MB=0 EFI_MB=0
if [ "$ARCH" = arm64 ]; then
	# raspi-firmware's hooks put the Pi's boot files, kernel, initrd and
	# device trees under /boot/firmware; the Pi reads them from a FAT
	# partition and its cmdline.txt names the root.
	BOOT_MB=256
	for f in start4.elf fixup4.dat bcm2711-rpi-4-b.dtb; do
		if [ ! -e "$ROOT/boot/firmware/$f" ]; then
			log "raspi-firmware left no $f in /boot/firmware"
			exit 1
		fi
	done
	if ! ls "$ROOT"/boot/firmware/vmlinuz* "$ROOT"/boot/firmware/initrd.img* >/dev/null 2>&1; then
		log "raspi-firmware did not copy the kernel and initrd to /boot/firmware"
		exit 1
	fi
	rm -f "$OUT/boot.vfat"
	mkfs.vfat -F 32 -n KIOSK-BOOT -C "$OUT/boot.vfat" $((BOOT_MB * 1024)) >/dev/null
	CMDLINE="root=LABEL=kiosk-root rootfstype=ext4 $KERNEL_ARGS"
	echo "console=tty1 $CMDLINE" >"$ROOT/boot/firmware/cmdline.txt"
	MTOOLS_SKIP_CHECK=1 mcopy -s -i "$OUT/boot.vfat" "$ROOT/boot/firmware/"* ::/
else
	# ---- GRUB, for a PC with UEFI or a legacy BIOS --------------------------
	# One grub.cfg on the EFI system partition serves both: GRUB's UEFI
	# image (on the removable-media path EFI/BOOT/BOOTX64.EFI, which
	# firmware starts without a boot entry of its own) and its BIOS image
	# (in the BIOS boot partition, loaded by the MBR's code) each find that
	# partition by its volume ID and read grub/grub.cfg, which boots the
	# root file system's kernel and initrd (the /vmlinuz and /initrd.img
	# links Debian keeps pointing at the installed kernel).
	EFI_MB=64
	efi_id=$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')
	EFI_UUID="${efi_id:0:4}-${efi_id:4:4}"
	# The root= and rauc.slot= of the slot started come from grub.cfg.
	CMDLINE="rootfstype=ext4 $KERNEL_ARGS"
	GRUB_MODS="part_gpt fat ext2 search search_fs_uuid normal linux echo test loadenv sleep reboot password_pbkdf2 regexp probe"
	printf 'search --no-floppy --fs-uuid --set=root %s\nset prefix=($root)/grub\n' "$EFI_UUID" >"$OUT/grub-early.cfg"
	# shellcheck disable=SC2086 # a list of module names
	# efi_gop: the firmware's framebuffer is handed to Linux (without it
	# GRUB says "no suitable video mode found" and boots blind).
	grub-mkimage -O x86_64-efi -o "$OUT/BOOTX64.EFI" -c "$OUT/grub-early.cfg" -p /grub efi_gop $GRUB_MODS
	# shellcheck disable=SC2086
	grub-mkimage -O i386-pc -o "$OUT/core.img" -c "$OUT/grub-early.cfg" -p /grub biosdisk $GRUB_MODS
	# GRUB's menu and command line are locked with a password that is
	# thrown away at once: a keyboard at boot can neither edit the kernel
	# command line nor get a GRUB prompt. There is no menu anyway.
	pw=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
	GRUB_PW=$(printf '%s\n%s\n' "$pw" "$pw" | grub-mkpasswd-pbkdf2 | sed -n 's/.* is \(grub\.pbkdf2\..*\)$/\1/p')
	unset pw
	if [ -z "$GRUB_PW" ]; then
		log "grub-mkpasswd-pbkdf2 gave no hash"
		exit 1
	fi
	sed -e "s|@GRUB_PW@|$GRUB_PW|" -e "s|@ROOT_UUID@|$ROOT_UUID|" -e "s|@CMDLINE@|$CMDLINE|" \
		"$FW/grub.cfg.in" >"$OUT/grub.cfg"
	rm -f "$OUT/grubenv"
	grub-editenv "$OUT/grubenv" create
	# Slot A holds the image's software and is good; slot B is empty.
	grub-editenv "$OUT/grubenv" set "ORDER=A B" A_OK=1 A_GOOD=1 A_TRY=0 "A_VERSION=$FIRMWARE_VERSION" \
		B_OK=0 B_GOOD=0 B_TRY=0 B_VERSION=
	rm -f "$OUT/efi.vfat"
	mkfs.vfat -F 32 -n KIOSK-EFI -i "$efi_id" -C "$OUT/efi.vfat" $((EFI_MB * 1024)) >/dev/null
	MTOOLS_SKIP_CHECK=1 mmd -i "$OUT/efi.vfat" ::/EFI ::/EFI/BOOT ::/grub
	MTOOLS_SKIP_CHECK=1 mcopy -i "$OUT/efi.vfat" "$OUT/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
	MTOOLS_SKIP_CHECK=1 mcopy -i "$OUT/efi.vfat" "$OUT/grub.cfg" "$OUT/grubenv" ::/grub/
	# Its copy, read when grubenv is lost (firmware/kiosk-slots, env_write).
	MTOOLS_SKIP_CHECK=1 mcopy -i "$OUT/efi.vfat" "$OUT/grubenv" ::/grub/grubenv.bak
fi

# 1 MiB alignment, partitions in order, 1 MiB spare at the end for GPT's
# backup table. amd64: GPT, with a BIOS boot partition for GRUB's core
# (a PC's BIOS runs the MBR's code, which loads it) and the EFI system
# partition first, and the data partition last so that it can grow to the
# end of the disk. The Pi: an MBR, which its boot ROM (Pi 3) and older Pi 4
# bootloaders read, starting from its first FAT partition. The root is
# found by its UUID (PC) or label (Pi), the data by its label.
DISK=$OUT/disk.img
rm -f "$DISK"
offset=1
{
	if [ "$BOOT_MB" -gt 0 ]; then
		echo "label: dos"
		echo "start=${offset}MiB, size=${BOOT_MB}MiB, type=c, bootable"
		offset=$((offset + BOOT_MB))
		echo "start=${offset}MiB, size=${ROOT_MB}MiB, type=83"
		echo "start=$((offset + ROOT_MB))MiB, size=${DATA_MB}MiB, type=83"
	else
		echo "label: gpt"
		echo "start=${offset}MiB, size=1MiB, type=21686148-6449-6E6F-744E-656564454649, name=bios-boot"
		echo "start=$((offset + 1))MiB, size=${EFI_MB}MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=kiosk-efi"
		offset=$((offset + 1 + EFI_MB))
		# The two software slots typed "Linux root (x86-64)", the data
		# plain "Linux filesystem": systemd-repart finds the data
		# partition by its type. Slot A holds the image's root, B is
		# empty until the first update.
		echo "start=${offset}MiB, size=${SLOT_MB}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=kiosk-root-a"
		echo "start=$((offset + SLOT_MB))MiB, size=${SLOT_MB}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=kiosk-root-b"
		echo "start=$((offset + 2 * SLOT_MB))MiB, size=${DATA_MB}MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=kiosk-data"
	fi
} >"$OUT/partitions.sfdisk"
# The room the root takes on the disk: one partition its size on the Pi,
# two slots on a PC.
if [ "$BOOT_MB" -gt 0 ]; then
	ROOT_SPAN=$ROOT_MB
else
	ROOT_SPAN=$((2 * SLOT_MB))
fi
truncate -s $(((offset + ROOT_SPAN + DATA_MB + 1) * 1024 * 1024)) "$DISK"
sfdisk -q "$DISK" <"$OUT/partitions.sfdisk"
if [ "$BOOT_MB" -gt 0 ]; then
	dd if="$OUT/boot.vfat" of="$DISK" bs=1M seek=1 conv=notrunc,sparse status=none
fi
if [ "$EFI_MB" -gt 0 ]; then
	dd if="$OUT/efi.vfat" of="$DISK" bs=1M seek=2 conv=notrunc,sparse status=none
	python3 "$FW/grub-bios-embed.py" "$DISK" /usr/lib/grub/i386-pc/boot.img "$OUT/core.img" >&2
fi
dd if="$OUT/root.ext4" of="$DISK" bs=1M seek="$offset" conv=notrunc,sparse status=none
dd if="$OUT/data.ext4" of="$DISK" bs=1M seek=$((offset + ROOT_SPAN)) conv=notrunc,sparse status=none
# amd64: the root file system stays beside the image, for the update
# bundle made from it (firmware/make-bundle.sh).
if [ "$ARCH" = amd64 ]; then
	printf 'VERSION=%s\nCOMPATIBLE=%s\n' "$FIRMWARE_VERSION" "$COMPATIBLE" >"$OUT/kiosk-release"
else
	rm -f "$OUT/root.ext4"
fi
rm -f "$OUT/data.ext4" "$OUT/boot.vfat" "$OUT/efi.vfat" "$OUT/core.img" \
	"$OUT/BOOTX64.EFI" "$OUT/grub-early.cfg" "$OUT/grubenv"

echo "$CMDLINE" >"$OUT/cmdline.txt"
echo "$KVER" >"$OUT/kernel-version"
echo "$HASH" >"$OUT/inputs.sha256"
rm -rf "$ROOT" "$DATA_SRC"
end=$(date +%s)
{
	echo "FIRMWARE_FONTS=$FIRMWARE_FONTS ($FONT_WORDS)"
	echo "root files: $root_kb KiB; root partition: $ROOT_MB MiB"
	echo "disk.img: $(stat -c %s "$DISK") bytes, $(du -k "$DISK" | cut -f1) KiB allocated"
} >"$OUT/sizes.txt"
log "fonts ($FIRMWARE_FONTS): $(tail -n1 "$OUT/fonts.txt" | awk '{print $2}') bytes; $(sed -n 2p "$OUT/sizes.txt")"
log "voices ($(echo $VOICE_LANGS)): $(tail -n1 "$OUT/voices.txt" | awk '{print $2}') bytes of espeak-ng-data"
log "done in $((end - start)) s: $DISK ($(du -h --apparent-size "$DISK" | cut -f1) apparent, $(du -h "$DISK" | cut -f1) on disk), kernel $KVER"
