import { createApp, h, provide } from 'vue';
import { DefaultApolloClient } from '@vue/apollo-composable';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n';
import { createApolloClient } from './shared/apollo';
import { loadSession, session } from './features/auth/composables/useSession';
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
const app = createApp({
  setup() {
    provide(DefaultApolloClient, apollo);
  },
  render: () => h(App),
});
app.use(router).use(i18n);
// The list of cities, asked by boot.ts before this bundle loaded, goes into the cache first, so
// the shell reads it there and the first view's request leaves at once (a failed or slow boot
// request only means the shell asks again).
const booted = window.seisakuBoot?.municipalities.then((b) => b && apollo.writeQuery({ query: GetMunicipalities, variables: b.variables, data: b.data as never }));
void Promise.race([booted, new Promise((r) => setTimeout(r, 1500))])
  .catch(() => undefined)
  .then(() => app.mount('#app'));
