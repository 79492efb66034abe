// on-handler matching rules: rolling cleaned window, masks, ordering, event templates; notify and trigger live.
import { afterEach, describe, expect, it } from 'vitest';
import {
  compileHandlers,
  OutputWatcher,
  renderEventTemplate,
} from '../../../../../lib/engine/steps/shell/on-handlers';
import { argvToCommand, commandsOf } from '../../../../../lib/engine/steps/shell/message';
import { shellSteps } from '../../../../../lib/engine/steps/shell';
import { descendants, waitFor } from '../../../../helpers/processes';
import { createRun, request, type TestRun } from './step-context';

let current: TestRun | null = null;
afterEach(async () => {
  await current?.dispose();
  current = null;
  await waitFor(async () => (await descendants()).length === 0, 'no process left', 3000);
});

describe('OutputWatcher', () => {
  it('matches across chunks and through ANSI colour codes', () => {
    const watcher = new OutputWatcher(
      compileHandlers([{ event: '/Running on (http\\S+)/', done: true }]),
    );
    expect(watcher.feed('Running \x1b[1mon\x1b[0m htt')).toEqual([]);
    const [hit] = watcher.feed('p://127.0.0.1:7860\r\n');
    expect(hit?.match[1]).toBe('http://127.0.0.1:7860');
  });

  it('sees the end of a large coloured burst as if it cleaned all of it', () => {
    const burst = Array.from(
      { length: 20_000 },
      (_, i) => `\x1b[3${i % 7}mline ${i}\x1b[0m of a burst\r\n`,
    ).join('');
    const watcher = new OutputWatcher(
      compileHandlers([{ event: '/19999 of a burst\\n$/', done: true }]),
    );
    expect(watcher.feed(burst).map((hit) => hit.match[0])).toEqual(['19999 of a burst\n']);
    // One long line without a newline near its end is cleaned whole.
    const long = new OutputWatcher(compileHandlers([{ event: '/^x{300}$/', done: true }]));
    expect(long.feed(`\x1b[1m${'x'.repeat(5000)}\x1b[0m`)).toHaveLength(1);
  });

  it('a break:false mask silences the default error break but not a later done handler', () => {
    const watcher = new OutputWatcher(
      compileHandlers([
        { event: '/error:/i', break: false },
        { event: '/ready at (\\S+)/', done: true },
      ]),
    );
    expect(watcher.feed('UserWarning error: deprecated\n')).toEqual([]);
    const hits = watcher.feed('ready at http://x\n');
    expect(hits.map((h) => h.handler.source)).toEqual(['/ready at (\\S+)/']);
    expect(
      new OutputWatcher(compileHandlers([])).feed('OSError: [Errno 2] nope')[0]?.handler.break,
    ).toBe(true);
  });

  it('renders event templates like Pinokio, keeping the type of a whole-string template', () => {
    const match = 'url http://a:1 end'.match(/(http\S+)/)!;
    expect(renderEventTemplate('{{event.matches[0][1]}}', match)).toBe('http://a:1');
    expect(renderEventTemplate('{{event[1].length}}', match)).toBe(10);
    expect(renderEventTemplate('got {{event[1]}} / {{nope.x}}', match)).toBe(
      'got http://a:1 / {{nope.x}}',
    );
  });

  it('rejects an invalid regular expression with invalid_params', () => {
    expect(() => compileHandlers([{ event: '/(/', done: true }])).toThrow(
      expect.objectContaining({ code: 'invalid_params' }),
    );
  });
});

describe('messages', () => {
  it('chains with &&, || and ; and drops unresolved templates and empty items', () => {
    expect(commandsOf(['a', null, '', 'b'], '|')).toEqual(['a || b']);
    expect(commandsOf(['a', 'b'], '*')).toEqual(['a ; b']);
    expect(commandsOf(['a', 'b'])).toEqual(['a', 'b']);
    expect(argvToCommand({ _: ['./main'], '-f': '/p/prompt.txt', m: 'model.bin', n: 256 })).toBe(
      './main -f /p/prompt.txt -m model.bin -n 256',
    );
    expect(() => commandsOf(['a', 'b'], 'x')).toThrow(
      expect.objectContaining({ code: 'invalid_params' }),
    );
  });
});

describe('notify and trigger handlers', () => {
  it('emit while the command keeps running', async () => {
    const triggered: Array<[string, unknown]> = [];
    current = await createRun({
      extra: { trigger: (action, input) => void triggered.push([action, input]) },
    });
    const params = {
      message: 'echo "step 1 of 2"; echo "checkpoint saved"; echo finished',
      on: [
        { event: '/step (\\d) of 2/', notify: { message: 'progress {{event[1]}}' } },
        { event: '/checkpoint saved/', trigger: 'on_checkpoint' },
      ],
    };
    const result = (await shellSteps['shell.run']!.run(params, current.ctx, request(params))) as {
      exitCode: number;
    };
    expect(result.exitCode).toBe(0);
    expect(current.notifications).toEqual([{ html: 'progress 1', type: 'info' }]);
    expect(triggered).toEqual([
      ['on_checkpoint', { event: ['checkpoint saved'], trigger: 'on_checkpoint' }],
    ]);
  });
});
