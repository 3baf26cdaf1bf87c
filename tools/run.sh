#!/bin/sh
# `make run`: starts the kiosk in a window on the built-in article, or says
# plainly what to do when there is no display.
set -u
kiosk="$1"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
	echo "No display here (DISPLAY is not set)."
	echo "To see the kiosk anyway, render it headless to PNG files:"
	echo "  $kiosk render --out shots        # writes shots/home.png and shots/home.json"
	echo "On the device itself it runs full screen with SDL_VIDEODRIVER=kmsdrm."
	exit 1
fi
echo "Starting the kiosk in a window (Escape closes it; in kiosk mode no key does)."
exec "$kiosk" --window 1280x720
