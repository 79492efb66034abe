// Settings sections whose server side lands with later issues: access, Hugging Face token, disk use.
import { cardClass } from '../ui/button-styles';

const SECTIONS = [
  { id: 'access', title: 'Bind address and access', body: 'Hangar listens on 127.0.0.1 unless started with --host. Access control for other machines arrives with the security settings.' },
  { id: 'hf', title: 'Hugging Face token', body: 'A token for gated models will be stored here and passed to downloads.' },
  { id: 'disk', title: 'Disk usage', body: 'Space used by each app and savings from the shared model drive will be listed here.' },
];

export function SettingsPlaceholders() {
  return (
    <>
      {SECTIONS.map((s) => (
        <section key={s.id} aria-labelledby={`settings-${s.id}`} className={cardClass}>
          <h2 id={`settings-${s.id}`} className="font-semibold">{s.title}</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{s.body}</p>
        </section>
      ))}
    </>
  );
}
