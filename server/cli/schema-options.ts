// Command-line options derived from a method's zod params schema: one --flag per field (nested objects flattened
// as --parent-child), parsed back into the params the API takes.
import { z } from 'zod';
import { UsageError } from './errors';

type ScalarType = 'string' | 'number' | 'integer' | 'boolean';

export interface CliField {
  /** Where the value goes in the params object. */
  path: string[];
  /** The option name without dashes (camelCase fields become kebab-case). */
  flag: string;
  type: ScalarType | 'list' | 'json';
  itemType?: ScalarType;
  nullable: boolean;
  required: boolean;
  enum?: string[];
  description?: string;
  default?: unknown;
  /** Limits from the schema, for help: "1000..3600000", "pattern ^[a-z]+$". */
  limits?: string;
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The fields of an object params schema, as the command line offers them. */
export function fieldsOf(schema: z.ZodType): CliField[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return objectFields(json, [], true);
}

function objectFields(json: JsonSchema, prefix: string[], parentRequired: boolean): CliField[] {
  const fields: CliField[] = [];
  const required = new Set(json.required ?? []);
  for (const [key, raw] of Object.entries(json.properties ?? {})) {
    const path = [...prefix, key];
    const isRequired = parentRequired && required.has(key);
    const nonNull = (raw.anyOf ?? [raw]).filter((s) => s.type !== 'null');
    const nullable = nonNull.length < (raw.anyOf ?? [raw]).length;
    const schema = nonNull.length === 1 ? { ...nonNull[0], ...pick(raw) } : raw;
    if (schema.type === 'object' && schema.properties && nonNull.length === 1 && !nullable) {
      fields.push(...objectFields(schema, path, isRequired));
      continue;
    }
    fields.push({
      path,
      flag: path.map(kebab).join('-'),
      ...typeOf(schema, nonNull.length),
      nullable,
      required: isRequired && schema.default === undefined,
      ...(schema.enum ? { enum: schema.enum.map(String) } : {}),
      ...(schema.description ? { description: schema.description } : {}),
      ...(schema.default !== undefined ? { default: schema.default } : {}),
      ...(limitsOf(schema) ? { limits: limitsOf(schema) } : {}),
    });
  }
  return fields;
}

function pick(raw: JsonSchema): JsonSchema {
  return {
    ...(raw.description ? { description: raw.description } : {}),
    ...(raw.default !== undefined ? { default: raw.default } : {}),
  };
}

function scalar(schema: JsonSchema | undefined): ScalarType | undefined {
  const type = schema?.type;
  return type === 'string' || type === 'number' || type === 'integer' || type === 'boolean'
    ? type
    : undefined;
}

function typeOf(schema: JsonSchema, variants: number): Pick<CliField, 'type' | 'itemType'> {
  if (variants !== 1) return { type: 'json' };
  if (schema.type === 'array' && scalar(schema.items))
    return { type: 'list', itemType: scalar(schema.items) };
  return { type: scalar(schema) ?? 'json' };
}

function limitsOf(schema: JsonSchema): string | undefined {
  const parts: string[] = [];
  const maximum = schema.maximum === Number.MAX_SAFE_INTEGER ? undefined : schema.maximum;
  if (schema.minimum !== undefined || maximum !== undefined)
    parts.push(`${schema.minimum ?? ''}..${maximum ?? ''}`);
  const items = schema.items;
  if (items && (items.minimum !== undefined || items.maximum !== undefined))
    parts.push(`each ${items.minimum ?? ''}..${items.maximum ?? ''}`);
  if (schema.format) parts.push(`a ${schema.format}`);
  if (schema.pattern && schema.pattern !== '^[^\\0]+$') parts.push(`matching ${schema.pattern}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** How a field's value is written on the command line, for help. */
export function valueHint(field: CliField, nullWords: readonly string[] = ['null']): string {
  const base =
    field.type === 'list'
      ? `${field.itemType === 'string' ? 'text' : (field.itemType ?? 'value')},...`
      : field.enum
        ? field.enum.join('|')
        : field.type === 'json'
          ? 'JSON'
          : field.type === 'string'
            ? 'text'
            : field.type;
  return field.nullable ? `${base}|${nullWords.join('|')}` : base;
}

export type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

/** `util.parseArgs` options for the fields (a boolean also gets --no-<flag>). */
export function parseArgsOptions(fields: readonly CliField[]): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = {};
  for (const field of fields) {
    if (field.type === 'boolean') {
      options[field.flag] = { type: 'boolean' };
      options[`no-${field.flag}`] = { type: 'boolean' };
    } else options[field.flag] = { type: 'string', multiple: field.type === 'list' };
  }
  return options;
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Builds the params object from parsed option values; a bad value is a usage error naming the option. */
export function paramsFrom(
  fields: readonly CliField[],
  values: Values,
  nullWords: Readonly<Record<string, readonly string[]>> = {},
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    let value: unknown;
    if (field.type === 'boolean') {
      if (values[field.flag] === true) value = true;
      if (values[`no-${field.flag}`] === true) value = false;
    } else {
      const raw = values[field.flag];
      if (raw !== undefined) value = convert(field, raw, nullWords[field.flag] ?? ['null']);
    }
    if (value === undefined) continue;
    let target = params;
    for (const key of field.path.slice(0, -1))
      target = (target[key] ??= {}) as Record<string, unknown>;
    target[field.path[field.path.length - 1]] = value;
  }
  return params;
}

function convert(field: CliField, raw: unknown, nullWords: readonly string[]): unknown {
  const texts = (Array.isArray(raw) ? raw : [raw]).map(String);
  const last = texts[texts.length - 1];
  if (field.nullable && nullWords.includes(last)) return null;
  if (field.type === 'list') {
    const items = texts.flatMap((t) => t.split(',')).filter((t) => t !== '');
    return items.map((item) => scalarValue(field, field.itemType ?? 'string', item));
  }
  if (field.type === 'json') {
    try {
      return JSON.parse(last) as unknown;
    } catch {
      throw new UsageError(`--${field.flag} must be JSON, got ${JSON.stringify(last)}`);
    }
  }
  return scalarValue(field, field.type, last);
}

function scalarValue(field: CliField, type: ScalarType, text: string): unknown {
  if (type === 'string') {
    if (field.enum && !field.enum.includes(text))
      throw new UsageError(
        `--${field.flag} must be one of ${field.enum.join(', ')}, got "${text}"`,
      );
    return text;
  }
  if (type === 'boolean') {
    if (text === 'true' || text === 'false') return text === 'true';
    throw new UsageError(`--${field.flag} must be true or false, got "${text}"`);
  }
  const number = Number(text);
  if (
    text.trim() === '' ||
    !Number.isFinite(number) ||
    (type === 'integer' && !Number.isInteger(number))
  )
    throw new UsageError(
      `--${field.flag} must be ${type === 'integer' ? 'an integer' : 'a number'}, got "${text}"`,
    );
  return number;
}
