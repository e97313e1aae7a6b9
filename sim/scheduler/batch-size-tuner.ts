// TensorRT-LLM's dynamic batch-size tuner (executor DynamicBatchConfig.enable_batch_size_tuning;
// cpp/tensorrt_llm/executor/dynamicBatchTuner.cpp, batch_manager kvCacheManager.cpp): the engine
// keeps a moving average of the input and requested output lengths over a window of `window`
// samples (128 by default) and, every iteration, caps the batch at
//   capacity = ⌊numPrimaryBlocks / ⌈(⌊avgInput⌋ + ⌊avgOutput⌋) / tokensPerBlock⌉⌋
//              (how many requests of the average length fit the KV pool whole:
//               getMaxCapacityBatchSize, the averages truncated to integers as it takes them)
//   runtime batch = the first table entry (limit, size) with capacity < limit → size
//              (default table (144,128) (336,256) (672,512) (832,768) (1280,1024) (1664,1536)),
//              else ⌊capacity/512⌋·512 when capacity is less than that + 128, else capacity;
// the engine's max batch size (maxNumSeqs) still bounds it. trtllm-bench turns the tuner on for
// the TensorRT backend (ExecutorSettingsConfig.dynamic_max_batch_size = True, window 128); the
// executor's own default is off.
// NOTE: an approximation of the window: TensorRT-LLM's executor samples its active requests every
// iteration (executorImpl.cpp), so its average leans to long-lived requests; here each request is
// sampled once, when it arrives (Scheduler.add). The two agree when requests have alike lengths
// (the trtllm-bench rows validate runs with it: fixed lengths); with mixed lengths the engine's
// average, and so its cap, is somewhat longer (lower) than this one.
// Invariants: before the first request the cap is the engine's maxNumSeqs; the cap only limits
// admissions (running requests are never evicted when it falls); it is at least min(128, maxNumSeqs).
// NOTE: a table entry may exceed the capacity (capacity 116 → 128): the KV pool, not the tuner,
// then limits the batch, as in the engine.

const BATCH_SIZE_TUNER_WINDOW = 128;

/** (capacity limit, runtime batch size) pairs of DynamicBatchConfig::kDefaultBatchSizeTable. */
const DEFAULT_BATCH_SIZE_TABLE: readonly (readonly [number, number])[] = [
  [144, 128],
  [336, 256],
  [672, 512],
  [832, 768],
  [1280, 1024],
  [1664, 1536],
];
const FALLBACK_GRANULARITY = 512;
const FALLBACK_THRESHOLD = 128;

/** DynamicBatchTuner::getRuntimeBatchSize: the runtime batch size for a KV capacity in requests. */
export function runtimeBatchSize(capacity: number): number {
  for (const [limit, size] of DEFAULT_BATCH_SIZE_TABLE) if (capacity < limit) return size;
  const threshold = Math.floor(capacity / FALLBACK_GRANULARITY) * FALLBACK_GRANULARITY;
  return capacity < threshold + FALLBACK_THRESHOLD ? threshold : capacity;
}

export class BatchSizeTuner {
  private readonly inputs: number[];
  private readonly outputs: number[];
  /** Ring position of the next entry, and how many entries are held (≤ window). */
  private next = 0;
  private count = 0;
  private inputSum = 0;
  private outputSum = 0;

  constructor(private readonly window: number = BATCH_SIZE_TUNER_WINDOW) {
    if (!Number.isInteger(window) || window < 1) throw new Error(`batch-size tuner window must be a positive integer, got ${window}`);
    this.inputs = new Array<number>(window).fill(0);
    this.outputs = new Array<number>(window).fill(0);
  }

  /** A request received: its prompt length and requested output length. */
  update(inputTokens: number, outputTokens: number): void {
    if (this.count === this.window) {
      this.inputSum -= this.inputs[this.next];
      this.outputSum -= this.outputs[this.next];
    } else this.count++;
    this.inputs[this.next] = inputTokens;
    this.outputs[this.next] = outputTokens;
    this.inputSum += inputTokens;
    this.outputSum += outputTokens;
    this.next = (this.next + 1) % this.window;
  }

  /** The batch cap now: `maxNumSeqs` before any request, else min(maxNumSeqs, runtimeBatchSize(capacity)). */
  cap(numBlocks: number, blockSize: number, maxNumSeqs: number): number {
    if (this.count === 0) return maxNumSeqs;
    const length = Math.floor(this.inputSum / this.count) + Math.floor(this.outputSum / this.count);
    const blocksPerRequest = Math.max(1, Math.ceil(length / blockSize));
    const capacity = Math.floor(numBlocks / blocksPerRequest);
    return Math.min(maxNumSeqs, runtimeBatchSize(capacity));
  }
}
