// slurm.conf and gres.conf of a test cluster: everything under its temp dir, tuned for fast, deterministic tests.
import path from 'node:path';

export interface ConfigInput {
  dir: string;
  clusterName: string;
  controlHost: string;
  hostAddr: string;
  ctldPort: number;
  slurmdPort: number;
  partition: string;
  nodes: { name: string; addr: string }[];
  gpusPerNode: number;
  gpuType?: string;
  cpusPerNode: number;
  memoryMbPerNode: number;
  slurmdTimeout: number;
  messageTimeout: number;
  extraConf: string[];
  extraPartitions: string[];
}

export function renderSlurmConf(c: ConfigInput): string {
  const d = c.dir;
  const lines = [
    `ClusterName=${c.clusterName}`,
    // slurmctld checks the short hostname against this name; the address is the host's end of the bridge.
    `SlurmctldHost=${c.controlHost}(${c.hostAddr})`,
    `SlurmctldPort=${c.ctldPort}`,
    `SlurmdPort=${c.slurmdPort}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    'CredType=cred/munge',
    // The cluster's own munged: nothing from /etc/munge, so several clusters run at once.
    `AuthInfo=socket=${path.join(d, 'munge', 'munge.sock')}`,
    `StateSaveLocation=${path.join(d, 'state')}`,
    `SlurmdSpoolDir=${path.join(d, 'spool', '%n')}`,
    `SlurmctldPidFile=${path.join(d, 'run', 'slurmctld.pid')}`,
    `SlurmdPidFile=${path.join(d, 'run', 'slurmd-%n.pid')}`,
    // No LogFile: the daemons run in the foreground and their output goes to log/<daemon>.log.
    'SlurmctldDebug=info',
    'SlurmdDebug=info',
    // No cgroups here: processes are tracked through /proc, tasks are not bound.
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SwitchType=switch/none',
    'MpiDefault=none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/none',
    // GPUs are trackable resources allocated per job, so `--gres=gpu:N` can leave a job PENDING (Resources).
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core_Memory',
    'GresTypes=gpu',
    // The declared CPUs and memory count, not the hardware (every node shares this machine's).
    'SlurmdParameters=config_overrides',
    // Jobs start on submit or when a job ends; backfill every second lets a job start on free resources while
    // an earlier one waits (Resources) for others, as on a real cluster.
    'SchedulerType=sched/backfill',
    'SchedulerParameters=bf_interval=1,sched_min_interval=0',
    `SlurmdTimeout=${c.slurmdTimeout}`,
    `MessageTimeout=${c.messageTimeout}`,
    // A node whose slurmd comes back is usable again without an admin's resume.
    'ReturnToService=2',
    'KillWait=1',
    'OverTimeLimit=0',
    // Finished jobs stay visible to `scontrol show job` for five minutes.
    'MinJobAge=300',
    'JobRequeue=0',
    'InactiveLimit=0',
    ...c.extraConf,
    ...c.nodes.map(
      (n) =>
        `NodeName=${n.name} NodeAddr=${n.addr} NodeHostname=${n.name} CPUs=${c.cpusPerNode} ` +
        `RealMemory=${c.memoryMbPerNode} Gres=gpu:${gpuTypePrefix(c)}${c.gpusPerNode} State=UNKNOWN`,
    ),
    `PartitionName=${c.partition} Nodes=${c.nodes.map((n) => n.name).join(',')} Default=YES ` +
      'MaxTime=INFINITE State=UP',
    ...c.extraPartitions,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * gres/gpu drops a GPU that has no `File=` ("Removing file-less GPU"), so each GPU is a character device
 * file with /dev/null's numbers under the cluster's dir (`gpuDeviceFiles`); no job ever opens one.
 */
export function renderGresConf(c: ConfigInput): string {
  const lines = ['AutoDetect=off'];
  for (const n of c.nodes) {
    for (const file of gpuDeviceFiles(c.dir, n.name, c.gpusPerNode)) {
      lines.push(
        `NodeName=${n.name} Name=gpu${c.gpuType ? ` Type=${c.gpuType}` : ''} File=${file}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function gpuDeviceFiles(dir: string, node: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => path.join(dir, 'dev', node, `gpu${i}`));
}

function gpuTypePrefix(c: ConfigInput): string {
  return c.gpuType ? `${c.gpuType}:` : '';
}
