// Flow methods: jump (= goto) sets the next step by index or id and passes params on as the next input.
import { z } from 'zod';
import { defineStep, type StepDescriptor } from './descriptor';
import { requiredParams } from './schemas';

const target = z.union([z.string(), z.number()], { error: 'expected a step index or id' });

const jump = defineStep({
  summary: 'sets the next step by index or id',
  params: requiredParams({
    id: target.optional(),
    index: target.optional(),
    params: z.unknown().optional(),
    input: z.unknown().optional(),
  }).refine((p) => p.id !== undefined || p.index !== undefined, {
    error: 'jump needs an "index" or an "id"',
  }),
  run: async (p, ctx) => {
    ctx.setNext((p.id ?? p.index)!);
    return p.params ?? p.input;
  },
});

export const flowSteps: Record<string, StepDescriptor> = { jump, goto: jump };
