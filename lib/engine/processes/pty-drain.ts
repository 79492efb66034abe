// Lossless end of output for commands in a pty: the shell waits, after the command, until we have read everything.
//
// Linux may report EOF/EIO on the pty master as soon as the last slave fd closes, while output is still
// queued in the kernel; node-pty then drops it (often the last lines, i.e. the error message). So the
// command runs as `( command )` followed by an invisible marker; the shell keeps the terminal open until
// we have read up to the marker and answered with a newline, then exits with the command's status.

/** An OSC sequence: ignored by terminals, stripped from the data we pass on. */
export const DRAIN_MARKER = '\x1b]6973;hangar-drained\x07';
const ACK_TIMEOUT_S = 30;

/** bash arguments that run `script` in a subshell and then wait for the drain acknowledgement. */
export function drainedBashArgs(script: string): string[] {
  const tail = [
    '__hangar_rc=$?',
    `stty -echo 2>/dev/null`,
    `printf '${DRAIN_MARKER.replace('\x1b', '\\033').replace('\x07', '\\007')}'`,
    `read -r -t ${ACK_TIMEOUT_S} __hangar_ack`,
    'exit $__hangar_rc',
  ].join('; ');
  return ['--noprofile', '--norc', '-c', `(\n${script}\n)\n${tail}`];
}

/** Removes the marker from a data stream, holding back a partial marker at a chunk's end. */
export class DrainFilter {
  private held = '';
  seen = false;

  /** Returns the data to pass on; sets `seen` once the marker went by. */
  push(chunk: string): string {
    let data = this.held + chunk;
    this.held = '';
    const at = data.indexOf(DRAIN_MARKER);
    if (at >= 0) {
      this.seen = true;
      data = data.slice(0, at) + data.slice(at + DRAIN_MARKER.length);
      return data;
    }
    if (this.seen) return data;
    for (let keep = Math.min(DRAIN_MARKER.length - 1, data.length); keep > 0; keep -= 1) {
      if (DRAIN_MARKER.startsWith(data.slice(-keep))) {
        this.held = data.slice(-keep);
        return data.slice(0, -keep);
      }
    }
    return data;
  }

  /** What is still held back (a partial marker that never completed). */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }
}
