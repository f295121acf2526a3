#!/usr/bin/env python3
# benchmarks/replica_lag.py: how long curator writes take to reach a search node that serves a
# copy kept current by xapian-replicate (issue #23), in the topology of docs/deployment.md
# section 3. Every process is started in its own session (as the operations doc asks), on
# 127.0.0.1 only:
#
#   writer       clearinghouse-server over WORK/index (curator writes into a copy of the corpus)
#   master       xapian-replicate-server over WORK/index
#   follower     xapian-replicate --interval 1 --reader-time R into WORK/replica
#   search node  clearinghouse-server --read-only over WORK/replica
#
# It then sends a burst of N curator POSTs, one after the other as fast as the writer answers,
# while a poller reads the search node's changes feed every 20 ms, and prints one line of JSON:
# the burst's wall time, how many searches a client sending them without pause got answered and
# how many failed meanwhile, and per write the lag from the writer's 201 to the first feed answer on
# the search node listing it (p50, p90, max) and the time until the last write arrived.
#
#   benchmarks/replica_lag.py --bin DIR --corpus DIR --work DIR [--writes N] [--reader-time S]
#                             [--timeout S]
import argparse, json, os, shutil, signal, socket, subprocess, sys, threading, time
import urllib.error, urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def request(method, url, body=None, headers=None, timeout=10):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError:
        return 0, ''


class Processes:
    """Children started with start_new_session; all stopped (SIGTERM, then SIGKILL) on exit."""

    def __init__(self, work):
        self.children, self.work = [], work

    def start(self, name, command):
        log = open(os.path.join(self.work, name + '.log'), 'w')
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        self.children.append((name, child))
        return child

    def stop(self):
        for _, child in reversed(self.children):
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        for _, child in self.children:
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    sys.exit(f'replica_lag: timed out waiting for {what}')


def markdown(i):
    return (f'---\ntitle: "Replica lag probe {i:04d}"\nsummary: "Sample data: a write that the '
            f'replica lag benchmark sends."\ntype: guide\nfocus_areas: [{FOCUS_AREA}]\n---\n'
            f'Sample data written by benchmarks/replica_lag.py, write {i}.\n').encode()


def poll_feed(url, since, seen, stop):
    """Records, for each id in the search node's feed, the first time it was listed."""
    while not stop.is_set():
        status, body = request('GET', f'{url}/api/v1/changes?since={since}', timeout=5)
        now = time.monotonic()
        if status == 200:
            answer = json.loads(body)
            for rid in answer.get('added', []) + answer.get('changed', []):
                seen.setdefault(rid, now)
        time.sleep(0.02)


def search_loop(url, counts, stop):
    """Searches the search node without pause; counts answers that are not 200."""
    while not stop.is_set():
        status, _ = request('GET', f'{url}/api/v1/search?q=violence+prevention&facets=type',
                            timeout=10)
        counts['searches'] += 1
        if status != 200:
            counts['failed'] += 1


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def main():
    global FOCUS_AREA
    parser = argparse.ArgumentParser()
    parser.add_argument('--bin', required=True)
    parser.add_argument('--corpus', required=True)
    parser.add_argument('--work', required=True)
    parser.add_argument('--writes', type=int, default=100)
    parser.add_argument('--reader-time', type=int, default=1)
    parser.add_argument('--timeout', type=float, default=600)
    parser.add_argument('--focus-area', default='gun-violence')
    args = parser.parse_args()
    FOCUS_AREA = args.focus_area
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    corpus = os.path.join(work, 'corpus')
    shutil.copytree(args.corpus, corpus)
    index, replica, data = (os.path.join(work, d) for d in ('index', 'replica', 'data'))
    subprocess.run([f'{args.bin}/clearinghouse-index', 'build', corpus, '--db', index],
                   check=True, stdout=subprocess.DEVNULL)
    key = subprocess.run([f'{args.bin}/clearinghouse-server', 'keys', 'create', 'lag', '--data',
                          data], check=True, capture_output=True, text=True).stdout.split()[-1]
    master_name = open(os.path.join(index, 'XAPIANDB')).read().split()[-1]
    ports = {name: free_port() for name in ('writer', 'master', 'search')}
    procs = Processes(work)
    try:
        procs.start('writer', [f'{args.bin}/clearinghouse-server', '--db', index, '--corpus',
                               corpus, '--data', data, '--port', str(ports['writer']), '--quiet'])
        procs.start('master', ['xapian-replicate-server', '--interface', '127.0.0.1', '--port',
                               str(ports['master']), index])
        procs.start('follower', ['xapian-replicate', '--host', '127.0.0.1', '--port',
                                 str(ports['master']), '--master', master_name, '--interval', '1',
                                 '--reader-time', str(args.reader_time), replica])
        writer = f'http://127.0.0.1:{ports["writer"]}'
        search = f'http://127.0.0.1:{ports["search"]}'
        wait_for(lambda: request('GET', writer + '/readyz')[0] == 200, 120, 'the writer')
        wait_for(lambda: os.path.exists(os.path.join(replica, 'XAPIANDB')), 120, 'the replica')
        procs.start('search', [f'{args.bin}/clearinghouse-server', '--read-only', '--db', replica,
                               '--corpus', corpus, '--data', os.path.join(work, 'data-search'),
                               '--port', str(ports['search']), '--quiet'])
        wait_for(lambda: request('GET', search + '/readyz')[0] == 200, 120, 'the search node')
        status, body = request('GET', search + '/api/v1/changes?since=0')
        since = json.loads(body)['generation']

        seen, stop = {}, threading.Event()
        poller = threading.Thread(target=poll_feed, args=(search, since, seen, stop))
        poller.start()
        counts = {'searches': 0, 'failed': 0}
        searcher = threading.Thread(target=search_loop, args=(search, counts, stop))
        searcher.start()
        acked = {}
        headers = {'Authorization': 'Bearer ' + key, 'Content-Type': 'text/markdown'}
        burst_start = time.monotonic()
        for i in range(args.writes):
            status, body = request('POST', writer + '/api/v1/curator/resources', markdown(i),
                                   headers)
            if status != 201:
                sys.exit(f'replica_lag: write {i} answered {status}: {body[:300]}')
            acked[json.loads(body)['id']] = time.monotonic()
        burst = time.monotonic() - burst_start
        wait_for(lambda: all(rid in seen for rid in acked), args.timeout,
                 'every write on the search node')
        stop.set()
        poller.join()
        searcher.join()
    finally:
        procs.stop()
    lags = [seen[rid] - t for rid, t in acked.items()]
    print(json.dumps({
        'writes': args.writes, 'reader_time_s': args.reader_time,
        'burst_s': round(burst, 3),
        'lag_p50_s': round(percentile(lags, 0.5), 3), 'lag_p90_s': round(percentile(lags, 0.9), 3),
        'lag_max_s': round(max(lags), 3),
        'searches': counts['searches'], 'searches_failed': counts['failed'],
        'last_arrived_after_burst_start_s': round(max(seen[r] for r in acked) - burst_start, 3),
    }))


if __name__ == '__main__':
    main()
