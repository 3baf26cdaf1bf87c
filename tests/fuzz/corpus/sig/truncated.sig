kiosk-signature 1
name x
