import { describe, expect, it } from 'vitest';
import { RecordStore } from '../../sim/metrics/index.ts';

describe('RecordStore', () => {
  it('add returns ids 0, 1, 2, … and initialises the instants to NaN, status 0 and replica −1', () => {
    const store = new RecordStore();
    expect(store.add(0.5, 10, 3, true)).toBe(0);
    expect(store.add(1.5, 20, 4, false)).toBe(1);
    expect(store.count).toBe(2);
    expect([store.arrivedAt[1], store.numPromptTokens[1], store.numOutputTokens[1], store.measured[1]]).toEqual([1.5, 20, 4, 0]);
    expect([store.scheduledAt[0], store.firstTokenAt[0], store.finishedAt[0]]).toEqual([NaN, NaN, NaN]);
    expect([store.status[0], store.replica[0], store.numPreemptions[0], store.measured[0]]).toEqual([0, -1, 0, 1]);
  });

  it('growth keeps every value written before it', () => {
    const store = new RecordStore(2);
    for (let i = 0; i < 1000; i++) {
      const id = store.add(i * 0.25, i, 2 * i + 1, i % 3 === 0);
      store.scheduledAt[id] = i + 0.1;
      store.firstTokenAt[id] = i + 0.2;
      if (i % 2 === 0) store.finishedAt[id] = i + 0.3;
      store.numPreemptions[id] = i % 5;
      store.replica[id] = i % 7;
      store.status[id] = i % 3;
    }
    expect(store.capacity).toBe(1024);
    const c = store.columns();
    expect(c.count).toBe(1000);
    for (let i = 0; i < 1000; i++) {
      expect([c.arrivedAt[i], c.numPromptTokens[i], c.numOutputTokens[i], c.measured[i]]).toEqual([i * 0.25, i, 2 * i + 1, i % 3 === 0 ? 1 : 0]);
      expect([c.scheduledAt[i], c.firstTokenAt[i], c.finishedAt[i]]).toEqual([i + 0.1, i + 0.2, i % 2 === 0 ? i + 0.3 : NaN]);
      expect([c.numPreemptions[i], c.replica[i], c.status[i]]).toEqual([i % 5, i % 7, i % 3]);
    }
  });

  it('columns returns views trimmed to count that see later writes to existing records', () => {
    const store = new RecordStore(8);
    store.add(0, 1, 1, true);
    store.add(1, 1, 1, true);
    const c = store.columns();
    expect([c.arrivedAt.length, c.status.length, c.measured.length]).toEqual([2, 2, 2]);
    store.finishedAt[1] = 9;
    expect(c.finishedAt[1]).toBe(9);
  });
});
