/**
 * One import from the dashboard: start it with a file, follow the job (polled while the server
 * reads or writes, so the page stays usable and shows progress), confirm or cancel.
 */
import { onBeforeUnmount, shallowRef, ref } from 'vue';
import { useApolloClient } from '@vue/apollo-composable';
import StartImport from '../graphql/start_import.mutation.graphql';
import ConfirmImport from '../graphql/confirm_import.mutation.graphql';
import CancelImport from '../graphql/cancel_import.mutation.graphql';
import GetImportJob from '../graphql/get_import_job.query.graphql';
import PreviewImportAgain from '../graphql/preview_import_again.mutation.graphql';
import type { GetImportJobResult, ImportJob, PreviewImportAgainResult, StartImportResult } from '../graphql/types';

/** How often a running job is asked about (ms). */
export const POLL_MS = 400;

/** The file's bytes as Base64, read off the main thread by the browser. */
export function fileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

/** @returns the job (shallow), an error, a busy flag, and start/confirm/previewAgain/cancel/reset. */
export function useImportJob() {
  const { resolveClient } = useApolloClient();
  const job = shallowRef<ImportJob | null>(null);
  const error = shallowRef<unknown>(null);
  const busy = ref(false);
  let timer: number | undefined;
  onBeforeUnmount(() => window.clearTimeout(timer));

  async function poll(id: string): Promise<void> {
    window.clearTimeout(timer);
    try {
      const r = await resolveClient().query<GetImportJobResult>({ query: GetImportJob, variables: { id }, fetchPolicy: 'no-cache', errorPolicy: 'none' });
      const before = job.value?.state;
      job.value = r.data.importJob;
      // Written: every panel reads the new data.
      if (job.value.state === 'DONE' && before !== 'DONE') await resolveClient().resetStore();
      if (job.value.state === 'READING' || job.value.state === 'WRITING') timer = window.setTimeout(() => void poll(id), POLL_MS);
    } catch (e) {
      error.value = e;
    }
  }

  async function run(action: () => Promise<string>) {
    busy.value = true;
    error.value = null;
    try {
      await poll(await action());
    } catch (e) {
      error.value = e;
    } finally {
      busy.value = false;
    }
  }

  return {
    job,
    error,
    busy,
    start: (file: File, municipalityCode: string | null) =>
      run(async () => {
        job.value = null;
        const contentBase64 = await fileBase64(file);
        const r = await resolveClient().mutate<StartImportResult>({
          mutation: StartImport,
          variables: { fileName: file.name, contentBase64, municipalityCode },
          errorPolicy: 'none',
        });
        return r.data!.startImport.id;
      }),
    confirm: (removeMissing: boolean) =>
      run(async () => {
        const id = job.value!.id;
        await resolveClient().mutate({ mutation: ConfirmImport, variables: { id, removeMissing }, errorPolicy: 'none' });
        return id;
      }),
    /** A new preview of the same file (kept by the server), e.g. after the city's data changed. */
    previewAgain: () =>
      run(async () => {
        const r = await resolveClient().mutate<PreviewImportAgainResult>({ mutation: PreviewImportAgain, variables: { id: job.value!.id }, errorPolicy: 'none' });
        job.value = null;
        return r.data!.previewImportAgain.id;
      }),
    cancel: () =>
      run(async () => {
        const id = job.value!.id;
        await resolveClient().mutate({ mutation: CancelImport, variables: { id }, errorPolicy: 'none' });
        return id;
      }),
    reset: () => {
      window.clearTimeout(timer);
      job.value = null;
      error.value = null;
    },
  };
}
