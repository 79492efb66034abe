// The Models page's engine side: the library, background folder imports, Pinokio homes and app adoption.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { EventBus } from '../events';
import { EngineError } from '../errors';
import type { HomeLayout } from '../home';
import { adoptAppFiles, type AdoptedFile } from './app-adopt';
import type { Drive } from './drive';
import { ImportJobs, type ImportJob } from './import-jobs';
import { ModelLibrary } from './model-library';
import { readPinokioHome, type PinokioHome } from './pinokio-home';

export interface ModelsServiceOptions {
  home: HomeLayout;
  drive: Drive;
  bus: EventBus;
  /** Apps running now (or starting or stopping): their models may not be deleted. */
  runningApps: () => Promise<string[]>;
}

export class ModelsService {
  readonly library: ModelLibrary;
  readonly imports: ImportJobs;

  constructor(private readonly options: ModelsServiceOptions) {
    const { home, drive, bus } = options;
    this.library = new ModelLibrary({
      drive,
      homeRoot: home.root,
      hfHub: path.join(home.cache, 'HF_HOME', 'hub'),
      runningApps: options.runningApps,
    });
    this.imports = new ImportJobs(drive, home.root, bus, path.join(home.state, 'imports.json'));
  }

  /** Starts importing a models folder in place; the job runs on after the request. */
  async importFolder(folder: string): Promise<ImportJob> {
    const inside = path.relative(this.options.home.root, path.resolve(folder));
    if (!inside.startsWith('..') && !path.isAbsolute(inside))
      throw new EngineError(
        'invalid_params',
        `${folder}: inside this Hangar's home; import a folder from elsewhere`,
      );
    return (await this.imports.start(folder)).job;
  }

  /** Lists a Pinokio home's apps and drive, read-only. */
  pinokioHome(root: string): Promise<PinokioHome> {
    return readPinokioHome(root);
  }

  /** Imports a Pinokio home's models in place (its apps, its drive folders and its HF cache). */
  async importPinokioHome(root: string): Promise<ImportJob> {
    const home = await readPinokioHome(root);
    return (await this.imports.start(home.root, home.importFolders)).job;
  }

  /** Moves the models an app downloaded itself into the drive by hash and links them back. */
  async adoptApp(app: string): Promise<AdoptedFile[]> {
    const dir = path.join(this.options.home.api, app);
    if (
      !(await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      throw new EngineError('app_not_found', `${app}: no such app folder under api/`);
    return adoptAppFiles(this.options.drive, this.options.home.root, dir);
  }
}
