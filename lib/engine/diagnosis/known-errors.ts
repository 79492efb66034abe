// The known-error table: what each failure looks like in run output, and how to say what happened and what to do.
import { DISPLAY_HINT, NO_DISPLAY_PATTERNS } from '../display/hint';
import type { ToolId } from '../tools/tool-specs';

export type KnownErrorId =
  | 'port_in_use'
  | 'cuda_oom'
  | 'unsupported_gpu_arch'
  | 'missing_compiler'
  | 'missing_headers'
  | 'python_version'
  | 'disk_full'
  | 'git_auth'
  | 'git_no_repo'
  | 'not_a_launcher'
  | 'network'
  | 'no_display'
  | 'gpu_limit';

/** Hosts of this machine: a refusal there means nothing listens, not that the network is down. */
const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|localhost|\[?::1\]?|0\.0\.0\.0)(?::\d+)?$/i;

/** Facts gathered after a match (port owner, install commands) that sharpen the advice. */
export interface MatchFacts {
  groups: string[];
  portOwner?: { pid: number; command: string | null } | null;
  install?: string | null;
  home?: string;
}

export interface KnownError {
  id: KnownErrorId;
  /** Any of these matching the output means this error; the last match in the output wins among patterns. */
  patterns: RegExp[];
  /** A tool whose install command the next step should quote. */
  tool?: ToolId;
  explain(facts: MatchFacts): { explanation: string; nextStep: string };
}

const first = (groups: string[]) => groups.find((g) => g !== undefined && g !== '') ?? null;

