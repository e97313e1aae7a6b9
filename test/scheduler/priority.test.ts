// The priority scheduling policy (vLLM v1 --scheduling-policy priority): the waiting queue by
// (class priority, arrival), preemption victims with the largest (priority, arrival) first; and
// 'fcfs' (the default) keeps arrival order. Tiny fixtures, exact orders.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../../sim/kv/index.ts';
import { PriorityWaitingQueue, Request, Scheduler, type RequestEvents, type SchedulerConfig } from '../../sim/scheduler/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

class Log implements RequestEvents {
  lines: string[] = [];
  scheduled(r: Request, now: number) { this.lines.push(`t${now} scheduled ${r.id}`); }
  firstToken() {}
  resumedToken() {}
  finished(r: Request, now: number) { this.lines.push(`t${now} finished ${r.id}`); }
  preempted(r: Request, now: number) { this.lines.push(`t${now} preempted ${r.id}`); }
}

function request(id: number, arrivedAt: number, prompt: number, output: number, classIndex: number): Request {
  const r = new Request(id, arrivedAt, prompt, output, true);
  r.classIndex = classIndex;
  return r;
}

function setup(config: SchedulerConfig, numBlocks: number, blockSize: number) {
  const kv = new PagedKvCache(numBlocks, blockSize);
  const log = new Log();
  return { kv, log, scheduler: new Scheduler(config, kv, log), shape: makeSchedulerOutput(config.maxNumSeqs) };
}

const base = { maxNumSeqs: 4, maxNumBatchedTokens: 16, enableChunkedPrefill: true, kvAdmission: 'on-demand' } as const;

describe('PriorityWaitingQueue', () => {
  it('pops by (class priority, arrival, id), lower first; a preempted request goes back by its key', () => {
    const q = new PriorityWaitingQueue([1, 0, 2]); // class 1 is the most urgent
    q.pushBack(request(0, 0.0, 1, 1, 0));
    q.pushBack(request(1, 0.5, 1, 1, 2));
    q.pushBack(request(2, 1.0, 1, 1, 1));
    q.pushBack(request(3, 1.5, 1, 1, 0));
    q.pushBack(request(4, 1.0, 1, 1, 1));
    expect(q.front()!.id).toBe(2);
    const first = q.popFront()!;
    q.pushFront(first); // a preemption: back in by its key, still first
    const order: number[] = [];
    while (q.length > 0) order.push(q.popFront()!.id);
    expect(order).toEqual([2, 4, 0, 3, 1]);
    expect(q.popFront()).toBeUndefined();
  });

  it('pops any sequence of pushes in sorted (priority, arrival, id) order', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 })), { maxLength: 60 }), (items) => {
      const priorities = [2, -1, 0, 2];
      const q = new PriorityWaitingQueue(priorities);
      items.forEach(([cls, at], id) => q.pushBack(request(id, at, 1, 1, cls)));
      const popped: number[] = [];
      while (q.length > 0) popped.push(q.popFront()!.id);
      const key = (id: number) => [priorities[items[id][0]], items[id][1], id];
      const sorted = items.map((_, id) => id).sort((a, b) => {
        const [ka, kb] = [key(a), key(b)];
        return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
      });
      expect(popped).toEqual(sorted);
    }));
  });
});

describe("Scheduler with schedulingPolicy 'priority'", () => {
  // Budget 8: one 8-token prompt per step. Request 0 (class 1, priority 1) arrives first, request
  // 1 (class 0, priority 0) later; both wait for the first step.
  const admitOrder = (config: SchedulerConfig) => {
    const { log, scheduler, shape } = setup({ ...config, maxNumBatchedTokens: 8, maxNumSeqs: 2 }, 16, 4);
    scheduler.add(request(0, 0.0, 8, 2, 1));
    scheduler.add(request(1, 0.5, 8, 2, 0));
    scheduler.schedule(1, shape);
    return log.lines;
  };

  it('admits the lower priority value first, though it arrived later', () => {
    expect(admitOrder({ ...base, schedulingPolicy: 'priority', classPriorities: [0, 1] })).toEqual(['t1 scheduled 1']);
  });

  it("'fcfs' (and no policy) admits in arrival order, whatever the classes' priorities", () => {
    expect(admitOrder({ ...base, schedulingPolicy: 'fcfs', classPriorities: [0, 1] })).toEqual(['t1 scheduled 0']);
    expect(admitOrder(base)).toEqual(['t1 scheduled 0']);
  });

  // The fixture of scheduler.test.ts's recompute case: 4 blocks of 2 tokens; at step 2 request 0
  // needs a third block and none is free. FCFS preempts the latest arrival (request 1); priority
  // preempts the worst (priority, arrival): request 0, whose class has priority 1.
  const victimAt2 = (config: SchedulerConfig) => {
    const { kv, log, scheduler, shape } = setup(config, 4, 2);
    scheduler.add(request(0, 0, 3, 4, 1));
    scheduler.add(request(1, 0, 2, 3, 0));
    for (let s = 0; s < 2; s++) {
      scheduler.schedule(s, shape);
      scheduler.finishStep(s + 1);
    }
    scheduler.schedule(2, shape);
    return { lines: log.lines.filter((l) => l.includes('preempted')), kv };
  };

  it('preempts the running request with the largest (priority, arrival) when decode blocks run out', () => {
    const { lines, kv } = victimAt2({ ...base, schedulingPolicy: 'priority', classPriorities: [0, 1] });
    expect(lines).toEqual(['t2 preempted 0']);
    expect(kv.blockTable(0)).toEqual([]);
    expect(kv.blockTable(1)).toEqual([0, 3]); // admitted first (priority 0): blocks 0, then 3
  });

  it('with equal priorities preempts the latest arrival, as fcfs does', () => {
    expect(victimAt2({ ...base, schedulingPolicy: 'priority', classPriorities: [0, 0] }).lines).toEqual(['t2 preempted 1']);
    expect(victimAt2(base).lines).toEqual(['t2 preempted 1']);
  });

  // 4 blocks of 2. Requests 0 and 1 (class 1) run; request 2 (class 0) arrives and waits for
  // room. At step 2 request 0 needs a block and request 1 (same class, later arrival) is
  // preempted. Under priority it re-enters by its key, behind request 2 if class 0 is more urgent;
  // under fcfs it goes to the front.
  const waitingAfterPreemption = (config: SchedulerConfig) => {
    const { log, scheduler, shape } = setup(config, 4, 2);
    scheduler.add(request(0, 0, 3, 4, 1));
    scheduler.add(request(1, 0.1, 2, 3, 1));
    scheduler.schedule(0, shape);
    scheduler.finishStep(1);
    scheduler.add(request(2, 0.5, 4, 1, 0));
    scheduler.schedule(1, shape);
    scheduler.finishStep(2);
    scheduler.schedule(2, shape);
    expect(log.lines.filter((l) => l.includes('preempted'))).toEqual(['t2 preempted 1']);
    const order: number[] = [];
    while (scheduler.waiting.length > 0) order.push(scheduler.waiting.popFront()!.id);
    return order;
  };

  it('a preempted request re-enters the waiting queue by its key, not at the front', () => {
    expect(waitingAfterPreemption({ ...base, schedulingPolicy: 'priority', classPriorities: [0, 1] })).toEqual([2, 1]);
    expect(waitingAfterPreemption({ ...base, schedulingPolicy: 'priority', classPriorities: [1, 0] })).toEqual([1, 2]);
    expect(waitingAfterPreemption(base)).toEqual([1, 2]);
  });
});
