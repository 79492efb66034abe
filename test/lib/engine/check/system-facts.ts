// Test fixture: the system facts `hangar check` renders launchers against (Linux, x64, one NVIDIA GPU).
export const system = {
  platform: 'linux',
  arch: 'x64',
  gpu: 'nvidia',
  gpus: [],
  gpu_model: 'NVIDIA GeForce RTX 4090',
  vram: 24,
  ram: 64,
};
