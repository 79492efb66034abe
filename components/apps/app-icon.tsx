// An app's icon: its image when it is a URL, else a letter tile.
export function AppIcon({ title, icon, size = 40 }: { title: string; icon: string | null; size?: number }) {
  if (icon && /^(https?:)?\/\//.test(icon)) {
    return <img src={icon} alt="" width={size} height={size} className="shrink-0 rounded-md object-cover" />;
  }
  return (
    <span aria-hidden="true" style={{ width: size, height: size }} className="flex shrink-0 items-center justify-center rounded-md bg-gradient-to-br from-sky-500 to-indigo-600 text-lg font-semibold text-white">
      {(title || '?').slice(0, 1).toUpperCase()}
    </span>
  );
}
