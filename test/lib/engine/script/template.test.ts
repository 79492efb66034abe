// Template rendering follows Pinokio's jimini semantics.
import { describe, expect, it } from 'vitest';
import {
  evaluateWhen,
  flatten,
  hasTemplate,
  isDeferred,
  renderOnce,
  renderTemplate,
  type TemplateIssue,
} from '../../../../lib/engine/script/template';

const scope = {
  name: 'hangar',
  n: 2,
  platform: 'linux',
  self: { animals: ['cat', 'dog'], cmd: 'echo {{ name }}', nested: 'a {{ self.cmd }}' },
  env: { EMPTY: '' } as Record<string, string>,
  input: { event: ['http://127.0.0.1:7860', '7860'] },
  flag: false,
};

describe('renderTemplate', () => {
  it('returns the typed value of a string that is one whole expression', () => {
    expect(renderTemplate('{{ n + 1 }}', scope)).toBe(3);
    expect(renderTemplate('{{self.animals}}', scope)).toEqual(['cat', 'dog']);
    expect(renderTemplate('{{ flag }}', scope)).toBe(false);
    expect(renderTemplate('{{ null }}', scope)).toBeNull();
    expect(renderTemplate('{{ ({ a: { b: 1 } }).a }}', scope)).toEqual({ b: 1 });
  });

  it('interpolates embedded expressions into a string', () => {
    expect(renderTemplate('open {{input.event[0]}} on {{ platform }}', scope)).toBe(
      'open http://127.0.0.1:7860 on linux',
    );
    expect(renderTemplate('x {{ n }}{{ n }}', scope)).toBe('x 22');
    // jimini reads a string that starts with {{ and ends with }} as one expression: this one does not compile.
    expect(renderTemplate('{{ n }}{{ n }}', scope)).toBe('{{ n }}{{ n }}');
  });

  it('reads self in templates, including nested keys', () => {
    expect(renderTemplate('first: {{ self.animals[0] }}', scope)).toBe('first: cat');
  });

  it('keeps unresolved expressions as text and reports why', () => {
    const issues: TemplateIssue[] = [];
    expect(renderTemplate('x {{ missing.deep }} y', scope, { issues })).toBe(
      'x {{ missing.deep }} y',
    );
    expect(renderTemplate('{{ nothing }}', { nothing: undefined }, { issues })).toBe(
      '{{ nothing }}',
    );
    expect(issues).toEqual([
      expect.objectContaining({ expression: 'missing.deep', threw: true }),
      expect.objectContaining({
        expression: 'nothing',
        threw: false,
        message: 'evaluated to undefined',
      }),
    ]);
  });

  it('reports a syntax error as an unresolved issue naming the expression', () => {
    const issues: TemplateIssue[] = [];
    expect(renderTemplate('{{ 1 + }}', scope, { issues })).toBe('{{ 1 + }}');
    expect(issues[0]).toMatchObject({
      expression: '1 +',
      threw: true,
      message: 'not a valid JavaScript expression',
    });
  });

  it('repeats passes while templates produce templates, up to the limit', () => {
    expect(renderTemplate('{{ self.cmd }}', scope)).toBe('echo hangar');
    expect(renderTemplate('{{ self.nested }}', scope)).toBe('a echo hangar');
    expect(renderTemplate('{{ self.nested }}', scope, { passes: 1 })).toBe('a {{ self.cmd }}');
    expect(renderTemplate('{{ self.nested }}', scope, { passes: 2 })).toBe('a echo {{ name }}');
  });

  it('leaves {{{ }}} untouched during passes and flattens it to {{ }} at the end', () => {
    expect(renderTemplate('{{{ event.matches[0][1] }}}', scope)).toBe('{{ event.matches[0][1] }}');
    expect(renderTemplate('n: {{ n }} and {{{ n }}}', scope)).toBe('n: {{ n }} and {{ n }}');
    expect(renderTemplate('n: {{ n }}, {{{ n }}}.', scope)).toBe('n: {{ n }}, {{ n }}.');
    expect(renderTemplate({ on: [{ return: '{{{ event[1] }}}' }] }, scope)).toEqual({
      on: [{ return: '{{ event[1] }}' }],
    });
    expect(flatten('{{{a}}}')).toBe('{{a}}');
  });

  it('renders object keys and drops keys that render to null or false', () => {
    const tpl = {
      "{{ platform === 'darwin' ? '-ngl' : null }}": 1,
      '{{ flag }}': 2,
      '{{ name }}': '{{ n }}',
      keep: 'x',
    };
    expect(renderTemplate(tpl, scope)).toEqual({ hangar: 2, keep: 'x' });
    expect(renderTemplate(tpl, { ...scope, platform: 'darwin' })).toEqual({
      '-ngl': 1,
      hangar: 2,
      keep: 'x',
    });
  });

  it('renders arrays; allowUndefined applies to a whole-string value only, as in jimini', () => {
    expect(renderTemplate(['{{ n }}', 'a'], scope)).toEqual([2, 'a']);
    expect(
      renderOnce(['{{ nothing }}', 'a'], { nothing: undefined }, { allowUndefined: true }),
    ).toEqual(['{{ nothing }}', 'a']);
    expect(renderOnce('{{ nothing }}', { nothing: undefined }, { allowUndefined: true })).toBe(
      undefined,
    );
  });

  it('does not change the template value it was given', () => {
    const tpl = { message: '{{ n }}', list: ['{{ name }}'] };
    renderTemplate(tpl, scope);
    expect(tpl).toEqual({ message: '{{ n }}', list: ['{{ name }}'] });
  });

  it('passes non-template values through', () => {
    const fn = () => 1;
    expect(renderTemplate(5, scope)).toBe(5);
    expect(renderTemplate(fn, scope)).toBe(fn);
    expect(renderTemplate('no braces', scope)).toBe('no braces');
    expect(hasTemplate({ a: '{{ x }}' })).toBe(true);
    // jimini looks for templates in the string values of objects, not in strings directly inside arrays.
    expect(hasTemplate({ a: ['{{ x }}'] })).toBe(false);
    expect(hasTemplate({ a: [{ b: '{{ x }}' }] })).toBe(true);
  });
});

