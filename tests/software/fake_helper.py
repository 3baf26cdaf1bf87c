#!/usr/bin/env python3
"""A stand-in for the firmware's software update helper (kiosk-update): it
listens on a Unix socket, logs the request line of each connection, and
answers with a scripted sequence: each line of the script is sent as it is
(with its newline), "sleep S" pauses, "raw PYTHON-BYTES" sends bytes as
written (no newline added), "close" hangs up.

usage: fake_helper.py SOCKET SCRIPT LOG
"""
import os
import socket
import sys
import time


def serve(conn, script, log):
    req = b""
    while not req.endswith(b"\n") and len(req) < 4096:
        chunk = conn.recv(4096)
        if not chunk:
            break
        req += chunk
    with open(log, "ab") as f:
        f.write(req)
    for line in script:
        if line.startswith("sleep "):
            time.sleep(float(line.split()[1]))
        elif line.startswith("raw "):
            conn.sendall(eval(line[4:]))  # the test's own script
        elif line == "close":
            break
        else:
            conn.sendall(line.encode() + b"\n")


def main():
    sock, script_path, log = sys.argv[1:4]
    with open(script_path) as f:
        script = [l.rstrip("\n") for l in f if l.strip()]
    if os.path.exists(sock):
        os.unlink(sock)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(sock)
    s.listen(4)
    while True:
        conn, _ = s.accept()
        try:
            serve(conn, script, log)
        except OSError:
            pass
        finally:
            conn.close()


if __name__ == "__main__":
    main()
