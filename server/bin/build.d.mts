// Types of build.mjs for TypeScript callers (tests and benchmarks).
export declare const projectDir: string;
export declare const SERVER_BUNDLE: string;
export declare function sourcesFingerprint(): number;
export declare function isBuildFresh(): boolean;
export declare function build(): Promise<void>;
export declare function ensureBuilt(): Promise<void>;
export declare const CLI_BUNDLE: string;
export declare function ensureCli(): Promise<void>;
