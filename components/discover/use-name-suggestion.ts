'use client';
// The engine's name suggestion for the source being typed (a local launcher's title, a catalog id), asked once the
// typing pauses; the name from the URL or folder meanwhile.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { rpc } from '@/lib/client/rpc';
import { deriveAppName } from '@/lib/shared/app-name';

const PAUSE_MS = 300;

/** The suggested name, and the name it would have been when another app has that one ("hello-app" for "hello-app-2"). */
export function useNameSuggestion(source: string): { name: string; taken: string | null } {
  const trimmed = source.trim();
  const [settled, setSettled] = useState(trimmed);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(trimmed), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [trimmed]);
  const asked = useQuery({
    queryKey: ['apps.suggestName', settled],
    queryFn: () => rpc('apps.suggestName', { source: settled }),
    enabled: settled !== '',
    staleTime: 30_000,
    retry: false,
  });
  if (trimmed === '') return { name: '', taken: null };
  if (settled === trimmed && asked.data) return { name: asked.data.name, taken: asked.data.taken };
  return { name: deriveAppName(trimmed), taken: null };
}
