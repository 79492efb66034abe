// The tools domain's door: registry, install hints, bin/ shims and `requires` checks.
export {
  ToolRegistry,
  type ToolReport,
  type ToolStatus,
  type ToolRegistryOptions,
} from './registry';
export {
  TOOL_SPECS,
  toolSpec,
  isToolId,
  type ToolId,
  type ToolSpec,
  type PackageManager,
} from './tool-specs';
export { installHint, type InstallHint, type ManagerPresence } from './install-hints';
export { provisionBin, type BinShim } from './bin-shims';
export {
  parseRequires,
  checkRequirements,
  assertRequirements,
  formatMissing,
  type Requirements,
  type RequirementCheck,
} from './requires';
export { findExecutable, parseVersion } from './probe';
export { findPython, parsePythonVersion, type PythonSearch } from './python-versions';
export { ensureStepTools, callsUv, callsConda } from './step-tools';
export {
  ensureConda,
  provisionMicromamba,
  micromambaUrl,
  MICROMAMBA_BASE_URL,
  MICROMAMBA_URL_ENV,
} from './provision-conda';
export {
  ensureUv,
  provisionUv,
  installUvShim,
  uvVenvDir,
  type ProvisionOptions,
} from './provision-uv';
export { isUvShim } from './provision-io';
export {
  readProvisioned,
  recordProvisioned,
  type ProvisionedTool,
  PROVISIONED_FILE,
} from './provisioned';
export { toolsNeeded, type ToolNeed, type PlannedScript } from './launcher-tools';
export { provisionFromNpm, NPM_TOOLS, type NpmToolId } from './provision-npm';
export { ensureRequiredNode, provisionNode, nodeOnPath } from './provision-node';
export { requiredNodeVersion, parseNodeVersion, type NodeVersionSpec } from './node-version';
