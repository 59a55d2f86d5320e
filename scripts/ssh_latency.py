#!/usr/bin/env python3
"""Key press to screen change over loopback SSH, as a person would see it.

Starts `dateline serve` on the built-in seeds (or PATHs) on a free port, connects the real
OpenSSH client inside a private tmux server, then presses j and k in turn and polls the screen
(every 1 ms) until the status line shows the new position. Prints the median and 95th percentile.
The figure includes tmux's own work, so it is an upper bound on dateline's share.

usage: scripts/ssh_latency.py [--binary target/release/dateline] [--presses 60] [PATH...]
Needs ssh, ssh-keygen and tmux. Talks only to 127.0.0.1."""
import argparse, os, re, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--binary", default="target/release/dateline")
ap.add_argument("--presses", type=int, default=60)
ap.add_argument("paths", nargs="*")
args = ap.parse_args()

tmp = tempfile.mkdtemp(prefix="dateline-latency-")
key = os.path.join(tmp, "id")
subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
server = subprocess.Popen(
    [args.binary, "serve", "--listen", "127.0.0.1:0", "--authorized-keys", key + ".pub",
     "--host-key", os.path.join(tmp, "host"), "--no-state", *args.paths],
    stderr=subprocess.PIPE, text=True)
port = None
for line in server.stderr:
    m = re.search(r"serving .* on 127\.0\.0\.1:(\d+)", line)
    if m:
        port = m.group(1)
        break
sock = "dateline-latency-%d" % os.getpid()
tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
try:
    ssh = (f"ssh -tt -p {port} -i {key} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
           f"-o LogLevel=ERROR -F /dev/null 127.0.0.1")
    subprocess.run(tmux + ["new-session", "-d", "-s", "t", "-x", "120", "-y", "40", ssh], check=True)

    def screen():
        return subprocess.run(tmux + ["capture-pane", "-p", "-t", "t"], capture_output=True, text=True).stdout

    def wait_for(text, limit=10.0):
        start = time.perf_counter()
        while text not in screen():
            if time.perf_counter() - start > limit:
                sys.exit(f"never saw {text!r}")
            time.sleep(0.001)
        return time.perf_counter() - start

    wait_for("1 of ")
    samples = []
    for i in range(args.presses):
        key_name, expect = ("j", "2 of ") if i % 2 == 0 else ("k", "1 of ")
        start = time.perf_counter()
        subprocess.run(tmux + ["send-keys", "-t", "t", key_name], check=True)
        wait_for(expect)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"key to screen over loopback SSH: median {statistics.median(samples):.1f} ms, "
          f"p95 {p95:.1f} ms, n={len(samples)} (includes tmux send-keys and capture-pane)")
finally:
    subprocess.run(tmux + ["kill-server"], capture_output=True)
    server.terminate()
    server.wait(timeout=10)
