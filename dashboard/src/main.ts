import { createApp, h, provide } from 'vue';
import { DefaultApolloClient } from '@vue/apollo-composable';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n';
import { createApolloClient } from './shared/apollo';
import { loadSession, session } from './features/auth/composables/useSession';
import { parseFilters } from './shared/composables/useFilters';
import GetMunicipalities from './features/shell/graphql/get_municipalities.query.graphql';
import './styles.css';

// Once accounts exist, an anonymous request is refused: go to the sign-in page (a wrong
// password, also UNAUTHENTICATED, stays on it).
const apollo = createApolloClient({
  onUnauthenticated: (operationName) => {
    if (operationName === 'SignIn') return;
    session.signInRequired = true;
    session.user = null;
    void router.isReady().then(() => {
      const here = router.currentRoute.value;
      if (here.name !== 'signin') void router.push({ name: 'signin', query: { redirect: here.fullPath } });
    });
  },
});
void loadSession(apollo);
// The list of cities (with each one's default year) is the first thing every view waits for:
// asked before the app mounts; the shell's own query then joins this request.
void apollo.query({ query: GetMunicipalities, variables: { stage: parseFilters(Object.fromEntries(new URLSearchParams(location.search))).stage } }).catch(() => undefined);
const app = createApp({
  setup() {
    provide(DefaultApolloClient, apollo);
  },
  render: () => h(App),
});
app.use(router).use(i18n).mount('#app');
