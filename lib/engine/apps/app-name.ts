// App names: the shared rule enforced as a typed error, and the default name of a source.
import { appNameProblem } from '../../shared/app-name';
import { EngineError } from '../errors';

export { deriveAppName } from '../../shared/app-name';

export function assertAppName(name: string): string {
  const problem = appNameProblem(name);
  if (problem) {
    throw new EngineError('invalid_name', problem, { details: { name: name.slice(0, 200) } });
  }
  return name;
}
