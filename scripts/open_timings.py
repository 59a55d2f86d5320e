#!/usr/bin/env python3
"""How fast the reader opens a collection, as a person at the terminal sees it.

Starts the reader on PATH inside a private tmux server (120x40), then polls the screen every
few milliseconds and reports:
  first frame  - the article list shows articles (the status line reads "1 of N");
  analysed     - the status line offers "e entities" (entities, related stories and threads ready;
                 polled every 50 ms, so up to that much late);
  key -> frame - while the collection is still opening, and after: press j/k and wait for the
                 position in the status line to change (median and worst; includes tmux's work);
  peak memory  - VmHWM of the reader process.
With --cold the collection's analysis cache (in a private XDG_CACHE_HOME) is removed first.

usage: scripts/open_timings.py [--binary target/release/dateline] [--cache-home DIR] [--cold]
                               [--presses 20] PATH
Needs tmux."""
import argparse, os, re, shutil, statistics, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--binary", default="target/release/dateline")
ap.add_argument("--cache-home", default="/tmp/dateline-open-timings-cache")
ap.add_argument("--cold", action="store_true")
ap.add_argument("--presses", type=int, default=20)
ap.add_argument("--timeout", type=float, default=600)
ap.add_argument("path")
args = ap.parse_args()

SOCKET = "dateline-open-timings"
binary = os.path.abspath(args.binary)
if args.cold:
    shutil.rmtree(os.path.join(args.cache_home, "dateline"), ignore_errors=True)
os.makedirs(args.cache_home, exist_ok=True)


def tmux(*a, check=True):
    return subprocess.run(["tmux", "-L", SOCKET, *a], capture_output=True, text=True, check=check)


def status():
    lines = tmux("capture-pane", "-p", "-t", "o").stdout.rstrip("\n").split("\n")
    return lines[-1] if lines else ""


def position(line):
    m = re.match(r"\s*([\d,]+) of ([\d,]+)", line)
    return (m.group(1), m.group(2)) if m else None


tmux("kill-server", check=False)
command = f"env XDG_CACHE_HOME={args.cache_home} {binary} --no-state {args.path}"
started = time.monotonic()
tmux("new-session", "-d", "-s", "o", "-x", "120", "-y", "40", command)
pid = int(tmux("display-message", "-p", "-t", "o", "#{pane_pid}").stdout.strip())

first_frame = analysed = None
opening_presses, ready_presses = [], []
direction = "j"


def press():
    """Presses j or k and returns the seconds until the status line's position changes."""
    global direction
    before = position(status())
    t = time.monotonic()
    tmux("send-keys", "-t", "o", direction)
    while time.monotonic() - t < 5:
        now = position(status())
        if now and before and now[0] != before[0]:
            direction = "k" if direction == "j" else "j"
            return time.monotonic() - t
        time.sleep(0.0005)
    return None


while time.monotonic() - started < args.timeout:
    line = status()
    now = time.monotonic() - started
    if first_frame is None and position(line):
        first_frame = now
    if "e entities" in line:
        analysed = now
        break
    if first_frame is not None and len(opening_presses) < args.presses:
        latency = press()
        if latency is not None:
            opening_presses.append(latency)
        time.sleep(0.05)
        continue
    # Finely until the first frame; then gently, so that polling tmux does not take the CPU the
    # analysis needs.
    time.sleep(0.002 if first_frame is None else 0.05)

for _ in range(args.presses):
    latency = press()
    if latency is not None:
        ready_presses.append(latency)

peak = None
try:
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            if l.startswith("VmHWM:"):
                peak = int(l.split()[1]) // 1024
except OSError:
    pass
tmux("send-keys", "-t", "o", "q")
# The reader finishes writing the analysis cache before it exits: wait for that, so that a
# following run finds it.
deadline = time.monotonic() + 120
while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
    time.sleep(0.05)
tmux("kill-server", check=False)


def ms(xs):
    if not xs:
        return "n/a"
    return f"median {statistics.median(xs) * 1000:.1f} ms, worst {max(xs) * 1000:.1f} ms ({len(xs)} presses)"


print(f"first frame:        {first_frame:.2f} s" if first_frame else "first frame: not seen")
print(f"analysed:           {analysed:.2f} s" if analysed else "analysed: not seen")
print(f"key -> frame, opening: {ms(opening_presses)}")
print(f"key -> frame, ready:   {ms(ready_presses)}")
print(f"peak memory:        {peak} MB" if peak else "peak memory: unknown")
