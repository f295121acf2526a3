#!/usr/bin/env python3
# benchmarks/startup_probe.py: starts a command (a clearinghouse-server), polls /healthz and
# /readyz on 127.0.0.1:PORT every 10 ms, and prints one line of JSON: seconds from the start to
# the first /healthz 200 ("listen"), to the first /readyz 200 ("ready"), the number of 503
# progress answers seen and the last one. Then stops the server with SIGTERM and reports how long
# it took to exit ("exit_after_sigterm").
#
#   benchmarks/startup_probe.py PORT TIMEOUT_S -- COMMAND...
import json, subprocess, sys, time, urllib.error, urllib.request

port, timeout = int(sys.argv[1]), float(sys.argv[2])
command = sys.argv[sys.argv.index('--') + 1:]
start = time.monotonic()
server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
listen = ready = None
progress = []


def get(path):
    try:
        with urllib.request.urlopen(f'http://127.0.0.1:{port}{path}', timeout=2) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError:
        return 0, ''


while time.monotonic() - start < timeout and server.poll() is None:
    if listen is None and get('/healthz')[0] == 200:
        listen = time.monotonic() - start
    if listen is not None:
        status, body = get('/readyz')
        if status == 200:
            ready = time.monotonic() - start
            break
        if status == 503:
            progress.append(body)
    time.sleep(0.01)
stopped = time.monotonic()
server.terminate()
try:
    server.wait(timeout=10)
except subprocess.TimeoutExpired:
    server.kill()
    server.wait()
exit_after = time.monotonic() - stopped
log = server.stderr.read()
print(json.dumps({'listen_s': listen, 'ready_s': ready, 'progress_answers': len(progress),
                  'last_progress': progress[-1] if progress else None,
                  'exit_after_sigterm_s': round(exit_after, 3),
                  'sync_line': next((l for l in log.splitlines() if 'in step' in l), None)}))
