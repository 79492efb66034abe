// SingleFlight: joining by any key, reference-counted leaving, and no gap between a flight ending and a lookup.
import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../../../../lib/engine/steps/downloads/single-flight';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SingleFlight', () => {
  it('finds a flight by any of its keys and hands every waiter its value', async () => {
    const flights = new SingleFlight<string>();
    const work = deferred<string>();
    const flight = await flights.exclusive(async () =>
      flights.begin(['url:a', 'sha256:x'], () => work.promise),
    );
    const joined = await flights.exclusive(async () => flights.find(['url:b', 'sha256:x']));
    expect(joined).toBe(flight);
    const one = flights.wait(flight, new AbortController().signal, 'one');
    const two = flights.wait(flight, new AbortController().signal, 'two');
    expect(flight.waiters).toBe(2);
    work.resolve('blob');
    expect(await Promise.all([one, two])).toEqual(['blob', 'blob']);
    expect(flight.waiters).toBe(0);
  });

  it('keeps a finished flight findable until a lookup that began before its end is over', async () => {
    const flights = new SingleFlight<string>();
    const work = deferred<string>();
    const flight = await flights.exclusive(async () => flights.begin(['k'], () => work.promise));
    const lookupGoing = deferred<void>();
    // A lookup elsewhere (the drive) is in progress when the flight ends.
    const decision = flights.exclusive(async () => {
      await lookupGoing.promise;
      return flights.find(['k']);
    });
    work.resolve('done');
    await flight.done;
    lookupGoing.resolve();
    expect(await decision).toBe(flight);
    expect(await flights.exclusive(async () => flights.find(['k']))).toBeUndefined();
  });

  it('one waiter leaving keeps the flight; the last leaving aborts it and returns once it stopped', async () => {
    const flights = new SingleFlight<string>();
    let workSignal!: AbortSignal;
    let stopped = false;
    const flight = await flights.exclusive(async () =>
      flights.begin(['k'], (signal) => {
        workSignal = signal;
        return new Promise<string>((_, reject) =>
          signal.addEventListener('abort', () =>
            setImmediate(() => {
              stopped = true;
              reject(new Error('aborted'));
            }),
          ),
        );
      }),
    );
    const a = new AbortController();
    const b = new AbortController();
    const first = flights.wait(flight, a.signal, 'first');
    const second = flights.wait(flight, b.signal, 'second');
    a.abort();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(workSignal.aborted).toBe(false);
    expect(await flights.exclusive(async () => flights.find(['k']))).toBe(flight);
    b.abort();
    expect(await flights.exclusive(async () => flights.find(['k']))).toBeUndefined();
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    expect(workSignal.aborted).toBe(true);
    expect(stopped).toBe(true);
  });

  it('does not hand a failed flight to a new request', async () => {
    const flights = new SingleFlight<string>();
    const flight = await flights.exclusive(async () =>
      flights.begin(['k'], () => Promise.reject(new Error('404'))),
    );
    await expect(flights.wait(flight, new AbortController().signal, 'w')).rejects.toThrow('404');
    const decision = flights.exclusive(async () => flights.find(['k']));
    expect(await decision).toBeUndefined();
  });
});
