// The folder `sakiyomi profile --out DIR` writes: profile.json (the numbers), profile.md (the
// same as text) and scenario.yaml (the fitted skeleton), landed atomically like every report
// folder (atomic-folder.ts). The content is made by workload/trace-profile.ts; this only writes.

import { join } from 'node:path';
import { createText, json, prepareFolder } from './atomic-folder.ts';

export const PROFILE_FILES = ['profile.json', 'profile.md', 'scenario.yaml'] as const;

export interface ProfileDraft {
  /** Writes the three files and moves the folder into place; the paths in PROFILE_FILES order. */
  commit(content: { profile: unknown; markdown: string; skeleton: string }): Promise<string[]>;
  abort(): Promise<void>;
}

/** Checks outDir (as every report folder is checked) and creates the draft. */
export async function prepareProfile(outDir: string): Promise<ProfileDraft> {
  const folder = await prepareFolder(outDir, PROFILE_FILES, 'profile folder');
  return {
    async commit({ profile, markdown, skeleton }) {
      try {
        await createText(join(folder.dir, 'profile.json'), json(profile));
        await createText(join(folder.dir, 'profile.md'), markdown);
        await createText(join(folder.dir, 'scenario.yaml'), skeleton);
        await folder.commit();
      } catch (e) {
        await folder.abort();
        throw e;
      }
      return PROFILE_FILES.map((name) => join(outDir, name));
    },
    abort: () => folder.abort(),
  };
}
