// Types for jimini (the `{{ }}` template library Pinokio uses), which ships none.
declare module 'jimini' {
  export default class Template {
    vals: Record<string, unknown>;
    keys: string[];
    init(injection: Record<string, unknown>): Promise<void>;
    update(injection: Record<string, unknown>): void;
    istemplate(value: unknown): boolean;
    flatten(value: unknown): unknown;
    render(
      template: unknown,
      vars: Record<string, unknown>,
      options?: { allow_undefined?: boolean },
    ): unknown;
    raw_get(
      expression: string,
      vars: Record<string, unknown>,
      options?: { allow_undefined?: boolean },
    ): unknown;
  }
}
