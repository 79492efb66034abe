// The tools launchers need: how to find each, read its version, why it matters and which package provides it.
import { EngineError } from '../errors';

export type ToolId =
  | 'git'
  | 'python3'
  | 'venv'
  | 'uv'
  | 'conda'
  | 'node'
  | 'npm'
  | 'ffmpeg'
  | 'cc'
  | 'cxx'
  | 'make'
  | 'cmake'
  | 'nvidia-smi'
  | 'nvcc';

/** Package managers Hangar can offer a command for. */
export type PackageManager = 'apt' | 'brew' | 'npm';

export interface ToolSpec {
  id: ToolId;
  title: string;
  /** Executable names tried in order; the first found on PATH wins. */
  commands: string[];
  /** Arguments that print the version. */
  versionArgs: string[];
  /** Why a launcher needs it, said to the user when it is missing. */
  why: string;
  /** Package per manager; a missing manager means it cannot provide the tool. */
  packages: Partial<Record<PackageManager, string>>;
  /** Where to get it when no package manager present can install it. */
  manual: string;
  /** A check run after the binary is found (e.g. python's venv module); non-zero exit means missing. */
  probe?: { command: ToolId; args: string[] };
  /** The hardware it serves ("an NVIDIA GPU"): without it, its absence is no problem. */
  onlyWith?: string;
}

export const TOOL_SPECS: readonly ToolSpec[] = [
  {
    id: 'git',
    title: 'Git',
    commands: ['git'],
    versionArgs: ['--version'],
    why: 'launchers clone their app repositories with git',
    packages: { apt: 'git', brew: 'git' },
    manual: 'https://git-scm.com/downloads',
  },
  {
    id: 'python3',
    title: 'Python 3',
    commands: ['python3', 'python'],
    versionArgs: ['--version'],
    why: 'most AI apps are Python programs installed into a virtual environment',
    packages: { apt: 'python3', brew: 'python@3.11' },
    manual: 'https://www.python.org/downloads/',
  },
  {
    id: 'venv',
    title: 'Python venv module',
    commands: ['python3', 'python'],
    versionArgs: ['--version'],
    why: 'shell steps with `venv` create a virtual environment with `python3 -m venv`',
    packages: { apt: 'python3-venv' },
    manual: 'a Python build that includes the venv and ensurepip modules',
    probe: { command: 'python3', args: ['-c', 'import venv, ensurepip'] },
  },
  {
    id: 'uv',
    title: 'uv',
    commands: ['uv'],
    versionArgs: ['--version'],
    why: '`venv_python` steps create environments with a pinned Python through uv, and `uv pip` installs faster',
    packages: { brew: 'uv' },
    manual: 'https://docs.astral.sh/uv/ (or `pip install uv`)',
  },
  {
    id: 'conda',
    title: 'Conda',
    commands: ['conda', 'mamba', 'micromamba'],
    versionArgs: ['--version'],
    why: 'shell steps with `conda` activate a conda environment',
    packages: { brew: 'miniforge' },
    manual: 'https://conda-forge.org/download/ (Miniforge)',
  },
  {
    id: 'node',
    title: 'Node.js',
    commands: ['node'],
    versionArgs: ['--version'],
    why: 'apps with a JavaScript front end or server run on Node.js',
    packages: { apt: 'nodejs', brew: 'node' },
    manual: 'https://nodejs.org/',
  },
  {
    id: 'npm',
    title: 'npm',
    commands: ['npm'],
    versionArgs: ['--version'],
    why: 'JavaScript apps install their dependencies with npm',
    packages: { apt: 'npm', brew: 'node' },
    manual: 'https://nodejs.org/ (npm ships with Node.js)',
  },
  {
    id: 'ffmpeg',
    title: 'FFmpeg',
    commands: ['ffmpeg'],
    versionArgs: ['-version'],
    why: 'audio and video apps (speech, music, face swap) decode and encode media with ffmpeg',
    packages: { apt: 'ffmpeg', brew: 'ffmpeg' },
    manual: 'https://ffmpeg.org/download.html',
  },
  {
    id: 'cc',
    title: 'C compiler',
    commands: ['cc', 'gcc', 'clang'],
    versionArgs: ['--version'],
    why: 'Python packages without a prebuilt wheel compile C extensions during pip install',
    packages: { apt: 'build-essential' },
    manual:
      'Xcode Command Line Tools (`xcode-select --install`) on macOS, build-essential on Debian/Ubuntu',
  },
  {
    id: 'cxx',
    title: 'C++ compiler',
    commands: ['c++', 'g++', 'clang++'],
    versionArgs: ['--version'],
    why: 'packages such as llama.cpp bindings, insightface and xformers build C++ code',
    packages: { apt: 'build-essential' },
    manual: 'Xcode Command Line Tools on macOS, build-essential on Debian/Ubuntu',
  },
  {
    id: 'make',
    title: 'make',
    commands: ['make'],
    versionArgs: ['--version'],
    why: 'native builds drive their compilers through make',
    packages: { apt: 'make', brew: 'make' },
    manual: 'GNU make',
  },
  {
    id: 'cmake',
    title: 'CMake',
    commands: ['cmake'],
    versionArgs: ['--version'],
    why: 'llama.cpp, dlib and other native packages are configured with CMake',
    packages: { apt: 'cmake', brew: 'cmake' },
    manual: 'https://cmake.org/download/ (or `pip install cmake`)',
  },
  {
    id: 'nvidia-smi',
    title: 'NVIDIA driver (nvidia-smi)',
    commands: ['nvidia-smi'],
    versionArgs: ['--query-gpu=driver_version', '--format=csv,noheader'],
    why: 'CUDA builds of PyTorch need the NVIDIA driver; nvidia-smi reports the GPUs',
    onlyWith: 'an NVIDIA GPU',
    packages: {},
    manual: 'the NVIDIA driver for your GPU (https://www.nvidia.com/Download/index.aspx)',
  },
  {
    id: 'nvcc',
    title: 'CUDA toolkit (nvcc)',
    commands: ['nvcc'],
    versionArgs: ['--version'],
    why: 'packages that compile CUDA kernels (flash-attention, bitsandbytes from source) need nvcc',
    onlyWith: 'an NVIDIA GPU',
    packages: { apt: 'nvidia-cuda-toolkit' },
    manual: 'https://developer.nvidia.com/cuda-downloads',
  },
];

export function toolSpec(id: ToolId): ToolSpec {
  const spec = TOOL_SPECS.find((s) => s.id === id);
  if (!spec)
    throw new EngineError(
      'not_found',
      `Unknown tool ${id}; known: ${TOOL_SPECS.map((s) => s.id).join(', ')}`,
    );
  return spec;
}

export function isToolId(value: string): value is ToolId {
  return TOOL_SPECS.some((s) => s.id === value);
}
