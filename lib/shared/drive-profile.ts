// Per-app drive profile: how an app is told where the shared drive's models are, through its own settings.
import { z } from 'zod';

export const driveProfileSchema = z
  .object({
    /**
     * `comfyui`: a `hangar` section in ComfyUI's extra_model_paths.yaml (in the app folder, or its `app/` subfolder,
     * wherever main.py is); `a1111` and `forge`: `--ckpt-dir`, `--lora-dir`, `--vae-dir` and `--embeddings-dir`;
     * `textgen`: text-generation-webui's `--model-dir` (the drive's `gguf` folder) in its CMD_FLAGS.txt;
     * `none`: only the variables every app gets (HF_HOME, OLLAMA_MODELS).
     */
    models: z.enum(['comfyui', 'a1111', 'forge', 'textgen', 'none']).default('none'),
    /**
     * How the A1111/Forge flags reach the app: `env` adds them to COMMANDLINE_ARGS (read by webui.sh and
     * webui-user.bat), `args` appends them to the command that serves the app.
     */
    argsVia: z.enum(['env', 'args']).default('env'),
  })
  .strict();

export type DriveProfile = z.infer<typeof driveProfileSchema>;

export const DEFAULT_DRIVE_PROFILE: DriveProfile = driveProfileSchema.parse({});

/** Validates a profile from a launcher's metadata (`drive`) or a catalog entry, filling defaults. */
export function parseDriveProfile(input: unknown): DriveProfile {
  return driveProfileSchema.parse(input ?? {});
}
