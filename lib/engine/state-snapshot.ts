// A state file written whole from memory whenever it changed: writes run one at a time, and one asked for while
// another waits is folded into it (it reads the state when it runs), so a burst of changes costs two writes.
import { errorMessage } from './errors';
import { writeJsonAtomic } from './state-file';

export class SnapshotWriter {
  private saving: Promise<void> = Promise.resolve();
  private waiting = false;

  /** `what` names the state in the stderr line of a failed write. */
  constructor(
    private readonly file: string,
    private readonly what: string,
    private readonly snapshot: () => unknown,
  ) {}

  /** A failed write (a full disk) is reported on stderr, never thrown: the next change writes it all again. */
  save(): Promise<void> {
    if (this.waiting) return this.saving;
    this.waiting = true;
    const write = async (): Promise<void> => {
      this.waiting = false;
      await writeJsonAtomic(this.file, this.snapshot());
    };
    this.saving = this.saving.then(write, write).catch((error: unknown) => {
      console.error(`hangar: ${this.what} were not saved: ${errorMessage(error)}`);
    });
    return this.saving;
  }

  /** Resolves once every write asked for so far has ended. */
  flushed(): Promise<void> {
    return this.saving;
  }
}
