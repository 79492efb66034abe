'use client';
// The form of a run's `input` step, rendered from its fields and answered with runs.respond.
import { useState } from 'react';
import type { RunInputEvent } from '@/lib/shared/events';
import { rpc } from '@/lib/client/rpc';
import { buttonClass } from '../ui/button-styles';
import { SafeHtml } from '../ui/safe-html';

interface Field {
  key: string;
  title?: string;
  description?: string;
  type?: string;
  placeholder?: string;
  default?: string;
}

/** A field's default as the text its input starts with (a launcher may write a number or a boolean). */
function defaultText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined ? undefined : JSON.stringify(value);
}

function fieldsOf(form: unknown[] | undefined): Field[] {
  return (form ?? [])
    .filter(
      (f): f is Record<string, unknown> =>
        typeof f === 'object' && f !== null && typeof (f as { key?: unknown }).key === 'string',
    )
    .map((f) => ({
      key: f.key as string,
      title: typeof f.title === 'string' ? f.title : undefined,
      description: typeof f.description === 'string' ? f.description : undefined,
      type: typeof f.type === 'string' ? f.type : undefined,
      placeholder: typeof f.placeholder === 'string' ? f.placeholder : undefined,
      default: defaultText(f.default),
    }));
}

export function InputForm({ request }: { request: RunInputEvent }) {
  const fields = fieldsOf(request.form);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.key, f.default ?? ''])),
  );
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  return (
    <form
      aria-label={request.title ?? 'Input'}
      data-testid="input-form"
      className="flex flex-col gap-3 rounded-lg border-2 border-sky-500 bg-sky-50 p-4 dark:bg-sky-950"
      onSubmit={(event) => {
        event.preventDefault();
        setSending(true);
        rpc('runs.respond', { runId: request.runId, response: values })
          .catch((e: Error) => setError(e.message))
          .finally(() => setSending(false));
      }}
    >
      <h3 className="font-semibold">{request.title ?? 'The script asks for input'}</h3>
      {request.description ? <SafeHtml html={request.description} className="text-sm" /> : null}
      {fields.map((field, i) => {
        const id = `input-${request.requestId}-${field.key}`;
        const common = {
          id,
          name: field.key,
          value: values[field.key] ?? '',
          placeholder: field.placeholder,
          autoFocus: i === 0,
          className:
            'rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900',
        };
        const set = (value: string) => setValues((v) => ({ ...v, [field.key]: value }));
        return (
          <div key={field.key} className="flex flex-col gap-1">
            <label htmlFor={id} className="text-sm font-medium">
              {field.title ?? field.key}
            </label>
            {field.type === 'textarea' ? (
              <textarea {...common} rows={4} onChange={(e) => set(e.target.value)} />
            ) : (
              <input
                {...common}
                type={field.type === 'password' || field.type === 'number' ? field.type : 'text'}
                onChange={(e) => set(e.target.value)}
              />
            )}
            {field.description ? (
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{field.description}</span>
            ) : null}
          </div>
        );
      })}
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div>
        <button type="submit" className={buttonClass.primary} disabled={sending}>
          Submit
        </button>
      </div>
    </form>
  );
}
