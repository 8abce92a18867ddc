import { createApp, h, provide } from 'vue';
import { DefaultApolloClient } from '@vue/apollo-composable';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n';
import { createApolloClient } from './shared/apollo';
import { loadSession, session } from './features/auth/composables/useSession';
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
app.use(router).use(i18n).mount('#app');

// Start fetching the chart library while the first queries run, instead of after their data
// arrives (it is loaded on demand, so pages without charts never wait for it to parse).
void import('apexcharts');
