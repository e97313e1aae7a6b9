import { describe, expect, it } from 'vitest';
import { findModel } from '../../sim/hardware/index.ts';
import { KV_LINK_PRESETS, findKvLinkPreset } from '../../sim/hardware/index.ts';
import { quantileSorted } from 'd3-array';
import { KvLink, kvTransferSummary } from '../../sim/cluster/kv-link.ts';
import { KvTransferFold } from '../../sim/cluster/kv-transfer-fold.ts';
import { LATENCY_STATS } from '../../sim/metrics/index.ts';
import { decodeKvBytesPerToken } from '../../sim/cluster/index.ts';
import { kvBytesPerToken } from '../../sim/hardware/index.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';

describe('KvLink: one transfer on an idle link', () => {
  it('takes exactly bytes / bandwidth + latency', () => {
    const link = new KvLink({ bandwidthBytesPerSecond: 50e9, latencySeconds: 10e-6 });
    const t = link.transfer(2, 1e9);
    // 1e9 B / 50e9 B/s = 0.02 s, + 10 µs.
    expect(t.startAt).toBe(2);
    expect(t.doneAt - t.readyAt).toBeCloseTo(0.02 + 10e-6, 15);
    expect(t.queueSeconds).toBe(0);
    expect(link.busySeconds).toBeCloseTo(0.02, 15);
  });

  it('infinite bandwidth and zero latency: the KV lands the instant it is ready', () => {
    const link = new KvLink({ bandwidthBytesPerSecond: Infinity, latencySeconds: 0 });
    const a = link.transfer(1.5, 5e9);
    const b = link.transfer(1.5, 5e9);
    expect([a.doneAt, b.doneAt, a.queueSeconds, b.queueSeconds, link.busySeconds]).toEqual([1.5, 1.5, 0, 0, 0]);
  });
});

describe('KvLink: contention', () => {
  it('a second transfer offered while the first serialises waits for it (FIFO), latency overlaps', () => {
    const link = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0.5 });
    const a = link.transfer(0, 2e9); // serialises 0 → 2, lands at 2.5
    const b = link.transfer(1, 1e9); // waits until 2, serialises 2 → 3, lands at 3.5
    expect([a.startAt, a.doneAt]).toEqual([0, 2.5]);
    expect([b.startAt, b.doneAt, b.queueSeconds]).toEqual([2, 3.5, 1]);
    // Offered after the first's serialisation ended (its latency tail still in flight): no wait.
    const c = link.transfer(3.2, 1e8);
    expect([c.startAt, c.queueSeconds]).toEqual([3.2, 0]);
    expect(c.doneAt).toBeCloseTo(3.2 + 0.1 + 0.5, 12);
  });

  it('refuses offers out of time order and bad specs, naming the field', () => {
    const link = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0 });
    link.transfer(2, 1);
    expect(() => link.transfer(1, 1)).toThrow(/time order/);
    expect(() => link.transfer(3, -1)).toThrow(/bytes/);
    expect(() => new KvLink({ bandwidthBytesPerSecond: 0, latencySeconds: 0 })).toThrow(/bandwidth/);
    expect(() => new KvLink({ bandwidthBytesPerSecond: 1, latencySeconds: -1 })).toThrow(/latency/);
  });
});

