import { onScopeDispose, ref, watch, type Ref } from 'vue';

/**
 * True once `source` has stayed true for `delay` ms (a "still loading" hint).
 * @param delay default 1000 ms
 */
export function useDelayedFlag(source: Ref<boolean>, delay = 1000): Ref<boolean> {
  const flag = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = watch(
    source,
    (on) => {
      clearTimeout(timer);
      flag.value = false;
      if (on) timer = setTimeout(() => (flag.value = true), delay);
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    clearTimeout(timer);
    stop();
  });
  return flag;
}
