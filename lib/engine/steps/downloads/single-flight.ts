// One transfer per file: requests under the same key (a URL, an expected sha256) share one flight. Each
// requester is counted; one that stops leaves the flight running for the others, and the last to leave aborts it.
import { EngineError } from '../../errors';

export interface Flight<T> {
  readonly keys: readonly string[];
  readonly done: Promise<T>;
  /** Requesters still waiting. */
  readonly waiters: number;
}

interface FlightState<T> extends Flight<T> {
  waiters: number;
  settled: boolean;
  failed: boolean;
  readonly controller: AbortController;
}

export class SingleFlight<T> {
  private readonly byKey = new Map<string, FlightState<T>>();
  private gate: Promise<unknown> = Promise.resolve();

  /**
   * Runs `decide` alone: no flight begins or is forgotten while it runs, so a lookup elsewhere (the drive)
   * followed by `find` cannot miss a flight that finished in between.
   */
  exclusive<R>(decide: () => Promise<R>): Promise<R> {
    const run = this.gate.then(decide, decide);
    this.gate = run.catch(() => undefined);
    return run;
  }

  /** The flight under any of `keys` that is neither abandoned nor failed (call inside `exclusive`). */
  find(keys: readonly string[]): Flight<T> | undefined {
    for (const key of keys) {
      const flight = this.byKey.get(key);
      if (flight && !flight.failed && !flight.controller.signal.aborted) return flight;
    }
    return undefined;
  }

  /** Starts `work` under `keys` (call inside `exclusive`); it is forgotten once settled. */
  begin(keys: readonly string[], work: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    const done = Promise.resolve().then(() => work(controller.signal));
    const flight: FlightState<T> = {
      keys,
      done,
      controller,
      waiters: 0,
      settled: false,
      failed: false,
    };
    for (const key of keys) this.byKey.set(key, flight);
    const forget = (): Promise<void> =>
      this.exclusive(async () => {
        for (const key of keys) if (this.byKey.get(key) === flight) this.byKey.delete(key);
      });
    done.then(
      () => {
        flight.settled = true;
        void forget();
      },
      () => {
        flight.settled = true;
        flight.failed = true;
        void forget();
      },
    );
    return flight;
  }

  /**
   * Waits for `flight` on behalf of one requester. When `signal` aborts, this requester leaves at once with
   * a `cancelled` error; the last one leaving aborts the flight and leaves only once it has stopped.
   */
  wait(flight: Flight<T>, signal: AbortSignal, what: string): Promise<T> {
    const state = flight as FlightState<T>;
    state.waiters += 1;
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        left = true;
        state.waiters -= 1;
        const cancelled = new EngineError('cancelled', `${what} was cancelled`);
        if (state.waiters > 0 || state.settled) {
          reject(cancelled);
          return;
        }
        state.controller.abort();
        state.done.then(
          () => reject(cancelled),
          () => reject(cancelled),
        );
      };
      if (signal.aborted) {
        leave();
        return;
      }
      signal.addEventListener('abort', leave, { once: true });
      const settle = (): boolean => {
        if (left) return false;
        signal.removeEventListener('abort', leave);
        state.waiters -= 1;
        return true;
      };
      state.done.then(
        (value) => settle() && resolve(value),
        (error: unknown) => settle() && reject(error),
      );
    });
  }
}

const registries = new WeakMap<object, SingleFlight<unknown>>();

/** The one registry of flights belonging to `owner` (the home's download manager). */
export function flightsOf<T>(owner: object): SingleFlight<T> {
  let flights = registries.get(owner);
  if (!flights) {
    flights = new SingleFlight<unknown>();
    registries.set(owner, flights);
  }
  return flights as SingleFlight<T>;
}
