// Shell completion scripts generated from the command table: commands, subcommands, options, option values,
// app names (through `hangar __complete apps`) and folders.
import type { CommandSpec, Completion } from './command';
import { GLOBAL_OPTIONS, groups, optionFields, topLevelWords } from './table';

export const SHELLS = ['bash', 'zsh'] as const;

/** The hidden command the scripts call for app names (one per line, nothing when Hangar is unreachable). */
export const COMPLETE_APPS = ['__complete', 'apps'] as const;

/** A command's option words, and for each option that takes a value, the values to offer. */
function optionsOf(spec: CommandSpec): { flags: string[]; values: Map<string, string[]> } {
  const flags: string[] = [];
  const values = new Map<string, string[]>();
  for (const field of optionFields(spec)) {
    if (field.type === 'boolean') flags.push(`--${field.flag}`, `--no-${field.flag}`);
    else {
      flags.push(`--${field.flag}`);
      // A value follows: its words when the schema has an enum, else anything.
      values.set(`--${field.flag}`, field.enum ?? []);
    }
  }
  for (const [name, option] of Object.entries({ ...spec.options, ...GLOBAL_OPTIONS })) {
    if (spec.offline && (name === 'url' || name === 'token')) continue;
    flags.push(`--${name}`);
    if (option.short) flags.push(`-${option.short}`);
    if (option.type === 'string') values.set(`--${name}`, [...(option.values ?? [])]);
  }
  return { flags, values };
}

const quote = (words: readonly string[]) => words.join(' ');

function positionalReply(completion: Completion | undefined): string {
  if (completion === 'app')
    return `COMPREPLY=($(compgen -W "$("\${COMP_WORDS[0]}" ${COMPLETE_APPS.join(' ')} 2>/dev/null)" -- "$cur"))`;
  if (completion === 'dir') return 'COMPREPLY=($(compgen -d -- "$cur"))';
  if (completion === 'file') return 'COMPREPLY=($(compgen -f -- "$cur"))';
  if (Array.isArray(completion))
    return `COMPREPLY=($(compgen -W "${quote(completion)}" -- "$cur"))`;
  return 'COMPREPLY=()';
}

export function bashScript(table: readonly CommandSpec[]): string {
  const valueOptions = new Map<string, Set<string>>();
  for (const spec of table)
    for (const [flag, values] of optionsOf(spec).values)
      valueOptions.set(flag, new Set([...(valueOptions.get(flag) ?? []), ...values]));
  const groupMap = groups(table);
  const optionCases = table
    .map((spec) => `    "${spec.name}") opts="${quote(optionsOf(spec).flags)}" ;;`)
    .join('\n');
  const valueCases = [...valueOptions]
    .filter(([, values]) => values.size > 0)
    .map(
      ([flag, values]) =>
        `    ${flag}) COMPREPLY=($(compgen -W "${quote([...values])}" -- "$cur")); return ;;`,
    )
    .join('\n');
  const positionalCases = table.flatMap((spec) =>
    (spec.positionals ?? []).map(
      (p, i) => `    "${spec.name}:${i}") ${positionalReply(p.complete)} ;;`,
    ),
  );
  positionalCases.push(`    "completion:0") ${positionalReply(['bash', 'zsh'])} ;;`);
  positionalCases.push(`    "help:0") ${positionalReply(topLevelWords(table))} ;;`);
  const groupCases = [...groupMap]
    .map(
      ([group, subs]) =>
        `    ${group})\n      if ((\${#hw[@]} == 1)); then\n        if [[ $cur != -* ]]; then COMPREPLY=($(compgen -W "${quote(subs)}" -- "$cur")); return; fi\n        cmd="${group} ${subs[0]}"\n      else\n        cmd="${group} \${hw[1]}"; n=2\n      fi ;;`,
    )
    .join('\n');
  return `# bash completion for hangar, generated from its command table by: hangar completion bash
_hangar_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local -a hw=()
  local i w skip=0 opts=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      ${[...valueOptions.keys()].join('|')}) skip=1 ;;
      -*) ;;
      *) hw+=("$w") ;;
    esac
  done
  case "$prev" in
${valueCases}
  esac
  if ((\${#hw[@]} == 0)); then
    COMPREPLY=($(compgen -W "${quote(topLevelWords(table))}" -- "$cur"))
    return
  fi
  local cmd=\${hw[0]} n=1
  case "$cmd" in
${groupCases}
  esac
  if [[ $cur == -* ]]; then
    case "$cmd" in
${optionCases}
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  case "$cmd:$((\${#hw[@]} - n))" in
${positionalCases.join('\n')}
  esac
}
complete -F _hangar_complete hangar
`;
}

/** zsh runs the same function through its bash completion layer. */
export function zshScript(table: readonly CommandSpec[]): string {
  return `# zsh completion for hangar, generated from its command table by: hangar completion zsh
# Load it with: source <(hangar completion zsh)
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit }
autoload -U +X bashcompinit && bashcompinit
${bashScript(table).split('\n').slice(1).join('\n')}`;
}
