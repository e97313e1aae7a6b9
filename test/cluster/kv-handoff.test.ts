import { describe, expect, it } from 'vitest';
import { KvHandoff, type DecodeRoom } from '../../sim/cluster/kv-handoff.ts';
import { KvLink } from '../../sim/cluster/kv-link.ts';
import { LogHistogram } from '../../sim/metrics/index.ts';

/** A decode replica's free room (one token, one unit here), freed by hand. */
class Room implements DecodeRoom {
  constructor(public free: number) {}
  tryReserve(_id: number, blocks: number): boolean {
    if (blocks > this.free) return false;
    this.free -= blocks;
    return true;
  }
}

describe('KvHandoff', () => {
  it('with room: admitted at once, the KV lands bytes / bandwidth + latency later', () => {
    const link = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0.01 });
    const h = new KvHandoff(new Room(100));
    const [a] = h.offer(1, 7, 10, 2e8, link);
    expect(a).toEqual({ id: 7, readyAt: 1, admittedAt: 1, landsAt: 1 + 0.2 + 0.01 });
    expect(h.admissionWaitStats().max).toBe(0);
  });

  it('decode admission waits for room; the pull starts only when the blocks are reserved', () => {
    const room = new Room(10);
    const link = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0 });
    const h = new KvHandoff(room);
    expect(h.offer(0, 1, 8, 1e9, link)).toHaveLength(1); // 2 blocks left; lands at 1
    expect(h.offer(0.5, 2, 6, 1e9, link)).toEqual([]); // needs 6: waits
    expect(h.offer(0.6, 3, 1, 1e9, link)).toEqual([]); // would fit, but FIFO: behind request 2
    expect(h.numWaiting).toBe(2);
    room.free += 8; // request 1 finished decoding at t = 3 and freed its blocks
    const admitted = h.pump(3);
    // Both admitted at 3; the link serialises them one after the other: 3 → 4 → 5.
    expect(admitted.map((a) => [a.id, a.admittedAt, a.landsAt])).toEqual([
      [2, 3, 4],
      [3, 3, 5],
    ]);
    expect(room.free).toBe(3);
    const w = h.admissionWaitStats();
    expect(w.count).toBe(3);
    expect(w.max).toBeCloseTo(2.5, 12); // request 2: 0.5 → 3
    expect(w.mean).toBeCloseTo((0 + 2.5 + 2.4) / 3, 12);
  });

  it('conserves requests: every offered request is admitted exactly once, in order', () => {
    const room = new Room(0);
    const link = new KvLink({ bandwidthBytesPerSecond: Infinity, latencySeconds: 0 });
    const h = new KvHandoff(room);
    const seen: number[] = [];
    for (let i = 0; i < 3000; i++) {
      seen.push(...h.offer(i, i, 1, 0, link).map((a) => a.id));
      if (i % 3 === 2) {
        room.free += 3;
        seen.push(...h.pump(i).map((a) => a.id));
      }
    }
    expect(seen).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(h.numWaiting).toBe(0);
  });

  it('two decode replicas pulling over one shared link queue behind each other; separate links do not', () => {
    const shared = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0.1 });
    const d0 = new KvHandoff(new Room(100));
    const d1 = new KvHandoff(new Room(100));
    expect(d0.offer(0, 1, 1, 1e9, shared)[0].landsAt).toBeCloseTo(1.1, 12);
    expect(d1.offer(0.5, 2, 1, 1e9, shared)[0].landsAt).toBeCloseTo(2.1, 12); // waits 0.5 s for the link
    const own = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0.1 });
    expect(d1.offer(0.5, 3, 1, 1e9, own)[0].landsAt).toBeCloseTo(1.6, 12); // its own link: idle
  });

  it('handoffs given one wait histogram fold every admission into it (the run’s decodeAdmissionWaitSeconds)', () => {
    const waits = new LogHistogram();
    const link = new KvLink({ bandwidthBytesPerSecond: Infinity, latencySeconds: 0 });
    const room0 = new Room(0);
    const d0 = new KvHandoff(room0, waits);
    const d1 = new KvHandoff(new Room(10), waits);
    d0.offer(1, 1, 5, 0, link); // waits for room
    d1.offer(2, 2, 5, 0, link); // admitted at once: wait 0
    room0.free = 5;
    d0.pump(4); // admitted at 4: wait 3
    expect(waits.count).toBe(2);
    const w = d1.admissionWaitStats();
    expect([w.count, w.max, w.mean, w.p50]).toEqual([2, 3, 1.5, 1.5]);
  });

  it('refuses a non-integer token count', () => {
    const link = new KvLink({ bandwidthBytesPerSecond: 1, latencySeconds: 0 });
    const h = new KvHandoff(new Room(1));
    expect(() => h.offer(0, 1, 1.5, 0, link)).toThrow(/tokens/);
  });
});
