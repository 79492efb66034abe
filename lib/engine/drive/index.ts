// Drive: the one door for the content-addressed model store and Pinokio's fs.link drive folders.
export { Drive, type AdoptOptions, type DriveEntry, type DriveUsage } from './drive';
export {
  MODEL_KINDS,
  guessKind,
  isModelFile,
  kindFolder,
  normaliseUrl,
  type BlobEntry,
  type ModelKind,
} from './catalogue';
export { probeLinkMode, placeBlob, type LinkMode } from './link-probe';
export {
  linkRoutes,
  readDrivesJson,
  gitRemoteUrl,
  type DrivesJson,
  type LinkRoutesOptions,
  type LinkedRoute,
} from './virtual-drive';
export {
  HfCacheRepo,
  isCommitHash,
  normalizeEtag,
  repoFolderName,
  snapshotLinkTarget,
  type HfCacheRepoType,
} from './hf-cache';
export { localDirMetadataPath, writeLocalDirMetadata } from './hf-local-dir';
export { ImportJobs, type ImportJob } from './import-jobs';
export { type ImportedFile } from './folder-import';
export {
  ModelLibrary,
  diskOf,
  type Library,
  type LibraryItem,
  type DiskInfo,
} from './model-library';
export { scanHfCache, type HfRepo } from './hf-cache-scan';
export { readPinokioHome, type PinokioHome } from './pinokio-home';
export { adoptAppFiles, type AdoptedFile } from './app-adopt';
