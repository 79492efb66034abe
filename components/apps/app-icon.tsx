// An app's icon: its image when it is a URL, the emoji when it is one (catalog entries), else a letter tile.
const EMOJI = /^\p{Extended_Pictographic}[\p{Extended_Pictographic}\u200d\ufe0f]{0,6}$/u;

export function AppIcon({ title, icon, size = 40 }: { title: string; icon: string | null; size?: number }) {
  if (icon && /^(https?:)?\/\//.test(icon)) {
    return <img src={icon} alt="" width={size} height={size} className="shrink-0 rounded-md object-cover" />;
  }
  if (icon && EMOJI.test(icon)) {
    return (
      <span aria-hidden="true" style={{ width: size, height: size, fontSize: size * 0.6 }} className="flex shrink-0 items-center justify-center rounded-md bg-zinc-100 dark:bg-zinc-800">
        {icon}
      </span>
    );
  }
  return (
    <span aria-hidden="true" style={{ width: size, height: size }} className="flex shrink-0 items-center justify-center rounded-md bg-gradient-to-br from-sky-500 to-indigo-600 text-lg font-semibold text-white">
      {(title || '?').slice(0, 1).toUpperCase()}
    </span>
  );
}
