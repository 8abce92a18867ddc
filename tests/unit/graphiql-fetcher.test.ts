/** GraphiQL's request headers (server/graphiql/fetcher.ts): the analyst's own, never a second body type. */
import { describe, expect, it } from 'vitest';
import { operationNameFor, requestHeaders } from '../../server/graphiql/fetcher.js';

describe('GraphiQL request headers', () => {
  it('keeps one Content-Type whatever case the Headers pane writes it in', () => {
    for (const name of ['Content-Type', 'content-type', 'CONTENT-TYPE']) {
      const h = requestHeaders({ [name]: 'application/json' });
      expect(h.get('content-type')).toBe('application/json');
    }
    expect(requestHeaders({ 'Content-Type': 'text/plain' }).get('content-type')).toBe('application/json');
  });

  it('passes the analyst’s other headers (a bearer token) and skips empty ones', () => {
    const h = requestHeaders({ Authorization: 'Bearer abc', 'X-Empty': null });
    expect(h.get('authorization')).toBe('Bearer abc');
    expect(h.has('x-empty')).toBe(false);
    expect(h.get('accept')).toContain('application/graphql-response+json');
  });

  it('says which header cannot be sent', () => {
    expect(() => requestHeaders({ 'bad name': 'x' })).toThrow(/bad name/);
  });
});

describe('GraphiQL operation name', () => {
  it('sends the name only when the document defines it (a tab switched a moment ago may still hold the last one)', () => {
    expect(operationNameFor('query A { x }', 'A')).toBe('A');
    expect(operationNameFor('# query B in a comment\nquery A { x }', 'B')).toBeUndefined();
    expect(operationNameFor('{ x }', 'Municipalities')).toBeUndefined();
    expect(operationNameFor('query A { x } query B { y }', 'C')).toBe('C'); // the server says which names there are
    expect(operationNameFor('query A { x', 'A')).toBe('A'); // a syntax error is the server's to report
  });
});
