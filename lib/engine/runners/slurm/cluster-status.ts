// What Settings, `hangar cluster` and the doctor show of the configured cluster: its view, or why it cannot be read.
import type { ClusterStatus } from '../../../shared/cluster';
import type { SlurmConfig } from '../../../shared/placement';
import { errorMessage, isEngineError } from '../../errors';
import { getClusterInfo } from './cluster-info';

export async function clusterStatus(config: SlurmConfig | undefined): Promise<ClusterStatus> {
  const base = {
    configured: config !== undefined,
    slurmConf: config?.slurmConf ?? null,
    binDir: config?.binDir ?? null,
    partition: config?.partition ?? null,
  };
  if (!config) return { ...base, info: null, error: null };
  try {
    const info = await getClusterInfo({ binDir: config.binDir, slurmConf: config.slurmConf });
    return { ...base, info, error: null };
  } catch (error) {
    if (!isEngineError(error)) throw error;
    return { ...base, info: null, error: { code: error.code, message: errorMessage(error) } };
  }
}
