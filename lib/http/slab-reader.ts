// Read slabs: the kernel copies socket bytes straight into reused memory (an `onread` buffer), one free region per read.
// The proxy's upstream connections and the downloader both read this way; neither allocates a buffer per read.

export interface SlabReaderOptions {
  /** Bytes per slab; one slab serves several reads. */
  slabSize: number;
  /** Most bytes one read may take. */
  maxRead: number;
}

/** A slab with less room left than this is retired for another. */
const MIN_READ = 64 << 10;
/** Spare slabs kept per slab size, in bytes (beyond this, released slabs are left to the GC). */
const MAX_SPARE_BYTES = 32 << 20;
/** Where a read may land once the reader is closed (the socket asks for one last buffer as it closes). */
const SCRAP = Buffer.allocUnsafeSlow(1024);

export class Slab {
  readonly buf: Buffer;
  /** Bytes handed out, from the start of the slab. */
  used = 0;
  /** No reader fills it any more: it returns to the spares when the last hold is released. */
  retired = false;
  private holds = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafeSlow(size);
  }

  /** Keeps the bytes handed out so far valid (for a write in progress) until `release()`. */
  hold(): void {
    this.holds += 1;
  }

  release(): void {
    this.holds -= 1;
    if (this.holds === 0 && this.retired) recycle(this);
  }

  get held(): boolean {
    return this.holds > 0;
  }
}

/** Per slab size: slabs nobody holds, kept while a reader of that size is open, dropped when the last one closes. */
const spares = new Map<number, Slab[]>();
const openReaders = new Map<number, number>();

function recycle(slab: Slab): void {
  slab.retired = false;
  slab.used = 0;
  const size = slab.buf.length;
  const list = spares.get(size);
  if (
    (openReaders.get(size) ?? 0) > 0 &&
    list !== undefined &&
    (list.length + 1) * size <= MAX_SPARE_BYTES
  )
    list.push(slab);
}

function retire(slab: Slab): void {
  slab.retired = true;
  if (!slab.held) recycle(slab);
}

/** The read side of one connection: hands out free regions and says which slab the landed bytes live in. */
export class SlabReader {
  private slab: Slab | null = null;
  private closed = false;
  private readonly slabSize: number;
  private readonly maxRead: number;

  constructor(options: SlabReaderOptions) {
    this.slabSize = options.slabSize;
    this.maxRead = Math.min(options.maxRead, options.slabSize);
    openReaders.set(this.slabSize, (openReaders.get(this.slabSize) ?? 0) + 1);
    if (!spares.has(this.slabSize)) spares.set(this.slabSize, []);
  }

  /** The free region the next read lands in. */
  region(): Buffer {
    if (this.closed) return SCRAP;
    let slab = this.slab;
    // Nobody refers to the bytes handed out so far: start again at the front (a warm, small working set).
    if (slab !== null && !slab.held) slab.used = 0;
    if (slab === null || this.slabSize - slab.used < Math.min(MIN_READ, this.maxRead)) {
      if (slab !== null) retire(slab);
      slab = this.slab = spares.get(this.slabSize)!.pop() ?? new Slab(this.slabSize);
    }
    return slab.buf.subarray(slab.used, Math.min(this.slabSize, slab.used + this.maxRead));
  }

  /** `bytes` landed at the start of the last region: they now belong to the returned slab. */
  landed(bytes: number): Slab {
    const slab = this.slab!;
    slab.used += bytes;
    return slab;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.slab !== null) retire(this.slab);
    this.slab = null;
    const left = openReaders.get(this.slabSize)! - 1;
    openReaders.set(this.slabSize, left);
    if (left === 0) spares.set(this.slabSize, []);
  }
}
