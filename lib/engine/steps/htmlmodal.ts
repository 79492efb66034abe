// htmlmodal.open/update/close: a launcher's HTML dialog the dashboard shows while the script runs; `await` waits for an action.
import { z } from 'zod';
import type { HtmlModal } from '../../shared/events';
import { EngineError } from '../errors';
import { defineStep, type StepDescriptor } from './descriptor';
import type { StepContext } from './types';

const action = z.looseObject({
  id: z.string().optional(),
  label: z.string().optional(),
  type: z.string().optional(),
  href: z.string().optional(),
  primary: z.boolean().optional(),
  variant: z.string().optional(),
  close: z.boolean().optional(),
  disabled: z.boolean().optional(),
  payload: z.unknown().optional(),
});

/**
 * What Pinokio's htmlmodal reads (open/update/close share it); anything else is kept and ignored. Absent params
 * are `{}`; a null field is kept, since `status: null` clears the status line.
 */
export const htmlmodalParams = z.preprocess(
  (v) => v ?? {},
  z.looseObject({
    id: z.string().optional(),
    title: z.string().optional(),
    html: z.string().optional(),
    statusText: z.string().optional(),
    statusVariant: z.string().optional(),
    waiting: z.boolean().optional(),
    status: z
      .looseObject({
        text: z.string().optional(),
        waiting: z.boolean().optional(),
        variant: z.string().optional(),
      })
      .nullable()
      .optional(),
    actions: z.array(action).optional(),
    await: z.boolean().optional(),
    dismissible: z.boolean().optional(),
    variant: z.string().optional(),
  }),
);
export type HtmlmodalParams = z.output<typeof htmlmodalParams>;

type Action = 'open' | 'update' | 'close';

/** The fields a packet sets, as Pinokio's dialog renders them (only those present change). */
function fieldsOf(p: HtmlmodalParams): Omit<HtmlModal, 'id'> {
  const fields: Omit<HtmlModal, 'id'> = {};
  if (p.title) fields.title = p.title;
  if ('html' in p) fields.html = p.html ?? '';
  if ('status' in p) fields.status = p.status ?? null;
  else if ('statusText' in p)
    fields.status = { text: p.statusText, waiting: p.waiting, variant: p.statusVariant };
  if (Array.isArray(p.actions)) fields.actions = p.actions;
  if ('variant' in p) fields.variant = p.variant;
  if ('dismissible' in p) fields.dismissible = p.dismissible;
  return fields;
}

function host(method: string, ctx: StepContext) {
  if (!ctx.htmlModal)
    throw new EngineError('not_available', `${method} needs the dashboard to show its dialog`);
  return ctx.htmlModal;
}

/** An answer that ends the dialog: the close button, or a submit action without `close: false`. */
function closes(answer: unknown, modal: HtmlModal | null): boolean {
  if (!answer || typeof answer !== 'object') return false;
  const id = (answer as { action?: unknown }).action;
  if (id === 'dismissed') return true;
  const chosen = (modal?.actions ?? []).find(
    (a) => (a as { id?: unknown }).id === id && (a as { type?: unknown }).type === 'submit',
  ) as { close?: unknown } | undefined;
  return chosen !== undefined && chosen.close !== false;
}

const SUMMARIES: Record<Action, string> = {
  open: "shows a dialog of the launcher's HTML in the dashboard; with `await` waits for an action",
  update: 'changes the open HTML dialog (only the fields given); with `await` waits for an action',
  close: 'closes the HTML dialog',
};

async function dispatch(kind: Action, p: HtmlmodalParams, ctx: StepContext): Promise<unknown> {
  const method = `htmlmodal.${kind}`;
  const dialog = host(method, ctx);
  const id = p.id ?? `htmlmodal:${ctx.scriptFile}`;
  const packet = { action: kind, ...p, id };
  if (kind === 'close') {
    dialog.show(null);
    return { ...packet, await: false };
  }
  const current = dialog.current();
  const next: HtmlModal =
    kind === 'open' || !current ? { id, ...fieldsOf(p) } : { ...current, ...fieldsOf(p) };
  dialog.show(next);
  if (!p.await) return packet;
  const answer = await ctx.requestInput({
    kind: 'htmlmodal',
    modalId: next.id,
    title: next.title,
  });
  if (closes(answer, dialog.current())) dialog.show(null);
  return answer;
}

const step = (kind: Action): StepDescriptor =>
  defineStep({
    summary: SUMMARIES[kind],
    params: htmlmodalParams,
    run: (p, ctx) => dispatch(kind, p, ctx),
  });

export const htmlmodalSteps: Record<string, StepDescriptor> = {
  'htmlmodal.open': step('open'),
  'htmlmodal.update': step('update'),
  'htmlmodal.close': step('close'),
};
