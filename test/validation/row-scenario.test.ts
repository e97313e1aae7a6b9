import { describe, expect, it } from 'vitest';
import { defaultRequests, parseLoad, rowScenario, type MeasurementRow } from '../../sim/validation/index.ts';

function row(changes: Record<string, string> = {}, line = 7): MeasurementRow {
  return {
    line,
    columns: {
      source: 'doc', engine: 'tensorrt-llm', model: 'llama-3.1-8b', gpu: 'h100-sxm', num_gpus: '1', tp: '1', pp: '1',
      weight_dtype: 'fp8', kv_dtype: 'fp8', isl: '128', osl: '256', load: 'max', num_requests: '300',
      metric: 'output_tokens_per_s', value: '1000', ...changes,
    },
  };
}

function reason(changes: Record<string, string>): string {
  const r = rowScenario(row(changes));
  if (r.ok) throw new Error('expected the row to be skipped');
  return r.reason;
}

describe('parseLoad', () => {
  it('reads max, qps:N and concurrency:N', () => {
    expect(parseLoad('max')).toEqual({ kind: 'max' });
    expect(parseLoad('qps:2.5')).toEqual({ kind: 'qps', ratePerSecond: 2.5 });
    expect(parseLoad(' Concurrency: 64 ')).toEqual({ kind: 'concurrency', clients: 64 });
  });

  it('anything else is a message', () => {
    for (const bad of ['', 'qps:0', 'qps:x', 'concurrency:1.5', 'rate:3']) expect(parseLoad(bad)).toMatch(/is not max, qps:N/);
  });
});

describe('defaultRequests', () => {
  it('max: about 6.5M tokens of requests within [1000, 30000], no warm-up', () => {
    expect(defaultRequests({ kind: 'max' }, 1000, 1000)).toEqual({ numRequests: 3250, warmupRequests: 0 });
    expect(defaultRequests({ kind: 'max' }, 128, 128)).toEqual({ numRequests: 25391, warmupRequests: 0 });
    expect(defaultRequests({ kind: 'max' }, 20000, 2000)).toEqual({ numRequests: 1000, warmupRequests: 0 });
    expect(defaultRequests({ kind: 'max' }, 16, 16)).toEqual({ numRequests: 30000, warmupRequests: 0 });
  });

  it('qps: three simulated minutes, at least 1000, with the first 10% as warm-up', () => {
    expect(defaultRequests({ kind: 'qps', ratePerSecond: 2 }, 1, 1)).toEqual({ numRequests: 1000, warmupRequests: 100 });
    expect(defaultRequests({ kind: 'qps', ratePerSecond: 16 }, 1, 1)).toEqual({ numRequests: 2880, warmupRequests: 288 });
    expect(defaultRequests({ kind: 'qps', ratePerSecond: 500 }, 1, 1)).toEqual({ numRequests: 20000, warmupRequests: 2000 });
  });

  it('concurrency: ten requests per client, at least 1000, the first wave as warm-up', () => {
    expect(defaultRequests({ kind: 'concurrency', clients: 256 }, 1, 1)).toEqual({ numRequests: 2560, warmupRequests: 256 });
    expect(defaultRequests({ kind: 'concurrency', clients: 8 }, 1, 1)).toEqual({ numRequests: 1000, warmupRequests: 100 });
  });
});

