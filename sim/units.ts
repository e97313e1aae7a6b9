// Units used across sakiyomi. Plain number aliases: they document intent at zero run-time cost.
// Instants and durations are float seconds of simulated time; sizes are bytes; work is FLOPs.
// NOTE: binary prefixes (GiB) for memory capacities we compute, decimal (GB, TB/s) where a
// datasheet states decimal units — each call site says which.

export type Seconds = number;
export type Bytes = number;
export type Flops = number;
export type Tokens = number;
export type FlopsPerSecond = number;
export type BytesPerSecond = number;

export const KiB: Bytes = 1024;
export const MiB: Bytes = 1024 * KiB;
export const GiB: Bytes = 1024 * MiB;
/** Decimal gigabyte, as datasheets state HBM capacity and bandwidth. */
export const GB: Bytes = 1e9;
export const TB: Bytes = 1e12;
export const TERA = 1e12;

export const HOUR: Seconds = 3600;