describe('kvTransferSummary', () => {
  it('counts, sums bytes, takes R-7 percentiles of transfer and queue times and the links’ mean utilisation', () => {
    const a = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0.5 });
    a.transfer(0, 2e9); // 2.5 s, queue 0
    a.transfer(1, 1e9); // 2.5 s (1 → 3.5), queue 1
    const b = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0 });
    b.transfer(0, 1e9); // 1 s, queue 0
    const s = kvTransferSummary([a, b], 10);
    expect(s.count).toBe(3);
    expect(s.bytes).toBe(4e9);
    // Sorted seconds [1, 2.5, 2.5]: p50 = 2.5; R-7 p95 = 2.5; max 2.5; mean 2.
    expect(s.seconds.p50).toBe(2.5);
    expect(s.seconds.mean).toBeCloseTo(2, 12);
    // Queue [0, 0, 1]: R-7 p95 = x[1] + 0.9·(x[2] − x[1]) = 0.9.
    expect(s.queueSeconds.p95).toBeCloseTo(0.9, 12);
    // Busy 3 s + 1 s over 2 links × 10 s = 0.2.
    expect(s.linkUtilization).toBeCloseTo(0.2, 12);
  });

  it('links sharing one fold count each transfer once; links with their own folds are merged', () => {
    const fold = new KvTransferFold();
    const a = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0.5 }, fold);
    const b = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0 }, fold);
    a.transfer(0, 2e9); // 2.5 s
    b.transfer(0, 1e9); // 1 s
    a.transfer(1, 1e9); // 2.5 s, queue 1
    const shared = kvTransferSummary([a, b], 10);
    expect([fold.count, fold.bytes, shared.count, shared.bytes]).toEqual([3, 4e9, 3, 4e9]);
    // The same transfers on two links with their own folds: the same figures.
    const c = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0.5 });
    const d = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0 });
    c.transfer(0, 2e9);
    d.transfer(0, 1e9);
    c.transfer(1, 1e9);
    expect(kvTransferSummary([c, d], 10)).toEqual(shared);
    expect(shared.seconds.max).toBe(2.5);
    expect(shared.queueSeconds.max).toBe(1);
    expect(shared.seconds.mean).toBe((2.5 + 1 + 2.5) / 3);
  });

  it('percentiles are within the histogram’s relative error of the exact R-7 ones; count, bytes, mean and max exact', () => {
    // 600 transfers of 1 to 200 MB on one 10 GB/s link, offered every 5 ms (they queue in bursts);
    // sizes from a fixed linear congruential sequence.
    const link = new KvLink({ bandwidthBytesPerSecond: 10e9, latencySeconds: 1e-4 });
    const seconds: number[] = [];
    const queue: number[] = [];
    let x = 12345;
    let bytes = 0;
    for (let i = 0; i < 600; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const b = 1e6 * (1 + (x % 200));
      bytes += b;
      const t = link.transfer(i * 0.005, b);
      seconds.push(t.doneAt - t.readyAt);
      queue.push(t.queueSeconds);
    }
    const s = kvTransferSummary([link], 3);
    expect([s.count, s.bytes]).toEqual([600, bytes]);
    const eps = new KvTransferFold().seconds.relativeError;
    for (const [got, values] of [
      [s.seconds, seconds],
      [s.queueSeconds, queue],
    ] as const) {
      const sorted = [...values].sort((p, q) => p - q);
      expect(got.max).toBe(sorted.at(-1));
      // Summed in transfer order, as the fold does.
      expect(got.mean).toBe(values.reduce((p, q) => p + q, 0) / values.length);
      for (const k of LATENCY_STATS.filter((k) => k.startsWith('p'))) {
        const exact = quantileSorted(sorted, Number(k.slice(1)) / 100)!;
        // Queue times under 1 µs (zeros) sit in the underflow bucket, exact at 0.
        expect(Math.abs(got[k] - exact)).toBeLessThanOrEqual(eps * exact + 1e-12);
      }
    }
    // Some transfers queued and some did not: both kinds of values were exercised.
    expect(queue.filter((q) => q === 0).length).toBeGreaterThan(0);
    expect(s.queueSeconds.p99).toBeGreaterThan(0.001);
  });

  it('is all zeros with no transfer', () => {
    const s = kvTransferSummary([new KvLink({ bandwidthBytesPerSecond: 1, latencySeconds: 0 })], 5);
    expect([s.count, s.bytes, s.seconds.p99, s.linkUtilization]).toEqual([0, 0, 0, 0]);
  });
});

describe('decodeKvBytesPerToken: the KV a prompt token hands off, at the decode pool\'s KV dtype', () => {
  it('Llama 3.1 8B, bf16 KV: 2·32 layers·8 KV heads·128·2 B = 128 KiB per prompt token; an fp8 KV cache halves it', () => {
    const bf16 = scenarioFrom(baseScenario());
    expect(decodeKvBytesPerToken(bf16)).toBe(131072);
    expect(4096 * decodeKvBytesPerToken(bf16)).toBe(512 * 1024 * 1024);
    const fp8 = scenarioFrom({ ...baseScenario(), precision: { weights: 'bf16', kvCache: 'fp8' } });
    expect(4096 * decodeKvBytesPerToken(fp8)).toBe(256 * 1024 * 1024);
  });

  it('a 4096-token Llama 8B prompt over InfiniBand NDR: 512 MiB / 50 GB/s + 10 µs on an idle link', () => {
    const ndr = findKvLinkPreset('ib-ndr-400')!;
    const link = new KvLink(ndr);
    const t = link.transfer(0, 4096 * kvBytesPerToken(findModel('llama-3.1-8b')!, 2));
    expect(t.doneAt).toBeCloseTo(536870912 / 50e9 + 10e-6, 12); // ≈ 10.75 ms
  });
});

describe('KV_LINK_PRESETS', () => {
  it('has unique lower-case ids, positive numbers and a source each', () => {
    const ids = KV_LINK_PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of KV_LINK_PRESETS) {
      expect(p.id).toBe(p.id.toLowerCase());
      expect(p.bandwidthBytesPerSecond).toBeGreaterThan(0);
      expect(p.latencySeconds).toBeGreaterThan(0);
      expect(p.source.length).toBeGreaterThan(20);
    }
    // One-way nominal rates: NVLink4 900/2 GB/s, NDR 400 Gb/s / 8.
    expect(findKvLinkPreset('nvlink4')!.bandwidthBytesPerSecond).toBe(450e9);
    expect(findKvLinkPreset('ib-ndr-400')!.bandwidthBytesPerSecond).toBe(50e9);
    expect(findKvLinkPreset('ib-hdr-200')!.bandwidthBytesPerSecond).toBe(25e9);
  });
});
