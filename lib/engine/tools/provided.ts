// The tools Hangar fetches into bin/ itself when a launcher needs them, and how (what `hangar check` and the
// Tools list say instead of an install command).
import type { ToolId } from './tool-specs';

const PROVIDED: Partial<Record<ToolId, string>> = {
  ffmpeg:
    'Hangar fetches ffmpeg from the npm registry (@ffmpeg-installer/<platform>) into bin/ before a step that runs it',
  conda:
    'Hangar fetches micromamba from conda-forge into bin/ (with a `conda` shim) before a step that needs conda, where none is installed',
  node: 'Hangar fetches Node from the npm registry (node-<platform>-<arch>) into bin/ when none is installed or `requires` names a version the machine lacks',
  npm: 'Hangar fetches npm from the npm registry into bin/ with the Node it provisions',
  uv: 'Hangar installs uv into bin/ with pip (or, where it cannot be had, a shim running `uv pip` through pip)',
};

/** How Hangar provides the tool, or undefined when the machine must. */
export function providedByHangar(id: ToolId): string | undefined {
  return PROVIDED[id];
}
