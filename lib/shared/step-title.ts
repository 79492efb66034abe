// A step as a person reads it: the launcher's own title, else what its method does with the gist of its params.

const MAX_CHARS = 80;

/** What the common long-running steps do, in words a progress line can lead with. */
const DOING: Record<string, string> = {
  'shell.run': 'Running',
  'fs.download': 'Downloading',
  'hf.download': 'Downloading from Hugging Face:',
  'fs.copy': 'Copying',
  'fs.write': 'Writing',
  'script.start': 'Starting',
  'script.run': 'Running',
};

/** Steps whose method says enough without params, in words. */
const ALONE: Record<string, string> = {
  input: 'Waiting for your answer',
  'process.wait': 'Waiting',
};

/**
 * `title`/`text` of the step when the launcher gives one, else what it does with the gist of its params ("Running
 * pip install -r requirements.txt", "Downloading model.bin"); a method without words reads "method: gist".
 */
export function stepTitle(step: {
  method: string;
  params?: unknown;
  [key: string]: unknown;
}): string {
  for (const own of [step.title, step.text]) {
    if (typeof own === 'string' && readable(own)) return shorten(readable(own));
  }
  const detail = paramsGist(step.method, step.params);
  if (!detail) return ALONE[step.method] ?? step.method;
  const doing = DOING[step.method];
  return shorten(doing ? `${doing} ${detail}` : `${step.method}: ${detail}`);
}

function paramsGist(method: string, params: unknown): string {
  if (!params || typeof params !== 'object') return '';
  const p = params as Record<string, unknown>;
  if (method === 'shell.run') {
    const messages = (Array.isArray(p.message) ? p.message : [p.message])
      .filter((m): m is string => typeof m === 'string')
      .map(readable)
      .filter(Boolean);
    if (messages.length === 0) return '';
    return messages.length > 1 ? `${messages[0]} (+${messages.length - 1} more)` : messages[0];
  }
  const target = [p.url, p.uri, p.path, p.message].find((v) => typeof v === 'string');
  if (typeof target !== 'string') return '';
  const text = readable(target);
  // A URL reads best as the file it names.
  return /^[a-z]+:\/\//i.test(text)
    ? (text.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? text)
    : text;
}

/** Templates become "…" (one for templates side by side), whitespace collapses. */
function readable(text: string): string {
  return text
    .replace(/\{\{[\s\S]*?\}\}/g, '…')
    .replace(/(?:\.\.\.|…)(?:\s*(?:\.\.\.|…))+/g, '…')
    .replace(/\s+/g, ' ')
    .trim();
}

function shorten(text: string): string {
  if (text.length <= MAX_CHARS) return text;
  return `${text
    .slice(0, MAX_CHARS - 1)
    .replace(/(?:\.\.\.|…)?\s*$/, '')
    .trimEnd()}…`;
}
