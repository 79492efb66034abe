// `bin/conda` when Hangar provisioned micromamba: conda's command line (as launchers type it) run through micromamba.

/** The first lines of the shim carry this, so Hangar tells its own shim from a real conda. */
export const CONDA_SHIM_MARKER = 'hangar-conda-shim';

const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * `conda shell.bash hook` prints micromamba's hook plus a `conda` function for `activate`/`deactivate` (which must
 * run in the calling shell); `create`/`install`/`update` get conda-forge as channel unless one is named (micromamba
 * has none by default); everything else goes to micromamba as is. Packages are cached under `rootPrefix`.
 */
export function condaShimSource(micromamba: string, rootPrefix: string): string {
  return `#!/bin/sh
# ${CONDA_SHIM_MARKER}: conda commands run through the micromamba Hangar provisioned
MAMBA_EXE=${quote(micromamba)}
export MAMBA_ROOT_PREFIX="\${MAMBA_ROOT_PREFIX:-${rootPrefix.replace(/["\\$`]/g, '\\$&')}}"
case "$1" in
  shell.bash|shell.posix)
    printf "export MAMBA_EXE='%s'\nexport MAMBA_ROOT_PREFIX='%s'\n" "$MAMBA_EXE" "$MAMBA_ROOT_PREFIX"
    "$MAMBA_EXE" shell hook --shell bash --root-prefix "$MAMBA_ROOT_PREFIX" || exit $?
    cat <<'HOOK'
conda() {
  case "$1" in
    activate|deactivate) micromamba "$@" ;;
    *) command conda "$@" ;;
  esac
}
HOOK
    exit 0 ;;
  create|install|update)
    for arg in "$@"; do
      case "$arg" in -c|--channel|--channel=*|--override-channels) exec "$MAMBA_EXE" "$@" ;; esac
    done
    exec "$MAMBA_EXE" "$@" -c conda-forge ;;
esac
exec "$MAMBA_EXE" "$@"
`;
}
