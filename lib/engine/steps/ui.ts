// UI methods: input (blocks for an answer), notify, log, web.open and browser.open (events only, never a server-side browser).
import { z } from 'zod';
import { defineStep, type StepDescriptor } from './descriptor';
import { asText, fields, looseParams } from './schemas';

const input = defineStep({
  summary: 'asks the user (a form in the browser) and returns the answer',
  params: looseParams({
    title: z.string().optional(),
    description: z.string().optional(),
    type: z.string().optional(),
    form: z.array(z.unknown()).optional(),
  }),
  run: (p, ctx) =>
    ctx.requestInput({ title: p.title, description: p.description, type: p.type, form: p.form }),
});

const notify = defineStep({
  summary: 'shows a notification in the browser',
  params: looseParams({
    html: z.string().optional(),
    text: z.string().optional(),
    href: z.string().optional(),
    type: z.string().optional(),
  }),
  run: async (p, ctx) => ctx.emit.notify({ html: p.html ?? p.text, href: p.href, type: p.type }),
});

const log = defineStep({
  summary: 'writes text or JSON to the run log',
  params: z.union([
    z.string(),
    looseParams({
      raw: z.unknown().optional(),
      text: z.unknown().optional(),
      json: z.unknown().optional(),
      json2: z.unknown().optional(),
    }),
  ]),
  run: async (p, ctx) => {
    if (typeof p === 'string') ctx.log(`${p}\n`);
    else if (p.raw !== undefined) ctx.log(asText(p.raw));
    else if (p.text !== undefined) ctx.log(`${asText(p.text)}\n`);
    else if (p.json !== undefined) ctx.log(`${JSON.stringify(p.json)}\n`);
    else if (p.json2 !== undefined) ctx.log(`${JSON.stringify(p.json2, null, 2)}\n`);
  },
});

const opener = (target: 'web' | 'browser'): StepDescriptor =>
  defineStep({
    summary: `opens a URL in ${target === 'web' ? 'a tab of Hangar' : 'a new browser tab'}`,
    params: fields({ uri: z.string().optional(), url: z.string().optional() }).refine(
      (p) => p.uri !== undefined || p.url !== undefined,
      {
        error: `${target}.open needs a "uri"`,
      },
    ),
    run: async (p, ctx) => ctx.emit.webOpen({ uri: (p.uri ?? p.url)!, target }),
  });

export const uiSteps: Record<string, StepDescriptor> = {
  input,
  notify,
  log,
  'web.open': opener('web'),
  'browser.open': opener('browser'),
};
