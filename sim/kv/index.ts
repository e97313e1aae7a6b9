// The KV-cache room: a paged block pool with per-request block tables (vLLM v1 semantics), and
// the contiguous per-request reservation it replaced (for comparison).
// Other rooms import from here only.

export type { KvCacheManager } from './types.ts';
export { FreeKVCacheBlockQueue } from './free-kv-cache-block-queue.ts';
export { BlockPool } from './block-pool.ts';
export { PagedKvCache } from './paged-kv-cache.ts';
export { ContiguousKvCache } from './contiguous-kv-cache.ts';
export { PrefixCachingKvCache } from './prefix-caching-kv-cache.ts';
