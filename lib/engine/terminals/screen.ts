// A headless xterm that mirrors a terminal's output, so a reconnecting client gets the screen back.
import { SerializeAddon } from '@xterm/addon-serialize';
import { Terminal } from '@xterm/headless';

export interface ScreenSnapshot {
  /** Escape-sequence stream that redraws the screen and scrollback in a fresh xterm. */
  data: string;
  cols: number;
  rows: number;
}

export class Screen {
  private readonly term: Terminal;
  private readonly serializer = new SerializeAddon();

  constructor(cols: number, rows: number, scrollback = 1000) {
    this.term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  write(data: string): void {
    this.term.write(data);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  /** Serialises the screen once every write queued so far has been parsed. */
  snapshot(): Promise<ScreenSnapshot> {
    return new Promise((resolve) => {
      this.term.write('', () =>
        resolve({ data: this.serializer.serialize(), cols: this.term.cols, rows: this.term.rows }),
      );
    });
  }

  dispose(): void {
    this.term.dispose();
  }
}
