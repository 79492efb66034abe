// What a download request answers: status and headers at once, then the body pushed to one consumer.
import type { ResponseHeaders } from './response-headers';
import type { Slab } from '../../../http/slab-reader';

/** Receives a response body. Exactly one of `end` and `fail` is called, once, after the last `data`. */
export interface BodySink {
  /**
   * A slice of the body. With a slab, the bytes are valid only during this call unless `slab.hold()` is
   * called (and `slab.release()` once they are no longer needed); without one they are the sink's to keep.
   */
  data(chunk: Buffer, slab: Slab | null): void;
  /** The body arrived whole. */
  end(): void;
  /** The connection failed or was destroyed before the body ended. */
  fail(error: Error): void;
}

export interface WireResponse {
  readonly status: number;
  readonly statusMessage: string;
  /** Flat [name, value, …] as the server sent them. */
  readonly rawHeaders: string[];
  readonly headers: ResponseHeaders;
  /** The whole body arrived (the equivalent of IncomingMessage.complete). */
  readonly complete: boolean;
  /** Starts the body flowing into `sink` (reading is paused until then). Once per response. */
  consume(sink: BodySink): void;
  /** Stops reading from the socket (the consumer has too much to write). */
  pause(): void;
  resume(): void;
  /** Closes the connection; an unfinished body fails with `error`. Harmless once the body ended. */
  destroy(error?: Error): void;
}
