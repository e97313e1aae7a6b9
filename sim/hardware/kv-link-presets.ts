// Disaggregated serving, data: the links a prefill replica's KV cache may cross to reach its
// decode replica, one row per preset, each with its source.
// Invariants: bandwidthBytesPerSecond is ONE direction's NOMINAL rate (the KV moves one way,
// prefill → decode); every number is positive; ids are unique and lower-case.
// NOTE: nominal, not effective. Measured RDMA KV pulls reach roughly 80–90% of a NIC's line rate
// for the large (MB) messages a prompt's KV makes; NVLink copies about 80–90% of its one-way
// rate. A scenario that wants the effective rate states bandwidthGBps itself (it overrides the
// preset); the presets stay at the datasheet figure so that their provenance is checkable.
// NOTE: latencySeconds is a per-transfer ESTIMATE (setup: the decode side's block allocation
// handshake, the RDMA read's first byte), not a datasheet figure: a few µs for NVLink, ~10 µs for
// an RDMA read across a switch (a port-to-port switch hop alone is < 0.4 µs on Quantum-2; the
// rest is the NIC and software), labelled so below.

import { GB } from '../units.ts';

export interface KvLinkPreset {
  readonly id: string;
  readonly name: string;
  /** One direction, nominal, bytes per second. */
  readonly bandwidthBytesPerSecond: number;
  /** Fixed cost of one transfer, seconds (an estimate, see the file comment). */
  readonly latencySeconds: number;
  readonly source: string;
}

/** Gb/s (line rate, decimal) → bytes per second. */
const gbit = (gbps: number) => (gbps * GB) / 8;

export const KV_LINK_PRESETS: readonly KvLinkPreset[] = [
  {
    id: 'nvlink4',
    name: 'NVLink 4 (H100/H200, within a node)',
    bandwidthBytesPerSecond: 450 * GB,
    latencySeconds: 3e-6,
    source: 'NVIDIA H100 datasheet: NVLink 900 GB/s per GPU bidirectional, so 450 GB/s one way (data/reference/gpu_specs.csv row H100-SXM5-80GB); latency an estimate',
  },
  {
    id: 'nvlink5',
    name: 'NVLink 5 (B200, within a node or NVL72 rack)',
    bandwidthBytesPerSecond: 900 * GB,
    latencySeconds: 3e-6,
    source: 'NVIDIA B200 datasheet: NVLink 1.8 TB/s per GPU bidirectional, so 900 GB/s one way (sim/hardware/gpu-catalog.ts b200); latency an estimate',
  },
  {
    id: 'ib-ndr-400',
    name: 'InfiniBand NDR 400 Gb/s (one ConnectX-7 port per GPU, across nodes)',
    bandwidthBytesPerSecond: gbit(400),
    latencySeconds: 10e-6,
    source: 'NVIDIA DGX SuperPOD cabling guide, NDR overview: 400 Gbps links (https://docs.nvidia.com/dgx-superpod/design-guide-cabling-data-centers/latest/ndr-overview.html); 50 GB/s; latency an estimate',
  },
  {
    id: 'ib-hdr-200',
    name: 'InfiniBand HDR 200 Gb/s (one ConnectX-6 port per GPU, across nodes)',
    bandwidthBytesPerSecond: gbit(200),
    latencySeconds: 10e-6,
    source: 'HDR runs 200 Gb/s per port, half NDR (same DGX SuperPOD NDR overview: "doubles network performance compared to HDR"); 25 GB/s; latency an estimate',
  },
  {
    id: 'roce-400',
    name: 'RoCE v2 over 400 GbE (ConnectX-7, across nodes)',
    bandwidthBytesPerSecond: gbit(400),
    latencySeconds: 15e-6,
    source: 'NVIDIA ConnectX-7 user manual, introduction: single-port OSFP "NDR 400Gb/s and 400GbE" (https://docs.nvidia.com/networking/display/ConnectX7VPI/Introduction); 50 GB/s; latency an estimate, above IB for Ethernet switching',
  },
];

export const KV_LINK_PRESET_IDS = KV_LINK_PRESETS.map((p) => p.id);

export function findKvLinkPreset(id: string): KvLinkPreset | undefined {
  return KV_LINK_PRESETS.find((p) => p.id === id);
}
