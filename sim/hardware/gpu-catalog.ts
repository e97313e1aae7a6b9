// The GPU catalog: one GpuSpec per accelerator, transcribed as data from
// data/reference/gpu_specs.csv (each row's `source` names its CSV row) plus two GPUs the
// CSV lacks (a100-pcie-80gb, gh200-96gb), taken from NVIDIA datasheets.
// Invariants: ids are unique, lower-case, and those of data/validation/README.md; every
// number is positive; `peakFlops` holds DENSE tensor throughput (no 2:4 sparsity) and omits a
// format the GPU does not run natively; `interconnectBandwidth` is per-GPU UNIDIRECTIONAL
// (the CSV and datasheets state NVLink bidirectional, so it is halved here).
// NOTE: memoryBytes reads the datasheet's memory size as binary GiB: NVIDIA's "80 GB" is the
// 80 GiB nvidia-smi reports (81,920 MiB on an A100 80GB; 81,559 MiB on an H100 80GB after ECC;
// vLLM logs 79.22 GiB total on an H100 80GB, https://github.com/vllm-project/vllm/pull/10511).
// Reading it as decimal (80e9 B) lost 5.9 GB per GPU, which halved the KV cache of a 70B FP8
// model on one H100 and showed in calibration.csv as throughput under-predicted by up to 70%.
// NOTE: "~" values of the CSV (estimates) are taken at face value; their rows say so.
// NOTE: `int8` is the CSV's int8_tops_dense (INT8 tensor OP/s, dense), used by W8A8 INT8 GEMMs.
// Blackwell Ultra (b300, gb300) has none: its ~330 TOPS is below its fp16 rate ("heavily cut",
// the CSV's note), so resolvePrecision falls back to fp16 there.
// NOTE: prices move monthly (see gpu_cloud_prices.csv's header); they are defaults a scenario
// overrides with hardware.usdPerGpuHour. RunPod on-demand is preferred where the CSV has a row
// for it (H100, H200, B200), so those compare on one basis; otherwise the on-demand or
// serverless row named in priceSource. A GPU with no row carries a labelled ESTIMATE.

import type { GpuSpec } from './types.ts';
import { GB, GiB, TB, TERA } from '../units.ts';

const CSV = 'data/reference/gpu_specs.csv';
const PRICES = 'data/reference/gpu_cloud_prices.csv';
/** NVLink / PCIe figures are bidirectional per GPU; collectives use one direction's worth. */
const unidirectional = (bidirectionalGBps: number) => (bidirectionalGBps * GB) / 2;
const tflops = (t: number) => t * TERA;
// Host links (hostLinkBandwidth, one direction, nominal): PCIe Gen4 x16 64 GB/s and Gen5 x16
// 128 GB/s bidirectional (PCI-SIG; NVIDIA datasheets list "PCIe Gen4: 64 GB/s" / "PCIe Gen5:
// 128 GB/s"), NVLink-C2C 900 GB/s bidirectional (Grace Hopper / Grace Blackwell datasheets).
// NOTE: nominal, not measured: pinned-memory cudaMemcpy reaches about 25 GB/s on Gen4 x16 and
// about 50 GB/s on Gen5 x16, so swap times here are optimistic by roughly 25%.
const PCIE_GEN4_X16 = unidirectional(64);
const PCIE_GEN5_X16 = unidirectional(128);
const NVLINK_C2C = unidirectional(900);

