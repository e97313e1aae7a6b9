// The free-block queue of a paged KV cache: a doubly linked list of free block ids, as vLLM v1's
// FreeKVCacheBlockQueue. Blocks are allocated from the head (the least recently freed) and freed
// blocks are appended at the tail, so the queue order is the eviction order (LRU) a prefix cache
// needs; `remove` takes a block out of the middle in O(1) (a prefix-cache hit on a free block).
// Invariants: the links over `prev`/`next` visit exactly the blocks with `isFree[id] === 1`, from
// `head` to `tail`, `size` of them; −1 ends the list in both directions. Every operation is O(1)
// and allocates nothing (three typed arrays of numBlocks entries, made once).
// NOTE: misuse (popping an empty queue, appending a free block, removing a used one) is a bug in
// the caller and throws; running out of blocks is the caller's check (`numFreeBlocks`).

const NONE = -1;

export class FreeBlockQueue {
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly isFree: Uint8Array;
  private head = NONE;
  private tail = NONE;
  private size = 0;

  /** All blocks 0..numBlocks−1 start free, in order: block 0 at the head. */
  constructor(readonly numBlocks: number) {
    if (!Number.isInteger(numBlocks) || numBlocks < 0) throw new RangeError(`numBlocks must be an integer ≥ 0, got ${numBlocks}`);
    this.prev = new Int32Array(numBlocks);
    this.next = new Int32Array(numBlocks);
    this.isFree = new Uint8Array(numBlocks);
    for (let i = 0; i < numBlocks; i++) {
      this.prev[i] = i - 1;
      this.next[i] = i + 1 < numBlocks ? i + 1 : NONE;
      this.isFree[i] = 1;
    }
    if (numBlocks > 0) {
      this.head = 0;
      this.tail = numBlocks - 1;
    }
    this.size = numBlocks;
  }

  numFreeBlocks(): number {
    return this.size;
  }

  /** Whether the block is in the queue. */
  has(blockId: number): boolean {
    return this.isFree[blockId] === 1;
  }

  /** Takes the block at the head (the least recently freed). */
  popLeft(): number {
    const id = this.head;
    if (id === NONE) throw new Error('popLeft on an empty free-block queue');
    this.unlink(id);
    return id;
  }

  /** Puts a freed block at the tail (it will be allocated last). */
  append(blockId: number): void {
    if (this.isFree[blockId] !== 0 || blockId < 0 || blockId >= this.numBlocks) {
      throw new Error(`append: block ${blockId} is already free or out of range`);
    }
    this.prev[blockId] = this.tail;
    this.next[blockId] = NONE;
    if (this.tail === NONE) this.head = blockId;
    else this.next[this.tail] = blockId;
    this.tail = blockId;
    this.isFree[blockId] = 1;
    this.size++;
  }

  /** Takes a block out of the queue wherever it is. */
  remove(blockId: number): void {
    if (this.isFree[blockId] !== 1) throw new Error(`remove: block ${blockId} is not in the free-block queue`);
    this.unlink(blockId);
  }

  /** The free blocks from head to tail. O(n): for tests and debugging, not the hot path. */
  toArray(): number[] {
    const out: number[] = [];
    for (let id = this.head; id !== NONE; id = this.next[id]) out.push(id);
    return out;
  }

  private unlink(id: number): void {
    const p = this.prev[id];
    const n = this.next[id];
    if (p === NONE) this.head = n;
    else this.next[p] = n;
    if (n === NONE) this.tail = p;
    else this.prev[n] = p;
    this.prev[id] = NONE;
    this.next[id] = NONE;
    this.isFree[id] = 0;
    this.size--;
  }
}
