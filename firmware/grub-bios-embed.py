#!/usr/bin/python3
"""Makes a GPT disk image start GRUB on a PC with a legacy BIOS.

  firmware/grub-bios-embed.py DISK BOOT_IMG CORE_IMG

Does what grub-install --target=i386-pc (grub-bios-setup) does for a disk
with a BIOS boot partition, on an image file: Debian ships grub-bios-setup
only in grub-pc, which would also make the build machine's own boot loader
GRUB, and grub-install wants a block device (a loop device, which build
machines in containers often cannot have). The work is small and fixed by
GRUB's boot sector layout (include/grub/i386/pc/boot.h, util/setup.c):

- core.img (made by grub-mkimage -O i386-pc, diskboot.img first) goes into
  the BIOS boot partition, sector for sector;
- the last blocklist entry of its first sector names the sectors that
  follow (they are contiguous here), loaded at segment 0x820;
- boot.img becomes the MBR's code: it is told the sector where core.img
  starts, and keeps the disk's protective MBR partition table and
  signature.
"""

import struct
import subprocess
import json
import sys

SECTOR = 512
BIOS_BOOT = "21686148-6449-6E6F-744E-656564454649"
# Offsets in boot.img (include/grub/i386/pc/boot.h).
BPB_START, BPB_END = 0x3, 0x5A
KERNEL_SECTOR = 0x5C
DRIVE_CHECK = 0x66
WINDOWS_NT_MAGIC = 0x1B8
# A blocklist entry: start sector (u64), sector count (u16), segment (u16).
BLOCKLIST = struct.Struct("<QHH")
KERNEL_SEG = 0x800


def die(msg):
    print("grub-bios-embed: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 4:
        die("usage: grub-bios-embed.py DISK BOOT_IMG CORE_IMG")
    disk, boot_path, core_path = sys.argv[1:]
    table = json.loads(subprocess.run(["sfdisk", "-J", disk], check=True,
                                      stdout=subprocess.PIPE).stdout)["partitiontable"]
    if table.get("label") != "gpt":
        die("%s has no GPT" % disk)
    parts = [p for p in table["partitions"] if p["type"].upper() == BIOS_BOOT]
    if len(parts) != 1:
        die("%s needs exactly one BIOS boot partition" % disk)
    start, size = parts[0]["start"], parts[0]["size"]

    with open(boot_path, "rb") as f:
        boot = bytearray(f.read())
    with open(core_path, "rb") as f:
        core = bytearray(f.read())
    if len(boot) != SECTOR:
        die("%s is not one sector" % boot_path)
    core += bytes(-len(core) % SECTOR)
    sectors = len(core) // SECTOR
    if sectors > size:
        die("core.img (%d sectors) does not fit the BIOS boot partition (%d)" % (sectors, size))
    if sectors - 1 > 0xFFFF:
        die("core.img is too large for one blocklist entry")

    # diskboot.img's blocklist grows down from the end of its sector; one
    # entry covers the rest of core.img, the one below it ends the list.
    end = SECTOR - BLOCKLIST.size
    core[end:SECTOR] = BLOCKLIST.pack(start + 1, sectors - 1, KERNEL_SEG + (SECTOR >> 4))
    core[end - BLOCKLIST.size:end] = BLOCKLIST.pack(0, 0, 0)

    with open(disk, "r+b") as f:
        mbr = bytearray(f.read(SECTOR))
        if mbr[510:512] != b"\x55\xaa":
            die("%s has no protective MBR" % disk)
        # Keep the (empty) BPB and the protective MBR's partition table.
        boot[BPB_START:BPB_END] = mbr[BPB_START:BPB_END]
        boot[WINDOWS_NT_MAGIC:SECTOR] = mbr[WINDOWS_NT_MAGIC:SECTOR]
        struct.pack_into("<Q", boot, KERNEL_SECTOR, start)
        # A hard disk: use the drive the BIOS says it booted from even
        # when that number looks like a floppy's (buggy BIOSes), as
        # grub-bios-setup does for hard disks.
        boot[DRIVE_CHECK:DRIVE_CHECK + 2] = b"\x90\x90"
        f.seek(0)
        f.write(boot)
        f.seek(start * SECTOR)
        f.write(core)
    print("grub-bios-embed: core.img (%d sectors) at sector %d of %s" % (sectors, start, disk))


if __name__ == "__main__":
    main()
