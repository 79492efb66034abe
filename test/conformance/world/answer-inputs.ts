// Answers every input step as a user pressing OK would: each field with its default value, or empty.
import type { EventLog } from '../../helpers/socket-events';
import type { TestServer } from '../../helpers/server';

interface Field {
  key?: string;
  default?: unknown;
  value?: unknown;
}

export function answerInputs(events: EventLog, server: TestServer): void {
  events.socket.on('run:input', (payload: { runId: string; form?: Field[] }) => {
    const response: Record<string, unknown> = {};
    for (const field of payload.form ?? [])
      if (field.key) response[field.key] = field.default ?? field.value ?? '';
    server.rpc('runs.respond', { runId: payload.runId, response }).catch((error: Error) => {
      // The run then waits for its answer and its phase fails on its timeout, with this line to say why.
      console.error(`conformance: could not answer run ${payload.runId}'s input: ${error.message}`);
    });
  });
}
