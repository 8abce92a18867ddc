/**
 * The dashboard's GraphQL documents with their imported fragments (dashboard/graphql-documents.mjs),
 * on files written here (the dashboard's own documents are validated by `npm run check:graphql`).
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Kind, parse } from 'graphql';
import { documentFiles, isFragmentFile, readDocument } from '../../dashboard/graphql-documents.mjs';

const dir = mkdtempSync(join(tmpdir(), 'gql-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  mkdirSync(resolve(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};

describe('readDocument', () => {
  it('appends each imported fragment once, also through a fragment’s own imports and cycles', () => {
    write('shared/a.fragment.graphql', '#import "./b.fragment.graphql"\nfragment A on Q { b { ...B } }\n');
    write('shared/b.fragment.graphql', '#import "./a.fragment.graphql"\nfragment B on R { x }\n');
    const op = write('views/op.graphql', '#import "../shared/a.fragment.graphql"\n#import "../shared/b.fragment.graphql"\nquery Op { q { ...A } }\n');
    const doc = parse(readDocument(op));
    const names = doc.definitions.map((d) => (d.kind === Kind.FRAGMENT_DEFINITION || d.kind === Kind.OPERATION_DEFINITION ? d.name?.value : null));
    expect(names).toEqual(['Op', 'A', 'B']);
    expect(documentFiles(op).map((f) => f.slice(dir.length + 1))).toEqual(['views/op.graphql', 'shared/a.fragment.graphql', 'shared/b.fragment.graphql']);
  });

  it('says which file imports a file that does not exist', () => {
    const op = write('views/broken.graphql', '#import "../shared/missing.fragment.graphql"\nquery Broken { q }\n');
    expect(() => readDocument(op)).toThrow(/broken\.graphql: #import ".*missing\.fragment\.graphql": no such file/);
  });

  it('tells fragment files (never sent alone) from operations', () => {
    expect(isFragmentFile('/a/shared/graphql/scale.fragment.graphql')).toBe(true);
    expect(isFragmentFile('/a/features/x/graphql/get_x.query.graphql')).toBe(false);
  });

  it('an ordinary comment is not an import', () => {
    const op = write('views/plain.graphql', '# import "nothing"\n#import nothing\nquery Plain { q }\n');
    expect(readDocument(op)).toBe(readFileSync(op, 'utf8'));
  });
});