describe('evaluateWhen', () => {
  it('runs a step without when', () => {
    expect(evaluateWhen(undefined, scope)).toBe(true);
  });

  it('treats undefined and empty values as false', () => {
    expect(evaluateWhen('{{ env.OPENAI_API_KEY }}', scope)).toBe(false);
    expect(evaluateWhen('{{ env.EMPTY }}', scope)).toBe(false);
    expect(evaluateWhen('', scope)).toBe(false);
  });

  it('runs a step whose when throws (its text stays, and is truthy) and reports the throw', () => {
    const issues: TemplateIssue[] = [];
    expect(evaluateWhen('{{ args.id }}', scope, issues)).toBe(true);
    expect(issues).toEqual([expect.objectContaining({ expression: 'args.id', threw: true })]);
  });

  it('uses the truthiness of the rendered value', () => {
    expect(evaluateWhen("{{ platform === 'linux' && n > 1 }}", scope)).toBe(true);
    expect(evaluateWhen("{{ platform === 'win32' }}", scope)).toBe(false);
    expect(evaluateWhen(true, scope)).toBe(true);
    expect(evaluateWhen(0, scope)).toBe(false);
  });
});

describe('isDeferred', () => {
  it('defers undefined values and names not in scope yet, not other throws', () => {
    const issues: TemplateIssue[] = [];
    renderTemplate('a {{ event.matches }} b {{ self.nothing }} c {{ self.nothing.deep }}', scope, {
      issues,
    });
    expect(issues.map((i) => [i.expression, isDeferred(i)])).toEqual([
      ['event.matches', true],
      ['self.nothing', true],
      ['self.nothing.deep', false],
    ]);
  });
});