export const GPUS: readonly GpuSpec[] = [
  {
    id: 'a100-sxm-40gb',
    name: 'NVIDIA A100 SXM4 40GB',
    arch: 'ampere',
    memoryTechnology: 'HBM2',
    tensorCoreGeneration: 'nvidia-3',
    memorySource: 'NVIDIA A100 Tensor Core GPU datasheet: "40GB HBM2", third-generation Tensor Cores',
    peakFlops: { fp16: tflops(312), int8: tflops(624) },
    memoryBytes: 40 * GiB,
    memoryBandwidth: 1.555 * TB,
    interconnectBandwidth: unidirectional(600),
    nvlinkGeneration: 3,
    hostLinkBandwidth: PCIE_GEN4_X16, // PCIe Gen4 x16 host link, A100 datasheet
    tdpWatts: 400,
    usdPerGpuHour: 1.48,
    source: `${CSV} row A100-SXM4-40GB (NVIDIA A100 datasheet; NVLink3 600 GB/s bidirectional)`,
    priceSource: `${PRICES}: Lambda on-demand 1x A100-40GB, $1.48/GPU-h, as of 2026-05-07, https://techbytes.app/posts/serverless-gpu-pricing-matrix-modal-replicate-lambda-2026/`,
  },
  {
    id: 'a100-sxm-80gb',
    name: 'NVIDIA A100 SXM4 80GB',
    arch: 'ampere',
    memoryTechnology: 'HBM2e',
    tensorCoreGeneration: 'nvidia-3',
    memorySource: 'NVIDIA A100 Tensor Core GPU datasheet: "80GB HBM2e", third-generation Tensor Cores',
    peakFlops: { fp16: tflops(312), int8: tflops(624) },
    memoryBytes: 80 * GiB,
    memoryBandwidth: 2.039 * TB,
    interconnectBandwidth: unidirectional(600),
    nvlinkGeneration: 3,
    hostLinkBandwidth: PCIE_GEN4_X16, // PCIe Gen4 x16 host link, A100 datasheet
    tdpWatts: 400,
    usdPerGpuHour: 2.4984,
    source: `${CSV} row A100-SXM4-80GB (NVIDIA A100 datasheet; NVLink3 600 GB/s bidirectional)`,
    priceSource: `${PRICES}: Modal serverless A100-80GB, $2.4984/GPU-h, as of 2026-05-07, https://techbytes.app/posts/serverless-gpu-pricing-matrix-modal-replicate-lambda-2026/ (the row does not state the form factor)`,
  },
  {
    id: 'a100-pcie-80gb',
    name: 'NVIDIA A100 PCIe 80GB',
    arch: 'ampere',
    memoryTechnology: 'HBM2e',
    tensorCoreGeneration: 'nvidia-3',
    memorySource: 'NVIDIA A100 Tensor Core GPU datasheet: "80GB HBM2e", third-generation Tensor Cores',
    peakFlops: { fp16: tflops(312), int8: tflops(624) },
    memoryBytes: 80 * GiB,
    memoryBandwidth: 1.935 * TB,
    // PCIe Gen4 x16: 64 GB/s bidirectional. An NVLink bridge joins *pairs* at 600 GB/s, which
    // helps tp=2 only; tp >= 4 crosses PCIe (Vidur measured 23 GB/s bus bandwidth for a 4-GPU
    // all-reduce on such VMs: vidur_profiling_network_sample.csv, a100_pairwise_nvlink), so the
    // PCIe figure is the one that holds for every tp.
    interconnectBandwidth: unidirectional(64),
    fullPowerSibling: 'a100-sxm-80gb', // same GA100 die, same 312 TFLOPS stated peak, 300 W against 400 W (datasheet)
    hostLinkBandwidth: PCIE_GEN4_X16, // PCIe Gen4 x16 host link, A100 datasheet
    tdpWatts: 300,
    usdPerGpuHour: 2.4984,
    source:
      'not in gpu_specs.csv; NVIDIA A100 Tensor Core GPU datasheet (A100 80GB PCIe: FP16 tensor 312 TFLOPS dense, INT8 624 TOPS dense, ' +
      '80 GB HBM2e at 1,935 GB/s, 300 W, PCIe Gen4 64 GB/s, NVLink bridge for 2 GPUs 600 GB/s), ' +
      'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
    priceSource: `ESTIMATE: no A100 PCIe row in ${PRICES}; uses its Modal A100-80GB row ($2.4984/GPU-h, 2026-05-07), which does not state the form factor`,
  },
  {
    id: 'l40s',
    name: 'NVIDIA L40S',
    arch: 'ada',
    memoryTechnology: 'GDDR6',
    tensorCoreGeneration: 'nvidia-4',
    memorySource: 'NVIDIA L40S datasheet: "48GB GDDR6 with ECC", fourth-generation Tensor Cores',
    peakFlops: { fp16: tflops(362), fp8: tflops(733), int8: tflops(733) },
    memoryBytes: 48 * GiB,
    memoryBandwidth: 0.864 * TB,
    interconnectBandwidth: unidirectional(64),
    hostLinkBandwidth: PCIE_GEN4_X16, // PCIe Gen4 x16 host link, L40S datasheet
    tdpWatts: 350,
    usdPerGpuHour: 1.9512,
    source: `${CSV} row L40S (NVIDIA L40S datasheet; PCIe Gen4 x16, no NVLink)`,
    priceSource: `${PRICES}: Modal serverless L40S, $1.9512/GPU-h, as of 2026-05-07, https://techbytes.app/posts/serverless-gpu-pricing-matrix-modal-replicate-lambda-2026/`,
  },
  {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM5 80GB',
    arch: 'hopper',
    memoryTechnology: 'HBM3',
    tensorCoreGeneration: 'nvidia-4',
    memorySource: 'NVIDIA H100 Tensor Core GPU datasheet: H100 SXM "80GB" HBM3, fourth-generation Tensor Cores',
    peakFlops: { fp16: tflops(989), fp8: tflops(1979), int8: tflops(1979) },
    memoryBytes: 80 * GiB,
    memoryBandwidth: 3.35 * TB,
    interconnectBandwidth: unidirectional(900),
    nvlinkGeneration: 4,
    hostLinkBandwidth: PCIE_GEN5_X16, // PCIe Gen5 x16 host link, H100 datasheet "PCIe Gen5: 128 GB/s"
    tdpWatts: 700,
    usdPerGpuHour: 2.79,
    source: `${CSV} row H100-SXM5-80GB (NVIDIA H100 datasheet; NVLink4 900 GB/s bidirectional)`,
    priceSource: `${PRICES}: RunPod Secure Cloud 8x H100 SXM on-demand, $2.79/GPU-h, as of 2026-04, https://techplained.aptechsolutions.io/runpod-vs-vast-ai`,
  },
  {
    id: 'h200-sxm',
    name: 'NVIDIA H200 SXM 141GB',
    arch: 'hopper',
    memoryTechnology: 'HBM3e',
    tensorCoreGeneration: 'nvidia-4',
    memorySource: 'NVIDIA H200 Tensor Core GPU datasheet: "141GB HBM3e", Hopper fourth-generation Tensor Cores',
    peakFlops: { fp16: tflops(989), fp8: tflops(1979), int8: tflops(1979) },
    memoryBytes: 141 * GiB,
    memoryBandwidth: 4.8 * TB,
    interconnectBandwidth: unidirectional(900),
    nvlinkGeneration: 4,
    hostLinkBandwidth: PCIE_GEN5_X16, // PCIe Gen5 x16 host link, H200 datasheet "PCIe Gen5: 128 GB/s"
    tdpWatts: 700,
    usdPerGpuHour: 3.59,
    source: `${CSV} row H200-SXM-141GB (NVIDIA H200 datasheet; same compute as H100)`,
    priceSource: `${PRICES}: RunPod on-demand H200 SXM, $3.59/GPU-h, as of 2026, https://deploybase.ai/articles/b200-vs-h200-vs-h100`,
  },
  {
    id: 'gh200-96gb',
    name: 'NVIDIA GH200 Grace Hopper Superchip (96GB HBM3)',
    arch: 'hopper',
    memoryTechnology: 'HBM3',
    tensorCoreGeneration: 'nvidia-4',
    memorySource: 'NVIDIA GH200 Grace Hopper Superchip datasheet: "96GB HBM3" (the 144GB part has HBM3e), Hopper fourth-generation Tensor Cores',
    peakFlops: { fp16: tflops(989), fp8: tflops(1979), int8: tflops(1979) },
    memoryBytes: 96 * GiB,
    memoryBandwidth: 4.0 * TB,
    interconnectBandwidth: unidirectional(900),
    nvlinkGeneration: 4,
    // The superchip's module power (Grace CPU + Hopper GPU + memory) is configurable 450–1000 W;
    // the maximum is taken, as the GPU is rented together with its CPU.
    hostLinkBandwidth: NVLINK_C2C, // NVLink-C2C to the Grace CPU, 900 GB/s bidirectional, GH200 datasheet
    tdpWatts: 1000, // the module's power (Grace CPU, LPDDR5X and the H100 GPU), not a board power like the H100 SXM's 700 W: so the H100/H200 have no fullPowerSibling here
    usdPerGpuHour: 2.79,
    source:
      'not in gpu_specs.csv; NVIDIA GH200 Grace Hopper Superchip datasheet (Hopper GPU with H100 compute: ' +
      'FP16 989 / FP8 1,979 TFLOPS and INT8 1,979 TOPS dense; 96 GB HBM3 at 4.0 TB/s; NVLink-C2C and NVLink 900 GB/s bidirectional; ' +
      'module power 450–1000 W), https://www.nvidia.com/en-us/data-center/grace-hopper-superchip/',
    priceSource: `ESTIMATE: no GH200 row in ${PRICES}; set equal to the h100-sxm default ($2.79/GPU-h, RunPod, 2026-04), the same GPU die`,
  },
  {
    id: 'b200',
    name: 'NVIDIA B200 SXM 180GB',
    arch: 'blackwell',
    memoryTechnology: 'HBM3e',
    tensorCoreGeneration: 'nvidia-5',
    memorySource: 'NVIDIA DGX B200 / HGX B200 datasheet: HBM3e, fifth-generation Tensor Cores (Blackwell)',
    peakFlops: { fp16: tflops(2250), fp8: tflops(4500), nvfp4: tflops(9000), int8: tflops(4500) },
    memoryBytes: 180 * GiB,
    memoryBandwidth: 8.0 * TB,
    interconnectBandwidth: unidirectional(1800),
    nvlinkGeneration: 5,
    hostLinkBandwidth: PCIE_GEN5_X16, // PCIe Gen5 x16 host link, HGX B200 datasheet
    tdpWatts: 1000,
    usdPerGpuHour: 5.98,
    source: `${CSV} row B200-SXM-180GB (NVIDIA DGX/HGX B200 datasheet; NVLink5 1.8 TB/s bidirectional)`,
    priceSource: `${PRICES}: RunPod on-demand B200, $5.98/GPU-h, as of 2026, https://deploybase.ai/articles/b200-vs-h200-vs-h100`,
  },
  {
    id: 'gb200',
    name: 'NVIDIA GB200 (per GPU, NVL72)',
    arch: 'blackwell',
    memoryTechnology: 'HBM3e',
    tensorCoreGeneration: 'nvidia-5',
    memorySource: 'NVIDIA GB200 NVL72 datasheet: HBM3e, fifth-generation Tensor Cores (Blackwell)',
    peakFlops: { fp16: tflops(2500), fp8: tflops(5000), nvfp4: tflops(10000), int8: tflops(5000) },
    memoryBytes: 186 * GiB,
    memoryBandwidth: 8.0 * TB,
    interconnectBandwidth: unidirectional(1800),
    nvlinkGeneration: 5,
    hostLinkBandwidth: NVLINK_C2C, // NVLink-C2C to the Grace CPU, 900 GB/s bidirectional, GB200 NVL72 datasheet; NOTE: one link per superchip (two GPUs), taken whole per GPU: an upper bound
    tdpWatts: 1200,
    usdPerGpuHour: 4.54,
    source: `${CSV} row GB200 (per GPU in NVL72 = rack spec / 72; confidence med; TDP "~1200")`,
    priceSource: `${PRICES}: Spheron GB200 superchip $9.08/h for 2 GPUs = $4.54/GPU-h, as of 2026-03-17, https://www.spheron.network/blog/nvidia-h200-vs-b200-vs-gb200`,
  },
  {
    id: 'b300',
    name: 'NVIDIA B300 SXM 288GB (Blackwell Ultra)',
    arch: 'blackwell-ultra',
    memoryTechnology: 'HBM3e',
    tensorCoreGeneration: 'nvidia-5',
    memorySource: 'NVIDIA HGX B300 (Blackwell Ultra) datasheet: HBM3e, fifth-generation Tensor Cores',
    peakFlops: { fp16: tflops(2250), fp8: tflops(4500), nvfp4: tflops(13500) },
    memoryBytes: 288 * GiB,
    memoryBandwidth: 8.0 * TB,
    interconnectBandwidth: unidirectional(1800),
    nvlinkGeneration: 5,
    hostLinkBandwidth: PCIE_GEN5_X16, // PCIe Gen5 x16 host link (ESTIMATE: the HGX B300 datasheet does not state the GPU host link)
    tdpWatts: 1100,
    usdPerGpuHour: 5.98,
    // INT8 is left out: the CSV's ~330 TOPS is "heavily cut vs B200 (treat INT8 as
    // unsupported-fast)", below the fp16 rate, so int8 GEMMs fall back to fp16.
    source: `${CSV} row B300-SXM-288GB (confidence med; FP4 dense ~13.5 PF; TDP "~1100"; INT8 ~330 TOPS "heavily cut", treated as not native)`,
    priceSource: `ESTIMATE: no B300 row in ${PRICES}; set equal to the b200 default ($5.98/GPU-h, RunPod, 2026), likely a lower bound`,
  },
  {
    id: 'gb300',
    name: 'NVIDIA GB300 (per GPU, NVL72; Blackwell Ultra)',
    arch: 'blackwell-ultra',
    memoryTechnology: 'HBM3e',
    tensorCoreGeneration: 'nvidia-5',
    memorySource: 'NVIDIA GB300 NVL72 (Blackwell Ultra) datasheet: HBM3e, fifth-generation Tensor Cores',
    peakFlops: { fp16: tflops(2500), fp8: tflops(5000), nvfp4: tflops(15000) },
    memoryBytes: 288 * GiB,
    memoryBandwidth: 8.0 * TB,
    interconnectBandwidth: unidirectional(1800),
    nvlinkGeneration: 5,
    hostLinkBandwidth: NVLINK_C2C, // NVLink-C2C to the Grace CPU, 900 GB/s bidirectional, GB300 NVL72 datasheet; NOTE: one link per superchip, taken whole per GPU: an upper bound
    tdpWatts: 1400,
    usdPerGpuHour: 4.54,
    source: `${CSV} row GB300 (per GPU in NVL72; confidence med; TDP "~1400"; INT8 ~330 TOPS "heavily cut", treated as not native)`,
    priceSource: `ESTIMATE: no GB300 row in ${PRICES}; set equal to the gb200 default ($4.54/GPU-h, Spheron, 2026-03-17), likely a lower bound`,
  },
  {
    id: 'rtx-pro-6000',
    name: 'NVIDIA RTX PRO 6000 Blackwell Server Edition',
    arch: 'blackwell',
    memoryTechnology: 'GDDR7',
    tensorCoreGeneration: 'nvidia-5',
    memorySource: 'NVIDIA RTX PRO 6000 Blackwell Server Edition datasheet: "96GB GDDR7 with ECC", fifth-generation Tensor Cores',
    peakFlops: { fp16: tflops(500), fp8: tflops(1000), nvfp4: tflops(2000), int8: tflops(1000) },
    memoryBytes: 96 * GiB,
    memoryBandwidth: 1.792 * TB,
    interconnectBandwidth: unidirectional(128),
    hostLinkBandwidth: PCIE_GEN5_X16, // PCIe Gen5 x16 host link, RTX PRO 6000 Blackwell Server Edition datasheet
    tdpWatts: 600,
    usdPerGpuHour: 1.9512,
    source: `${CSV} row RTX-PRO-6000-Blackwell-Server (confidence LOW: tensor figures are NVIDIA's sparse FP4 TOPS halved per step; PCIe Gen5 x16, no NVLink)`,
    priceSource: `ESTIMATE: no RTX PRO 6000 row in ${PRICES}; set equal to the l40s default ($1.9512/GPU-h, Modal, 2026-05-07), the same PCIe server class`,
  },
  {
    id: 'mi300x',
    name: 'AMD Instinct MI300X',
    arch: 'cdna3',
    memoryTechnology: 'HBM3',
    tensorCoreGeneration: 'amd-cdna3',
    memorySource: 'AMD Instinct MI300X data sheet: "192GB HBM3", CDNA 3 matrix cores',
    peakFlops: { fp16: tflops(1307), fp8: tflops(2615), int8: tflops(2615) },
    memoryBytes: 192 * GiB,
    memoryBandwidth: 5.3 * TB,
    interconnectBandwidth: unidirectional(896),
    fullPowerSibling: 'mi325x', // same CDNA 3 compute dies, same 1,307 TFLOPS stated peak, 750 W against 1,000 W (datasheets; the CSV: "same compute as MI300X")
    hostLinkBandwidth: PCIE_GEN5_X16, // PCIe Gen5 x16 host link, AMD MI300X datasheet
    tdpWatts: 750,
    usdPerGpuHour: 2.79,
    source: `${CSV} row MI300X (AMD MI300X datasheet; Infinity Fabric 7 links, 896 GB/s aggregate bidirectional)`,
    priceSource: `ESTIMATE: no AMD row in ${PRICES}; set equal to the h100-sxm default ($2.79/GPU-h, RunPod, 2026-04), the part it competes with`,
  },
  {
    id: 'mi325x',
    name: 'AMD Instinct MI325X',
    arch: 'cdna3',
    memoryTechnology: 'HBM3e',
    tensorCoreGeneration: 'amd-cdna3',
    memorySource: 'AMD Instinct MI325X data sheet: "256GB HBM3E", CDNA 3 matrix cores',
    peakFlops: { fp16: tflops(1307), fp8: tflops(2615), int8: tflops(2615) },
    memoryBytes: 256 * GiB,
    memoryBandwidth: 6.0 * TB,
    interconnectBandwidth: unidirectional(896),
    hostLinkBandwidth: PCIE_GEN5_X16, // PCIe Gen5 x16 host link, AMD MI325X datasheet
    tdpWatts: 1000,
    usdPerGpuHour: 3.59,
    source: `${CSV} row MI325X (AMD MI325X datasheet; same compute as MI300X)`,
    priceSource: `ESTIMATE: no AMD row in ${PRICES}; set equal to the h200-sxm default ($3.59/GPU-h, RunPod, 2026), the part it competes with`,
  },
];

export const GPU_IDS: readonly string[] = GPUS.map((g) => g.id);

const BY_ID: ReadonlyMap<string, GpuSpec> = new Map(GPUS.map((g) => [g.id, g]));

/** The catalog entry with this exact id, or undefined (callers suggest the nearest id). */
export function findGpu(id: string): GpuSpec | undefined {
  return BY_ID.get(id);
}
