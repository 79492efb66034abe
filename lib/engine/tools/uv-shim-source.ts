// The source of bin/uv where real uv could not be installed: `uv pip …` and `uv venv` run through pip and venv.
/** First-line marker: tells Hangar's own shim from a uv the user put in bin/. */
export const UV_SHIM_MARKER = 'hangar-uv-shim';

export const UV_SHIM_SOURCE = String.raw`#!/usr/bin/env python3
# ${UV_SHIM_MARKER}: uv could not be installed here, so "uv pip ..." and "uv venv" run through pip and venv.
import glob, os, shutil, subprocess, sys

NAME = "uv (Hangar's pip shim)"

def fail(message, code=2):
    sys.stderr.write("error: " + message + "\n")
    sys.exit(code)

def warn(what):
    sys.stderr.write("warning: uv is not installed; Hangar runs '" + what + "' through pip instead (slower)\n")
    sys.stderr.flush()

def python_version(exe):
    try:
        out = subprocess.run([exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 else None

def find_python(request):
    if os.sep in request:
        exe = os.path.join(request, "bin", "python") if os.path.isdir(request) else request
        if python_version(exe) is None:
            fail("no Python interpreter at " + request)
        return exe
    version = request.replace("python", "").replace("cpython-", "").lstrip("=")
    short = ".".join(version.split(".")[:2])
    for name in ("python" + short, "python3", "python"):
        exe = shutil.which(name)
        if exe and python_version(exe) == short:
            return exe
    fail("Python " + version + " was not found on PATH (uv would download it; install python" + short + " or uv)")

def active_python(opts):
    if opts.get("python"):
        return find_python(opts["python"])
    if opts.get("system"):
        return shutil.which("python3") or fail("no python3 on PATH")
    prefix = os.environ.get("VIRTUAL_ENV") or os.environ.get("CONDA_PREFIX")
    if prefix:
        return os.path.join(prefix, "bin", "python")
    folder = os.getcwd()
    while True:
        candidate = os.path.join(folder, ".venv", "bin", "python")
        if os.path.exists(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    fail("No virtual environment found; run 'uv venv' to create an environment, or pass '--system' to install into a non-virtual environment")

def ensure_pip(exe):
    prefix = os.path.dirname(os.path.dirname(exe))
    if not os.path.exists(os.path.join(prefix, "pyvenv.cfg")):
        return
    if glob.glob(os.path.join(prefix, "lib", "python*", "site-packages", "pip")):
        return
    subprocess.run([exe, "-m", "ensurepip", "--default-pip"], check=False, stdout=sys.stderr)

# uv pip option -> pip option, for options that take a value.
VALUE = {
    "-r": "-r", "--requirement": "-r", "--requirements": "-r", "-c": "-c", "--constraint": "-c",
    "--constraints": "-c", "-e": "-e", "--editable": "-e", "-i": "--index-url", "--index-url": "--index-url",
    "--default-index": "--index-url", "--extra-index-url": "--extra-index-url", "--index": "--extra-index-url",
    "-f": "--find-links", "--find-links": "--find-links", "--no-binary": "--no-binary",
    "--only-binary": "--only-binary", "-C": "--config-settings", "--config-setting": "--config-settings",
    "--config-settings": "--config-settings", "-t": "--target", "--target": "--target", "--prefix": "--prefix",
    "--format": "--format", "--exclude": "--exclude",
}
FLAG = {
    "--no-deps": "--no-deps", "-U": "--upgrade", "--upgrade": "--upgrade", "--force-reinstall": "--force-reinstall",
    "--reinstall": "--force-reinstall", "--pre": "--pre", "--no-build-isolation": "--no-build-isolation",
    "-q": "-q", "--quiet": "-q", "-v": "-v", "--verbose": "-v", "--no-cache": "--no-cache-dir",
    "--user": "--user", "--break-system-packages": "--break-system-packages", "--files": "--files",
    "--outdated": "--outdated", "--editable": "--editable",
}
# uv-only options pip has no use for (pip already resolves across indexes and compiles bytecode).
IGNORED_VALUE = {"--index-strategy", "--link-mode", "--resolution", "--torch-backend", "--exclude-newer",
                 "--keyring-provider", "--python-platform", "--python-version", "--cache-dir", "--color",
                 "--reinstall-package", "--no-build-isolation-package"}
IGNORED_FLAG = {"--compile-bytecode", "--compile", "--no-progress", "--native-tls", "--strict", "--no-config",
                "--seed", "--allow-existing", "--clear", "--offline", "--no-python-downloads"}

def translate(args, takes_file_flags):
    opts, out = {}, []
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        def value():
            nonlocal i
            if eq:
                return inline
            i += 1
            if i >= len(args):
                fail("option " + name + " needs a value")
            return args[i]
        if name in ("-p", "--python"):
            opts["python"] = value()
        elif name == "--system":
            opts["system"] = True
        elif name == "--prerelease":
            if value() in ("allow", "if-necessary", "if-necessary-or-explicit", "explicit"):
                out.append("--pre")
        elif name in ("-P", "--upgrade-package"):
            out += ["--upgrade", value()]
        elif name in IGNORED_VALUE:
            value()
        elif name in IGNORED_FLAG:
            pass
        elif name in ("-e", "--editable") and not takes_file_flags:
            out.append("--editable")
        elif name in VALUE:
            out += [VALUE[name], value()]
        elif name in FLAG:
            out.append(FLAG[name])
        else:
            out.append(arg)
        i += 1
    return opts, out

def run_pip(sub, args):
    opts, pip_args = translate(args, sub in ("install", "uninstall"))
    exe = active_python(opts)
    ensure_pip(exe)
    if sub == "uninstall":
        pip_args = ["-y"] + pip_args
    if sub == "sync":
        sub = "install"
    sys.stdout.flush()
    os.execv(exe, [exe, "-m", "pip", sub] + pip_args)

def run_venv(args):
    path, python, extra = ".venv", None, []
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in ("-p", "--python"):
            python = inline if eq else args[i + 1]
            i += 0 if eq else 1
        elif name == "--prompt":
            extra += ["--prompt", inline if eq else args[i + 1]]
            i += 0 if eq else 1
        elif name == "--system-site-packages":
            extra.append(name)
        elif name in IGNORED_FLAG or name in ("-q", "--quiet", "-v", "--verbose"):
            pass
        elif name in IGNORED_VALUE:
            i += 0 if eq else 1
        elif arg.startswith("-"):
            fail("uv venv option " + arg + " is not supported by Hangar's pip shim")
        else:
            path = arg
        i += 1
    exe = find_python(python) if python else (shutil.which("python3") or sys.executable)
    if os.path.exists(os.path.join(path, "bin", "python")):
        return 0
    return subprocess.run([exe, "-m", "venv"] + extra + [path]).returncode

def main(argv):
    args = list(argv)
    while args and args[0] in ("-q", "--quiet", "-v", "--verbose", "--no-cache", "--offline", "--native-tls",
                               "--no-progress", "--cache-dir", "--directory"):
        flag = args.pop(0)
        if flag in ("--cache-dir", "--directory") and args:
            target = args.pop(0)
            if flag == "--directory":
                os.chdir(target)
    if not args or args[0] in ("-h", "--help", "help"):
        print(NAME + ": supports 'uv pip install|uninstall|list|freeze|show|sync', 'uv venv', 'uv --version'")
        return 0
    if args[0] in ("--version", "-V", "version", "self"):
        print("uv 0.0.0+hangar.pip.shim (" + NAME + ")")
        return 0
    if args[0] == "pip" and len(args) > 1 and args[1] in ("install", "uninstall", "list", "freeze", "show", "sync"):
        warn("uv pip " + args[1])
        run_pip(args[1], args[2:])
    if args[0] == "venv":
        warn("uv venv")
        return run_venv(args[1:])
    fail("'uv " + " ".join(args[:2]) + "' needs the real uv, which could not be installed here; "
         + "see 'hangar doctor' (install uv with 'pip install uv' or from https://docs.astral.sh/uv/)")

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
`;
