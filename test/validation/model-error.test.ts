import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { residualBand } from '../../sim/metrics/index.ts';
import { dataPath } from '../../sim/package-root.ts';
import { runScenario } from '../../sim/run.ts';
import { CALIBRATION_RESIDUALS, modelErrorOf, parseMeasurementCsv, rowScenario } from '../../sim/validation/index.ts';

const table = parseMeasurementCsv(readFileSync(dataPath('validation', 'calibration.csv'), 'utf8'));
const built = rowScenario(table.rows.find((r) => r.line === 501)!);
if (!built.ok) throw new Error(built.reason);
const scenario = built.scenario;
const summary = runScenario(scenario).summary;

describe('modelErrorOf', () => {
  it('a calibration setup is calibrated, and each band is the value times e^q10, e^q90 of its neighbourhood', () => {
    const e = modelErrorOf(scenario, summary);
    expect(e.calibrated).toBe(true);
    expect(e.reason).toBeUndefined();
    const band = residualBand(CALIBRATION_RESIDUALS, { metric: 'output_tokens_per_s', gpu: 'h100-sxm', gpuClass: 'hopper', weights: 'bf16', engine: 'tensorrt-llm@0.14', load: 'online' })!;
    const v = summary.throughput.outputTokensPerSecond;
    expect(e.outputTokensPerSecond).toEqual({ modelInterval: [v * Math.exp(band.low), v * Math.exp(band.high)], neighbourhood: band.neighbourhood, rows: band.count });
    const ttft = e.ttftMeanSeconds!.modelInterval;
    expect(ttft[0]).toBeLessThanOrEqual(ttft[1]);
    expect(e.tpotMeanSeconds!.neighbourhood).toMatch(/^metric=itl_mean_ms, gpu=h100-sxm/);
    expect(runScenario(scenario).summary.modelError).toEqual(e);
  });

  it('an uncalibrated engine, GPU or batch is flagged with its reason; the bands come from a coarser neighbourhood', () => {
    const other = { ...scenario, engine: { ...scenario.engine, preset: 'vllm' as const }, gpu: { ...scenario.gpu, id: 'rtx-9999' } };
    const e = modelErrorOf(other, { ...summary, kv: { ...summary.kv, meanRunning: 1e5 } });
    expect(e.calibrated).toBe(false);
    expect(e.reason).toMatch(/^GPU rtx-9999 has no calibration rows \(calibrated: a100-pcie-80gb, .*\); engine vllm has no calibration rows \(calibrated: tensorrt-llm@0.14, tensorrt-llm@0.20\); mean batch 100000 running requests is outside the calibrated/);
    expect(e.outputTokensPerSecond!.neighbourhood).toBe('metric=output_tokens_per_s');
  });

  it('autoscaling, failures and non-greedy generation leave calibrated territory, each with its reason', () => {
    const c = scenario.config;
    const other = {
      ...scenario,
      config: {
        ...c,
        hardware: { ...c.hardware, autoscale: { policy: 'schedule', minReplicas: 1, maxReplicas: 2, intervalSeconds: 10, schedule: [] } },
        failures: { onFailure: 'retry', events: [] },
        generation: { kind: 'beam', width: 4, lengthPenaltyFactor: 1 },
      },
    } as unknown as typeof scenario;
    const e = modelErrorOf(other, summary);
    expect(e.calibrated).toBe(false);
    expect(e.reason).toBe('autoscaling: every calibration row is a fixed replica; failures: no calibration row loses a replica; sampling n > 1 or beam search: every calibration row decodes one greedy sequence');
  });

  it('a release simulated with the nearest earlier fitted one leaves calibrated territory, saying so', () => {
    const note = 'tensorrt-llm release 1.0 has no calibration rows: simulated with the nearest earlier fitted release, 0.20';
    const later = { ...scenario, engine: { ...scenario.engine, preset: 'tensorrt-llm@0.20' as const, releaseNote: note } };
    const e = modelErrorOf(later, summary);
    expect(e.calibrated).toBe(false);
    expect(e.reason).toBe(note);
  });

  it('a context length outside the rows is flagged', () => {
    const t = summary.throughputWithDrain;
    const e = modelErrorOf(scenario, { ...summary, throughputWithDrain: { ...t, inputTokensPerSecond: t.requestsPerSecond * 1e6 } });
    expect(e.reason).toMatch(/^mean context \S+ tokens is outside the calibrated \d+–\d+$/);
  });
});
