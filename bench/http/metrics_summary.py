#!/usr/bin/env python3
"""Summarises prospektd's /metrics (Prometheus text on stdin) after a benchmark run:
group commits (events per group, write+fsync time), and HTTP latency by route."""
import re
import sys
from collections import defaultdict

LINE = re.compile(r'^([a-z_]+)(?:\{(.*)\})? ([0-9.e+-]+|NaN|\+Inf)$')


def labels_of(text):
    return dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', text or ''))


def quantile(buckets, q):
    """The upper bound of the bucket holding quantile q (buckets: [(le, cumulative)])."""
    buckets = sorted(buckets)
    total = buckets[-1][1] if buckets else 0
    if total == 0:
        return float('nan')
    for le, count in buckets:
        if count >= q * total:
            return le
    return float('inf')


histograms = defaultdict(lambda: {'buckets': [], 'sum': 0.0, 'count': 0.0})
for line in sys.stdin:
    match = LINE.match(line.strip())
    if not match:
        continue
    name, raw_labels, value = match.groups()
    labels = labels_of(raw_labels)
    for suffix in ('_bucket', '_sum', '_count'):
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            key = (base, tuple(sorted((k, v) for k, v in labels.items() if k != 'le')))
            if suffix == '_bucket':
                le = float('inf') if labels['le'] == '+Inf' else float(labels['le'])
                histograms[key]['buckets'].append((le, float(value)))
            else:
                histograms[key][suffix[1:]] = float(value)

for (name, labels), h in sorted(histograms.items()):
    if h['count'] == 0:
        continue
    mean = h['sum'] / h['count']
    label_text = ','.join(f'{k}={v}' for k, v in labels)
    if name == 'prospekt_store_group_events':
        print(f'  group commits: {h["count"]:.0f}, mean {mean:.1f} events per group, '
              f'p99 <= {quantile(h["buckets"], 0.99):g}')
    elif name == 'prospekt_store_group_write_seconds':
        print(f'  group write + fsync: mean {mean * 1000:.2f} ms, '
              f'p99 <= {quantile(h["buckets"], 0.99) * 1000:g} ms')
    elif name == 'prospekt_http_request_duration_seconds' and h['count'] >= 1000:
        print(f'  http {label_text}: {h["count"]:.0f} requests, mean {mean * 1000:.2f} ms, '
              f'p99 <= {quantile(h["buckets"], 0.99) * 1000:g} ms')
