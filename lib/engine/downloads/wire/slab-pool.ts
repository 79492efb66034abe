// Read slabs for downloads: the kernel copies socket bytes straight into reused memory, one free region per read.

/** Serves several reads; a few slabs cover every byte waiting for the disk. */
const SLAB_SIZE = 4 << 20;
/** Most bytes one read may take: fewer callbacks (measured on loopback: 1 MiB edged out 256 KiB, within the noise). */
const MAX_READ = 1 << 20;
/** A slab with less room left is retired for another. */
const MIN_READ = 64 << 10;
/** Where a read may land once the reader is closed (the socket asks for one last buffer as it closes). */
const SCRAP = Buffer.allocUnsafeSlow(1024);

export class Slab {
  readonly buf = Buffer.allocUnsafeSlow(SLAB_SIZE);
  /** Bytes handed out, from the start of the slab. */
  used = 0;
  /** No reader fills it any more: it returns to the spares when the last hold is released. */
  retired = false;
  private holds = 0;

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

/** Slabs nobody holds, kept while a download connection is open; dropped (left to the GC) when the last one closes. */
const spares: Slab[] = [];
let openReaders = 0;

function recycle(slab: Slab): void {
  slab.retired = false;
  slab.used = 0;
  if (openReaders > 0) spares.push(slab);
}

function retire(slab: Slab): void {
  slab.retired = true;
  if (!slab.held) recycle(slab);
}

/** The read side of one connection: hands out free regions and says which slab the landed bytes live in. */
export class SlabReader {
  private slab: Slab | null = null;
  private closed = false;

  constructor() {
    openReaders += 1;
  }

  /** The free region the next read lands in. */
  region(): Buffer {
    if (this.closed) return SCRAP;
    let slab = this.slab;
    // Nobody refers to the bytes handed out so far: start again at the front (a warm, small working set).
    if (slab !== null && !slab.held) slab.used = 0;
    if (slab === null || SLAB_SIZE - slab.used < MIN_READ) {
      if (slab !== null) retire(slab);
      slab = this.slab = spares.pop() ?? new Slab();
    }
    return slab.buf.subarray(slab.used, Math.min(SLAB_SIZE, slab.used + MAX_READ));
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
    openReaders -= 1;
    if (openReaders === 0) spares.length = 0;
  }
}