export const KNOWN_ERRORS: readonly KnownError[] = [
  {
    id: 'port_in_use',
    patterns: [
      /EADDRINUSE[^\n]*?:(\d{2,5})\b/,
      // Node's error object, when only the end of its output is quoted (a nested run's failure).
      /\bcode: 'EADDRINUSE',\r?\n(?:[^\n]*\n){0,6}?\s*port: (\d{2,5})\b/,
      /Cannot find empty port in range:\s*(\d{2,5})/,
      /\bport\s+(\d{2,5})\s+is\s+(?:already\s+)?in use/i,
      /bind\(\) to \S*:(\d{2,5}) failed \(98/,
      /\[Errno 98\] (?:error while attempting to bind[^\n]*?, (\d{2,5})\)|Address already in use)/,
      /address already in use/i,
    ],
    explain({ groups, portOwner }) {
      const port = first(groups);
      const who = portOwner
        ? ` It is held by process ${portOwner.pid}${portOwner.command ? ` (${portOwner.command})` : ''}.`
        : '';
      return {
        explanation: `The app could not listen on ${port ? `port ${port}` : 'its port'}: another program is already using it.${who}`,
        // Hangar already started the app once more on another port; this shows when that did not help either,
        // which means the launcher binds this port whatever port Hangar gives it.
        nextStep: portOwner
          ? `Hangar tried another port, but the app binds ${port ? `port ${port}` : 'this port'} itself. Stop process ${portOwner.pid} (or the app that started it, see \`hangar ps\`) and start the app again.`
          : `Hangar tried another port, but the app binds ${port ? `port ${port}` : 'this port'} itself. Stop the other program using it (see \`hangar ps\` for running apps) and start the app again; two apps with the same fixed port cannot run together.`,
      };
    },
  },
  {
    id: 'cuda_oom',
    patterns: [
      /CUDA out of memory/i,
      /OutOfMemoryError/,
      /CUBLAS_STATUS_ALLOC_FAILED/,
      /HIP out of memory/i,
      /MPS backend out of memory/i,
    ],
    explain: () => ({
      explanation:
        'The GPU ran out of memory: the model (or the image size / batch) needs more VRAM than is free.',
      nextStep:
        "Stop other apps that use the GPU, then retry with a smaller model, resolution or batch size, or the app's low-VRAM option (such as --lowvram or --medvram). Setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True in the app's ENVIRONMENT reduces fragmentation.",
    }),
  },
  {
    id: 'unsupported_gpu_arch',
    patterns: [
      /capability (sm_\d+) is not compatible with the current PyTorch/,
      /Unsupported gpu architecture '((?:compute|sm)_\d+)'/,
      /no kernel image is available for execution on the device/,
    ],
    explain({ groups }) {
      const arch = first(groups);
      const blackwell = arch !== null && /^sm_12\d$/.test(arch);
      return {
        explanation: `The installed ${arch?.startsWith('compute') || groups.length === 0 ? 'build' : 'PyTorch build'} has no code for this GPU architecture${arch ? ` (${arch})` : ''}.`,
        nextStep: blackwell
          ? "RTX 50-series (Blackwell, sm_120) GPUs need PyTorch built for CUDA 12.8 or newer: in the app's terminal run `pip install --force-reinstall torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cu128`, or update the launcher and reinstall."
          : arch?.startsWith('compute') || arch?.startsWith('sm_')
            ? `Remove ${arch} from the build's architecture list (TORCH_CUDA_ARCH_LIST or -arch flags), or build with a CUDA toolkit that still supports it.`
            : 'Install a PyTorch (or package) build that matches your GPU and CUDA version: update the launcher and reinstall the app, or reinstall torch with the index URL for your CUDA version.',
      };
    },
  },
  {
    id: 'missing_compiler',
    tool: 'cxx',
    patterns: [
      /error: command '([^']+)' failed: No such file or directory/,
      /unable to execute '([^']+)': No such file or directory/,
      /make: ((?:cc|c\+\+|g\+\+|gcc|clang\+*)): No such file or directory/,
      /\b(cc|gcc|g\+\+|c\+\+|clang|clang\+\+): (?:command )?not found/,
      /No CMAKE_(?:C|CXX)_COMPILER could be found/,
      /Microsoft Visual C\+\+ 14\.0 or greater is required/,
    ],
    explain: ({ groups, install }) => ({
      explanation: `A package had to be compiled from source, but the C/C++ compiler${first(groups) ? ` \`${first(groups)}\`` : ''} is not installed.`,
      nextStep: install
        ? `Install the build tools with \`${install}\`, then run the install again.`
        : 'Install a C/C++ toolchain (build-essential on Debian/Ubuntu, Xcode Command Line Tools on macOS, Visual Studio Build Tools on Windows), then run the install again.',
    }),
  },
  {
    id: 'missing_headers',
    patterns: [
      /fatal error: ([\w./+-]+\.h(?:pp)?): No such file or directory/,
      /fatal error: '([\w./+-]+\.h(?:pp)?)' file not found/,
    ],
    explain({ groups }) {
      const header = first(groups) ?? 'a header';
      const python = /^Python\.h$/.test(header);
      return {
        explanation: `Compiling a package failed because the header file ${header} is missing${python ? ' (it comes with the Python development files)' : ''}.`,
        nextStep: python
          ? 'Install the Python development headers (`apt-get install -y python3-dev` on Debian/Ubuntu), or use a Python from uv/conda, which ship them; then run the install again.'
          : `Install the development package that provides ${header} (on Debian/Ubuntu \`apt-file search ${header}\` names it, usually lib…-dev), then run the install again.`,
      };
    },
  },
  {
    id: 'python_version',
    patterns: [
      /requires a different Python: ([\d.]+) not in '([^']+)'/,
      /Requires-Python ([^;\n]+?) ; /,
      /ModuleNotFoundError: No module named '(distutils)'/,
      /Python (\d\.\d+) is not supported/,
    ],
    explain: ({ groups }) => ({
      explanation:
        groups[0] === 'distutils'
          ? 'The package uses distutils, which Python 3.12 removed: this Python is newer than the package supports.'
          : `The package does not support this Python version${groups[0] ? ` (${groups[0]}${groups[1] ? `; it needs ${groups[1]}` : ''})` : ''}.`,
      nextStep:
        'Create the app\'s environment with a Python version the package supports (a shell step with `venv_python: "3.10"` or conda `python=3.10`), delete the app\'s old env folder, and run the install again.',
    }),
  },
  {
    id: 'disk_full',
    patterns: [/No space left on device/, /\bENOSPC\b/, /\[Errno 28\]/],
    explain: ({ home }) => ({
      explanation: 'The disk is full: the run could not write its files.',
      nextStep: `Free disk space${home ? ` on the disk holding ${home}` : ''}: remove apps or models you no longer use (models live under drive/), or empty cache/, then try again.`,
    }),
  },
  {
    id: 'git_auth',
    patterns: [
      /could not read Username for '([^']+)'/,
      /Authentication failed for '([^']+)'/,
      /Permission denied \(publickey\)/,
      /remote: Repository not found/,
      /HTTP Basic: Access denied/,
    ],
    explain: ({ groups }) => ({
      explanation: `The git server${first(groups) ? ` ${first(groups)}` : ''} refused access: the repository is private, was moved or deleted, or the URL is wrong.`,
      nextStep:
        'Open the repository URL in a browser to check it exists; for a private repository set up credentials (an access token with `git config --global credential.helper store`, or an SSH key) and try again.',
    }),
  },
  {
    id: 'git_no_repo',
    patterns: [
      /'([^']+)' does not appear to be a git repository/,
      /repository '([^']+)' does not exist/,
      /fatal: repository '([^']+)' not found/,
    ],
    explain: ({ groups }) => ({
      explanation: `There is no git repository at ${first(groups) ?? 'that address'}: the URL or path is mistyped, or the repository was moved or deleted.`,
      nextStep:
        "Copy the repository's clone URL again (on its web page, the Code button) or check the folder path, then install again.",
    }),
  },
  {
    id: 'not_a_launcher',
    patterns: [/(\S+) is not a Pinokio launcher/],
    explain: ({ groups }) => ({
      explanation: `${first(groups) ?? 'The source'} was fetched, but it is not a Pinokio launcher: it has no pinokio.js, pinokio.json, install.js or start.js at its top.`,
      nextStep:
        "Check that the URL is the launcher's repository (often named …-pinokio or …-launcher), not the project it installs; install from the launcher instead.",
    }),
  },
  {
    id: 'network',
    patterns: [
      /Failed to connect to (\S+) port/,
      /Could not resolve host:? ?'?([^'\s]+)/,
      /Temporary failure in name resolution/,
      /Network is unreachable/,
      /\b(?:ENETUNREACH|EAI_AGAIN|ENOTFOUND)\b/,
      /Failed to establish a new connection/,
      /\bECONNREFUSED(?: (\S+))?/,
      /Connection timed out|ConnectTimeoutError|ETIMEDOUT/,
    ],
    explain: ({ groups }) => {
      const host = first(groups);
      // An address of this machine is no network problem: nothing listens there.
      if (host && LOOPBACK.test(host))
        return {
          explanation: `Nothing answered at ${host}, an address of this machine: the server it needs is not running there.`,
          nextStep:
            'Start the program that should answer at that address (or correct the address and port), then try again.',
        };
      return {
        explanation: `A connection failed because ${host ? `${host} could not be reached` : 'a server could not be reached'}: no network, a name that did not resolve, or a refused connection.`,
        nextStep:
          'Check the internet connection, and any proxy (HTTPS_PROXY) or firewall, then try again; if only one site fails, it may be down for a while.',
      };
    },
  },
  {
    id: 'no_display',
    patterns: [...NO_DISPLAY_PATTERNS],
    explain: () => ({
      explanation: 'A program of this app needs a screen (an X display) and found none.',
      nextStep: DISPLAY_HINT,
    }),
  },
  {
    id: 'gpu_limit',
    // Hangar's own refusal (runners/slurm/slurm-runner.ts), quoted in the start's log.
    patterns: [/This app asks for (\d+) GPUs; runners\.slurm\.maxGpus allows (\d+)\./],
    // Its one pattern captures both numbers.
    explain: ({ groups: [asked, allowed] }) => ({
      explanation: `This app asks the cluster for ${asked} GPUs; this Hangar lets one app take at most ${allowed}.`,
      nextStep: `Set GPUs to ${allowed}${allowed === '1' ? '' : ' or fewer'} in the app's Launch options and press Retry, or ask whoever runs this Hangar to raise runners.slurm.maxGpus in its config.json.`,
    }),
  },
];
