// modal and htmlmodal through the real runner: the events the dashboard gets, the waits, and the answers in `input`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunHtmlModalEvent } from '../../../../../lib/shared/events';
import { makeRunnerEnv, type RunnerEnv } from '../../script/run-helpers';

let env: RunnerEnv;
let modals: RunHtmlModalEvent[];
beforeEach(async () => {
  env = await makeRunnerEnv();
  modals = [];
  env.bus.on('run:htmlmodal', (e) => void modals.push(e));
});
afterEach(async () => {
  await env.cleanup();
});

describe('modal', () => {
  it('waits with a "modal" request and continues with the answer as input', async () => {
    const file = await env.write('m.json', {
      run: [
        {
          method: 'modal',
          params: {
            title: 'Read me',
            description: '<b>hi</b>',
            menu: [{ text: 'Docs', href: 'https://example.com' }],
            extra: 'kept',
          },
        },
        { method: 'script.return', params: '{{input}}' },
      ],
    });
    const asked = env.waitFor('run:input', () => true);
    const { runId, done } = await env.runner.start(file);
    const request = await asked;
    expect(request).toMatchObject({
      runId,
      kind: 'modal',
      title: 'Read me',
      description: '<b>hi</b>',
      menu: [{ text: 'Docs', href: 'https://example.com' }],
    });
    expect(env.runner.get(runId).status).toBe('waiting');
    env.runner.respond(runId, {});
    expect((await done).result).toEqual({});
  });

  it('names the field a launcher got wrong', async () => {
    const file = await env.write('bad.json', { run: [{ method: 'modal', params: { title: 4 } }] });
    const result = await (await env.runner.start(file)).done;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/modal param "title"/);
  });

  it('is given up when the run stops', async () => {
    const file = await env.write('stop.json', { run: [{ method: 'modal', params: {} }] });
    const asked = env.waitFor('run:input', () => true);
    const { runId, done } = await env.runner.start(file);
    await asked;
    await env.runner.stop(runId);
    expect((await done).status).toBe('stopped');
  });
});

describe('htmlmodal', () => {
  it('opens, updates (merging), answers with await, and closes while the script runs', async () => {
    const file = await env.write('h.json', {
      run: [
        {
          method: 'htmlmodal.open',
          params: { title: 'Setup', html: '<p>one</p>', statusText: 'busy', waiting: true },
        },
        { method: 'local.set', params: { opened: '{{input}}' } },
        {
          method: 'htmlmodal.update',
          params: {
            html: '<p>two</p>',
            actions: [{ id: 'ok', label: 'OK', type: 'submit', payload: { n: 1 } }],
            await: true,
          },
        },
        { method: 'local.set', params: { answer: '{{input}}' } },
        { method: 'htmlmodal.open', params: { id: 'second', html: 'x' } },
        { method: 'htmlmodal.close' },
        { method: 'script.return', params: '{{local}}' },
      ],
    });
    const asked = env.waitFor('run:input', () => true);
    const { runId, done } = await env.runner.start(file);
    const request = await asked;
    const id = `htmlmodal:${file}`;
    expect(request).toMatchObject({ kind: 'htmlmodal', modalId: id, title: 'Setup' });
    expect(modals.map((m) => m.modal)).toEqual([
      { id, title: 'Setup', html: '<p>one</p>', status: { text: 'busy', waiting: true } },
      {
        id,
        title: 'Setup',
        html: '<p>two</p>',
        status: { text: 'busy', waiting: true },
        actions: [{ id: 'ok', label: 'OK', type: 'submit', payload: { n: 1 } }],
      },
    ]);
    expect(env.runner.get(runId).htmlmodal?.html).toBe('<p>two</p>');
    env.runner.respond(runId, { action: 'ok', payload: { n: 1 } });
    const result = await done;
    expect(result.status).toBe('finished');
    const local = result.result as { opened: unknown; answer: unknown };
    expect(local.opened).toMatchObject({ action: 'open', id, title: 'Setup' });
    expect(local.answer).toEqual({ action: 'ok', payload: { n: 1 } });
    // The submit closed the dialog; then a second one opened and htmlmodal.close closed it.
    expect(modals.slice(2).map((m) => m.modal?.id ?? null)).toEqual([null, 'second', null]);
    expect(modals.every((m) => m.runId === runId)).toBe(true);
  });

  it('keeps the dialog after a button answer or a submit with close: false, and closes on dismiss', async () => {
    const file = await env.write('k.json', {
      run: [
        {
          method: 'htmlmodal.open',
          params: {
            html: 'a',
            actions: [
              { id: 'b', type: 'button' },
              { id: 's', type: 'submit', close: false },
            ],
            await: true,
          },
        },
        { method: 'htmlmodal.update', params: { html: 'b', await: true } },
        { method: 'htmlmodal.update', params: { html: 'c', await: true } },
        { method: 'script.return', params: '{{input}}' },
      ],
    });
    const requests: string[] = [];
    env.bus.on('run:input', (e) => void requests.push(e.requestId));
    const { runId, done } = await env.runner.start(file);
    for (const [i, answer] of [
      { action: 'b' },
      { action: 's' },
      { action: 'dismissed' },
    ].entries()) {
      await waitForRequest(requests, i + 1);
      env.runner.respond(runId, answer);
    }
    expect((await done).result).toEqual({ action: 'dismissed' });
    expect(modals.map((m) => m.modal?.html ?? null)).toEqual(['a', 'b', 'c', null]);
  });

  it('clears the dialog when the run ends', async () => {
    const file = await env.write('end.json', {
      run: [{ method: 'htmlmodal.open', params: { html: 'left open' } }],
    });
    const { runId, done } = await env.runner.start(file);
    await done;
    expect(env.runner.get(runId).htmlmodal).toBeNull();
  });
});

/** Waits until the runner has asked `count` times (each await is one request). */
async function waitForRequest(requests: string[], count: number): Promise<void> {
  if (requests.length >= count) return;
  await env.waitFor('run:input', () => requests.length >= count);
}
