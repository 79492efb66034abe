// Downloads: the one door for fetching (resume, verify, sources) and archive extraction.
export {
  DownloadManager,
  type DownloadManagerOptions,
  type DownloadResult,
  type StartedDownload,
} from './download-manager';
export { fetchFile, type FetchFileOptions, type FetchFileResult } from './fetch-file';
export { announcedSha256 } from './response-body';
export { extractArchive, type ExtractOptions, type ExtractResult } from './archive/extract';
export { archiveKindOf, sniffArchiveKind, type ArchiveKind } from './archive/detect';
export { moveMerge, type MoveMergeOptions, type MoveMergeReport } from './move-merge';
export { resolveSource, confirmPageHook } from './resolve-source';
export {
  googleDriveDirectUrl,
  googleDriveConfirmUrl,
  isGoogleDriveUrl,
} from './sources/google-drive';
export { githubDirectUrl, githubHeaders, isGithubUrl } from './sources/github';
export {
  hfEndpoint,
  hfToken,
  hfFileUrl,
  hfListFiles,
  hfRewrite,
  filterFiles,
  globToRegExp,
  isHfHost,
  HF_DEFAULT_ENDPOINT,
  type HfFileEntry,
  type HfRepoInfo,
  type HfRepoType,
  type HfSettings,
} from './sources/huggingface';
export {
  hfFileMetadata,
  parseHfResolveUrl,
  type HfFileMetadata,
  type HfResolveTarget,
} from './sources/hf-resolve';
export { credentialsFor } from './credentials';
export { checkSpace, ensureSpace, spaceMargin } from './space-check';
export { dispositionFileName, remoteFileName, urlNamesFile } from './remote-name';
export type { CredentialsProvider, DownloadRecord, DownloadRequest, DownloadState } from './types';
