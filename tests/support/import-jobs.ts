/** Drives the dashboard's import jobs over HTTP: start, wait while it reads or writes, confirm, cancel, preview again. */
export const JOB_FIELDS = `id state fileName format municipalityName removed removeMissing
  progress { table done total }
  problems { file path sheet row column ja en }
  preview { id listLimit tables { id table added changed unchanged missing }
    added { id table label changes { field before after } }
    changed { id table label changes { field before after } }
    unchanged { id table label }
    missing { id table label } }
  written { table added changed unchanged }`;

/** A GraphQL client for one server and bearer token. */
export function importClient(baseUrl: string, token: string) {
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  const job = async (id: string) => (await gql(`query ($id: ID!) { importJob(id: $id) { ${JOB_FIELDS} } }`, { id })).data!.importJob;
  /** Polls until the job is neither reading nor writing. */
  const settle = async (id: string) => {
    for (let i = 0; i < 600; i++) {
      const j = await job(id);
      if (j.state !== 'READING' && j.state !== 'WRITING') return j;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`import ${id} did not settle`);
  };
  const begin = async (fileName: string, content: Buffer, municipalityCode?: string): Promise<string> => {
    const r = await gql(
      `mutation ($f: String!, $c: String!, $m: String) { startImport(fileName: $f, contentBase64: $c, municipalityCode: $m) { id } }`,
      { f: fileName, c: content.toString('base64'), m: municipalityCode },
    );
    if (r.errors) throw new Error(r.errors[0]!.message);
    return r.data!.startImport.id as string;
  };
  return {
    gql,
    job,
    settle,
    /** Starts a preview; returns the job's id at once (another process may be polled for it). */
    begin,
    /** Starts a preview and waits until it is made. */
    start: async (fileName: string, content: Buffer, municipalityCode?: string) => settle(await begin(fileName, content, municipalityCode)),
    /** A new preview of a job's file (previewImportAgain), waited for. */
    again: async (id: string) => {
      const r = await gql(`mutation ($id: ID!) { previewImportAgain(id: $id) { id } }`, { id });
      if (r.errors) throw new Error(r.errors[0]!.message);
      return settle(r.data!.previewImportAgain.id);
    },
    confirm: async (id: string, removeMissing = false) => {
      const r = await gql(`mutation ($id: ID!, $r: Boolean!) { confirmImport(id: $id, removeMissing: $r) { id state } }`, { id, r: removeMissing });
      if (r.errors) return r;
      return { data: { job: await settle(id) } };
    },
    cancel: (id: string) => gql(`mutation ($id: ID!) { cancelImport(id: $id) { id state } }`, { id }),
  };
}