describe('rowScenario', () => {
  it('builds the benchmark: model, gpu, tp, precision, engine preset, fixed lengths, all requests at t = 0', () => {
    const r = rowScenario(row());
    if (!r.ok) throw new Error(r.reason);
    const { config, engine, model, gpu } = r.scenario;
    expect([model.id, gpu.id, config.hardware.tp, config.hardware.numReplicas]).toEqual(['llama-3.1-8b', 'h100-sxm', 1, 1]);
    expect(config.precision).toMatchObject({ weights: 'fp8', kvCache: 'fp8' });
    expect(engine.preset).toBe('tensorrt-llm@0.20'); // bare = the latest fitted release
    expect(config.workload).toEqual({
      arrival: { kind: 'max' },
      promptTokens: { kind: 'fixed', tokens: 128 },
      outputTokens: { kind: 'fixed', tokens: 256 },
      stop: { numRequests: 300 },
    });
    expect(config.metrics).toEqual({ warmupSeconds: 0, warmupRequests: 0 });
    expect(r.scenario.name).toBe('line-7');
  });

  it('one setup, one key: a release written three ways (and bare = the latest) is one simulation; a release with no rows keeps its name', () => {
    const keys = ['tensorrt-llm', 'tensorrt-llm@0.20', 'tensorrt-llm v0.20', 'tensorrt-llm@0.20.0'].map((engine) => {
      const r = rowScenario(row({ engine }));
      if (!r.ok) throw new Error(r.reason);
      return r.key;
    });
    expect(new Set(keys).size).toBe(1);
    const newer = rowScenario(row({ engine: 'tensorrt-llm@1.0' }));
    if (!newer.ok) throw new Error(newer.reason);
    expect(newer.key).not.toBe(keys[0]);
  });

  it('maps qps to Poisson and concurrency to a closed loop; a given num_requests is measured whole', () => {
    const q = rowScenario(row({ load: 'qps:4' }));
    const c = rowScenario(row({ load: 'concurrency:16', num_requests: '' }));
    if (!q.ok || !c.ok) throw new Error('expected both rows to build');
    expect(q.scenario.config.workload.arrival).toEqual({ kind: 'poisson', ratePerSecond: 4 });
    expect(q.scenario.config.metrics.warmupRequests).toBe(0);
    expect(c.scenario.config.workload.arrival).toEqual({ kind: 'closed-loop', concurrency: 16, thinkSeconds: 0 });
    expect(c.scenario.config.workload.stop).toEqual({ numRequests: 1000 });
    expect(c.scenario.config.metrics.warmupRequests).toBe(100);
  });

  it('the cache key is the same for rows that differ only in source, metric, value or line', () => {
    const a = rowScenario(row());
    const b = rowScenario(row({ source: 'other', metric: 'ttft_mean_ms', value: '3' }, 99));
    const c = rowScenario(row({ osl: '255' }));
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected the rows to build');
    expect(b.key).toBe(a.key);
    expect(c.key).not.toBe(a.key);
  });

  it('a blank engine takes the scenario default (vllm); blank pp and num_gpus mean 1 and tp', () => {
    const r = rowScenario(row({ engine: '', pp: '', num_gpus: '', kv_dtype: '' }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.scenario.engine.preset).toBe('vllm');
    expect(r.scenario.config.precision.kvCache).toBeUndefined();
  });

  it('simulates a pp > 1 row with hardware.pp (num_gpus = tp × pp), and keeps pp out of a pp = 1 row\'s key', () => {
    const r = rowScenario(row({ pp: '2', num_gpus: '2' }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.scenario.config.hardware).toMatchObject({ tp: 1, pp: 2 });
    expect(JSON.parse(r.key).hardware.pp).toBe(2);
    const one = rowScenario(row({}));
    if (!one.ok) throw new Error(one.reason);
    expect(JSON.parse(one.key).hardware).not.toHaveProperty('pp');
    expect(one.scenario.config.hardware.pp).toBe(1);
  });

  it('maps the engine column to its release, and an offline harness to no frontend latency', () => {
    for (const text of ['tensorrt-llm@0.14', 'tensorrt-llm 0.14', 'TensorRT-LLM v0.14']) {
      const r = rowScenario(row({ engine: text }));
      if (!r.ok) throw new Error(r.reason);
      expect(r.scenario.engine.preset, text).toBe('tensorrt-llm@0.14');
      expect(JSON.parse(r.key).engine).toEqual({ preset: 'tensorrt-llm@0.14' });
    }
    const server = rowScenario(row({}));
    const offline = rowScenario(row({ harness: 'offline' }));
    if (!server.ok || !offline.ok) throw new Error('expected both rows to build');
    expect(server.scenario.engine.frontendLatencySeconds).toBeGreaterThan(0);
    expect(offline.scenario.engine.frontendLatencySeconds).toBe(0);
    const spaced = rowScenario(row({ harness: ' Offline ' }));
    if (!spaced.ok) throw new Error(spaced.reason);
    expect(spaced.scenario.engine.frontendLatencySeconds).toBe(0); // trimmed, any case
    const bare = rowScenario(row({ engine: '', harness: 'offline' }));
    if (!bare.ok) throw new Error(bare.reason);
    expect(bare.scenario.engine).toMatchObject({ preset: 'vllm', frontendLatencySeconds: 0 });
  });

  it('runs trtllm-bench rows of the TensorRT backend (before 0.19: offline, max) with the batch-size tuner, and no others', () => {
    const tuned = (changes: Record<string, string>) => {
      const r = rowScenario(row(changes));
      if (!r.ok) throw new Error(r.reason);
      return r.scenario.engine.batchSizeTuning === true && JSON.parse(r.key).engine.batchSizeTuning === true;
    };
    expect(tuned({ engine: 'tensorrt-llm@0.14', harness: 'offline' })).toBe(true);
    expect(tuned({ engine: 'tensorrt-llm@0.14', harness: 'offline', load: 'qps:2' })).toBe(false); // not trtllm-bench throughput
    expect(tuned({ engine: 'tensorrt-llm@0.14' })).toBe(false); // a server row
    expect(tuned({ engine: 'tensorrt-llm@0.20', harness: 'offline' })).toBe(false); // PyTorch backend from 0.19
    expect(tuned({ engine: 'tensorrt-llm', harness: 'offline' })).toBe(false); // bare = 0.20
    expect(tuned({ engine: 'vllm', harness: 'offline' })).toBe(false);
  });

  it('a dataset row draws the bundled trace rescaled to the means isl and osl; the key names the trace, not its rows', () => {
    const resolveTraceFile = (path: string) => `/root/${path}`;
    const r = rowScenario(row({ dataset: 'Azure-Conv-2023', isl: '202', osl: '214', load: 'qps:4' }), { resolveTraceFile });
    if (!r.ok) throw new Error(r.reason);
    const w = r.scenario.config.workload;
    expect(w.trace).toMatchObject({ file: 'data/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv', use: 'lengths', rescale: { promptMeanTokens: 202, outputMeanTokens: 214 } });
    expect([w.promptTokens, w.outputTokens]).toEqual([undefined, undefined]);
    expect(r.scenario.traceFile).toBe('/root/data/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv');
    expect(JSON.parse(r.key).workload.trace.file).toBe('data/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv');
    const fixed = rowScenario(row({ dataset: '', isl: '202', osl: '214', load: 'qps:4' }), { resolveTraceFile });
    if (!fixed.ok) throw new Error(fixed.reason);
    expect(fixed.scenario.config.workload.promptTokens).toEqual({ kind: 'fixed', tokens: 202 });
    expect(fixed.key).not.toBe(r.key);
    // Random arrivals or a dataset's lengths: the mean of RANDOM_ROW_REPLICATIONS runs; fixed lengths at max: one.
    const atMax = (dataset: string) => rowScenario(row({ dataset, load: 'max' }), { resolveTraceFile });
    expect([r, fixed, atMax('azure-conv-2023'), atMax('')].map((x) => (x.ok ? x.replications : x.reason))).toEqual([8, 8, 8, 1]);
  });

  it('skips a dataset it does not know, and a dataset row when nothing resolves bundled files', () => {
    expect(reason({ dataset: 'azure-conv-2024' })).toBe('unknown dataset "azure-conv-2024" (blank for fixed lengths, or azure-conv-2023, azure-code-2023); did you mean \'azure-conv-2023\'?');
    expect(reason({ dataset: 'sharegpt' })).toMatch(/^unknown dataset "sharegpt" \(blank for fixed lengths, or azure-conv-2023, azure-code-2023\)$/);
    expect(reason({ dataset: 'constructor' })).toMatch(/^unknown dataset "constructor"/); // not the object's prototype
    expect(reason({ dataset: 'azure-conv-2023', load: 'concurrency:8' })).toBe('a dataset needs load max or qps:N: a closed loop (concurrency:N) cannot draw lengths from a trace yet');
    expect(reason({ dataset: 'azure-code-2023' })).toMatch(/^workload\.trace\.file: 'data\/traces\/azure-llm-2023\/AzureLLMInferenceTrace_code\.csv': no file access in this context/);
  });

  it('skips what it cannot simulate, with the reason', () => {
    expect(reason({ pp: '2', num_gpus: '4' })).toBe('num_gpus 4 is not tp × pp = 2');
    expect(reason({ num_gpus: '2' })).toBe('num_gpus 2 is not tp × pp = 1');
    expect(reason({ weight_dtype: 'int3' })).toBe('unknown weight_dtype "int3" (expected fp16, bf16, fp8, nvfp4, mxfp4, int8, int4)');
    expect(reason({ kv_dtype: 'fp4' })).toMatch(/^unknown kv_dtype "fp4"/);
    expect(reason({ engine: 'lmdeploy' })).toBe(`engine "lmdeploy": unknown engine preset 'lmdeploy' (known engines: vllm, tensorrt-llm, sglang, optionally with @release (e.g. tensorrt-llm@0.20))`);
    expect(reason({ engine: 'tensorrt-llm 0.9' })).toBe('engine "tensorrt-llm 0.9": tensorrt-llm release 0.9 is older than every fitted release (fitted releases of tensorrt-llm: 0.14, 0.20; use one of them (the model is not extrapolated backwards))');
    expect(reason({ harness: 'docker' })).toBe('harness "docker" is not server or offline (blank: server)');
    expect(reason({ isl: '12.5' })).toBe('isl must be a positive integer, got "12.5"');
    expect(reason({ load: 'burst' })).toMatch(/^load "burst" is not max/);
    expect(reason({ num_requests: '0' })).toBe('num_requests must be a positive integer, got "0"');
    expect(reason({ num_requests: '1000001' })).toMatch(/^num_requests 1000001 is above 1000000 /);
  });

  it('turns catalog and schema problems into one-line reasons with their field paths', () => {
    expect(reason({ gpu: 'h300' })).toMatch(/^hardware\.gpu: unknown GPU 'h300' .*did you mean/);
    expect(reason({ model: 'llama-9-8b' })).toMatch(/^model: unknown model 'llama-9-8b'/);
    expect(reason({ model: 'llama-3.1-70b', tp: '3', num_gpus: '3' })).toMatch(/^hardware\.tp: tp 3 must divide the 64 attention heads/);
  });
});
