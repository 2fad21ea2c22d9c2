// @vitest-environment node
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { contenteditable } from '../../../src/editors/contenteditable';
import { draftJs } from '../../../src/editors/draft-js';
import { lexical } from '../../../src/editors/lexical';
import { quill } from '../../../src/editors/quill';
import { textarea } from '../../../src/editors/textarea';
import { ROOT } from '../helpers';

const EDITORS = [draftJs, lexical, quill, textarea, contenteditable];
const SRC = join(ROOT, 'src');
/** The contract and the routes several editors share; every other file is one editor. */
const SHARED = ['editor.ts', 'routes.ts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('editor modules', () => {
  it('one file per editor kind in src/editors/, each with its own tests', () => {
    const kinds = EDITORS.map((e) => e.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    const modules = readdirSync(join(SRC, 'editors')).filter((f) => !SHARED.includes(f)).map((f) => f.replace(/\.ts$/, ''));
    expect(modules.sort()).toEqual([...kinds].sort());
    for (const kind of kinds) expect(existsSync(join(ROOT, 'tests', 'unit', 'editors', `${kind}.test.ts`)), kind).toBe(true);
  });

  it('no code outside src/editors/ knows how text gets into an editor', () => {
    const knowledge = /ClipboardEvent|execCommand\('insertText'|insertReplacementText|__quill|setText\(|HTMLTextAreaElement\.prototype/;
    const outside = sources(SRC).filter((f) => !f.startsWith(join(SRC, 'editors')));
    expect(outside.filter((f) => knowledge.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f))).toEqual([]);
  });
});
