#!/usr/bin/env python3
"""Times basic-auth answers of a running controller: a known user with a wrong password, an unknown user, and the
right credentials (answered from the cache after the first). Each wrong guess uses a fresh password, so no cache
helps it. Usage: bench/auth-timing.py URL USER PASSWORD [N]"""
import base64, statistics, sys, time, urllib.request, urllib.error

url, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 40

def ask(u, p):
    request = urllib.request.Request(url, headers={"Authorization": "Basic " + base64.b64encode(f"{u}:{p}".encode()).decode()})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - started) * 1000

rows = {"known user, wrong password": [], "unknown user": [], "right credentials": []}
for i in range(n):  # interleaved, so drift in machine load hits every kind alike
    rows["known user, wrong password"].append(ask(user, f"wrong-{i}"))
    rows["unknown user"].append(ask(f"nobody-{i}", f"wrong-{i}"))
    rows["right credentials"].append(ask(user, password))

print(f"| request | status | median ms | p10 ms | p90 ms |  (n = {n} each)")
print("|---|---|---|---|---|")
for name, results in rows.items():
    times = sorted(t for _, t in results)
    statuses = sorted({s for s, _ in results})
    q = statistics.quantiles(times, n=10)
    print(f"| {name} | {','.join(map(str, statuses))} | {statistics.median(times):.1f} | {q[0]:.1f} | {q[-1]:.1f} |")
